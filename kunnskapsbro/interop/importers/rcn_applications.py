"""Forskningsrådet's «Søknader» (applications): one row per application, with applied and
awarded amounts; the phase (Avslag / Bevilgning / Avsluttet) is mapped onto our lifecycle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from kunnskapsbro.core.validators import normalize_orgnr

from .base import (
    FundingRecord,
    OrgRef,
    ParseResult,
    PartnerRecord,
    ProjectRecord,
    RowError,
    clean_text,
    parse_amount,
    read_csv,
)

SOURCE = "rcn-applications"
REQUIRED = ("prosjektnummer", "prosjekttittel", "prosjektfase", "sokt_belop", "tildelt_belop")
PHASES = {
    "mottatt": ("submitted", "applied"),
    "vurderes": ("submitted", "applied"),
    "avslag": ("rejected", "rejected"),
    "bevilgning": ("active", "granted"),
    "avsluttet": ("completed", "granted"),
}
RESEARCH_COUNCIL = OrgRef(
    name="Norges forskningsråd",
    short_name="Forskningsrådet",
    orgnr="970141669",
    kind="public_agency",
)
KINDS = {"Innovasjonsprosjekt": "innovation"}


def _year(value: Any, end: bool) -> dt.date | None:
    text = clean_text(value)
    if not text:
        return None
    year = int(float(text))
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


def parse(data: bytes, **_options: Any) -> ParseResult:
    headers, rows = read_csv(data)
    result = ParseResult(row_count=len(rows), headers=headers)
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        result.errors.append(
            RowError(1, ", ".join(missing), _("Kolonnen mangler i filen; er dette riktig format?"))
        )
        return result
    for line, row in rows:
        errs: list[RowError] = []
        number = clean_text(row.get("prosjektnummer"))
        if not number.isdigit():
            errs.append(RowError(line, "prosjektnummer", _("Mangler eller er ikke et tall.")))
        title = clean_text(row.get("prosjekttittel"))
        if not title:
            errs.append(RowError(line, "prosjekttittel", _("Mangler.")))
        phase = clean_text(row.get("prosjektfase")).lower()
        if phase not in PHASES:
            errs.append(
                RowError(
                    line,
                    "prosjektfase",
                    _("Ukjent fase «%(v)s» (Mottatt, Vurderes, Avslag, Bevilgning, Avsluttet).")
                    % {"v": row.get("prosjektfase", "")},
                )
            )
        amounts = {}
        for column in ("sokt_belop", "tildelt_belop"):
            try:
                amounts[column] = parse_amount(row.get(column))
            except ValueError as exc:
                errs.append(RowError(line, column, str(exc)))
        dates = {}
        for column, end in (("prosjektstart", False), ("prosjektslutt", True)):
            try:
                dates[column] = _year(row.get(column), end)
            except ValueError:
                errs.append(RowError(line, column, _("Forventet et årstall.")))
        orgnr = normalize_orgnr(row.get("organisasjonsnummer") or "") or ""
        if orgnr.strip("0") == "":
            orgnr = ""  # "0" is how the data set says "not registered": match by name
        if orgnr and (not orgnr.isdigit() or len(orgnr) != 9):
            errs.append(RowError(line, "organisasjonsnummer", _("Har ikke ni sifre.")))
        if errs:
            result.errors.extend(errs)
            continue
        status, funding_status = PHASES[phase]
        start, end = dates.get("prosjektstart"), dates.get("prosjektslutt")
        if start and end and end < start:
            end = None
        record = ProjectRecord(
            row=line,
            source=SOURCE,
            source_id=number,
            fields={
                "title": title[:500],
                "kind": KINDS.get(clean_text(row.get("soknadstype")), "research"),
                "start_date": start,
                "end_date": end,
                "visibility": "public" if status in ("active", "completed") else "internal",
                "keywords": [k for k in [clean_text(row.get("fagdisiplin"))] if k],
            },
            status=status,
            identifiers={"rcn_project": number},
        )
        name = clean_text(row.get("prosjektansvarlig_navn"))
        if orgnr or name:
            record.partners.append(
                PartnerRecord(
                    org=OrgRef(
                        name=name or orgnr,
                        orgnr=orgnr,
                        short_name=clean_text(row.get("kortnavn"))[:60],
                        kind="company" if row.get("sektor") == "Næringsliv" else "other",
                    ),
                    role="responsible_institution",
                )
            )
        granted = amounts.get("tildelt_belop")
        record.funding.append(
            FundingRecord(
                funder=RESEARCH_COUNCIL,
                programme=clean_text(row.get("aktivitet"))
                or clean_text(row.get("utlysningsaktivitet")),
                grant_id=number,
                status=funding_status,
                amount_applied=amounts.get("sokt_belop"),
                amount_granted=granted if granted else None,
                currency="NOK",
            )
        )
        result.records.append(record)
    return result
