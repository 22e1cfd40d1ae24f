"""Writes for goals and follow-up. Pages, API, the demo and commands all come through here.

Keyword-only, atomic, ``full_clean()``, errors keyed by field name, the acting user stamped on
the history rows (``_history_user``), like ``projects/services.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.utils import apply_fields
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership

from .models import (
    ActionPlan,
    Activity,
    ComputedKind,
    Goal,
    GoalScope,
    Indicator,
    IndicatorMethod,
    Measurement,
    Milestone,
    MilestoneStatus,
)

GOAL_FIELDS = {"kind", "title", "description", "order"}
INDICATOR_FIELDS = {
    "name",
    "description",
    "unit",
    "method",
    "computed_kind",
    "partner",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "owner",
    "reporting_period",
    "order",
}
MILESTONE_FIELDS = {
    "goal",
    "title",
    "description",
    "due_date",
    "status",
    "evidence",
    "evidence_url",
    "achieved_on",
    "owner",
}
PLAN_FIELDS = {"title", "description", "status", "start_date", "end_date", "adopted_on"}
ACTIVITY_FIELDS = {"title", "description", "responsible", "due_date", "status", "goal", "order"}


def _stamp(instance: Any, actor: Any) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- goals ------------------------------------------------------------------------------


def _authorize(actor: Any, partnership_id: int | None) -> None:
    """Goals, indicators, milestones and action plans: refused (PermissionDenied) unless the
    actor may edit the partnership's goals (no partnership: validation names the field)."""
    if partnership_id is not None:
        permissions.authorize(actor, permissions.can_edit_goals, partnership_id)


def _goal_scope(
    *,
    partnership: Partnership,
    focus_area: FocusArea | None,
    element: CrossCuttingElement | None,
    project: Any,
) -> str:
    given = [
        name
        for name, value in (("focus_area", focus_area), ("element", element), ("project", project))
        if value is not None
    ]
    if len(given) > 1:
        raise ValidationError(
            {
                "scope": _(
                    "Et mål gjelder hele partnerskapet, ett fokusområde, ett tverrgående "
                    "element eller ett prosjekt – ikke flere samtidig."
                )
            }
        )
    for name, value in (("focus_area", focus_area), ("element", element), ("project", project)):
        if value is not None and value.partnership_id != partnership.pk:
            raise ValidationError(
                {name: _("«%(name)s» hører ikke til %(p)s.") % {"name": value, "p": partnership}}
            )
    return given[0] if given else GoalScope.PARTNERSHIP


@transaction.atomic
def goal_create(
    *,
    partnership: Partnership,
    kind: str,
    title: str,
    actor: Any = None,
    focus_area: FocusArea | None = None,
    element: CrossCuttingElement | None = None,
    project: Any = None,
    description: str = "",
    order: int = 0,
) -> Goal:
    """Set a result or effect goal for the partnership, a focus area, an element or a project."""
    _authorize(actor, getattr(partnership, "pk", None))
    scope = _goal_scope(
        partnership=partnership, focus_area=focus_area, element=element, project=project
    )
    goal = Goal(
        partnership=partnership,
        kind=kind,
        scope=scope,
        focus_area=focus_area,
        element=element,
        project=project,
        title=(title or "").strip(),
        description=description,
        order=order,
    )
    goal.full_clean()
    _stamp(goal, actor)
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, actor: Any = None, data: Mapping[str, Any]) -> Goal:
    """Change a goal's kind, title, description or order (its scope stays)."""
    _authorize(actor, goal.partnership_id)
    data = dict(data)
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
    changed = apply_fields(goal, data, GOAL_FIELDS)
    goal.full_clean()
    if changed:
        _stamp(goal, actor)
        goal.save()
    return goal


# --- indicators -------------------------------------------------------------------------


def _validate_indicator(indicator: Indicator) -> None:
    if indicator.method == IndicatorMethod.COMPUTED and not indicator.computed_kind:
        raise ValidationError(
            {"computed_kind": _("Velg hva systemet skal beregne for en beregnet indikator.")}
        )
    if indicator.method == IndicatorMethod.MANUAL:
        indicator.computed_kind = ""
    if indicator.computed_kind != ComputedKind.PARTNER_SHARE:
        indicator.partner = None
    elif indicator.partner is None:
        raise ValidationError(
            {"partner": _("Velg partneren andelen av porteføljen skal beregnes for.")}
        )
    if (
        indicator.baseline_date
        and indicator.target_date
        and indicator.target_date < indicator.baseline_date
    ):
        raise ValidationError(
            {
                "target_date": _(
                    "Måldatoen (%(t)s) kan ikke være før utgangsverdiens dato (%(b)s)."
                )
                % {
                    "t": indicator.target_date.strftime("%d.%m.%Y"),
                    "b": indicator.baseline_date.strftime("%d.%m.%Y"),
                }
            }
        )
    if indicator.baseline_value is not None and indicator.baseline_date is None:
        raise ValidationError({"baseline_date": _("Oppgi datoen utgangsverdien gjelder for.")})
    if indicator.target_value is not None and indicator.target_date is None:
        raise ValidationError({"target_date": _("Oppgi når målverdien skal være nådd.")})


@transaction.atomic
def indicator_create(*, goal: Goal, name: str, actor: Any = None, **fields: Any) -> Indicator:
    """Add an indicator to a goal: measured by its owner, or computed by the system."""
    _authorize(actor, goal.partnership_id)
    indicator = Indicator(goal=goal, name=(name or "").strip())
    apply_fields(indicator, fields, INDICATOR_FIELDS)
    _validate_indicator(indicator)
    indicator.full_clean()
    _stamp(indicator, actor)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor: Any = None, data: Mapping[str, Any]
) -> Indicator:
    """Change an indicator's definition, baseline, target, owner or period."""
    _authorize(actor, indicator.goal.partnership_id)
    data = dict(data)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    if data.get("method") == IndicatorMethod.MANUAL or (
        "method" not in data and indicator.method == IndicatorMethod.MANUAL
    ):
        data.setdefault("computed_kind", "")
    was_manual = indicator.method == IndicatorMethod.MANUAL
    changed = apply_fields(indicator, data, INDICATOR_FIELDS)
    _validate_indicator(indicator)
    if was_manual and indicator.is_computed and indicator.measurements.exists():
        raise ValidationError(
            {
                "method": _(
                    "Indikatoren har registrerte målinger og kan ikke gjøres om til en "
                    "beregnet indikator."
                )
            }
        )
    indicator.full_clean()
    if changed:
        _stamp(indicator, actor)
        indicator.save()
    return indicator


@transaction.atomic
def measurement_create(
    *,
    indicator: Indicator,
    value: Decimal | int | str,
    date: dt.date,
    actor: Any = None,
    source: str = "",
    comment: str = "",
) -> Measurement:
    """Record a measured value of a manual indicator (computed ones are never typed)."""
    permissions.authorize(actor, permissions.can_measure, indicator, indicator.goal.partnership_id)
    if indicator.is_computed:
        raise ValidationError(
            {
                "value": _("«%(name)s» beregnes av systemet og kan ikke registreres for hånd.")
                % {"name": indicator.name}
            }
        )
    if date is None:
        raise ValidationError({"date": _("Oppgi datoen målingen gjelder for.")})
    if date > timezone.localdate():
        raise ValidationError(
            {
                "date": _("En måling kan ikke gjelde en dato fram i tid (%(d)s).")
                % {"d": date.strftime("%d.%m.%Y")}
            }
        )
    if Measurement.objects.filter(indicator=indicator, date=date).exists():
        raise ValidationError(
            {
                "date": _("Det finnes allerede en måling for %(d)s på denne indikatoren.")
                % {"d": date.strftime("%d.%m.%Y")}
            }
        )
    try:
        value = Decimal(str(value))
    except ArithmeticError as exc:
        raise ValidationError({"value": _("Verdien må være et tall.")}) from exc
    measurement = Measurement(
        indicator=indicator,
        value=value,
        date=date,
        source=(source or "").strip(),
        comment=(comment or "").strip(),
        recorded_by=_user(actor),
    )
    measurement.full_clean()
    _stamp(measurement, actor)
    measurement.save()
    return measurement


# --- milestones -------------------------------------------------------------------------


def _validate_milestone(milestone: Milestone) -> None:
    if milestone.goal is not None and milestone.goal.partnership_id != milestone.partnership_id:
        raise ValidationError({"goal": _("Målet hører til et annet partnerskap.")})
    if milestone.status == MilestoneStatus.ACHIEVED:
        if not (milestone.evidence or "").strip() and not milestone.evidence_url:
            raise ValidationError(
                {"evidence": _("Beskriv hva som viser at milepælen er nådd (dokumentasjon).")}
            )
        if milestone.achieved_on is None:
            milestone.achieved_on = timezone.localdate()
    elif milestone.status != MilestoneStatus.ACHIEVED:
        milestone.achieved_on = None


@transaction.atomic
def milestone_create(
    *,
    partnership: Partnership,
    title: str,
    due_date: dt.date,
    actor: Any = None,
    **fields: Any,
) -> Milestone:
    """Add a milestone (with a due date) to the partnership, optionally under a goal."""
    _authorize(actor, getattr(partnership, "pk", None))
    milestone = Milestone(partnership=partnership, title=(title or "").strip(), due_date=due_date)
    apply_fields(milestone, fields, MILESTONE_FIELDS)
    _validate_milestone(milestone)
    milestone.full_clean()
    _stamp(milestone, actor)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, actor: Any = None, data: Mapping[str, Any]
) -> Milestone:
    """Change a milestone; marking it achieved requires evidence."""
    _authorize(actor, milestone.partnership_id)
    data = dict(data)
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
    changed = apply_fields(milestone, data, MILESTONE_FIELDS)
    _validate_milestone(milestone)
    milestone.full_clean()
    if changed:
        _stamp(milestone, actor)
        milestone.save()
    return milestone


# --- action plans -----------------------------------------------------------------------


@transaction.atomic
def action_plan_create(
    *,
    partnership: Partnership,
    title: str,
    actor: Any = None,
    focus_area: FocusArea | None = None,
    element: CrossCuttingElement | None = None,
    **fields: Any,
) -> ActionPlan:
    """A handlingsplan for one focus area or one cross-cutting element."""
    _authorize(actor, getattr(partnership, "pk", None))
    if (focus_area is None) == (element is None):
        raise ValidationError(
            {"focus_area": _("En handlingsplan gjelder ett fokusområde eller ett element.")}
        )
    for name, value in (("focus_area", focus_area), ("element", element)):
        if value is not None and value.partnership_id != partnership.pk:
            raise ValidationError(
                {name: _("«%(name)s» hører ikke til %(p)s.") % {"name": value, "p": partnership}}
            )
    plan = ActionPlan(
        partnership=partnership,
        focus_area=focus_area,
        element=element,
        title=(title or "").strip(),
    )
    apply_fields(plan, fields, PLAN_FIELDS)
    if plan.start_date and plan.end_date and plan.end_date < plan.start_date:
        raise ValidationError({"end_date": _("Sluttdatoen kan ikke være før startdatoen.")})
    plan.full_clean()
    _stamp(plan, actor)
    plan.save()
    return plan


@transaction.atomic
def action_plan_update(
    *, plan: ActionPlan, actor: Any = None, data: Mapping[str, Any]
) -> ActionPlan:
    _authorize(actor, plan.partnership_id)
    changed = apply_fields(plan, dict(data), PLAN_FIELDS)
    if plan.start_date and plan.end_date and plan.end_date < plan.start_date:
        raise ValidationError({"end_date": _("Sluttdatoen kan ikke være før startdatoen.")})
    plan.full_clean()
    if changed:
        _stamp(plan, actor)
        plan.save()
    return plan


def _validate_activity(activity: Activity) -> None:
    if activity.goal is not None and activity.goal.partnership_id != activity.plan.partnership_id:
        raise ValidationError({"goal": _("Målet hører til et annet partnerskap.")})


@transaction.atomic
def activity_create(*, plan: ActionPlan, title: str, actor: Any = None, **fields: Any) -> Activity:
    """Add an activity (tiltak) to an action plan."""
    _authorize(actor, plan.partnership_id)
    activity = Activity(plan=plan, title=(title or "").strip())
    apply_fields(activity, fields, ACTIVITY_FIELDS)
    _validate_activity(activity)
    activity.full_clean()
    _stamp(activity, actor)
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor: Any = None, data: Mapping[str, Any]) -> Activity:
    _authorize(actor, activity.plan.partnership_id)
    changed = apply_fields(activity, dict(data), ACTIVITY_FIELDS)
    _validate_activity(activity)
    activity.full_clean()
    if changed:
        _stamp(activity, actor)
        activity.save()
    return activity
