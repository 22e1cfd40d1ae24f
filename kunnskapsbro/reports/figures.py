"""Every chart of the dashboard, in page order: the one list the page, its CSV/SVG downloads,
the API, the annual report and the benchmark all use, so they always show the same figures.

The figures' data is read through ``dashboard_data``, which caches it (the data, never the
rendered page or charts, so one cached entry serves bokmål and English alike). The entry is
keyed on the partnership, the filters, the exact project set and goal set the user may see
(their SQL and parameters, so two users with different access never share an entry), today's
date, and a *data version*: the newest ``updated_at`` of every table the figures read, all
read in one statement of index lookups. Any create or edit stamps ``updated_at`` and so shows
on the next request; only a deletion (which leaves no newer stamp) can leave figures stale,
for at most ``DASHBOARD_TTL`` seconds — the same rule as ``core/pagination.py``'s counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

from kunnskapsbro.partnerships.models import FocusArea, Partnership

from . import charts, education_bridge, goals_bridge, selectors
from .selectors import DashboardFilters, PortfolioAggregates

DASHBOARD_TTL = 60  # seconds a deletion can stay unseen; creates and edits show at once

# Every table the dashboard's figures read that carries ``updated_at`` (app label, model).
# Through tables of many-to-many fields have no stamp: ``projects.services`` stamps the
# project when its focus areas or units change. ``StatusTransition`` neither: a status change
# stamps the project.
VERSION_MODELS: tuple[tuple[str, str], ...] = (
    ("projects", "Project"),
    ("projects", "FundingLine"),
    ("projects", "ProjectPartner"),
    ("projects", "ProjectParticipant"),
    ("projects", "RelevanceAssessment"),
    ("organizations", "Organization"),
    ("organizations", "OrgUnit"),
    ("partnerships", "Partnership"),
    ("partnerships", "PartnershipParty"),
    ("partnerships", "FocusArea"),
    ("goals", "Goal"),
    ("goals", "Indicator"),
    ("goals", "Measurement"),
    ("goals", "Milestone"),
    ("education", "Placement"),
    ("education", "Thesis"),
    ("education", "Course"),
    ("education", "CourseParticipation"),
    ("education", "EitVillage"),
    ("education", "TeachingContribution"),
)


@dataclass
class DashboardData:
    """The data of every dashboard figure: portfolio aggregates, goal and education figures."""

    portfolio: PortfolioAggregates
    goals: dict[str, Any] = field(default_factory=dict)
    education: dict[str, Any] | None = None


def data_version(using: str = "default") -> tuple[Any, ...]:
    """The newest ``updated_at`` of each table in ``VERSION_MODELS`` (installed apps only), in
    one statement of scalar subqueries, each answered from an ``updated_at`` index."""
    connection = connections[using]
    quote = connection.ops.quote_name
    tables = []
    for app_label, model_name in VERSION_MODELS:
        if apps.is_installed(f"kunnskapsbro.{app_label}"):
            model = apps.get_model(app_label, model_name)
            tables.append(quote(model._meta.db_table))
    column = quote("updated_at")
    # Table names from the models' own metadata, quoted: no user input reaches this SQL.
    subqueries = [f"(SELECT MAX({column}) FROM {table})" for table in tables]  # noqa: S608
    sql = "SELECT " + ", ".join(subqueries)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def _scope(partnership: Partnership, user: Any, filters: DashboardFilters) -> tuple[Any, ...]:
    """What the user may see, as SQL: the dashboard's project set and the partnership's goals."""
    projects = selectors.dashboard_projects(partnership=partnership, user=user, filters=filters)
    scope: list[Any] = [projects.db, projects.values("pk").query.sql_with_params()]
    if goals_bridge.goals_available():
        from kunnskapsbro.goals import selectors as goal_selectors

        goals = goal_selectors.goal_list(partnership=partnership, user=user).values("pk")
        scope.append(goals.query.sql_with_params())
    return tuple(scope)


def _compute(
    *,
    partnership: Partnership,
    user: Any,
    filters: DashboardFilters,
    focus_areas: list[FocusArea] | None,
) -> DashboardData:
    return DashboardData(
        portfolio=selectors.portfolio_aggregates(
            partnership=partnership, user=user, filters=filters, focus_areas=focus_areas
        ),
        goals=goals_bridge.dashboard_figures(partnership=partnership, filters=filters, user=user),
        education=education_bridge.education_figures(partnership=partnership, filters=filters)
        if education_bridge.education_available()
        else None,
    )


def dashboard_data(
    *,
    partnership: Partnership,
    user: Any,
    filters: DashboardFilters,
    focus_areas: list[FocusArea] | None = None,
) -> DashboardData:
    """Every figure's data for one partnership, user and set of filters, from the cache while
    no table it reads has changed (see the module docstring); a cached call is one query."""
    try:
        scope = _scope(partnership, user, filters)
    except EmptyResultSet:
        scope = None
    if scope is None:
        data = _compute(
            partnership=partnership, user=user, filters=filters, focus_areas=focus_areas
        )
        selectors.relabel(data.portfolio)
        return data
    version = data_version(scope[0])
    digest = hashlib.sha256(
        repr(
            (partnership.pk, filters.year, filters.focus_area, scope, timezone.localdate(), version)
        ).encode("utf-8", "surrogatepass")
    ).hexdigest()
    key = f"reports:dashboard:{partnership.pk}:{digest}"
    data = cache.get(key)
    if data is None:
        data = _compute(
            partnership=partnership, user=user, filters=filters, focus_areas=focus_areas
        )
        cache.set(key, data, DASHBOARD_TTL)
    return _relabelled(data)


def _relabelled(data: DashboardData) -> DashboardData:
    selectors.relabel(data.portfolio)
    return data


def dashboard_charts(
    *,
    partnership: Partnership,
    user: Any,
    filters: DashboardFilters,
    data: DashboardData | PortfolioAggregates,
) -> list[charts.Chart]:
    """Portfolio, goal and education charts for one partnership and one set of filters
    (``data``: ``dashboard_data``'s result; given only the portfolio aggregates, the goal and
    education figures are read afresh)."""
    slug = partnership.slug
    if isinstance(data, PortfolioAggregates):
        data = DashboardData(
            portfolio=data,
            goals=goals_bridge.dashboard_figures(
                partnership=partnership, filters=filters, user=user
            ),
            education=None,
        )
        education = None
    else:
        education = data.education
    return (
        charts.portfolio_charts(slug=slug, filters=filters, data=data.portfolio)
        + goals_bridge.dashboard_charts(
            partnership=partnership, slug=slug, filters=filters, user=user, data=data.goals or None
        )
        + education_bridge.dashboard_charts(
            partnership=partnership, slug=slug, filters=filters, data=education
        )
    )
