"""Make the bokmål catalogue repeat the source: msgstr = msgid (and msgstr[n] = the plural forms).

Bokmål is the source language, so every nb entry is its own translation; fuzzy flags and
"#| previous msgid" lines are dropped, obsolete (#~) entries are removed. Usage, after
``make messages``::

    .venv/bin/python scripts/i18n_fill_nb.py      # then: make messages (it compiles)

It also prints the en/nn entries that are still empty or fuzzy, so you see what to translate.
Needs GNU gettext's ``msgcat`` (to lay the file out exactly like makemessages does).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import i18n_po  # noqa: E402

LOCALE_DIR = Path(__file__).resolve().parent.parent / "kunnskapsbro" / "locale"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def fill_nb() -> int:
    path = po_path("nb")
    entries = i18n_po.parse(path)
    changed = 0
    for e in entries:
        if e.is_header or e.obsolete:
            continue
        if e.msgid_plural is not None:
            want = {0: e.msgid, 1: e.msgid_plural}
            if e.msgstr_plural != want or e.fuzzy:
                e.msgstr_plural, changed = want, changed + 1
        elif e.msgstr != e.msgid or e.fuzzy:
            e.msgstr, changed = e.msgid, changed + 1
        e.unfuzz()
    i18n_po.write(path, entries)
    msgcat = shutil.which("msgcat")
    if msgcat:
        subprocess.run([msgcat, "-o", str(path), str(path)], check=True)  # noqa: S603
    return changed


def report(language: str) -> None:
    entries = [e for e in i18n_po.parse(po_path(language)) if not e.is_header and not e.obsolete]
    todo = [e for e in entries if e.untranslated or e.fuzzy]
    print(f"{language}: {len(todo)} of {len(entries)} entries empty or fuzzy")
    for e in todo[:50]:
        print(f"  {'fuzzy' if e.fuzzy else 'empty'}: {e.msgid!r}")


if __name__ == "__main__":
    print(f"nb: {fill_nb()} entries set to msgstr = msgid")
    for language in ("en", "nn"):
        report(language)
