"""What every importer produces, and the value parsers they share.

An importer turns a file into ``ProjectRecord``s (one per project, organisations unresolved)
and a list of ``RowError``s; it never touches the database. ``interop.services`` matches the
records against what is stored, previews and commits them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

# Caps; a file over either is refused before any row is read.
MAX_BYTES = int(os.environ.get("KUNNSKAPSBRO_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
MAX_ROWS = int(os.environ.get("KUNNSKAPSBRO_IMPORT_MAX_ROWS", "50000"))


class ImportFileError(Exception):
    """The file as a whole cannot be read (size, encoding, format, zip bomb)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class OrgRef:
    """An organisation as the file names it; matched by orgnr, ROR/Cristin/PIC, then name."""

    name: str
    orgnr: str = ""
    ror_id: str = ""
    cristin_id: str = ""
    cordis_pic: str = ""
    short_name: str = ""
    kind: str = "other"
    country: str = "NO"
    municipality_number: str = ""


@dataclass
class PartnerRecord:
    org: OrgRef
    role: str = "partner"
    contribution: Decimal | None = None
    currency: str = "NOK"


@dataclass
class FundingRecord:
    funder: OrgRef
    programme: str = ""
    grant_id: str = ""
    status: str = "granted"
    amount_applied: Decimal | None = None
    amount_granted: Decimal | None = None
    currency: str = "NOK"
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass
class PersonRecord:
    first_name: str
    last_name: str
    role: str = "participant"
    cristin_person_id: str = ""
    org: OrgRef | None = None


@dataclass
class ProjectRecord:
    row: int
    source: str
    source_id: str
    fields: dict[str, Any]
    status: str = "idea"
    identifiers: dict[str, str] = field(default_factory=dict)
    partners: list[PartnerRecord] = field(default_factory=list)
    funding: list[FundingRecord] = field(default_factory=list)
    participants: list[PersonRecord] = field(default_factory=list)


@dataclass
class ParseResult:
    records: list[ProjectRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0
    headers: list[str] = field(default_factory=list)


# --- values ------------------------------------------------------------------------------

_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")


def parse_date(value: Any) -> dt.date | None:
    """A date from ``17.05.2024``, ``17.05.2024 00:00``, ISO 8601 or a spreadsheet date cell."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    text = re.sub(r"[ T]\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$", "", text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no zone)
        except ValueError:
            continue
    raise ValueError(_("«%(v)s» er ikke en dato (bruk dd.mm.åååå).") % {"v": value})


def parse_decimal(value: Any) -> Decimal | None:
    """A number from ``1 803 281,25``, ``1.803.281,25``, ``1,803,281.25`` or ``1803281.25``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("«%(v)s» er ikke et tall.") % {"v": value})
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = re.sub(r"(?i)^(nok|kr\.?|eur|€)|(nok|kr\.?|eur|€)$", "", text).strip()
    if not text:
        return None
    if "," in text and "." in text:
        # Whichever comes last is the decimal mark.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        # One comma is a Norwegian decimal comma; several are thousands separators.
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("«%(v)s» er ikke et tall.") % {"v": value}) from exc
    if not number.is_finite():
        raise ValueError(_("«%(v)s» er ikke et tall.") % {"v": value})
    return number


def parse_amount(value: Any) -> Decimal | None:
    """A money amount, rounded to øre/cents (registries carry float noise: 121523.74999992)."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number < 0:
        raise ValueError(_("Beløpet kan ikke være negativt."))
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def clean_text(value: Any) -> str:
    """Cell text with control characters (TAB, 0x1A) and runs of spaces collapsed."""
    if value is None:
        return ""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(value))
    return " ".join(text.split())


def normalize_name(name: str) -> str:
    """For matching organisations by name: case, punctuation and legal suffixes ignored."""
    text = clean_text(name).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    words = [w for w in text.split() if w not in {"as", "asa", "sa", "ba", "ans", "da", "the"}]
    return " ".join(words)


# --- text files --------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (a superset of Latin-1's printables)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Headers and (line number, row) pairs of a ``;`` or ``,`` separated file."""
    check_size(data)
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [clean_text(h) for h in next(reader)]
    except StopIteration as exc:
        raise ImportFileError(_("Filen er tom.")) from exc
    if not any(headers):
        raise ImportFileError(_("Første linje må inneholde kolonnenavn."))
    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        # Row numbers as a spreadsheet shows them: the header is row 1.
        line = len(rows) + 2
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Filen har mer enn %(n)s rader; del den opp.") % {"n": f"{MAX_ROWS:,}"}
            )
        rows.append((line, dict(zip(headers, values, strict=False))))
    return headers, rows


def check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("Filen er %(size)s MB; største tillatte er %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": round(MAX_BYTES / 1024 / 1024)}
        )
