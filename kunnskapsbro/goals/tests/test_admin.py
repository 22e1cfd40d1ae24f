"""The goals models in the Django admin, with history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from kunnskapsbro.goals import services
from kunnskapsbro.tests_support.factories import FocusAreaFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_change_and_history_pages(client):
    admin = get_user_model().objects.create_superuser("admin", "a@example.no", "pw-admin-123")
    client.force_login(admin)
    p = PartnershipFactory()
    area = FocusAreaFactory(partnership=p)
    goal = services.goal_create(partnership=p, kind="effect", title="Trygt hjemme", actor=admin)
    indicator = services.indicator_create(goal=goal, name="Andel", unit="%")
    measurement = services.measurement_create(
        indicator=indicator, value=1, date=dt.date(2025, 1, 1)
    )
    milestone = services.milestone_create(partnership=p, title="M", due_date=dt.date(2025, 1, 1))
    plan = services.action_plan_create(partnership=p, title="Plan", focus_area=area)
    activity = services.activity_create(plan=plan, title="Tiltak")
    for name, obj in [("goal", goal), ("indicator", indicator), ("measurement", measurement),
                      ("milestone", milestone), ("actionplan", plan), ("activity", activity)]:  # fmt: skip
        base = f"/admin/goals/{name}/"
        assert client.get(base).status_code == 200, name
        assert client.get(f"{base}{obj.pk}/change/").status_code == 200, name
        assert client.get(f"{base}{obj.pk}/history/").status_code == 200, name
