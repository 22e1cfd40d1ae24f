"""The reports API: the dashboard's figures as data, and annual-report jobs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem

from . import figures, selectors, services
from .models import ReportJob
from .schemas import DashboardOut, DashboardQuery, ReportJobIn, ReportJobList, ReportJobOut

router = Router(tags=["reports"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _json_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


@router.get(
    "/reports/{slug}/dashboard",
    response={200: DashboardOut, **READ_PROBLEMS},
    summary="Dashbordets tall for et partnerskap (portefølje, søknader, finansiering, mål)",
)
def get_dashboard(
    request: HttpRequest,
    filters: Query[DashboardQuery],
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    user = api_user(request)
    partnership = selectors.dashboard_partnership(slug=slug, user=user)
    if filters.focus_area and not any(
        area.pk == filters.focus_area
        for area in selectors.dashboard_focus_areas(partnership=partnership)
    ):
        message = _("Fokusområdet hører ikke til partnerskapet.")
        raise Problem(
            422,
            f"focus_area: {message}",
            errors=[{"field": "focus_area", "message": message}],
        )
    dashboard_filters = selectors.DashboardFilters(year=filters.year, focus_area=filters.focus_area)
    dashboard = figures.dashboard_data(
        partnership=partnership, user=user, filters=dashboard_filters
    )
    chart_list = figures.dashboard_charts(
        partnership=partnership, user=user, filters=dashboard_filters, data=dashboard
    )
    data = dashboard.portfolio
    query = "&".join(f"{k}={v}" for k, v in dashboard_filters.list_params().items())
    return {
        "partnership": partnership.slug,
        "year": dashboard_filters.year,
        "focus_area": dashboard_filters.focus_area,
        "total": data.total,
        "active": data.active,
        "applications": data.applications,
        "funding_totals": {k: float(v) for k, v in data.funding_totals.items()},
        "charts": [
            {
                "key": chart.key,
                "title": chart.title,
                "description": chart.description,
                "columns": [column.key for column in chart.columns],
                "rows": [
                    {key: _json_value(value) for key, value in row.items()} for row in chart.rows
                ],
                "list_url": request.build_absolute_uri(chart.list_url),
                "csv_url": request.build_absolute_uri(
                    reverse("reports:chart_csv", args=[partnership.slug, chart.key])
                    + (f"?{query}" if query else "")
                ),
            }
            for chart in chart_list
        ],
    }


def _job(request: HttpRequest, job: ReportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "partnership": job.partnership.slug,
        "year": job.year,
        "language": job.language,
        "output_format": job.output_format,
        "status": job.status,
        "progress": job.progress,
        "step": job.step,
        "error": job.error,
        "file_url": request.build_absolute_uri(reverse("reports:job_file", args=[job.pk]))
        if job.file
        else None,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.post(
    "/reports/{slug}/annual-reports",
    auth=write_auth,
    response={202: ReportJobOut, **WRITE_PROBLEMS},
    summary="Bestill årsrapporten (lages i bakgrunnen; følg jobben)",
)
def order_annual_report(
    request: HttpRequest,
    payload: ReportJobIn,
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> tuple[int, dict[str, Any]]:
    partnership = selectors.dashboard_partnership(slug=slug, user=request.auth)
    job = services.report_job_create(
        partnership=partnership,
        year=payload.year,
        language=payload.language,
        output_format=payload.output_format,
        actor=request.auth,
    )
    return 202, _job(request, selectors.report_job(pk=job.pk))


@router.get(
    "/reports/{slug}/annual-reports",
    auth=write_auth,
    response={200: ReportJobList, **WRITE_PROBLEMS},
    summary="Bestilte årsrapporter for et partnerskap, nyeste først",
)
def list_report_jobs(
    request: HttpRequest,
    page: Query[Page],
    slug: str = Path(..., max_length=80, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    partnership = selectors.dashboard_partnership(slug=slug, user=request.auth)
    result = paginate(selectors.report_jobs(partnership=partnership), page)
    result["items"] = [_job(request, job) for job in result["items"]]
    return result


@router.get(
    "/report-jobs/{int:job_id}",
    auth=write_auth,
    response={200: ReportJobOut, **WRITE_PROBLEMS},
    summary="En årsrapport-jobb: status og framdrift",
)
def get_report_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return _job(request, selectors.report_job(pk=job_id))
