"""Forskningsrådet's «Bevilgninger fra EU til norske forskningsmiljøer» (H2020), one row per
organisation in a project: grouped into one project per ``Prosjektnr`` with its Norwegian
partners, their roles and EU contribution in EUR, and one EU funding line (the sum)."""

from __future__ import annotations

from decimal import Decimal

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
    parse_date,
    read_csv,
)

SOURCE = "rcn-eu"
REQUIRED = ("Prosjektnr", "Prosjektnavn", "Organisasjonsnummer", "Organisasjonsnavn")
EUROPEAN_COMMISSION = OrgRef(
    name="Europakommisjonen", short_name="EU", kind="public_agency", country="BE"
)
ROLES = {"COORDINATOR": "coordinator", "PARTICIPANT": "partner"}
STATUSES = {"SIGNED": "active", "CLOSED": "completed"}


def organization_kind(row: dict[str, str]) -> str:
    name = row.get("Organisasjonsnavn", "").upper()
    if "FYLKESKOMMUNE" in name:
        return "county"
    if name.endswith("KOMMUNE") or " KOMMUNE " in name:
        return "municipality"
    sector = row.get("FoU sektor", "")
    category = row.get("FoU kategori", "")
    if sector == "UoH-sektor":
        return "university" if "Universitet" in category else "university_college"
    return {
        "Instituttsektor": "research_institute",
        "Næringsliv": "company",
        "Helseforetak": "hospital",
        "Norges forskningsråd": "public_agency",
    }.get(sector, "other")


def parse(data: bytes, **_options: object) -> ParseResult:
    headers, rows = read_csv(data)
    result = ParseResult(row_count=len(rows), headers=headers)
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        result.errors.append(
            RowError(1, ", ".join(missing), _("Kolonnen mangler i filen; er dette riktig format?"))
        )
        return result
    projects: dict[str, ProjectRecord] = {}
    partners: dict[str, dict[tuple[str, str], PartnerRecord]] = {}
    for line, row in rows:
        errors_before = len(result.errors)
        number = clean_text(row.get("Prosjektnr"))
        if not number.isdigit():
            result.errors.append(RowError(line, "Prosjektnr", _("Mangler eller er ikke et tall.")))
        title = clean_text(row.get("Prosjektnavn"))
        if not title:
            result.errors.append(RowError(line, "Prosjektnavn", _("Mangler.")))
        orgnr = normalize_orgnr(row.get("Organisasjonsnummer") or "") or ""
        org_name = clean_text(row.get("Organisasjonsnavn"))
        # Three rows name no organisation ("ukjent", no orgnr): the project and its EU amount
        # are kept, without a partner nobody can identify.
        unknown_org = not orgnr and org_name.lower() in ("", "ukjent")
        if not unknown_org and (not orgnr.isdigit() or len(orgnr) != 9):
            result.errors.append(
                RowError(line, "Organisasjonsnummer", _("Mangler eller har ikke ni sifre."))
            )
        role = ROLES.get(clean_text(row.get("Organisasjon rolle")).upper())
        if role is None:
            result.errors.append(
                RowError(
                    line,
                    "Organisasjon rolle",
                    _("Ukjent rolle «%(v)s» (COORDINATOR eller PARTICIPANT).")
                    % {"v": row.get("Organisasjon rolle", "")},
                )
            )
        values = {}
        for column in ("Kontrakt startdato", "Kontrakt sluttdato"):
            try:
                values[column] = parse_date(row.get(column))
            except ValueError as exc:
                result.errors.append(RowError(line, column, str(exc)))
        try:
            amount = parse_amount(row.get("Innvilget beløp organisasjon EUR"))
        except ValueError as exc:
            amount = None
            result.errors.append(RowError(line, "Innvilget beløp organisasjon EUR", str(exc)))
        start, end = values.get("Kontrakt startdato"), values.get("Kontrakt sluttdato")
        if start and end and end < start:
            result.errors.append(
                RowError(line, "Kontrakt sluttdato", _("Sluttdato er før startdato."))
            )
        if len(result.errors) > errors_before:
            continue
        record = projects.get(number)
        if record is None:
            acronym = clean_text(row.get("Prosjektkortnavn"))[:60]
            record = ProjectRecord(
                row=line,
                source=SOURCE,
                source_id=number,
                fields={
                    "title": title[:500],
                    "acronym": acronym,
                    "kind": "innovation" if row.get("Søknadstype") == "IA" else "research",
                    "start_date": start,
                    "end_date": end,
                    "visibility": "public",
                    "keywords": [k for k in [clean_text(row.get("Topic"))] if k],
                },
                status=STATUSES.get(clean_text(row.get("Kontraktstatus")).upper(), "granted"),
                identifiers={"eu_grant": number},
            )
            programme = " – ".join(
                p
                for p in (
                    clean_text(row.get("Programkortnavn (H2020)")),
                    clean_text(row.get("Topic kode")),
                )
                if p
            )
            record.funding.append(
                FundingRecord(
                    funder=EUROPEAN_COMMISSION,
                    programme=f"Horisont 2020: {programme}" if programme else "Horisont 2020",
                    grant_id=number,
                    status="granted",
                    amount_granted=Decimal("0"),
                    currency="EUR",
                    start_date=start,
                    end_date=end,
                )
            )
            projects[number] = record
            partners[number] = {}
        if amount is not None:
            funding = record.funding[0]
            funding.amount_granted = (funding.amount_granted or Decimal("0")) + amount
        if unknown_org:
            continue
        org = OrgRef(
            name=org_name,
            short_name=clean_text(row.get("Kortnavn"))[:60],
            orgnr=orgnr,
            kind=organization_kind(row),
        )
        if org.kind == "municipality":
            org.municipality_number = clean_text(row.get("Adresse kommunenummer")).zfill(4)
        key = (orgnr, role)
        existing = partners[number].get(key)
        if existing:
            # One organisation listed twice in the same role (two departments): one partner.
            if amount is not None:
                existing.contribution = (existing.contribution or Decimal("0")) + amount
        else:
            partners[number][key] = PartnerRecord(
                org=org, role=role, contribution=amount, currency="EUR"
            )
    for number, record in projects.items():
        record.partners = list(partners[number].values())
    result.records = list(projects.values())
    return result
