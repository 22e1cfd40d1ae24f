"""Reads for goals and follow-up: the overview per partnership, one goal, one indicator, what
an owner must measure, milestones and action plans. Pages, API and reports read through here.

Every list owns its query shape; computed indicator values come from ``indicators.py`` in a
fixed number of queries however many indicators a page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kunnskapsbro.partnerships.models import Partnership

from .indicators import IndicatorValue, indicator_values
from .models import (
    ActionPlan,
    Activity,
    Goal,
    GoalScope,
    Indicator,
    IndicatorMethod,
    Measurement,
    Milestone,
    MilestoneStatus,
    ReportingPeriod,
)


def _can_see_internal(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def goal_visible_to(user: Any) -> QuerySet[Goal]:
    """Goals this user may see: those of partnerships they may see, and a project's goal only
    when they may see the project (``accounts.permissions``; one SQL condition)."""
    from kunnskapsbro.accounts import permissions
    from kunnskapsbro.partnerships.models import Partnership

    queryset = Goal.objects.filter(
        partnership__in=permissions.visible_partnerships(user, Partnership.objects.all())
    )
    condition = permissions.project_visibility_q(user, prefix="project__")
    if condition is not None:
        queryset = queryset.filter(~Q(scope=GoalScope.PROJECT) | condition)
    return queryset


def indicator_queryset() -> QuerySet[Indicator]:
    """Indicators with their goal, owner, partner and measurements (newest first)."""
    return Indicator.objects.select_related(
        "goal", "goal__focus_area", "goal__element", "owner", "partner"
    ).prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("-date", "-id"))
    )


def goal_list(
    *, partnership: Partnership, user: Any = None, kind: str = "", focus_area: int | None = None
) -> QuerySet[Goal]:
    """A partnership's goals with their scope, indicators and milestones (a fixed query count)."""
    queryset = goal_visible_to(user).filter(partnership=partnership)
    if kind:
        queryset = queryset.filter(kind=kind)
    if focus_area:
        queryset = queryset.filter(focus_area_id=focus_area)
    return (
        queryset.select_related("partnership", "focus_area", "element", "project")
        .prefetch_related(
            Prefetch("indicators", queryset=indicator_queryset()),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
        )
        .order_by("scope", "focus_area__order", "element__order", "order", "id")
    )


@dataclass
class IndicatorRow:
    """An indicator with its current value (measured or computed) and how far it has come."""

    indicator: Indicator
    value: Decimal | None
    value_date: dt.date | None
    available: bool = True
    note: str = ""
    progress: int | None = None  # percent of the way from baseline to target, 0–100
    on_target: bool | None = None
    breakdown: dict[str, Any] = field(default_factory=dict)


def progress_towards_target(
    *, baseline: Decimal | None, target: Decimal | None, value: Decimal | None
) -> int | None:
    """Percent of the distance from baseline (or 0) to target covered by ``value``, 0–100."""
    if value is None or target is None:
        return None
    start = baseline if baseline is not None else Decimal(0)
    if target == start:
        return 100 if value == target else 0
    share = (Decimal(value) - start) / (Decimal(target) - start) * 100
    return int(max(Decimal(0), min(Decimal(100), share)))


def indicator_rows(
    indicators: list[Indicator], *, as_of: dt.date | None = None
) -> list[IndicatorRow]:
    """Rows for indicators fetched with ``indicator_queryset()`` (measurements prefetched)."""
    computed = indicator_values(indicators, as_of=as_of)
    rows = []
    for indicator in indicators:
        if indicator.is_computed:
            result = computed.get(indicator.pk) or IndicatorValue(None, available=False)
            value, value_date = result.value, result.as_of
            available, note, breakdown = result.available, result.note, result.breakdown
        else:
            # Newest first (prefetched); as of a date, the newest measured on or before it.
            measurements = [
                m for m in indicator.measurements.all() if as_of is None or m.date <= as_of
            ]
            latest = measurements[0] if measurements else None
            value = latest.value if latest else None
            value_date = latest.date if latest else None
            available, note, breakdown = latest is not None, "", {}
        progress = progress_towards_target(
            baseline=indicator.baseline_value, target=indicator.target_value, value=value
        )
        rows.append(
            IndicatorRow(
                indicator=indicator,
                value=value,
                value_date=value_date,
                available=available,
                note=note,
                progress=progress,
                on_target=None if progress is None else progress >= 100,
                breakdown=breakdown,
            )
        )
    return rows


@dataclass
class GoalGroup:
    """Goals under one heading of the overview: the partnership, a focus area, an element."""

    key: str
    title: str
    goals: list[tuple[Goal, list[IndicatorRow]]]


def goals_overview(
    *, partnership: Partnership, user: Any = None, as_of: dt.date | None = None
) -> list[GoalGroup]:
    """The partnership's goals grouped by scope, each with its indicators' values."""
    from django.utils.translation import gettext as _

    goals = list(goal_list(partnership=partnership, user=user))
    all_indicators = [i for goal in goals for i in goal.indicators.all()]
    rows = {row.indicator.pk: row for row in indicator_rows(all_indicators, as_of=as_of)}
    groups: dict[str, GoalGroup] = {}
    for goal in goals:
        if goal.scope == GoalScope.FOCUS_AREA:
            key, title = f"area-{goal.focus_area_id}", str(goal.focus_area)
        elif goal.scope == GoalScope.ELEMENT:
            key, title = f"element-{goal.element_id}", str(goal.element)
        elif goal.scope == GoalScope.PROJECT:
            key, title = "projects", _("Prosjekter")
        else:
            key, title = "partnership", _("Hele partnerskapet")
        group = groups.setdefault(key, GoalGroup(key=key, title=title, goals=[]))
        group.goals.append((goal, [rows[i.pk] for i in goal.indicators.all()]))
    return list(groups.values())


def goal_detail(*, user: Any, pk: int) -> Goal:
    try:
        return (
            goal_visible_to(user)
            .select_related("partnership", "focus_area", "element", "project")
            .prefetch_related(
                Prefetch("indicators", queryset=indicator_queryset()),
                Prefetch(
                    "milestones",
                    queryset=Milestone.objects.select_related("owner").order_by("due_date", "id"),
                ),
                Prefetch(
                    "activities", queryset=Activity.objects.select_related("plan", "responsible")
                ),
            )
            .get(pk=pk)
        )
    except Goal.DoesNotExist as exc:
        raise Http404("goal not found") from exc


def indicator_detail(*, user: Any, pk: int) -> Indicator:
    try:
        return indicator_queryset().filter(goal__in=goal_visible_to(user)).get(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404("indicator not found") from exc


def indicator_list(
    *, user: Any, partnership: Partnership | None = None, method: str = ""
) -> QuerySet[Indicator]:
    queryset = indicator_queryset().filter(goal__in=goal_visible_to(user))
    if partnership is not None:
        queryset = queryset.filter(goal__partnership=partnership)
    if method:
        queryset = queryset.filter(method=method)
    return queryset.order_by("goal__partnership_id", "goal_id", "order", "id")


# --- what is due ------------------------------------------------------------------------


def _period_start(day: dt.date, period: str) -> dt.date:
    if period == ReportingPeriod.MONTHLY:
        return day.replace(day=1)
    if period == ReportingPeriod.QUARTERLY:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def _period_end(day: dt.date, period: str) -> dt.date:
    start = _period_start(day, period)
    months = {ReportingPeriod.MONTHLY: 1, ReportingPeriod.QUARTERLY: 3}.get(period, 12)
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def next_measurement_due(
    *, period: str, last: dt.date | None, today: dt.date | None = None
) -> dt.date:
    """When the next measurement is due: the end of the period after the last one measured.

    Never measured: the end of the current period. A monthly indicator measured in February
    is next due at the end of March; a yearly one measured in 2024 at 31 December 2025.
    """
    today = today or timezone.localdate()
    if last is None:
        return _period_end(today, period)
    return _period_end(_period_end(last, period) + dt.timedelta(days=1), period)


@dataclass
class DueMeasurement:
    indicator: Indicator
    last: Measurement | None
    due: dt.date
    state: str  # "overdue" | "due" | "later"


def indicators_due_for(*, user: Any, today: dt.date | None = None) -> list[DueMeasurement]:
    """The manual indicators the user's person owns, with when each is next due (2 queries)."""
    today = today or timezone.localdate()
    if not _can_see_internal(user):
        return []
    indicators = (
        indicator_queryset()
        .filter(owner__user=user, method=IndicatorMethod.MANUAL)
        .select_related("goal__partnership")
    )
    result = []
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        last = measurements[0] if measurements else None
        due = next_measurement_due(
            period=indicator.reporting_period, last=last.date if last else None, today=today
        )
        if due < today:
            state = "overdue"
        elif _period_start(due, indicator.reporting_period) <= today:
            state = "due"
        else:
            state = "later"
        result.append(DueMeasurement(indicator=indicator, last=last, due=due, state=state))
    order = {"overdue": 0, "due": 1, "later": 2}
    result.sort(key=lambda item: (order[item.state], item.due, item.indicator.name))
    return result


# --- milestones and action plans --------------------------------------------------------


def _milestones_in(
    queryset: QuerySet[Milestone], *, year: int | None, focus_area: int | None
) -> QuerySet[Milestone]:
    """Milestones due in ``year``; of a goal for ``focus_area`` (the dashboard's filters)."""
    if year:
        queryset = queryset.filter(due_date__year=year)
    if focus_area:
        queryset = queryset.filter(goal__focus_area_id=focus_area)
    return queryset


def milestone_list(
    *,
    partnership: Partnership,
    status: list[str] | None = None,
    year: int | None = None,
    focus_area: int | None = None,
) -> QuerySet[Milestone]:
    queryset = Milestone.objects.filter(partnership=partnership).select_related("goal", "owner")
    if status:
        queryset = queryset.filter(status__in=status)
    queryset = _milestones_in(queryset, year=year, focus_area=focus_area)
    return queryset.order_by("due_date", "id")


def milestone_detail(*, pk: int) -> Milestone:
    try:
        return Milestone.objects.select_related("partnership", "goal", "owner").get(pk=pk)
    except Milestone.DoesNotExist as exc:
        raise Http404("milestone not found") from exc


def milestone_counts(
    *, partnership: Partnership, year: int | None = None, focus_area: int | None = None
) -> list[tuple[str, str, int]]:
    """(status, label, count) for every milestone status, in order, zeros included.

    ``year``: due in that year; ``focus_area``: milestones of a goal for that focus area.
    """
    queryset = _milestones_in(
        Milestone.objects.filter(partnership=partnership), year=year, focus_area=focus_area
    )
    counts = dict(
        queryset.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [
        (status, str(label), counts.get(status, 0)) for status, label in MilestoneStatus.choices
    ]


def milestones_overdue(*, partnership: Partnership, today: dt.date | None = None) -> QuerySet:
    """Milestones past their due date that are neither achieved nor marked missed."""
    today = today or timezone.localdate()
    return milestone_list(partnership=partnership).filter(
        Q(due_date__lt=today) & ~Q(status__in=[MilestoneStatus.ACHIEVED, MilestoneStatus.MISSED])
    )


def action_plan_list(*, partnership: Partnership) -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.filter(partnership=partnership)
        .select_related("focus_area", "element")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("responsible", "goal").order_by(
                    "order", "due_date", "id"
                ),
            )
        )
        .order_by("focus_area__order", "element__order", "-start_date", "title")
    )


def action_plan_detail(*, pk: int) -> ActionPlan:
    try:
        return (
            ActionPlan.objects.select_related("partnership", "focus_area", "element")
            .prefetch_related(
                Prefetch(
                    "activities",
                    queryset=Activity.objects.select_related("responsible", "goal").order_by(
                        "order", "due_date", "id"
                    ),
                )
            )
            .get(pk=pk)
        )
    except ActionPlan.DoesNotExist as exc:
        raise Http404("action plan not found") from exc


def activity_detail(*, pk: int) -> Activity:
    try:
        return Activity.objects.select_related("plan", "plan__partnership").get(pk=pk)
    except Activity.DoesNotExist as exc:
        raise Http404("activity not found") from exc


def partnership_by_slug(slug: str) -> Partnership:
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist as exc:
        raise Http404("partnership not found") from exc


# --- choices for the goals forms ----------------------------------------------------------


def goal_choices(*, partnership_id: int, kind: str = "") -> QuerySet[Goal]:
    """The partnership's goals for a select (optionally only result or effect goals)."""
    queryset = Goal.objects.filter(partnership_id=partnership_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("scope", "order", "id")


def person_choices() -> QuerySet[Any]:
    """People who can own an indicator or be responsible for an activity."""
    from kunnskapsbro.organizations.models import Person

    return Person.objects.order_by("last_name", "first_name", "id")


def partner_choices(*, partnership_id: int) -> QuerySet[Any]:
    """The partnership's parties: the organisations a portfolio share can be computed for."""
    from kunnskapsbro.organizations.models import Organization

    return (
        Organization.objects.filter(partnership_links__partnership_id=partnership_id)
        .order_by("name")
        .distinct()
    )


def scope_choices(*, partnership_id: int) -> dict[str, QuerySet[Any]]:
    """Focus areas, cross-cutting elements and projects a goal or action plan can be about."""
    from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea
    from kunnskapsbro.projects.models import Project

    return {
        "focus_area": FocusArea.objects.filter(partnership_id=partnership_id).order_by(
            "order", "name"
        ),
        "element": CrossCuttingElement.objects.filter(partnership_id=partnership_id).order_by(
            "order", "name"
        ),
        "project": Project.objects.filter(partnership_id=partnership_id).order_by("title", "id"),
    }
