"""The kommunenummer history shipped in ``data/kommuner-1994-2024.csv``, parsed (no database).

Each row names a code, its name with the period it was in force in parentheses, and the group
(``K.3101``) of the code in force now. ``Halden (2020-2023)`` was valid 1.1.2020–31.12.2023,
``Halden (-2019)`` until 31.12.2019; a name without a period (``Halden``, or
``Herøy (Møre og Romsdal)``) is in force today. Group ``K.Rest`` holds the municipalities that
were divided between several others: they have no single successor.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "kommuner-1994-2024.csv"
_PERIOD = re.compile(r"^(?P<name>.*?)\s*\((?P<start>\d{4})?-(?P<end>\d{4})?\)$")
UNKNOWN = "9999"


@dataclass(frozen=True)
class CodeRow:
    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: str
    successor_name: str


def read_codes(path: Path = DATA_FILE) -> list[CodeRow]:
    rows: list[CodeRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            # «0716u» is Våle's 0716 (until 2001), marked apart from Re's 0716 (2002–2019).
            code = re.sub(r"\D", "", row["KODE"]).zfill(4)
            if code == UNKNOWN:
                continue  # «Uoppgitt kommune» is not a municipality
            text = row["TEKST"].strip()
            match = _PERIOD.match(text)
            start = end = None
            name = text
            if match:
                name = match.group("name")
                if match.group("start"):
                    start = dt.date(int(match.group("start")), 1, 1)
                if match.group("end"):
                    end = dt.date(int(match.group("end")), 12, 31)
            group = row["GRUPPEKODE"].strip()
            successor = group[2:] if group.startswith("K.") and group[2:].isdigit() else ""
            rows.append(
                CodeRow(
                    code=code,
                    name=name,
                    valid_from=start,
                    valid_to=end,
                    successor=successor,
                    successor_name=row["GRUPPETEKST"].strip() if successor else "",
                )
            )
    return _current_starts(rows)


def _current_starts(rows: list[CodeRow]) -> list[CodeRow]:
    """A code in force today starts the year after the same municipality's previous code ended
    (Halden 3001 ended in 2023, so 3101 starts 1.1.2024; Trondheim 1601 ended in 2017, so 5001
    starts 1.1.2018). A municipality never renumbered has no known start."""
    ends: dict[tuple[str, str], dt.date] = {}
    for row in rows:
        if row.valid_to is not None and row.successor:
            key = (row.successor, _plain(row.name))
            ends[key] = max(ends.get(key, row.valid_to), row.valid_to)
    result = []
    for row in rows:
        end = ends.get((row.successor, _plain(row.name)))
        if row.valid_to is None and row.valid_from is None and row.code == row.successor and end:
            row = CodeRow(
                row.code,
                row.name,
                end + dt.timedelta(days=1),
                None,
                row.successor,
                row.successor_name,
            )
        result.append(row)
    return result


def _plain(name: str) -> str:
    return name.split(" - ")[0].strip().lower()
