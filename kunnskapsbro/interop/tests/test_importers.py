"""Parsers on their own: encodings, separators, Norwegian dates and numbers, limits, formulas."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kunnskapsbro.interop.importers import base, spreadsheet
from kunnskapsbro.interop.importers.base import ImportFileError, parse_date, parse_decimal

HEADER = "ID;Tittel;Startdato;Sluttdato;Innvilget beløp;Finansiør;Ansvarlig organisasjon\n"
ROW = "P-1;Bærekraftig økonomi i Åfjord;17.05.2024;31.12.2026;1 234 567,50;Norges forskningsråd;Åfjord kommune\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234 567,50", Decimal("1234567.50")),
        ("1\u00a0234\u00a0567,5", Decimal("1234567.5")),
        ("1.234.567,50", Decimal("1234567.50")),
        ("1,234,567.50", Decimal("1234567.50")),
        ("1803281.25", Decimal("1803281.25")),
        ("12,5", Decimal("12.5")),
        ("kr 500", Decimal("500")),
        ("", None),
    ],
)
def test_parse_decimal_norwegian_and_international(text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected


def test_parse_decimal_rejects_text() -> None:
    with pytest.raises(ValueError, match="ikke et tall"):
        parse_decimal("mange penger")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17.05.2024", dt.date(2024, 5, 17)),
        ("17.05.2024 00:00", dt.date(2024, 5, 17)),
        ("2024-05-17", dt.date(2024, 5, 17)),
        ("2018-11-01T00:00:00.000Z", dt.date(2018, 11, 1)),
        (dt.datetime(2024, 5, 17, 0, 0), dt.date(2024, 5, 17)),  # noqa: DTZ001
    ],
)
def test_parse_date(text: object, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_parse_date_names_the_format() -> None:
    with pytest.raises(ValueError, match="dd.mm.åååå"):
        parse_date("31.02.2024")


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
        lambda text: text.encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "latin-1"],
)
@pytest.mark.parametrize("separator", [";", ","])
def test_csv_encodings_and_separators(encode, separator: str) -> None:
    text = HEADER + ROW
    if separator == ",":
        text = text.replace(",", "§").replace(";", ",").replace("§", ",")
        # A decimal comma inside a comma-separated file must be quoted.
        text = text.replace("1 234 567,50", '"1 234 567,50"')
    result = spreadsheet.parse(encode(text), fmt="csv")
    assert result.errors == []
    (record,) = result.records
    assert record.fields["title"] == "Bærekraftig økonomi i Åfjord"
    assert record.fields["start_date"] == dt.date(2024, 5, 17)
    assert record.funding[0].amount_granted == Decimal("1234567.50")
    assert record.partners[0].org.name == "Åfjord kommune"


def test_every_bad_row_is_named_with_its_column() -> None:
    text = (
        HEADER
        + ROW
        + "P-2;;01.01.2024;;;;\n"
        + "P-3;Gyldig;32.01.2024;;;;\n"
        + "P-4;Gyldig;;;mye;;\n"
        + "P-5;Gyldig;01.02.2024;01.01.2024;;;\n"
    )
    result = spreadsheet.parse(text.encode(), fmt="csv")
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Tittel"),
        (4, "Startdato"),
        (5, "Innvilget beløp"),
        (6, "Sluttdato"),
    ]


def test_missing_required_column_is_refused() -> None:
    result = spreadsheet.parse(b"Tittel;Startdato\nX;01.01.2024\n", fmt="csv")
    assert result.errors[0].column == "ID"


def test_user_mapping_for_their_own_columns() -> None:
    text = "Saksnr,Prosjektnavn,Oppstart\nK-9,Eget ark,01.03.2025\n"
    mapping = {"id": "Saksnr", "title": "Prosjektnavn", "start_date": "Oppstart"}
    result = spreadsheet.parse(text.encode(), fmt="csv", mapping=mapping)
    assert result.errors == []
    assert result.records[0].source_id == "K-9"
    assert result.records[0].fields["start_date"] == dt.date(2025, 3, 1)


def test_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match="største tillatte"):
        base.read_csv(b"x" * 101)


def test_row_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_ROWS", 1)
    with pytest.raises(ImportFileError, match="mer enn 1 rader"):
        base.read_csv((HEADER + ROW + ROW).encode())


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_values_and_dates() -> None:
    data = _xlsx(
        [
            ["ID", "Tittel", "Startdato", "Innvilget beløp"],
            ["X-1", "Regneark", dt.datetime(2025, 1, 2), 1500.5],  # noqa: DTZ001
        ]
    )
    result = spreadsheet.parse(data, fmt="xlsx")
    assert result.errors == []
    assert result.records[0].fields["start_date"] == dt.date(2025, 1, 2)


def test_xlsx_formula_is_not_executed() -> None:
    # openpyxl writes formulas without a cached value: we refuse to guess one.
    data = _xlsx([["ID", "Tittel", "Innvilget beløp"], ["X-1", "Formel", "=1+1"]])
    result = spreadsheet.parse(data, fmt="xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Innvilget beløp")]
    assert "formel" in result.errors[0].message


def test_xlsx_zip_bomb_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_UNCOMPRESSED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 100_000)
    with pytest.raises(ImportFileError, match="pakker seg ut"):
        spreadsheet.parse(buffer.getvalue(), fmt="xlsx")


def test_not_an_xlsx() -> None:
    with pytest.raises(ImportFileError, match="gyldig .xlsx"):
        spreadsheet.parse(b"hello", fmt="xlsx")
