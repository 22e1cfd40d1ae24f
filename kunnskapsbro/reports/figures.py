"""Every chart of the dashboard, in page order: the one list the page, its CSV/SVG downloads,
the API, the annual report and the benchmark all use, so they always show the same figures."""

from __future__ import annotations

from typing import Any

from kunnskapsbro.partnerships.models import Partnership

from . import charts, education_bridge, goals_bridge
from .selectors import DashboardFilters, PortfolioAggregates


def dashboard_charts(
    *, partnership: Partnership, user: Any, filters: DashboardFilters, data: PortfolioAggregates
) -> list[charts.Chart]:
    """Portfolio, goal and education charts for one partnership and one set of filters."""
    slug = partnership.slug
    return (
        charts.portfolio_charts(slug=slug, filters=filters, data=data)
        + goals_bridge.dashboard_charts(
            partnership=partnership, slug=slug, filters=filters, user=user
        )
        + education_bridge.dashboard_charts(partnership=partnership, slug=slug, filters=filters)
    )
