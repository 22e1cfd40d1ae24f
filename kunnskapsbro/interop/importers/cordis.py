"""CORDIS project and organisation JSON (the EU's own exports): ``project.json`` is the file,
``organization.json`` the extra file (or a single JSON object ``{"projects": [...],
"organizations": [...]}``). Every organisation of a project becomes a partner with its EU
contribution in EUR; Norwegian ones carry their orgnr (from the VAT number ``NO…MVA``)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .base import (
    FundingRecord,
    ImportFileError,
    OrgRef,
    ParseResult,
    PartnerRecord,
    ProjectRecord,
    RowError,
    check_size,
    clean_text,
    decode,
    parse_amount,
    parse_date,
)
from .rcn_eu import EUROPEAN_COMMISSION

SOURCE = "cordis"
ROLES = {"coordinator": "coordinator"}
STATUSES = {"SIGNED": "active", "CLOSED": "completed", "TERMINATED": "terminated"}
ACTIVITY_KINDS = {
    "HES": "university",
    "REC": "research_institute",
    "PRC": "company",
    "PUB": "public_agency",
    "OTH": "other",
}


def _load(data: bytes) -> Any:
    check_size(data)
    try:
        return json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("Filen er ikke gyldig JSON (linje %(l)s).") % {"l": exc.lineno}
        ) from exc


def parse(data: bytes, *, extra: bytes | None = None, **_options: Any) -> ParseResult:
    payload = _load(data)
    if isinstance(payload, dict):
        projects = payload.get("projects") or []
        organizations = payload.get("organizations") or []
    else:
        projects, organizations = payload, []
    if extra:
        organizations = _load(extra)
    if not isinstance(projects, list) or not isinstance(organizations, list):
        raise ImportFileError(_("Forventet en liste med CORDIS-prosjekter."))
    # project.json and organization.json in either order.
    if projects and "organisationID" in projects[0]:
        projects, organizations = organizations, projects
    result = ParseResult(row_count=len(projects) + len(organizations))
    by_project: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, org in enumerate(organizations, start=1):
        by_project.setdefault(str(org.get("projectID", "")), []).append((index, org))
    for index, item in enumerate(projects, start=1):
        errs: list[RowError] = []
        number = clean_text(item.get("id"))
        if not number.isdigit():
            errs.append(RowError(index, "id", _("Mangler eller er ikke et tall.")))
        title = clean_text(item.get("title"))
        if not title:
            errs.append(RowError(index, "title", _("Mangler.")))
        dates = {}
        for key in ("startDate", "endDate"):
            try:
                dates[key] = parse_date(item.get(key))
            except ValueError as exc:
                errs.append(RowError(index, key, str(exc)))
        partners: dict[tuple[str, str], PartnerRecord] = {}
        total = Decimal("0")
        for org_index, org in by_project.get(number, []):
            try:
                amount = parse_amount(org.get("ecContribution"))
            except ValueError as exc:
                errs.append(RowError(org_index, "ecContribution", f"organization.json: {exc}"))
                continue
            vat = clean_text(org.get("vatNumber"))
            match = re.fullmatch(r"NO(\d{9})(MVA)?", vat.replace(" ", ""))
            ref = OrgRef(
                name=clean_text(org.get("name"))[:300] or str(org.get("organisationID")),
                short_name=clean_text(org.get("shortName"))[:60],
                cordis_pic=clean_text(org.get("organisationID")),
                orgnr=match.group(1) if match else "",
                country=(clean_text(org.get("country")) or "NO")[:2],
                kind=ACTIVITY_KINDS.get(clean_text(org.get("activityType")), "other"),
            )
            role = ROLES.get(clean_text(org.get("role")).lower(), "partner")
            key = (ref.cordis_pic, role)
            if key in partners:
                existing = partners[key]
                if amount is not None:
                    existing.contribution = (existing.contribution or Decimal("0")) + amount
            else:
                partners[key] = PartnerRecord(
                    org=ref, role=role, contribution=amount, currency="EUR"
                )
            total += amount or Decimal("0")
        if errs:
            result.errors.extend(errs)
            continue
        max_contribution = parse_amount(item.get("ecMaxContribution"))
        record = ProjectRecord(
            row=index,
            source=SOURCE,
            source_id=number,
            fields={
                "title": title[:500],
                "acronym": clean_text(item.get("acronym"))[:60],
                "summary": str(item.get("objective") or "").strip(),
                "start_date": dates.get("startDate"),
                "end_date": dates.get("endDate"),
                "visibility": "public",
            },
            status=STATUSES.get(clean_text(item.get("status")).upper(), "active"),
            identifiers={"eu_grant": number},
            partners=list(partners.values()),
        )
        if clean_text(item.get("rcn")):
            record.identifiers["cordis_rcn"] = clean_text(item.get("rcn"))
        record.funding.append(
            FundingRecord(
                funder=EUROPEAN_COMMISSION,
                programme=" – ".join(
                    p
                    for p in (
                        clean_text(item.get("frameworkProgramme")),
                        clean_text(item.get("fundingScheme")),
                    )
                    if p
                ),
                grant_id=number,
                status="granted",
                amount_granted=max_contribution if max_contribution is not None else total,
                currency="EUR",
                start_date=dates.get("startDate"),
                end_date=dates.get("endDate"),
            )
        )
        result.records.append(record)
    return result
