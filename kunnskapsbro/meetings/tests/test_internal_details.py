"""Attendance and follow-up points are internal: shown by accounts.permissions (readers of the
partnership's internal records, and the person themselves), not to every signed-in user, even
for a public meeting of a public partnership."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

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


FOLLOW_UP = {
    # who → the follow-up points of the public meeting they see (page, API detail and lists)
    "anonymous": set(),
    "no_role": set(),
    "other": set(),  # a coordinator of another partnership
    "viewer": {"Følg opp skolestart", "Send søknaden"},
    "chair": {"Følg opp skolestart"},  # the owner: their own point, not the others'
}


@pytest.fixture
def two_points(attended: Any) -> Any:
    services.action_item_create(
        meeting=attended.meeting, title="Send søknaden", owner=attended.secretary,
        due_date=dt.date(2031, 5, 1),
    )  # fmt: skip
    return attended


@pytest.mark.parametrize(("who", "expected"), list(FOLLOW_UP.items()))
def test_meeting_page_shows_follow_up_to_readers_and_owners_only(
    two_points: Any, who: str, expected: set[str]
) -> None:
    assert two_points.meeting.is_public and two_points.partnership.is_public
    response = _client(two_points, who).get(two_points.meeting.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert {t for t in FOLLOW_UP["viewer"] if t in text} == expected, who
    assert ('id="h-actions"' in text) is bool(expected), who  # no empty section either


@pytest.mark.parametrize(("who", "expected"), list(FOLLOW_UP.items()))
def test_meeting_api_shows_follow_up_to_readers_and_owners_only(
    two_points: Any, who: str, expected: set[str]
) -> None:
    client = _client(two_points, who)
    detail = client.get(f"/api/v1/meetings/{two_points.meeting.pk}")
    assert detail.status_code == 200
    listed = client.get("/api/v1/meetings").json()["items"]
    for data in (detail.json(), *listed):
        assert {a["title"] for a in data["action_items"]} == expected, who
    # The agenda and its decisions stay public.
    assert detail.json()["title"] == two_points.meeting.title


@pytest.mark.parametrize(("who", "expected"), list(FOLLOW_UP.items()))
def test_action_item_list_shows_follow_up_to_readers_and_owners_only(
    two_points: Any, who: str, expected: set[str]
) -> None:
    response = _client(two_points, who).get("/api/v1/action-items")
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert {a["title"] for a in response.json()["items"]} == expected, who


def test_minutes_pdf_leaves_out_follow_up_for_the_public(two_points: Any, monkeypatch) -> None:
    from kunnskapsbro.meetings import pdf

    captured: list[dict[str, Any]] = []
    original = pdf.render_to_string

    def spy(template: str, context: dict[str, Any]) -> str:
        captured.append(context)
        return original(template, context)

    monkeypatch.setattr(pdf, "render_to_string", spy)
    url = reverse("meetings:minutes_pdf", args=[two_points.meeting.pk])
    for who in ("anonymous", "no_role", "chair", "viewer"):
        assert _client(two_points, who).get(url).status_code == 200, who
    shown = [
        (c["show_actions"], {a.title for a in c["meeting"].action_items.all()}) for c in captured
    ]
    assert shown == [
        (False, set()),
        (False, set()),
        (True, FOLLOW_UP["chair"]),
        (True, FOLLOW_UP["viewer"]),
    ]
