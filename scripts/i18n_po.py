"""A small .po reader/writer for the translation helper scripts (no polib needed).

Keeps every comment line as it is; the caller changes ``msgstr``/``msgstr_plural`` and
``flags``. ``write`` emits unwrapped strings; ``scripts/i18n_fill_nb.py`` then runs ``msgcat``
(GNU gettext) over the file so the layout matches what ``makemessages`` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f"}
_ESCAPE_RE = re.compile(r"\\(.)")


def unescape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # "#." "#:" and "# " lines, verbatim
    flags: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # "#|" lines
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    obsolete: list[str] = field(default_factory=list)  # "#~" lines, kept verbatim

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def untranslated(self) -> bool:
        if self.msgid_plural is not None:
            return not self.msgstr_plural or any(not t for t in self.msgstr_plural.values())
        return not self.msgstr

    def unfuzz(self) -> None:
        self.flags = [f for f in self.flags if f != "fuzzy"]
        self.previous = []

    @property
    def previous_msgid(self) -> str | None:
        """The old msgid msgmerge matched a fuzzy entry to ("#| msgid ...")."""
        text, found = "", False
        for line in self.previous:
            body = line[2:].strip()
            if body.startswith("msgid "):
                found, text = True, unescape(body[len("msgid ") :].strip()[1:-1])
            elif found and body.startswith('"'):
                text += unescape(body[1:-1])
            elif found:
                break
        return text if found else None


def parse(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        entry = Entry()
        target: tuple[str, int | None] | None = None
        for line in lines:
            if line.startswith("#~"):
                entry.obsolete.append(line)
                continue
            if line.startswith("#,"):
                entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
                continue
            if line.startswith("#|"):
                entry.previous.append(line)
                continue
            if line.startswith("#"):
                entry.comments.append(line)
                continue
            if line.startswith('"'):
                keyword, rest = "", line
            else:
                keyword, _, rest = line.partition(" ")
            value = unescape(rest.strip()[1:-1])
            if keyword == "msgctxt":
                target, entry.msgctxt = ("msgctxt", None), ""
            elif keyword == "msgid":
                target = ("msgid", None)
            elif keyword == "msgid_plural":
                target, entry.msgid_plural = ("msgid_plural", None), ""
            elif keyword == "msgstr":
                target = ("msgstr", None)
            elif keyword.startswith("msgstr["):
                index = int(keyword[len("msgstr[") : -1])
                target = ("msgstr_plural", index)
                entry.msgstr_plural[index] = ""
            elif keyword != "":
                raise ValueError(f"{path}: unexpected line {line!r}")
            if target is None:
                raise ValueError(f"{path}: continuation without keyword: {line!r}")
            name, index = target
            if name == "msgstr_plural":
                entry.msgstr_plural[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
        entries.append(entry)
    return entries


def _field(keyword: str, text: str) -> list[str]:
    if "\n" in text[:-1]:  # several lines: split after each \n, as xgettext does
        parts = re.findall(r"[^\n]*\n|[^\n]+", text)
        return [f'{keyword} ""'] + [f'"{escape(p)}"' for p in parts]
    return [f'{keyword} "{escape(text)}"']


def write(path: Path, entries: list[Entry], *, drop_obsolete: bool = True) -> None:
    out: list[str] = []
    for e in entries:
        if e.obsolete and not (e.msgid or e.msgstr):
            if not drop_obsolete:
                out.append("\n".join(e.comments + e.obsolete))
            continue
        lines = list(e.comments)
        if e.flags:
            lines.append("#, " + ", ".join(e.flags))
        lines.extend(e.previous)
        if e.msgctxt is not None:
            lines += _field("msgctxt", e.msgctxt)
        lines += _field("msgid", e.msgid)
        if e.msgid_plural is not None:
            lines += _field("msgid_plural", e.msgid_plural)
            for index in sorted(e.msgstr_plural):
                lines += _field(f"msgstr[{index}]", e.msgstr_plural[index])
        else:
            lines += _field("msgstr", e.msgstr)
        out.append("\n".join(lines))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
