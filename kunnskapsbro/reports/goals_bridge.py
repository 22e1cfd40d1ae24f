"""The dashboard's and the report's goal figures, read through the goals app's selectors.

Unit load against capacity, relevance, milestones by status and indicators against targets
belong to ``goals`` (and ``projects`` for relevance and capacity); this module only turns what
their selectors return into charts and report sections, so nothing is computed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

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
    from kunnskapsbro.goals import selectors as goal_selectors

    data = GoalData()
    reader = _reader()
    goals = list(goal_selectors.goal_list(partnership=partnership, user=reader))
    for goal in goals:
        key = _scope_key(goal.scope, goal, partnership)
        data.goals.setdefault(key, []).append(
            {"title": goal.title, "kind_label": goal.get_kind_display()}
        )
        for milestone in goal.milestones.all():
            if milestone.due_date.year == year:
                data.milestones.setdefault(key, []).append(_milestone(milestone))
    in_goal = {m["pk"] for rows in data.milestones.values() for m in rows}
    for milestone in goal_selectors.milestone_list(partnership=partnership).filter(
        due_date__year=year, goal__isnull=True
    ):
        if milestone.pk not in in_goal:
            data.milestones.setdefault(("partnership", partnership.pk), []).append(
                _milestone(milestone)
            )
    data.indicators = [
        _indicator(row)
        for group in goal_selectors.goals_overview(
            partnership=partnership, user=reader, as_of=dt.date(year, 12, 31)
        )
        for _goal, rows in group.goals
        for row in rows
    ]
    return data


def _reader() -> Any:
    from .annual import REPORT_READER

    return REPORT_READER


def _scope_key(scope: str, goal: Any, partnership: Partnership) -> tuple[str, int]:
    if scope == "focus_area" and goal.focus_area_id:
        return ("focus_area", goal.focus_area_id)
    if scope == "element" and goal.element_id:
        return ("element", goal.element_id)
    return ("partnership", partnership.pk)


def _milestone(milestone: Any) -> dict[str, Any]:
    return {
        "pk": milestone.pk,
        "title": milestone.title,
        "due_date": milestone.due_date,
        "status": milestone.status,
        "status_label": milestone.get_status_display(),
    }


def _indicator(row: Any) -> dict[str, Any]:
    indicator = row.indicator
    decimals = 1 if (indicator.unit or "").strip() in {"%", "prosent"} else 0
    return {
        "pk": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline_value,
        "value": row.value,
        "value_date": row.value_date,
        "target": indicator.target_value,
        "target_date": indicator.target_date,
        "progress": row.progress,
        "decimals": decimals,
    }


def relevance_distribution(projects: Any) -> list[dict[str, Any]]:
    """How many relevance assessments gave each score 1–5 (projects in the dashboard's set)."""
    from django.db.models import Count

    from kunnskapsbro.projects.models import RelevanceAssessment

    counts = dict(
        RelevanceAssessment.objects.filter(project_id__in=projects.values("pk"))
        .values("relevance")
        .annotate(n=Count("id"))
        .values_list("relevance", "n")
    )
    return (
        [
            {"relevance": score, "label": str(score), "count": counts.get(score, 0)}
            for score in range(1, 6)
        ]
        if counts
        else []
    )


def dashboard_figures(
    *, partnership: Partnership, filters: DashboardFilters, user: Any
) -> dict[str, Any]:
    """The goal figures' data, language-independent (codes, numbers and names only, so
    ``figures.dashboard_data`` can cache it): unit load, relevance scores, milestone counts by
    status and the indicator rows."""
    if not goals_available():
        return {}
    from django.utils import timezone

    from kunnskapsbro.goals import selectors as goal_selectors

    from . import selectors

    projects = selectors.dashboard_projects(partnership=partnership, user=user, filters=filters)
    as_of = None
    if filters.year:
        # A past year: the values as they stood on 31 December; this year (or later): today.
        as_of = min(dt.date(filters.year, 12, 31), timezone.localdate())
    indicators = []
    for group in goal_selectors.goals_overview(partnership=partnership, user=user, as_of=as_of):
        if filters.focus_area and group.key != f"area-{filters.focus_area}":
            continue
        for _goal, rows in group.goals:
            for row in rows:
                item = _indicator(row)
                item["label"] = item["name"]
                item["progress_value"] = row.progress
                indicators.append(item)
    return {
        "unit_load": selectors.unit_load(partnership=partnership, projects=projects),
        "relevance": relevance_distribution(projects),
        "milestones": [
            (status, count)
            for status, _label, count in goal_selectors.milestone_counts(
                partnership=partnership, year=filters.year, focus_area=filters.focus_area
            )
        ],
        "indicators": indicators,
    }


def dashboard_charts(
    *,
    partnership: Partnership,
    slug: str,
    filters: DashboardFilters,
    user: Any,
    data: dict[str, Any] | None = None,
) -> list[Chart]:
    """Unit load against capacity, relevance, milestones by status, indicators against target
    (``data``: ``dashboard_figures``' result, read afresh when not given)."""
    if not goals_available():
        return []
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from kunnskapsbro.goals.models import MilestoneStatus
    from kunnskapsbro.projects.selectors import LOAD_STATES

    from .charts import Column, horizontal_bars, list_url

    if data is None:
        data = dashboard_figures(partnership=partnership, filters=filters, user=user)
    charts: list[Chart] = []
    load_states = sorted(LOAD_STATES)

    load_rows = []
    for row in data["unit_load"]:
        url = (
            reverse("projects:list")
            + "?"
            + urlencode(
                [("partnership", slug), *filters.list_params().items(), ("unit", row["unit"])]
                + [("status", s) for s in load_states]
            )
        )
        load_rows.append(
            {
                **row,
                "href": url,
                "state": _("Over kapasitet") if row["over"] else _("Innenfor kapasitet"),
            }
        )
    load_spec = horizontal_bars(
        title=_("Enhetenes belastning mot kapasitet"),
        description=_("Stolpediagram: prosjekter per enhet, med kapasiteten som strek."),
        values=load_rows,
        x="projects",
        x_title=_("Prosjekter (søkt, innvilget eller pågående)"),
    )
    bar_layer = {k: load_spec.pop(k) for k in ("mark", "encoding")}
    bar_layer["encoding"]["color"] = {
        "field": "state",
        "type": "nominal",
        "title": _("Belastning"),
        "scale": {"range": ["#1e6bb8", "#b91c1c"]},
    }
    tick_layer = {
        "mark": {"type": "tick", "color": "#1a1a1a", "thickness": 3},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None},
            "x": {"field": "capacity", "type": "quantitative"},
        },
    }
    load_spec["layer"] = [bar_layer, tick_layer]
    charts.append(
        Chart(
            key="unit_load",
            title=_("Enhetenes belastning mot kapasitet"),
            description=_(
                "Prosjekter en kommunal enhet deltar i som er søkt, innvilget eller pågående, mot "
                "hvor mange den har sagt den kan bære samtidig. Med år eller fokusområde valgt "
                "telles bare de av dem som pågår i året eller hører til fokusområdet."
            ),
            columns=[
                Column("label", _("Enhet")),
                Column("projects", _("Prosjekter"), "number"),
                Column("capacity", _("Kapasitet (prosjekter)"), "number"),
                Column("person_months", _("Personmåneder per år"), "number"),
                Column("capacity_person_months", _("Kapasitet (personmåneder)"), "number"),
                Column("state", _("Belastning")),
            ],
            rows=load_rows,
            spec=load_spec,
            list_url=list_url(slug, filters)
            + "&"
            + urlencode([("status", s) for s in load_states]),
        )
    )

    relevance_rows = [
        {**row, "href": list_url(slug, filters, status="assessment")} for row in data["relevance"]
    ]
    charts.append(
        Chart(
            key="relevance",
            title=_("Relevans vurdert av kommunen"),
            description=_(
                "Hvor mange vurderinger som ga hver relevans fra 1 (lav) til 5 (svært høy). "
                "Lenkene viser prosjektene som er til vurdering."
            ),
            columns=[Column("label", _("Relevans")), Column("count", _("Vurderinger"), "number")],
            rows=relevance_rows,
            spec=horizontal_bars(
                title=_("Relevans vurdert av kommunen"),
                description=_("Stolpediagram: antall vurderinger per relevans 1–5."),
                values=relevance_rows,
                x="count",
                x_title=_("Vurderinger"),
            ),
            list_url=list_url(slug, filters),
        )
    )

    overview = reverse("goals:overview", args=[slug])
    milestone_params = filters.list_params()

    def milestone_url(**extra: str) -> str:
        query = urlencode({**milestone_params, **extra})
        return overview + (f"?{query}" if query else "") + "#h-milestones"

    labels = dict(MilestoneStatus.choices)
    milestone_rows = [
        {
            "status": status,
            "label": str(labels.get(status, status)),
            "count": count,
            "href": milestone_url(status=status),
        }
        for status, count in data["milestones"]
    ]
    if not any(row["count"] for row in milestone_rows):
        milestone_rows = []
    charts.append(
        Chart(
            key="milestones",
            title=_("Milepæler etter status"),
            description=_(
                "Partnerskapets milepæler etter status. Med år valgt: milepæler med frist i "
                "året; med fokusområde valgt: milepæler for mål i fokusområdet."
            ),
            columns=[Column("label", _("Status")), Column("count", _("Milepæler"), "number")],
            rows=milestone_rows,
            spec=horizontal_bars(
                title=_("Milepæler etter status"),
                description=_("Stolpediagram: antall milepæler i hver status."),
                values=milestone_rows,
                x="count",
                x_title=_("Milepæler"),
            ),
            list_url=milestone_url(),
        )
    )

    indicator_rows = [
        {**item, "href": reverse("goals:indicator_detail", args=[item["pk"]])}
        for item in data["indicators"]
    ]
    charts.append(
        Chart(
            key="indicators",
            title=_("Indikatorer mot mål"),
            description=_(
                "Hvor langt hver indikator har kommet fra utgangspunktet mot målet, i prosent "
                "av avstanden; 100 betyr at målet er nådd. Med år valgt: verdiene per 31. "
                "desember det året; med fokusområde valgt: indikatorene for fokusområdets mål."
            ),
            columns=[
                Column("label", _("Indikator")),
                Column("unit", _("Enhet")),
                Column("baseline", _("Utgangspunkt"), "number"),
                Column("value", _("Siste verdi"), "number"),
                Column("target", _("Mål"), "number"),
                Column("progress_value", _("Framdrift mot målet"), "percent"),
            ],
            rows=indicator_rows,
            spec=horizontal_bars(
                title=_("Indikatorer mot mål"),
                description=_("Stolpediagram: framdrift mot målet for hver indikator."),
                values=[
                    {k: v for k, v in row.items() if k in {"label", "progress_value", "href"}}
                    for row in indicator_rows
                    if row["progress_value"] is not None
                ],
                x="progress_value",
                x_title=_("Framdrift mot målet (%)"),
                x_format=",.0f",
                x_domain=[0, 100],
            ),
            list_url=overview,
        )
    )
    return charts
