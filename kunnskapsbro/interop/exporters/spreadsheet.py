"""The filtered portfolio as CSV, XLSX and JSON.

CSV and JSON stream row by row (``StreamingHttpResponse``); XLSX is written by openpyxl in
write-only mode to a temporary file, so memory stays flat however large the portfolio is.

Formula injection (OWASP "CSV Injection"): a text cell that starts with ``= + - @``, TAB or CR
is prefixed with ``'`` in CSV and XLSX, so a spreadsheet shows it as text and never evaluates
it. JSON is data for programs, not for spreadsheets, and keeps every value exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kunnskapsbro.projects.models import FundingStatus, ParticipantRole, PartnerRole, Project

from .selectors import portfolio_export_rows

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, made plain text (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _join(values: Iterable[str]) -> str:
    return "; ".join(value for value in values if value)


def _partners(project: Project) -> str:
    return _join(
        f"{p.organization.name} ({PartnerRole(p.role).label})" for p in project.partners.all()
    )


def _managers(project: Project) -> str:
    return _join(
        p.person.full_name
        for p in project.participants.all()
        if p.role == ParticipantRole.PROJECT_MANAGER
    )


def _funders(project: Project) -> str:
    return _join(sorted({f.funder.name for f in project.funding_lines.all()}))


def _sum(project: Project, attribute: str, *, granted_only: bool = False) -> Decimal | None:
    """Total in NOK; lines in other currencies cannot be added up and are left out."""
    amounts = [
        getattr(line, attribute)
        for line in project.funding_lines.all()
        if line.currency == "NOK"
        and getattr(line, attribute) is not None
        and (not granted_only or line.status == FundingStatus.GRANTED)
    ]
    return sum(amounts, Decimal(0)) if amounts else None


def _identifier(scheme: str) -> Callable[[Project], str]:
    def get(project: Project) -> str:
        for identifier in project.identifiers.all():
            if identifier.scheme == scheme:
                return identifier.value
        return ""

    return get


# (key, header, value) — the key names the JSON field, the header is what a person reads.
COLUMNS: list[tuple[str, Any, Callable[[Project], Any]]] = [
    ("id", _("ID"), lambda p: p.pk),
    ("title", _("Tittel"), lambda p: p.title),
    ("title_en", _("Tittel (engelsk)"), lambda p: p.title_en),
    ("acronym", _("Akronym"), lambda p: p.acronym),
    ("partnership", _("Partnerskap"), lambda p: p.partnership.name),
    ("kind", _("Type"), lambda p: p.get_kind_display()),
    ("status", _("Status"), lambda p: p.get_status_display()),
    ("visibility", _("Synlighet"), lambda p: p.get_visibility_display()),
    ("start_date", _("Startdato"), lambda p: p.start_date),
    ("end_date", _("Sluttdato"), lambda p: p.end_date),
    ("focus_areas", _("Fokusområder"), lambda p: _join(a.name for a in p.focus_areas.all())),
    ("elements", _("Tverrgående elementer"), lambda p: _join(e.name for e in p.elements.all())),
    ("partners", _("Partnere"), _partners),
    ("project_managers", _("Prosjektleder"), _managers),
    ("funders", _("Finansiører"), _funders),
    ("amount_applied_nok", _("Søkt beløp (NOK)"), lambda p: _sum(p, "amount_applied")),
    (
        "amount_granted_nok",
        _("Innvilget beløp (NOK)"),
        lambda p: _sum(p, "amount_granted", granted_only=True),
    ),
    ("rcn_project", _("Forskningsrådet prosjektnummer"), _identifier("rcn_project")),
    ("eu_grant", _("EU-kontraktsnummer"), _identifier("eu_grant")),
    ("cristin_project", _("Cristin prosjekt-ID"), _identifier("cristin_project")),
    ("keywords", _("Nøkkelord"), lambda p: _join(p.keywords or [])),
    ("updated_at", _("Sist endret"), lambda p: p.updated_at),
]


def _projects(queryset: QuerySet[Project]) -> Iterator[Project]:
    # iterator() with chunk_size keeps the prefetches, one batch of queries per chunk.
    return portfolio_export_rows(queryset).iterator(chunk_size=CHUNK_SIZE)


def _text_cell(value: Any) -> Any:
    """CSV cell: ISO dates, plain numbers with a decimal point, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(value)


class _Echo:
    """A file-like object whose write() hands back the line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_stream(queryset: QuerySet[Project]) -> Iterator[str]:
    """The portfolio as ``;``-separated UTF-8 CSV with a BOM (what Excel in Norway opens)."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(header) for _key, header, _get in COLUMNS])
    for project in _projects(queryset):
        yield writer.writerow([_text_cell(get(project)) for _key, _header, get in COLUMNS])


def json_stream(queryset: QuerySet[Project], *, base_url: str = "") -> Iterator[str]:
    """``{"items": [...], "count": N}``, one project at a time, values unchanged."""
    count = queryset.count()
    yield '{"items": ['
    for index, project in enumerate(_projects(queryset)):
        item = _json_item(project, base_url=base_url)
        yield ("," if index else "") + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield f'], "count": {count}}}'


def _json_item(project: Project, *, base_url: str) -> dict[str, Any]:
    return {
        "id": project.pk,
        "url": f"{base_url}{project.get_absolute_url()}" if base_url else None,
        "title": project.title,
        "title_en": project.title_en,
        "acronym": project.acronym,
        "partnership": project.partnership.slug,
        "kind": project.kind,
        "status": project.status,
        "visibility": project.visibility,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "summary": project.summary,
        "focus_areas": [area.name for area in project.focus_areas.all()],
        "elements": [element.name for element in project.elements.all()],
        "partners": [
            {
                "organization": p.organization.name,
                "orgnr": p.organization.orgnr,
                "role": p.role,
                "contribution": p.contribution,
                "currency": p.currency,
            }
            for p in project.partners.all()
        ],
        "participants": [
            {
                "person": p.person.full_name,
                "orcid": p.person.orcid or None,
                "role": p.role,
                "organization": p.organization.name if p.organization else None,
            }
            for p in project.participants.all()
        ],
        "funding_lines": [
            {
                "funder": f.funder.name,
                "funder_orgnr": f.funder.orgnr,
                "programme": f.programme,
                "grant_id": f.grant_id,
                "status": f.status,
                "amount_applied": f.amount_applied,
                "amount_granted": f.amount_granted,
                "currency": f.currency,
            }
            for f in project.funding_lines.all()
        ],
        "identifiers": {i.scheme: i.value for i in project.identifiers.all()},
        "keywords": list(project.keywords or []),
        "sdgs": list(project.sdgs or []),
        "updated_at": project.updated_at,
    }


def xlsx_file(queryset: QuerySet[Project]) -> IO[bytes]:
    """The portfolio as an Excel workbook in a temporary file, positioned at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Prosjekter"))[:31])
    bold = Font(bold=True)
    header = []
    for _key, title, _get in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    date_format = "DD.MM.YYYY"
    for project in _projects(queryset):
        row = []
        for _key, _title, get in COLUMNS:
            value = get(project)
            if isinstance(value, dt.datetime):
                # Excel has no time zones: local wall-clock time of the installation.
                from django.utils import timezone

                value = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
            if isinstance(value, str):
                value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(value, dt.date):
                cell.number_format = date_format
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text says
            row.append(cell)
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
