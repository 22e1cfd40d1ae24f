"""Cristin/NVA project JSON: one project, a list, or an NVA search response (``hits``); both
the Cristin v2 (snake_case) and the NVA (camelCase) shapes. Coordinating institution, people
with their roles, funding sources and the total funding amount."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from .base import (
    FundingRecord,
    ImportFileError,
    OrgRef,
    ParseResult,
    PartnerRecord,
    PersonRecord,
    ProjectRecord,
    RowError,
    check_size,
    clean_text,
    decode,
    parse_amount,
    parse_date,
)
from .rcn_applications import RESEARCH_COUNCIL

SOURCE = "nva"
ROLES = {
    "PRO_MANAGER": "project_manager",
    "ProjectManager": "project_manager",
    "PRO_LMANAGER": "local_project_manager",
    "LocalProjectManager": "local_project_manager",
    "PRO_PARTICIPANT": "participant",
    "ProjectParticipant": "participant",
}
STATUSES = {"ACTIVE": "active", "CONCLUDED": "completed", "NOTSTARTED": "granted"}
FUNDERS = {"NFR": RESEARCH_COUNCIL}


def _label(value: Any) -> str:
    if isinstance(value, dict):
        return clean_text(
            value.get("nb") or value.get("no") or value.get("en") or next(iter(value.values()), "")
        )
    return clean_text(value)


def _tail(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] if url else ""


def _institution(unit_or_institution_id: str, name: str) -> OrgRef:
    # A Cristin unit id "1234.0.0.0" belongs to institution 1234.
    institution = unit_or_institution_id.split(".", 1)[0]
    return OrgRef(name=name or f"Cristin {institution}", cristin_id=institution)


def _items(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, dict) and "hits" in payload:
        return list(payload["hits"])
    if isinstance(payload, dict):
        return [payload]
    if isinstance(payload, list):
        return payload
    raise ImportFileError(_("Forventet et Cristin/NVA-prosjekt eller en liste av dem."))


def parse(data: bytes, **_options: Any) -> ParseResult:
    check_size(data)
    try:
        payload = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("Filen er ikke gyldig JSON (linje %(l)s).") % {"l": exc.lineno}
        ) from exc
    items = _items(payload)
    result = ParseResult(row_count=len(items))
    for index, item in enumerate(items, start=1):
        errs: list[RowError] = []
        cristin = item.get("cristin_project_id") or ""
        if not cristin:
            cristin = next(
                (
                    i.get("value")
                    for i in item.get("identifiers", [])
                    if i.get("type") == "CristinIdentifier"
                ),
                "",
            ) or _tail(item.get("id", ""))
        cristin = clean_text(cristin)
        if not cristin:
            errs.append(RowError(index, "cristin_project_id", _("Mangler prosjekt-ID.")))
        title = _label(item.get("title"))
        if not title:
            errs.append(RowError(index, "title", _("Mangler.")))
        dates = {}
        for snake, camel in (("start_date", "startDate"), ("end_date", "endDate")):
            try:
                dates[snake] = parse_date(item.get(snake) or item.get(camel))
            except ValueError as exc:
                errs.append(RowError(index, camel, str(exc)))
        amount_data = item.get("total_funding_amount") or item.get("fundingAmount") or {}
        try:
            amount = parse_amount(amount_data.get("amount", amount_data.get("value")))
        except ValueError as exc:
            amount = None
            errs.append(RowError(index, "fundingAmount", str(exc)))
        if errs:
            result.errors.extend(errs)
            continue
        record = ProjectRecord(
            row=index,
            source=SOURCE,
            source_id=cristin,
            fields={
                "title": title[:500],
                "start_date": dates.get("start_date"),
                "end_date": dates.get("end_date"),
                "visibility": "public" if item.get("published", True) else "internal",
                "website": clean_text(item.get("external_url") or item.get("webPage"))[:200],
                "keywords": [
                    _label(k.get("name") or k.get("label")) for k in item.get("keywords", [])
                ],
            },
            status=STATUSES.get(clean_text(item.get("status")).upper(), "active"),
            identifiers={"cristin_project": cristin, "nva_project": cristin},
        )
        coordinating = item.get("coordinating_institution") or {}
        if coordinating:
            institution = coordinating.get("institution", {})
            ref = _institution(
                clean_text(institution.get("cristin_institution_id")),
                _label(institution.get("institution_name")),
            )
        elif item.get("coordinatingInstitution"):
            unit = item["coordinatingInstitution"]
            ref = _institution(_tail(unit.get("id", "")), _label(unit.get("labels")))
        else:
            ref = None
        if ref is not None:
            record.partners.append(PartnerRecord(org=ref, role="coordinator"))
        for person in item.get("participants", []):
            for role in person.get("roles", []):
                institution = role.get("institution", {})
                record.participants.append(
                    PersonRecord(
                        first_name=clean_text(person.get("first_name")),
                        last_name=clean_text(person.get("surname")),
                        cristin_person_id=clean_text(person.get("cristin_person_id")),
                        role=ROLES.get(role.get("role_code", ""), "participant"),
                        org=_institution(
                            clean_text(institution.get("cristin_institution_id")),
                            _label(institution.get("institution_name")),
                        )
                        if institution
                        else None,
                    )
                )
        for contributor in item.get("contributors", []):
            identity = contributor.get("identity", {})
            for role in contributor.get("roles", []):
                affiliation = role.get("affiliation", {})
                record.participants.append(
                    PersonRecord(
                        first_name=clean_text(identity.get("firstName")),
                        last_name=clean_text(identity.get("lastName")),
                        cristin_person_id=_tail(identity.get("id", "")),
                        role=ROLES.get(role.get("type", ""), "participant"),
                        org=_institution(
                            _tail(affiliation.get("id", "")), _label(affiliation.get("labels"))
                        )
                        if affiliation.get("id")
                        else None,
                    )
                )
        sources = item.get("project_funding_sources") or []
        for source in sources:
            code = clean_text(source.get("funding_source_code"))
            funder = FUNDERS.get(code) or OrgRef(
                name=_label(source.get("funding_source_name")) or code
            )
            record.funding.append(
                FundingRecord(
                    funder=funder,
                    grant_id=clean_text(source.get("project_code")),
                    status="granted",
                    amount_granted=amount if len(sources) == 1 else None,
                    currency=clean_text(
                        amount_data.get("currency_code") or amount_data.get("currency")
                    )
                    or "NOK",
                )
            )
        for funding in [] if sources else item.get("funding", []):
            code = _tail(funding.get("source", ""))
            funder = FUNDERS.get(code) or OrgRef(name=_label(funding.get("labels")) or code)
            record.funding.append(
                FundingRecord(
                    funder=funder,
                    grant_id=clean_text(funding.get("identifier")),
                    status="granted",
                    amount_granted=amount if len(item.get("funding", [])) == 1 else None,
                    currency=clean_text(amount_data.get("currency")) or "NOK",
                )
            )
        result.records.append(record)
    return result
