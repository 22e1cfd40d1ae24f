"""Kommunenummer with validity periods: an old code maps through the history to today's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kunnskapsbro.interop import selectors
from kunnskapsbro.interop.models import MunicipalityCode
from kunnskapsbro.interop.municipalities import read_codes
from kunnskapsbro.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_history_file_parses_periods_and_successors() -> None:
    rows = {row.code: row for row in read_codes()}
    assert len(read_codes()) == 861  # 862 rows less «9999 Uoppgitt kommune»
    assert all(len(row.code) == 4 and row.code.isdigit() for row in read_codes())
    halden_old, halden_2020, halden = rows["0101"], rows["3001"], rows["3101"]
    assert (halden_old.valid_from, halden_old.valid_to) == (None, dt.date(2019, 12, 31))
    assert (halden_2020.valid_from, halden_2020.valid_to) == (
        dt.date(2020, 1, 1),
        dt.date(2023, 12, 31),
    )
    assert (halden.valid_from, halden.valid_to) == (dt.date(2024, 1, 1), None)
    assert {halden_old.successor, halden_2020.successor, halden.successor} == {"3101"}
    # Trondheim 5001 since the Trøndelag merger in 2018; Klæbu joined it in 2020.
    assert rows["5001"].valid_from == dt.date(2018, 1, 1)
    assert (rows["5030"].name, rows["5030"].successor) == ("Klæbu", "5001")
    # A parenthesis that is part of the name is not a period.
    assert rows["1515"].name == "Herøy (Møre og Romsdal)" and rows["1515"].valid_to is None
    # Våle (0716 until 2001, «0716u» in the source) and Re (0716 in 2002–2019): one code,
    # two periods, both in Tønsberg now.
    periods = sorted(
        (r.valid_from or dt.date.min, r.valid_to, r.name, r.successor)
        for r in read_codes()
        if r.code == "0716"
    )
    assert periods == [
        (dt.date.min, dt.date(2001, 12, 31), "Våle", "3905"),
        (dt.date(2002, 1, 1), dt.date(2019, 12, 31), "Re", "3905"),
    ]
    # Divided municipalities have no single successor.
    assert rows["5012"].successor == "" and rows["5012"].valid_to == dt.date(2019, 12, 31)


def test_codes_are_stored_with_their_periods_by_the_migration() -> None:
    assert MunicipalityCode.objects.count() == 861
    klaebu = MunicipalityCode.objects.get(code="5030")
    assert (klaebu.valid_from, klaebu.valid_to, klaebu.successor) == (
        dt.date(2018, 1, 1),
        dt.date(2019, 12, 31),
        "5001",
    )
    assert klaebu.history.count() == 1


def test_an_old_code_maps_to_the_one_in_force() -> None:
    codes = selectors.MunicipalityCodes()
    assert codes.current("3001") == "3101"  # Halden 2020–2023
    assert codes.current("101") == "3101"  # Halden before 2020, leading zero lost
    assert codes.current("5030") == "5001"  # Klæbu, part of Trondheim since 2020
    assert codes.current("1601") == "5001"  # Trondheim before the Trøndelag merger
    assert codes.current("5001") == "5001"
    assert codes.current("0716") == "3905"  # Våle, then Re, now Tønsberg
    assert codes.current("5012") == ""  # Snillfjord was divided: no single successor
    assert codes.current("2100") == "2100"  # not in the history: left as given
    assert codes.valid_on("5030", dt.date(2019, 6, 1))
    assert not codes.valid_on("5030", dt.date(2024, 6, 1))
    assert not codes.valid_on("3101", dt.date(2019, 6, 1))
    assert codes.valid_on("3101", dt.date(2024, 6, 1))
    assert codes.valid_on("0301", dt.date(2019, 6, 1)) and codes.valid_on(
        "0301", dt.date(2026, 1, 1)
    )


def test_import_stores_the_code_in_force(run_import: Any) -> None:
    from .conftest import RCN_EU

    lines = RCN_EU.read_bytes().decode("utf-8-sig").split("\r\n")
    # Lillestrøm, Harstad and Oslo kommune, by orgnr.
    wanted = [
        line
        for line in lines[1:]
        if any(f";{orgnr};" in line for orgnr in ("820710592", "972417971", "958935420"))
    ]
    assert len(wanted) >= 3
    data = "\r\n".join([lines[0], *wanted]).encode("utf-8")
    job = run_import("rcn-eu", data, filename="kommuner.csv")
    assert job.status == "committed", job.errors[:3]
    numbers = dict(
        Organization.objects.filter(orgnr__in=["820710592", "972417971", "958935420"]).values_list(
            "orgnr", "municipality_number"
        )
    )
    # The registry gives Lillestrøm 3030 and Harstad 5402 (2020–2023 codes).
    assert numbers == {"820710592": "3205", "972417971": "5503", "958935420": "0301"}
