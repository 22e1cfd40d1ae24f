"""Translations: complete catalogues, compiled files in step, and the language switch working.

Bokmål is the source language (msgids are bokmål), so the nb catalogue repeats every msgid and
the en catalogue must be complete. Nynorsk may leave entries empty (they fall back to bokmål).
The .po files are read with the small parser below so the tests need neither polib nor the
GNU gettext tools; only the optional makemessages comparison needs xgettext and skips without it.

After changing a translatable string: ``make messages``, translate the new entries in
``kunnskapsbro/locale/{en,nn}/LC_MESSAGES/django.po``, ``make messages`` again (it compiles) and
commit both the .po and the .mo files.
"""

from __future__ import annotations

import gettext as gnu_gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

import kunnskapsbro

PACKAGE_DIR = Path(kunnskapsbro.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("nb", "nn", "en")
COMPLETE_LANGUAGES = ("nb", "en")
# The same options as the Makefile's `messages` target.
MAKEMESSAGES_IGNORE = ["static/*", "tests/*"]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f"}
_ESCAPE_RE = re.compile(r"\\(.)")
_PLACEHOLDER_RE = re.compile(r"%\([^)]+\)[sdif]|%[sdif]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]
        return [self.msgstr]

    @property
    def untranslated(self) -> bool:
        return not self.translations or any(not text for text in self.translations)


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """The header entry and the live (not obsolete ``#~``) entries of a .po file."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int | None] | None = None
    seen_msgid = False

    def finish() -> None:
        nonlocal current, target, seen_msgid
        if seen_msgid:
            entries.append(current)
        current, target, seen_msgid = Entry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if seen_msgid:
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            if seen_msgid and target is not None and target[0].startswith("msgstr"):
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        value = _unescape(rest.strip()[1:-1]) if rest.strip().startswith('"') else ""
        if keyword == "":
            assert target is not None, f"{path}: continuation line without a keyword: {raw!r}"
        elif keyword == "msgctxt":
            if seen_msgid:
                finish()
            target = ("msgctxt", None)
            current.msgctxt = ""
        elif keyword == "msgid":
            if seen_msgid:
                finish()
            seen_msgid = True
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            target = ("msgid_plural", None)
            current.msgid_plural = ""
        elif keyword == "msgstr":
            target = ("msgstr", None)
        elif keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr[") : -1])
            target = ("msgstr_plural", index)
            current.msgstr_plural[index] = ""
        else:  # pragma: no cover - a malformed file
            raise AssertionError(f"{path}: unexpected line {raw!r}")
        name, index = target
        if name == "msgstr_plural":
            current.msgstr_plural[index] += value
        else:
            setattr(current, name, (getattr(current, name) or "") + value)
    finish()
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    assert header is not None, f"{path} has no header entry"
    return header, [e for e in entries if e is not header]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def _describe(entries: list[Entry]) -> str:
    return "\n".join(f"  {e.msgid!r}" for e in entries[:20]) + (
        f"\n  … and {len(entries) - 20} more" if len(entries) > 20 else ""
    )


# --- (a) complete catalogues ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_exists_and_parses(language: str) -> None:
    header, entries = parse_po(po_path(language))
    assert entries, f"{po_path(language)} has no entries"
    assert "fuzzy" not in header.flags, f"{language}: the header is marked fuzzy"
    assert f"Language: {language}\n" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr
    assert len({e.key for e in entries}) == len(entries), f"{language}: duplicate msgids"


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_catalogue_has_no_untranslated_entries(language: str) -> None:
    _, entries = parse_po(po_path(language))
    missing = [e for e in entries if e.untranslated]
    assert not missing, f"{language}: {len(missing)} untranslated entries:\n{_describe(missing)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_entries(language: str) -> None:
    _, entries = parse_po(po_path(language))
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy entries:\n{_describe(fuzzy)}"


def test_bokmal_catalogue_repeats_the_source() -> None:
    _, entries = parse_po(po_path("nb"))
    different = [
        e
        for e in entries
        if e.translations != ([e.msgid, e.msgid_plural] if e.msgid_plural else [e.msgid])
    ]
    assert not different, f"nb msgstr differs from msgid:\n{_describe(different)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_plural_forms(language: str) -> None:
    _, entries = parse_po(po_path(language))
    problems = []
    for e in entries:
        if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0, 1]:
            problems.append(f"{e.msgid!r}: plural forms {sorted(e.msgstr_plural)}, want [0, 1]")
        sources = [e.msgid, e.msgid_plural] if e.msgid_plural is not None else [e.msgid]
        for source, text in zip(sources, e.translations, strict=False):
            if not text:
                continue  # nynorsk may fall back to bokmål
            if sorted(_PLACEHOLDER_RE.findall(source)) != sorted(_PLACEHOLDER_RE.findall(text)):
                problems.append(f"{source!r} → {text!r}: placeholders differ")
            if source[:1].isspace() != text[:1].isspace() or (
                source[-1:].isspace() != text[-1:].isspace()
            ):
                problems.append(f"{source!r} → {text!r}: leading/trailing whitespace differs")
            if source.endswith(":") != text.endswith(":"):
                problems.append(f"{source!r} → {text!r}: trailing colon differs")
    assert not problems, f"{language}:\n" + "\n".join(problems)


# --- (b) compiled .mo files in step with the .po files ----------------------------------


def _expected_catalog(entries: list[Entry]) -> dict[object, str]:
    """What GNUTranslations._catalog holds for these entries (msgfmt drops fuzzy and empty)."""
    expected: dict[object, str] = {}
    for e in entries:
        if "fuzzy" in e.flags or e.untranslated:
            continue
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is not None:
            for index, text in e.msgstr_plural.items():
                expected[(msgid, index)] = text
        else:
            expected[msgid] = e.msgstr
    return expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_file_matches_po_file(language: str) -> None:
    path = mo_path(language)
    assert path.exists(), f"{path} is missing: run `make messages` and commit the .mo files"
    with path.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}  # type: ignore[attr-defined]
    _, entries = parse_po(po_path(language))
    expected = _expected_catalog(entries)
    stale = sorted(str(k) for k in expected.keys() - catalog.keys())
    extra = sorted(str(k) for k in catalog.keys() - expected.keys())
    changed = sorted(str(k) for k in expected.keys() & catalog.keys() if expected[k] != catalog[k])
    assert not (stale or extra or changed), (
        f"{path} is out of date with the .po file; run `make messages` and commit the .mo files.\n"
        f"missing from .mo: {stale[:10]}\nonly in .mo: {extra[:10]}\ndifferent: {changed[:10]}"
    )


# --- (c) switching language ---------------------------------------------------------------


def test_gettext_follows_the_active_language() -> None:
    with translation.override("en"):
        assert translation.gettext("Prosjektportefølje") == "Project portfolio"
        assert translation.gettext("fokusområde") == "focus area"
        assert translation.ngettext("%(n)s prosjekt", "%(n)s prosjekter", 1) == "%(n)s project"
        assert translation.ngettext("%(n)s prosjekt", "%(n)s prosjekter", 2) == "%(n)s projects"
    with translation.override("nn"):
        assert translation.gettext("Hopp til hovedinnhold") == "Hopp til hovudinnhaldet"
        assert translation.ngettext("%(n)s prosjekt", "%(n)s prosjekter", 2) == "%(n)s prosjekt"
    with translation.override("nb"):
        assert translation.gettext("Prosjektportefølje") == "Prosjektportefølje"


def test_pages_are_bokmal_by_default(client, db) -> None:
    response = client.get(reverse("projects:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Language"] == "nb"
    page = response.content.decode()
    assert '<html lang="nb"' in page
    assert "Prosjektportefølje" in page


@pytest.mark.parametrize(
    ("language", "heading", "skip_link"),
    [
        ("en", "Project portfolio", "Skip to main content"),
        ("nn", "Prosjektportefølje", "Hopp til hovudinnhaldet"),
        ("nb", "Prosjektportefølje", "Hopp til hovedinnhold"),
    ],
)
def test_language_switcher_changes_the_pages(client, db, language, heading, skip_link) -> None:
    url = reverse("projects:list")
    response = client.post(reverse("set_language"), {"language": language, "next": url})
    assert response.status_code == 302
    assert response["Location"] == url

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert heading in page
    assert skip_link in page
    if language == "en":
        assert "Prosjektportefølje" not in page


# --- (d) the catalogue matches the source (needs xgettext) ---------------------------------


@pytest.fixture(scope="module")
def source_msgids(tmp_path_factory: pytest.TempPathFactory) -> set[tuple]:
    """The msgids makemessages extracts from the current source, in a scratch copy."""
    if shutil.which("xgettext") is None or shutil.which("msguniq") is None:
        pytest.skip("GNU gettext tools are not installed (apt-get install gettext)")
    root = tmp_path_factory.mktemp("makemessages") / "kunnskapsbro"
    shutil.copytree(
        PACKAGE_DIR,
        root,
        ignore=shutil.ignore_patterns("static", "locale", "__pycache__", "*.pyc"),
    )
    (root / "locale").mkdir()
    with pytest.MonkeyPatch.context() as mp, override_settings(LOCALE_PATHS=[root / "locale"]):
        mp.chdir(root)
        call_command(
            "makemessages",
            locale=["en"],
            ignore_patterns=MAKEMESSAGES_IGNORE,
            no_obsolete=True,
            verbosity=0,
        )
    _, entries = parse_po(root / "locale" / "en" / "LC_MESSAGES" / "django.po")
    return {e.key for e in entries}


def test_every_catalogue_msgid_is_still_in_the_source(source_msgids: set[tuple]) -> None:
    _, entries = parse_po(po_path("en"))
    stale = sorted(e.msgid for e in entries if e.key not in source_msgids)
    assert not stale, f"Catalogue entries no longer in the source (run `make messages`): {stale}"


def test_every_source_msgid_is_in_the_catalogue(source_msgids: set[tuple]) -> None:
    _, entries = parse_po(po_path("en"))
    missing = sorted(key[1] for key in source_msgids - {e.key for e in entries})
    assert not missing, (
        f"Translatable strings missing from the catalogues (run `make messages`, translate the "
        f"new en/nn entries, run it again and commit .po and .mo): {missing}"
    )
