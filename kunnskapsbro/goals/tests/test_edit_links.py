"""«Rediger» on milestones and activities is offered only to those who may edit goals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kunnskapsbro.goals import services
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    PartnershipFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_world(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory(slug="trd-links", name="TRD3.0")
    area = FocusAreaFactory(partnership=partnership, name="Helse")
    goal = services.goal_create(partnership=partnership, kind="result", title="Bedre helse")
    milestone = services.milestone_create(
        partnership=partnership, title="Pilot i gang", due_date=dt.date(2030, 1, 1), goal=goal
    )
    plan = services.action_plan_create(partnership=partnership, title="Plan", focus_area=area)
    activity = services.activity_create(plan=plan, title="Kartlegging")
    users = {}
    for role in ("viewer", "coordinator", "contributor"):
        users[role] = UserFactory(username=f"{role}-links")
        RoleAssignmentFactory(user=users[role], role=role, partnership=partnership)
    other = UserFactory(username="other-links")  # coordinator of another partnership
    RoleAssignmentFactory(user=other, role="coordinator", partnership=PartnershipFactory())
    users["other"] = other
    users["no_role"] = UserFactory(username="none-links")
    return {"p": partnership, "goal": goal, "milestone": milestone, "plan": plan,
            "activity": activity, "users": users}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "edits"),
    [("coordinator", True), ("viewer", False), ("contributor", False), ("other", False),
     ("no_role", False), ("anonymous", False)],
)  # fmt: skip
def test_edit_links_only_for_goal_editors(plan_world: dict[str, Any], who: str, edits: bool):
    client = Client()
    if who != "anonymous":
        client.force_login(plan_world["users"][who])
    milestone_edit = f"/mal/milepaeler/{plan_world['milestone'].pk}/rediger/"
    activity_edit = f"/mal/tiltak/{plan_world['activity'].pk}/rediger/"
    plan_edit = f"/mal/handlingsplaner/{plan_world['plan'].pk}/rediger/"
    pages = {
        f"/mal/partnerskap/{plan_world['p'].slug}/": [milestone_edit],
        f"/mal/{plan_world['goal'].pk}/": [milestone_edit],
        f"/mal/partnerskap/{plan_world['p'].slug}/handlingsplaner/": [activity_edit],
        f"/mal/handlingsplaner/{plan_world['plan'].pk}/": [activity_edit, plan_edit],
    }
    for url, links in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for link in links:
            assert (link in text) is edits, f"{who}: {link} on {url}"
