"""Attendance and follow-up points are internal: shown by accounts.permissions (readers of the
partnership's internal records, and the person themselves), not to every signed-in user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kunnskapsbro.meetings import services
from kunnskapsbro.tests_support.factories import (
    PartnershipFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(gov: Any) -> Any:
    services.attendance_record(meeting=gov.meeting, person=gov.chair)
    services.attendance_record(meeting=gov.meeting, person=gov.secretary)
    services.action_item_create(
        meeting=gov.meeting, title="Følg opp skolestart", owner=gov.chair,
        due_date=dt.date(2031, 4, 1),
    )  # fmt: skip
    return gov


def _client(gov: Any, who: str) -> Client:
    client = Client()
    if who == "anonymous":
        return client
    user = UserFactory(username=f"{who}-internal")
    if who == "viewer":
        RoleAssignmentFactory(user=user, role="viewer", partnership=gov.partnership)
    if who == "other":
        RoleAssignmentFactory(user=user, role="coordinator", partnership=PartnershipFactory())
    if who == "chair":
        gov.chair.user = user
        gov.chair.save(update_fields=["user"])
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "internal"),
    [("viewer", True), ("no_role", False), ("other", False), ("anonymous", False)],
)
def test_meeting_api_shows_attendance_to_readers_only(attended: Any, who: str, internal: bool):
    client = _client(attended, who)
    for data in (
        client.get(f"/api/v1/meetings/{attended.meeting.pk}").json(),
        client.get("/api/v1/meetings").json()["items"][0],
    ):
        assert bool(data["attendance"]) is internal, who


@pytest.mark.parametrize(
    ("who", "internal"),
    [("viewer", True), ("chair", True), ("no_role", False), ("other", False),
     ("anonymous", False)],
)  # fmt: skip
def test_person_panel_shows_follow_up_and_met_to_readers_and_self(
    attended: Any, who: str, internal: bool
):
    client = _client(attended, who)
    text = client.get(attended.chair.get_absolute_url()).content.decode()
    assert ("Følg opp skolestart" in text) is internal, who
    assert ("Kari Koordinator" in text) is internal, who  # «Har møtt»


def test_person_panel_hides_another_partnerships_follow_up(attended: Any) -> None:
    """A reader of one partnership does not see follow-up points of another's meetings."""
    other = PartnershipFactory()
    user = UserFactory(username="reader-elsewhere")
    RoleAssignmentFactory(user=user, role="viewer", partnership=other)
    PersonFactory()  # unrelated
    client = Client()
    client.force_login(user)
    text = client.get(attended.chair.get_absolute_url()).content.decode()
    assert "Følg opp skolestart" not in text
