"""The reports' figures for ``make bench`` (DESIGN.md §5), registered in bench/runner.py.

- dashboard aggregates for a partnership (p95 ≤ 100 ms): every portfolio and goal figure of
  the dashboard (selectors and chart specs, no template) for the largest partnership, as the
  coordinator, over a rotation of filters; baselines: the whole dashboard page through the
  Django stack, and the aggregates without filters.
- annual report PDF for a 1,000-project partnership (≤ 10 s): the partnership whose size is
  closest to 1,000 projects, the year with most projects running; one full PDF (WeasyPrint,
  charts through vl-convert). Baseline: the same report as HTML only.
"""

from __future__ import annotations

import time
from typing import Any


def _largest(bench: Any) -> Any:
    from kunnskapsbro.partnerships.models import Partnership

    return Partnership.objects.get(pk=bench.sample["partnership"])


def measure_dashboard(bench: Any) -> dict[str, Any]:
    from django.urls import reverse

    from kunnskapsbro.partnerships.models import FocusArea

    from . import figures, selectors

    partnership = _largest(bench)
    user = bench.user("coordinator")
    area = bench.sample["focus_area"]
    this_year = time.localtime().tm_year
    variants = [
        selectors.DashboardFilters(),
        selectors.DashboardFilters(year=this_year - 1),
        selectors.DashboardFilters(focus_area=area),
        selectors.DashboardFilters(year=this_year - 2, focus_area=area),
    ]

    def aggregates(i: int, filters_list: list[Any] = variants) -> None:
        filters = filters_list[i % len(filters_list)]
        data = selectors.portfolio_aggregates(partnership=partnership, user=user, filters=filters)
        figures.dashboard_charts(partnership=partnership, user=user, filters=filters, data=data)

    from kunnskapsbro.bench.runner import summary

    times = bench.time(aggregates)
    unfiltered = bench.time(lambda i: aggregates(0, [variants[0]]))
    url = reverse("reports:dashboard", args=[partnership.slug])
    page = bench.get(
        "coordinator",
        [url, f"{url}?year={this_year - 1}", f"{url}?focus_area={area}"],
    )
    return {
        **summary(times),
        "baselines": {
            "unfiltered_p95_ms": summary(unfiltered)["p95_ms"],
            "whole_page_p95_ms": summary(page)["p95_ms"],
        },
        "partnership_projects": partnership.projects.count(),
        "focus_areas": FocusArea.objects.filter(partnership=partnership).count(),
    }


def _report_subject() -> tuple[Any, int, int]:
    """The partnership closest to 1,000 projects and its busiest year."""
    from django.db.models import Count

    from kunnskapsbro.partnerships.models import Partnership

    from .annual import report_project_set

    sizes = list(Partnership.objects.annotate(n=Count("projects")).values_list("pk", "n"))
    pk, _n = min(sizes, key=lambda row: abs(row[1] - 1000))
    partnership = Partnership.objects.get(pk=pk)
    this_year = time.localtime().tm_year
    years = range(this_year - 4, this_year + 1)
    counts = {y: report_project_set(partnership=partnership, year=y).count() for y in years}
    year = max(years, key=lambda y: counts[y])
    return partnership, year, counts[year]


def measure_annual_pdf(bench: Any) -> dict[str, Any]:
    from . import annual

    partnership, year, projects = _report_subject()
    started = time.perf_counter()
    html = annual.annual_report_html(partnership=partnership, year=year)
    html_s = time.perf_counter() - started
    started = time.perf_counter()
    pdf = annual.annual_report_pdf(partnership=partnership, year=year)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "baselines": {"html_only_s": round(html_s, 2)},
        "projects_in_report": projects,
        "pdf_bytes": len(pdf),
        "html_bytes": len(html),
    }
