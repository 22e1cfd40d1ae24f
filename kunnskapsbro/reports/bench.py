"""The reports' figures for ``make bench`` (DESIGN.md §5), registered in bench/runner.py.

- dashboard aggregates for a partnership (p95 ≤ 100 ms): every portfolio, goal and education
  figure of the dashboard (``figures.dashboard_data`` and the chart specs, no template) for the
  largest partnership, as the coordinator, over a rotation of filters, with the data cache on
  as in production (a call costs the data-version query while nothing changes). Baselines: the
  same calls with the cache switched off (``uncached_p95_ms``/``uncached_p50_ms``: the cost of
  the first request after any change), the cold computation's statements replayed as raw SQL
  (``raw_sql``: the floor), the unfiltered dashboard uncached, and the whole dashboard page
  through the Django stack.
- annual report PDF for a 1,000-project partnership (≤ 10 s): the partnership whose size is
  closest to 1,000 projects, the year with most projects running; one full PDF (WeasyPrint,
  charts through vl-convert). Baseline: the same report as HTML only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def _largest(bench: Any) -> Any:
    from kunnskapsbro.partnerships.models import Partnership

    return Partnership.objects.get(pk=bench.sample["partnership"])


@contextmanager
def uncached_dashboard() -> Iterator[None]:
    """Run with ``figures.dashboard_data``'s cache switched off (every call computed afresh)."""
    from django.core.cache.backends.dummy import DummyCache

    from . import figures

    remembered = figures.cache
    figures.cache = DummyCache("uncached", {})
    try:
        yield
    finally:
        figures.cache = remembered


def _cold_statements(call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The (sql, params) of every statement one cold computation runs, to replay on a cursor."""
    from django.db import connection

    statements: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with uncached_dashboard(), connection.execute_wrapper(record):
        call()
    return statements


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
        data = figures.dashboard_data(partnership=partnership, user=user, filters=filters)
        figures.dashboard_charts(partnership=partnership, user=user, filters=filters, data=data)

    from kunnskapsbro.bench.runner import summary

    # As in production: the cache on, kept fresh by the data version (the warm-up fills it).
    times = bench.time(aggregates)
    with uncached_dashboard():
        # Every call computed afresh: the cold cost after a change to the data.
        uncached = bench.time(aggregates)
        unfiltered = bench.time(lambda i: aggregates(0, [variants[0]]))
    # The floor: the cold computation's own statements replayed on a cursor (no ORM, no charts).
    raw = bench.raw_sql([_cold_statements(lambda f=f: aggregates(0, [f])) for f in variants])
    url = reverse("reports:dashboard", args=[partnership.slug])
    page = bench.get(
        "coordinator",
        [url, f"{url}?year={this_year - 1}", f"{url}?focus_area={area}"],
    )
    return {
        **summary(times),
        "baselines": {
            "uncached_p95_ms": summary(uncached)["p95_ms"],
            "uncached_p50_ms": summary(uncached)["p50_ms"],
            "raw_sql": summary(raw)["p95_ms"],
            "unfiltered_uncached_p95_ms": summary(unfiltered)["p95_ms"],
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
