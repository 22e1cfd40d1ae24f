"""Goals services: scope rules, indicator rules, measurements, milestones, history user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kunnskapsbro.goals import selectors, services
from kunnskapsbro.goals.models import Goal, Measurement
from kunnskapsbro.tests_support.factories import (
    CrossCuttingElementFactory,
    FocusAreaFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_goal_scope_follows_the_one_key_given(coordinator_user):
    p = PartnershipFactory()
    area = FocusAreaFactory(partnership=p)
    goal = services.goal_create(
        partnership=p, kind="effect", title=" Bedre helse ", focus_area=area, actor=coordinator_user
    )
    assert (goal.scope, goal.title) == ("focus_area", "Bedre helse")
    assert goal.history.first().history_user == coordinator_user
    assert services.goal_create(partnership=p, kind="result", title="X").scope == "partnership"
    project_goal = services.goal_create(
        partnership=p, kind="result", title="Y", project=ProjectFactory(partnership=p)
    )
    assert project_goal.scope == "project"


def test_goal_refuses_two_scopes_and_foreign_scope():
    p = PartnershipFactory()
    with pytest.raises(ValidationError) as exc:
        services.goal_create(
            partnership=p,
            kind="result",
            title="X",
            focus_area=FocusAreaFactory(partnership=p),
            element=CrossCuttingElementFactory(partnership=p),
        )
    assert "scope" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.goal_create(partnership=p, kind="result", title="X", focus_area=FocusAreaFactory())
    assert "focus_area" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.goal_create(partnership=p, kind="nonsense", title="X")
    assert "kind" in exc.value.message_dict
    assert Goal.objects.count() == 0


def test_database_refuses_a_goal_with_inconsistent_scope():
    p = PartnershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(
            partnership=p, kind="result", scope="partnership", title="X",
            focus_area=FocusAreaFactory(partnership=p),
        )  # fmt: skip


def test_indicator_rules():
    goal = services.goal_create(partnership=PartnershipFactory(), kind="result", title="X")
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(goal=goal, name="Beregnet", method="computed")
    assert "computed_kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(
            goal=goal, name="Andel", method="computed", computed_kind="partner_share"
        )
    assert "partner" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(
            goal=goal,
            name="Manuell",
            baseline_value=1,
            baseline_date=dt.date(2025, 1, 1),
            target_value=5,
            target_date=dt.date(2024, 1, 1),
        )
    assert "target_date" in exc.value.message_dict
    assert goal.indicators.count() == 0


def test_measurements_only_on_manual_indicators_once_per_date(coordinator_user):
    goal = services.goal_create(partnership=PartnershipFactory(), kind="result", title="X")
    manual = services.indicator_create(goal=goal, name="Tilfredshet", unit="%")
    computed = services.indicator_create(
        goal=goal, name="Aktive", method="computed", computed_kind="active_projects"
    )
    day = dt.date(2025, 3, 1)
    m = services.measurement_create(
        indicator=manual, value="72.5", date=day, source="Undersøkelse", actor=coordinator_user
    )
    assert m.recorded_by == coordinator_user
    with pytest.raises(ValidationError) as exc:
        services.measurement_create(indicator=manual, value=1, date=day)
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.measurement_create(indicator=computed, value=1, date=day)
    assert "value" in exc.value.message_dict
    future = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.measurement_create(indicator=manual, value=1, date=future)
    assert "date" in exc.value.message_dict
    assert Measurement.objects.count() == 1


def test_milestone_achieved_needs_evidence():
    p = PartnershipFactory()
    milestone = services.milestone_create(
        partnership=p, title="Plan vedtatt", due_date=dt.date(2025, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.milestone_update(milestone=milestone, data={"status": "achieved"})
    assert "evidence" in exc.value.message_dict
    milestone.refresh_from_db()
    assert milestone.status == "planned"
    services.milestone_update(
        milestone=milestone, data={"status": "achieved", "evidence": "Vedtak i styringsgruppen"}
    )
    milestone.refresh_from_db()
    assert milestone.status == "achieved" and milestone.achieved_on == timezone.localdate()
    other_goal = services.goal_create(partnership=PartnershipFactory(), kind="result", title="Y")
    with pytest.raises(ValidationError):
        services.milestone_update(milestone=milestone, data={"goal": other_goal})


def test_action_plan_needs_one_area_or_element():
    p = PartnershipFactory()
    with pytest.raises(ValidationError):
        services.action_plan_create(partnership=p, title="Plan")
    plan = services.action_plan_create(
        partnership=p, title="Plan", focus_area=FocusAreaFactory(partnership=p)
    )
    activity = services.activity_create(
        plan=plan, title="Frokostmøte", due_date=dt.date(2025, 9, 1)
    )
    services.activity_update(activity=activity, data={"status": "done"})
    activity.refresh_from_db()
    assert activity.status == "done"


@pytest.mark.parametrize(
    ("period", "last", "due"),
    [
        ("monthly", dt.date(2025, 2, 10), dt.date(2025, 3, 31)),
        ("quarterly", dt.date(2025, 2, 10), dt.date(2025, 6, 30)),
        ("quarterly", dt.date(2025, 12, 31), dt.date(2026, 3, 31)),
        ("yearly", dt.date(2024, 5, 1), dt.date(2025, 12, 31)),
        ("monthly", None, dt.date(2025, 6, 30)),
    ],
)
def test_next_measurement_due(period, last, due):
    assert (
        selectors.next_measurement_due(period=period, last=last, today=dt.date(2025, 6, 15)) == due
    )


def test_indicators_due_for_owner(unit_leader_user):
    person = PersonFactory(user=unit_leader_user)
    goal = services.goal_create(partnership=PartnershipFactory(), kind="result", title="X")
    overdue = services.indicator_create(
        goal=goal, name="Månedlig", owner=person, reporting_period="monthly"
    )
    services.measurement_create(indicator=overdue, value=1, date=dt.date(2025, 3, 5))
    due = services.indicator_create(
        goal=goal, name="Årlig", owner=person, reporting_period="yearly"
    )
    services.indicator_create(goal=goal, name="Noen andres", owner=PersonFactory())
    rows = selectors.indicators_due_for(user=unit_leader_user, today=dt.date(2025, 6, 15))
    assert [(r.indicator, r.state) for r in rows] == [(overdue, "overdue"), (due, "due")]
