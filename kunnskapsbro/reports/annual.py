"""The annual report (årsrapport): its content, as HTML, and as PDF through WeasyPrint.

What a year's report holds (docs/architecture.md, "Annual report"):

- *started* in the year: start date in the year; *completed*: status completed and end date
  in the year; *granted*: moved to «innvilget» in the year, or has a granted funding line
  starting in the year.
- the appendix lists every project that was part of the portfolio in the year: those running
  in the year (the portfolio list's year filter) and open ones without a start date (ideas
  and applications in progress).
- the report is an internal document for the steering group, so internal projects count.

WeasyPrint is imported inside the function that uses it (it is heavy, and pages never need
it); its URL fetcher serves our own static files from disk and refuses everything else.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership
from kunnskapsbro.projects.lifecycle import OPEN_STATES
from kunnskapsbro.projects.models import (
    FundingLine,
    FundingStatus,
    Project,
    ProjectPartner,
    ProjectStatus,
    StatusTransition,
)

from . import charts as chart_builders
from . import goals_bridge, selectors
from .figures import dashboard_charts, dashboard_data

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

# The steering group's report counts internal projects too (see the module docstring): a reader
# that accounts.permissions treats as seeing every partnership's internal records.
REPORT_READER = SimpleNamespace(is_authenticated=True, is_superuser=True, pk=None)


@dataclass
class Section:
    """One focus area or cross-cutting element in the report."""

    name: str
    kind: str  # "focus_area" | "element"
    description: str = ""
    running: int = 0
    started: list[Project] = field(default_factory=list)
    completed: list[Project] = field(default_factory=list)
    granted: list[Project] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)


def report_project_set(*, partnership: Partnership, year: int) -> QuerySet[Project]:
    """The projects in the portfolio during ``year``: running in the year, or open ideas and
    applications without a start date."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    running = Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))
    pipeline = Q(start_date__isnull=True, status__in=OPEN_STATES)
    return Project.objects.filter(partnership=partnership).filter(running | pipeline)


def report_projects(*, partnership: Partnership, year: int) -> list[Project]:
    """Every project in the portfolio during ``year``, with what the appendix shows."""
    return list(
        report_project_set(partnership=partnership, year=year)
        .prefetch_related(
            "focus_areas",
            "elements",
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organization").order_by(
                    "role", "organization__name"
                ),
            ),
        )
        .order_by("title", "id")
    )


def granted_in_year(*, partnership: Partnership, year: int) -> set[int]:
    """Projects granted in the year: a transition to «innvilget», or a granted line starting."""
    by_transition = StatusTransition.objects.filter(
        project__partnership=partnership, to_status=ProjectStatus.GRANTED, at__year=year
    ).values_list("project_id", flat=True)
    by_funding = FundingLine.objects.filter(
        project__partnership=partnership, status=FundingStatus.GRANTED, start_date__year=year
    ).values_list("project_id", flat=True)
    return set(by_transition) | set(by_funding)


def annual_report_context(
    *,
    partnership: Partnership,
    year: int,
    progress: Progress | None = None,
    language: str = "nb",
) -> dict[str, Any]:
    """Everything the report template shows. Call inside ``translation.override``."""
    say = progress or (lambda percent, step: None)
    say(5, "portefølje")
    filters = selectors.DashboardFilters(year=year)
    dashboard = dashboard_data(partnership=partnership, user=REPORT_READER, filters=filters)
    aggregates = dashboard.portfolio
    projects = report_projects(partnership=partnership, year=year)
    granted_ids = granted_in_year(partnership=partnership, year=year)
    say(25, "seksjoner")

    def started(project: Project) -> bool:
        return bool(project.start_date and project.start_date.year == year)

    def completed(project: Project) -> bool:
        return bool(
            project.status == ProjectStatus.COMPLETED
            and project.end_date
            and project.end_date.year == year
        )

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def running(project: Project) -> bool:
        return bool(
            project.start_date
            and project.start_date <= last
            and (project.end_date is None or project.end_date >= first)
        )

    areas = list(FocusArea.objects.filter(partnership=partnership).order_by("order", "name"))
    elements = list(
        CrossCuttingElement.objects.filter(partnership=partnership).order_by("order", "name")
    )
    goal_data = goals_bridge.report_goals(partnership=partnership, year=year)
    sections: list[Section] = []
    for kind, items, attr in (
        ("focus_area", areas, "focus_areas"),
        ("element", elements, "elements"),
    ):
        for item in items:
            members = [p for p in projects if any(x.pk == item.pk for x in getattr(p, attr).all())]
            sections.append(
                Section(
                    name=item.name,
                    kind=kind,
                    description=getattr(item, "description", ""),
                    running=sum(1 for p in members if running(p)),
                    started=[p for p in members if started(p)],
                    completed=[p for p in members if completed(p)],
                    granted=[p for p in members if p.pk in granted_ids],
                    goals=goal_data.goals_for(kind, item.pk),
                    milestones=goal_data.milestones_for(kind, item.pk),
                )
            )
    say(45, "diagrammer")
    chart_list = dashboard_charts(
        partnership=partnership, user=REPORT_READER, filters=filters, data=dashboard
    )
    figures = []
    for index, chart in enumerate(chart_list):
        if chart.is_empty:
            continue
        svg = chart_builders.render_svg(chart.spec, language=language)
        figures.append(
            {
                "chart": chart,
                "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            }
        )
        say(45 + int(35 * (index + 1) / max(1, len(chart_list))), "diagrammer")
    say(80, "vedlegg")
    return {
        "partnership": partnership,
        "year": year,
        "generated": timezone.localdate(),
        "aggregates": aggregates,
        "summary": {
            "running": sum(1 for p in projects if running(p)),
            "started": sum(1 for p in projects if started(p)),
            "completed": sum(1 for p in projects if completed(p)),
            "granted": len({p.pk for p in projects if p.pk in granted_ids}),
            "pipeline": sum(1 for p in projects if p.start_date is None),
        },
        "top_partner": aggregates.partner_share[0] if aggregates.partner_share else None,
        "sections": sections,
        "partnership_goals": goal_data.goals_for("partnership", partnership.pk),
        "partnership_milestones": goal_data.milestones_for("partnership", partnership.pk),
        "indicators": goal_data.indicators,
        "figures": figures,
        "projects": projects,
        "language": language,
    }


def annual_report_html(
    *,
    partnership: Partnership,
    year: int,
    language: str = "nb",
    progress: Progress | None = None,
    for_pdf: bool = False,
) -> str:
    """The report as one standalone HTML document (the same template makes the PDF)."""
    with translation.override(language):
        context = annual_report_context(
            partnership=partnership, year=year, progress=progress, language=language
        )
        context["for_pdf"] = for_pdf
        return render_to_string("reports/annual_report.html", context)


def annual_report_pdf(
    *,
    partnership: Partnership,
    year: int,
    language: str = "nb",
    progress: Progress | None = None,
    blocked: list[str] | None = None,
) -> bytes:
    """The report as PDF. ``blocked`` collects the URLs the fetcher refused (for tests)."""
    html = annual_report_html(
        partnership=partnership, year=year, language=language, progress=progress, for_pdf=True
    )
    if progress:
        progress(85, "pdf")
    return html_to_pdf(html, blocked=blocked)


def html_to_pdf(html: str, *, blocked: list[str] | None = None) -> bytes:
    import weasyprint

    fetcher = local_static_fetcher(blocked=blocked)
    return weasyprint.HTML(
        string=html, base_url=settings.SITE_URL.rstrip("/") + "/", url_fetcher=fetcher
    ).write_pdf()


def local_static_fetcher(*, blocked: list[str] | None = None) -> Any:
    """A WeasyPrint URL fetcher that reads our static files from disk and blocks the rest.

    Only ``data:`` URLs and paths under STATIC_URL (on any host — the base URL is ours) are
    served; every other fetch — another site, a file path, our own dynamic pages — is refused,
    so a report can never leak a request to the outside or read arbitrary files.
    """
    from django.contrib.staticfiles import finders
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    refused = blocked if blocked is not None else []
    static_prefix = settings.STATIC_URL
    site = urlparse(settings.SITE_URL)

    class LocalStaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            same_site = parsed.scheme in {"http", "https"} and parsed.netloc == site.netloc
            if same_site and parsed.path.startswith(static_prefix):
                relative = unquote(parsed.path[len(static_prefix) :])
                path = finders.find(relative) if ".." not in relative.split("/") else None
                if path:
                    with open(path, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            refused.append(url)
            logger.warning("Annual report: blocked fetch of %s", url)
            raise ValueError(f"External fetch blocked: {url}")

    return LocalStaticFetcher(allowed_protocols=["data", "http", "https"])
