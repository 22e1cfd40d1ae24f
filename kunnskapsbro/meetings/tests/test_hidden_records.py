"""Records of other partnerships: the follow-up list shows only points the caller may read
(internal records: readers of the partnership's internal records and the owner), and
a write to a record the caller may not see answers 404 (in the URL) or 422 naming the field
(in the body), as for a record that does not exist; one they see but may not change, 403."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from kunnskapsbro.meetings import services
from kunnskapsbro.meetings.models import ActionItem, AgendaItem, Decision, Event, Meeting
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.tests_support.factories import (
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    RoleAssignmentFactory,
    UserFactory,
)

from .conftest import at

pytestmark = pytest.mark.django_db


@dataclass
class Records:
    """A meeting's case, decision and follow-up point."""

    meeting: Meeting
    item: AgendaItem
    decision: Decision
    action: ActionItem


def _records(body: Any, *, title: str, is_public: bool, owner: Any) -> Records:
    meeting = services.meeting_create(
        body=body, title=f"Møte {title}", starts_at=at(2026, 5, 4), is_public=is_public
    )
    item = services.agenda_item_create(meeting=meeting, title=f"Sak {title}")
    decision = services.decision_create(agenda_item=item, text=f"Vedtak {title}.")
    action = services.action_item_create(
        meeting=meeting, title=title, owner=owner, due_date=dt.date(2026, 6, 1), decision=decision
    )
    return Records(meeting, item, decision, action)


@dataclass
class World:
    gov: Any
    trd_public: Records  # partnership A (TRD3.0), a public meeting
    trd_internal: Records  # partnership A, an internal meeting
    vest: Records  # a hidden partnership (its meeting marked public, still hidden)
    nord_internal: Records  # a public partnership, an internal meeting
    nord_public: Records  # the same partnership, a public meeting
    vest_owner_user: Any  # owns the hidden partnership's point, has no role
    trd_coordinator: Any  # coordinator of TRD3.0 only


@pytest.fixture
def world(gov: Any) -> World:
    vest = PartnershipFactory(slug="vest-skjult", name="Vest (skjult)", is_public=False)
    nord = PartnershipFactory(slug="nord", name="Nord", is_public=True)
    vest_body = partnership_services.body_create(
        partnership=vest, kind="steering_group", name="Styret i vest"
    )
    nord_body = partnership_services.body_create(
        partnership=nord, kind="steering_group", name="Styret i nord"
    )
    vest_owner_user = UserFactory(username="vera.vest")
    vest_owner = PersonFactory(first_name="Vera", last_name="Vest", user=vest_owner_user)
    trd_coordinator = UserFactory(username="tone.trd")
    RoleAssignmentFactory(user=trd_coordinator, role="coordinator", partnership=gov.partnership)
    return World(
        gov=gov,
        trd_public=_records(gov.body, title="TRD offentlig", is_public=True, owner=gov.chair),
        trd_internal=_records(gov.body, title="TRD internt", is_public=False, owner=gov.chair),
        vest=_records(vest_body, title="Vest skjult", is_public=True, owner=vest_owner),
        nord_internal=_records(nord_body, title="Nord internt", is_public=False, owner=gov.chair),
        nord_public=_records(nord_body, title="Nord offentlig", is_public=True, owner=gov.chair),
        vest_owner_user=vest_owner_user,
        trd_coordinator=trd_coordinator,
    )


def _send(client: Any, method: str, url: str, body: Any, token: str) -> Any:
    return getattr(client, method)(
        url,
        json.dumps(body, default=str),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def _titles(api_client: Any, token: str, query: str = "") -> set[str]:
    response = api_client.get(
        f"/api/v1/action-items{query}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == len(data["items"])
    return {item["title"] for item in data["items"]}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # Follow-up points are internal: a coordinator of partnership A sees A's points,
        # public meeting or not, and none of another partnership's, public meeting or not.
        ("trd_coordinator", {"TRD offentlig", "TRD internt"}),
        ("no_role", set()),
        ("nord_viewer", {"Nord offentlig", "Nord internt"}),
        # The owner of a point in a hidden partnership sees their own point, nothing else.
        ("vest_owner", {"Vest skjult"}),
        (
            "everywhere",
            {"TRD offentlig", "TRD internt", "Nord offentlig", "Nord internt", "Vest skjult"},
        ),
    ],
)
def test_action_item_list_shows_only_points_the_caller_may_read(
    world: World, api_client: Any, api_token_for: Any, coordinator_user: Any, who: str, expected
) -> None:
    users = {
        "trd_coordinator": world.trd_coordinator,
        "vest_owner": world.vest_owner_user,
        "everywhere": coordinator_user,
    }
    user = users.get(who) or UserFactory(username=f"{who}-caller")
    if who == "nord_viewer":
        RoleAssignmentFactory(
            user=user, role="viewer", partnership=world.nord_public.meeting.body.partnership
        )
    token = api_token_for(user)
    assert _titles(api_client, token) == expected
    # GET /meetings shows each listed meeting's points by the same rule (the owner's point of
    # a hidden partnership stays theirs: its meeting is not listed).
    meetings = api_client.get("/api/v1/meetings", headers={"Authorization": f"Bearer {token}"})
    shown = {a["title"] for m in meetings.json()["items"] for a in m["action_items"]}
    assert shown == (expected - {"Vest skjult"} if who == "vest_owner" else expected)


def test_action_item_list_filters_do_not_reveal_hidden_points(
    world: World, api_client: Any, api_token_for: Any
) -> None:
    token = api_token_for(world.trd_coordinator)
    vest_owner = world.vest.action.owner
    assert _titles(api_client, token, f"?owner={vest_owner.pk}") == set()
    assert _titles(api_client, token, "?open=false") == {"TRD offentlig", "TRD internt"}
    nord_owner = world.nord_public.action.owner  # owns points in TRD3.0 too
    assert _titles(api_client, token, f"?owner={nord_owner.pk}") == {"TRD offentlig", "TRD internt"}


def test_action_item_list_filters_in_sql_not_per_row(
    world: World, api_client: Any, api_token_for: Any, django_assert_max_num_queries: Any
) -> None:
    token = api_token_for(world.trd_coordinator)
    _titles(api_client, token)  # warm the list's cached count
    # token, roles, the count's freshness, the page (owner joined): none per row
    with django_assert_max_num_queries(4):
        _titles(api_client, token)


def test_hidden_body_or_partnership_in_a_body_is_unknown(
    world: World, api_client: Any, api_token_for: Any
) -> None:
    token = api_token_for(world.trd_coordinator)
    meetings, events = Meeting.objects.count(), Event.objects.count()
    meeting = {"title": "Juni", "starts_at": "2026-06-10T10:00:00+02:00"}
    hidden = _send(
        api_client,
        "post",
        "/api/v1/meetings",
        {**meeting, "body": world.vest.meeting.body_id},
        token,
    )
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "body"
    assert hidden["Content-Type"] == "application/problem+json"
    missing = _send(api_client, "post", "/api/v1/meetings", {**meeting, "body": 999999}, token)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "body"
    # A body of a public partnership is seen: not this coordinator's to change.
    visible = {**meeting, "body": world.nord_public.meeting.body_id}
    assert _send(api_client, "post", "/api/v1/meetings", visible, token).status_code == 403
    event = {"kind": "seminar", "title": "Seminar", "starts_at": "2031-10-20T09:00:00+02:00"}
    hidden = _send(
        api_client, "post", "/api/v1/events", {**event, "partnership": "vest-skjult"}, token
    )
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "partnership"
    assert _send(
        api_client, "post", "/api/v1/events", {**event, "partnership": "nord"}, token
    ).status_code == 403  # fmt: skip
    filtered = api_client.get(
        "/api/v1/meetings?partnership=vest-skjult", headers={"Authorization": f"Bearer {token}"}
    )
    assert filtered.status_code == 422
    assert filtered.json()["errors"][0]["field"] == "partnership"
    assert (Meeting.objects.count(), Event.objects.count()) == (meetings, events)


@pytest.mark.parametrize("which", ["vest", "nord_internal"])
def test_writes_to_hidden_cases_decisions_and_points_answer_404(
    world: World, api_client: Any, api_token_for: Any, which: str
) -> None:
    records: Records = getattr(world, which)
    token = api_token_for(world.trd_coordinator)
    counts = (AgendaItem.objects.count(), Decision.objects.count(), ActionItem.objects.count())
    for method, url, body in [
        ("patch", f"/api/v1/agenda-items/{records.item.pk}", {"title": "Endret"}),
        ("post", f"/api/v1/agenda-items/{records.item.pk}/decisions", {"text": "Nytt."}),
        ("patch", f"/api/v1/decisions/{records.decision.pk}", {"text": "Endret."}),
        ("patch", f"/api/v1/action-items/{records.action.pk}", {"status": "done"}),
        ("patch", f"/api/v1/action-items/{records.action.pk}", {"title": "Endret"}),
        ("post", f"/api/v1/meetings/{records.meeting.pk}/agenda-items", {"title": "Ny"}),
        (
            "post",
            f"/api/v1/meetings/{records.meeting.pk}/action-items",
            {"title": "Ny", "owner": world.gov.chair.pk, "due_date": "2026-07-01"},
        ),
    ]:
        response = _send(api_client, method, url, body, token)
        assert response.status_code == 404, (method, url, response.content)
        assert response["Content-Type"] == "application/problem+json"
    assert (
        AgendaItem.objects.count(),
        Decision.objects.count(),
        ActionItem.objects.count(),
    ) == counts
    for record in (records.item, records.decision, records.action):
        before = (getattr(record, "title", None), getattr(record, "text", None))
        record.refresh_from_db()
        assert (getattr(record, "title", None), getattr(record, "text", None)) == before
    assert records.action.status == "open"


def test_visible_but_not_allowed_still_answers_403(
    world: World, api_client: Any, api_token_for: Any, researcher_user: Any
) -> None:
    trd = api_token_for(world.trd_coordinator)
    researcher = api_token_for(researcher_user)
    nord = world.nord_public
    for token, records in [(trd, nord), (researcher, world.trd_public)]:
        for method, url, body in [
            ("patch", f"/api/v1/agenda-items/{records.item.pk}", {"title": "Endret"}),
            ("post", f"/api/v1/agenda-items/{records.item.pk}/decisions", {"text": "Nytt."}),
            ("patch", f"/api/v1/decisions/{records.decision.pk}", {"text": "Endret."}),
        ]:
            response = _send(api_client, method, url, body, token)
            assert response.status_code == 403, (method, url, response.content)
        # The follow-up point of that public meeting is internal: not seen, so 404.
        url = f"/api/v1/action-items/{records.action.pk}"
        assert _send(api_client, "patch", url, {"status": "done"}, token).status_code == 404
    # A reader of Nord's internal records sees the point but may not change it.
    viewer = UserFactory(username="nora.nord")
    RoleAssignmentFactory(user=viewer, role="viewer", partnership=nord.meeting.body.partnership)
    url = f"/api/v1/action-items/{nord.action.pk}"
    response = _send(api_client, "patch", url, {"status": "done"}, api_token_for(viewer))
    assert response.status_code == 403, response.content
    nord.action.refresh_from_db()
    assert nord.action.status == "open" and nord.item.decisions.count() == 1


def test_a_case_may_not_refer_to_a_hidden_project(
    world: World, api_client: Any, api_token_for: Any
) -> None:
    token = api_token_for(world.trd_coordinator)
    internal = ProjectFactory(partnership=world.nord_public.meeting.body.partnership)
    in_hidden = ProjectFactory(partnership=world.vest.meeting.body.partnership, visibility="public")
    url = f"/api/v1/meetings/{world.trd_public.meeting.pk}/agenda-items"
    items = AgendaItem.objects.count()
    for project in (internal, in_hidden):
        linked = _send(api_client, "post", url, {"title": "Sak", "projects": [project.pk]}, token)
        assert linked.status_code == 422 and linked.json()["errors"][0]["field"] == "projects"
        referred = _send(
            api_client,
            "post",
            url,
            {"title": "Sak", "references": [{"kind": "projects.project", "id": project.pk}]},
            token,
        )
        assert referred.status_code == 422
        assert referred.json()["errors"][0]["field"] == "references"
        patched = _send(
            api_client,
            "patch",
            f"/api/v1/agenda-items/{world.trd_public.item.pk}",
            {"projects": [project.pk]},
            token,
        )
        assert patched.status_code == 422 and patched.json()["errors"][0]["field"] == "projects"
    assert AgendaItem.objects.count() == items
    assert not world.trd_public.item.projects.exists()
    seen = _send(
        api_client, "post", url, {"title": "Sak", "projects": [world.gov.project.pk]}, token
    )
    assert seen.status_code == 201, seen.content


def test_the_owner_reports_on_their_point_in_a_hidden_partnership(
    world: World, api_client: Any, api_token_for: Any
) -> None:
    token = api_token_for(world.vest_owner_user)
    url = f"/api/v1/action-items/{world.vest.action.pk}"
    assert _send(api_client, "patch", url, {"title": "Endret"}, token).status_code == 403
    done = _send(api_client, "patch", url, {"status": "done", "comment": "Ferdig."}, token)
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_status_page_answers_404_for_a_hidden_point_and_403_for_a_visible_one(
    world: World, client_as: Any
) -> None:
    client = client_as(world.trd_coordinator)
    for records, status in [
        (world.vest, 404),
        (world.nord_internal, 404),
        (world.nord_public, 404),  # a public meeting's point is internal all the same
    ]:
        url = reverse("meetings:action_status", args=[records.action.pk])
        assert client.post(url, {"status": "done"}).status_code == status, records.action.title
        records.action.refresh_from_db()
        assert records.action.status == "open"
    viewer = UserFactory(username="nils.nord")
    nord = world.nord_public
    RoleAssignmentFactory(user=viewer, role="viewer", partnership=nord.meeting.body.partnership)
    url = reverse("meetings:action_status", args=[nord.action.pk])
    assert client_as(viewer).post(url, {"status": "done"}).status_code == 403
    nord.action.refresh_from_db()
    assert nord.action.status == "open"
    own = client_as(world.vest_owner_user)
    url = reverse("meetings:action_status", args=[world.vest.action.pk])
    assert own.post(url, {"status": "done"}).status_code == 302
    world.vest.action.refresh_from_db()
    assert world.vest.action.status == "done"
