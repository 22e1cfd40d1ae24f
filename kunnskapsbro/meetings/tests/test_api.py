"""The API: bodies, meetings, events with registration, articles; ical_url feeds parse."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from icalendar import Calendar

from kunnskapsbro.meetings import services
from kunnskapsbro.meetings.models import Registration

from .conftest import at


@pytest.fixture
def decided(gov):
    item = services.agenda_item_create(
        meeting=gov.meeting, title="Porteføljen", projects=[gov.project], kind="decision"
    )
    services.case_reference_add(agenda_item=item, target=gov.project)
    decision = services.decision_create(agenda_item=item, text="Vedtatt.")
    services.action_item_create(
        meeting=gov.meeting,
        title="Følg opp",
        owner=gov.chair,
        due_date=dt.date(2025, 4, 1),
        decision=decision,
    )
    services.attendance_record(meeting=gov.meeting, person=gov.chair)
    return gov


def _feed_parses(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 200, url
    return Calendar.from_ical(response.content)


def test_bodies_with_ical_url(decided, api_client):
    data = api_client.get("/api/v1/bodies").json()
    assert data["count"] == 1
    body = data["items"][0]
    assert body["name"] == "Styringsgruppen" and body["meeting_count"] == 1
    assert len(list(_feed_parses(api_client, body["ical_url"]).walk("VEVENT"))) == 1
    detail = api_client.get(f"/api/v1/bodies/{body['id']}").json()
    assert {m["role"] for m in detail["members"]} == {"chair", "secretary"}


def test_meetings_with_cases_decisions_and_follow_up(
    decided, api_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        data = api_client.get("/api/v1/meetings").json()
    assert data["count"] == 1
    meeting = data["items"][0]
    item = meeting["agenda_items"][0]
    assert item["projects"] == [decided.project.pk]
    assert item["decisions"][0]["text"] == "Vedtatt."
    # anonymous callers see neither follow-up points nor attendance (internal records)
    assert meeting["action_items"] == [] and meeting["attendance"] == []
    one = api_client.get(f"/api/v1/meetings/{meeting['id']}").json()
    assert one["agenda_items"] == meeting["agenda_items"]


def test_meetings_filter_and_errors(decided, api_client, coordinator_token):
    assert api_client.get(f"/api/v1/meetings?body={decided.body.pk}").json()["count"] == 1
    response = api_client.get("/api/v1/meetings?partnership=finnes-ikke")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "partnership"
    assert api_client.get("/api/v1/meetings/999999").status_code == 404
    services.meeting_update(meeting=decided.meeting, data={"is_public": False})
    assert api_client.get("/api/v1/meetings").json()["count"] == 0
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    signed_in = api_client.get("/api/v1/meetings", headers=headers).json()
    assert signed_in["count"] == 1 and signed_in["items"][0]["attendance"]


def test_events_and_registration(gov, api_client, coordinator_token):
    session = services.event_session_create(
        event=gov.event, title="Helse", starts_at=at(2030, 2, 4, 8), parallel_group="A"
    )
    data = api_client.get("/api/v1/events").json()
    assert data["count"] == 1
    event = data["items"][0]
    assert [
        str(e["SUMMARY"]) for e in _feed_parses(api_client, event["ical_url"]).walk("VEVENT")
    ] == [gov.event.title]
    url = f"/api/v1/events/{gov.event.slug}/registrations"
    body = {"name": "Anne", "email": "anne@example.org", "sessions": [session.pk]}
    assert api_client.post(url, body, content_type="application/json").status_code == 401
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    response = api_client.post(
        url, json.dumps(body), content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed" and response.json()["sessions"] == [session.pk]
    again = api_client.post(url, json.dumps(body), content_type="application/json", headers=headers)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "email"
    bad = api_client.post(
        url,
        json.dumps({"name": "Bo", "email": "bo@example.org", "sessions": [999999]}),
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "sessions"
    assert Registration.objects.count() == 1
    detail = api_client.get(f"/api/v1/events/{gov.event.slug}").json()
    assert detail["confirmed"] == 1 and detail["sessions"][0]["confirmed"] == 1


def test_person_api_carries_a_parsing_ical_url(decided, api_client):
    person = api_client.get(f"/api/v1/people/{decided.chair.pk}").json()
    listed = api_client.get("/api/v1/people").json()["items"]
    assert all(item["ical_url"].endswith("/kalender.ics") for item in listed)
    calendar = _feed_parses(api_client, person["ical_url"])
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Styringsgruppen: Styringsgruppemøte mars"
    ]


def test_articles_api(gov, api_client):
    from kunnskapsbro.portal import services as portal_services

    portal_services.article_create(
        partnership=gov.partnership, title="Erfaringer", body="Tekst.", status="published"
    )
    portal_services.article_create(partnership=gov.partnership, title="Utkast", body="Tekst.")
    data = api_client.get("/api/v1/articles").json()
    assert data["count"] == 1 and data["items"][0]["title"] == "Erfaringer"
    assert api_client.get("/api/v1/articles/utkast").status_code == 404


def test_action_items_api_needs_login_and_updates_status(decided, api_client, coordinator_token):
    assert api_client.get("/api/v1/action-items").status_code == 401
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    data = api_client.get(f"/api/v1/action-items?owner={decided.chair.pk}", headers=headers).json()
    assert data["count"] == 1
    item_id = data["items"][0]["id"]
    bad = api_client.patch(
        f"/api/v1/action-items/{item_id}",
        json.dumps({"status": "ferdig"}),
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"
    done = api_client.patch(
        f"/api/v1/action-items/{item_id}",
        json.dumps({"status": "done", "comment": "Sendt 28.03."}),
        content_type="application/json",
        headers=headers,
    )
    assert done.status_code == 200 and done.json()["completed_on"]
    assert api_client.get("/api/v1/action-items", headers=headers).json()["count"] == 0
    missing = api_client.patch(
        "/api/v1/action-items/999999",
        json.dumps({"status": "done"}),
        content_type="application/json",
        headers=headers,
    )
    assert missing.status_code == 404


def _send(api_client, method, url, body, token):
    return getattr(api_client, method)(
        url,
        json.dumps(body, default=str),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_meeting_write_api(gov, api_client, coordinator_token):
    from kunnskapsbro.meetings.models import ActionItem, Meeting

    body = {"body": gov.body.pk, "title": "Juni", "starts_at": "2026-06-10T10:00:00+02:00"}
    assert _send(api_client, "post", "/api/v1/meetings", body, None).status_code == 401
    bad = _send(
        api_client,
        "post",
        "/api/v1/meetings",
        {**body, "ends_at": "2026-06-10T09:00:00+02:00"},
        coordinator_token,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_at"
    unknown = _send(
        api_client, "post", "/api/v1/meetings", {**body, "body": 99999}, coordinator_token
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "body"
    assert Meeting.objects.count() == 1
    created = _send(api_client, "post", "/api/v1/meetings", body, coordinator_token)
    assert created.status_code == 201, created.content
    meeting_id = created.json()["id"]
    patched = _send(
        api_client,
        "patch",
        f"/api/v1/meetings/{meeting_id}",
        {"status": "held", "minutes": "Referat."},
        coordinator_token,
    )
    assert patched.status_code == 200
    assert (patched.json()["status"], patched.json()["minutes"]) == ("held", "Referat.")
    assert patched.json()["title"] == "Juni"  # unsent fields are left alone
    # A case that refers to a project; a foreign kind of record is refused.
    url = f"/api/v1/meetings/{meeting_id}/agenda-items"
    wrong = _send(
        api_client,
        "post",
        url,
        {"title": "Sak", "references": [{"kind": "auth.user", "id": 1}]},
        coordinator_token,
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "references"
    item = _send(
        api_client,
        "post",
        url,
        {
            "title": "Porteføljen",
            "kind": "decision",
            "projects": [gov.project.pk],
            "references": [{"kind": "projects.project", "id": gov.project.pk}],
        },
        coordinator_token,
    )
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    assert item.json()["number"] == "1/2026" and item.json()["projects"] == [gov.project.pk]
    renamed = _send(
        api_client,
        "patch",
        f"/api/v1/agenda-items/{item_id}",
        {"title": "Porteføljen 2026", "projects": []},
        coordinator_token,
    )
    assert renamed.json()["title"] == "Porteføljen 2026" and renamed.json()["projects"] == []
    decision = _send(
        api_client,
        "post",
        f"/api/v1/agenda-items/{item_id}/decisions",
        {"text": "Godkjent."},
        coordinator_token,
    )
    assert decision.status_code == 201 and decision.json()["decided_on"] == "2026-06-10"
    fixed = _send(
        api_client,
        "patch",
        f"/api/v1/decisions/{decision.json()['id']}",
        {"text": "Godkjent med merknader."},
        coordinator_token,
    )
    assert fixed.json()["text"] == "Godkjent med merknader."
    action_url = f"/api/v1/meetings/{meeting_id}/action-items"
    no_owner = _send(
        api_client,
        "post",
        action_url,
        {"title": "Følg opp", "owner": 999999, "due_date": "2026-07-01"},
        coordinator_token,
    )
    assert no_owner.status_code == 422 and no_owner.json()["errors"][0]["field"] == "owner"
    other_meeting_item = services.agenda_item_create(meeting=gov.meeting, title="Annen")
    foreign = _send(
        api_client,
        "post",
        action_url,
        {
            "title": "Følg opp",
            "owner": gov.chair.pk,
            "due_date": "2026-07-01",
            "agenda_item": other_meeting_item.pk,
        },
        coordinator_token,
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "agenda_item"
    action = _send(
        api_client,
        "post",
        action_url,
        {
            "title": "Følg opp",
            "owner": gov.chair.pk,
            "due_date": "2026-07-01",
            "decision": decision.json()["id"],
        },
        coordinator_token,
    )
    assert action.status_code == 201, action.content
    assert action.json()["agenda_item"] == item_id
    moved = _send(
        api_client,
        "patch",
        f"/api/v1/action-items/{action.json()['id']}",
        {"owner": gov.secretary.pk, "due_date": "2026-08-01"},
        coordinator_token,
    )
    assert moved.json()["owner"]["id"] == gov.secretary.pk and moved.json()["status"] == "open"
    assert ActionItem.objects.get().due_date.isoformat() == "2026-08-01"
    attendance = _send(
        api_client,
        "post",
        f"/api/v1/meetings/{meeting_id}/attendance",
        {"person": gov.chair.pk, "status": "excused"},
        coordinator_token,
    )
    assert attendance.json()["attendance"][0]["status"] == "excused"
    history = Meeting.objects.get(pk=meeting_id).history.all()
    assert {h.history_user for h in history} == {gov.user}


def test_cancel_registration_api_promotes_the_waiting_list(gov, api_client, coordinator_token):
    url = f"/api/v1/events/{gov.event.slug}/registrations"
    ids = []
    for n in range(3):
        response = _send(
            api_client,
            "post",
            url,
            {"name": f"P{n}", "email": f"p{n}@example.org"},
            coordinator_token,
        )
        ids.append(response.json()["id"])
    assert Registration.objects.get(pk=ids[2]).status == "waitlisted"
    assert api_client.delete(f"{url}/{ids[0]}").status_code == 401
    gone = api_client.delete(
        f"{url}/999999", headers={"Authorization": f"Bearer {coordinator_token}"}
    )
    assert gone.status_code == 404
    cancelled = api_client.delete(
        f"{url}/{ids[0]}", headers={"Authorization": f"Bearer {coordinator_token}"}
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    promoted = Registration.objects.get(pk=ids[2])
    assert (promoted.status, promoted.waitlist_position) == ("confirmed", None)
    assert [h.status for h in promoted.history.order_by("history_date")] == [
        "waitlisted",
        "confirmed",
    ]
    twice = api_client.delete(
        f"{url}/{ids[0]}", headers={"Authorization": f"Bearer {coordinator_token}"}
    )
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "status"


def test_event_write_api(gov, api_client, coordinator_token, researcher_user, api_token_for):
    from kunnskapsbro.meetings.models import Event

    body = {
        "partnership": "trd30",
        "kind": "conference",
        "title": "Arena Unikom 2031",
        "starts_at": "2031-10-20T09:00:00+02:00",
        "capacity": 1,
    }
    denied = _send(api_client, "post", "/api/v1/events", body, api_token_for(researcher_user))
    assert denied.status_code == 403
    unknown = _send(
        api_client, "post", "/api/v1/events", {**body, "partnership": "x"}, coordinator_token
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "partnership"
    reserved = _send(
        api_client, "post", "/api/v1/events", {**body, "slug": "nytt"}, coordinator_token
    )
    assert reserved.status_code == 422 and reserved.json()["errors"][0]["field"] == "slug"
    created = _send(api_client, "post", "/api/v1/events", body, coordinator_token)
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    assert slug == "arena-unikom-2031" and created.json()["ical_url"].endswith("/kalender.ics")
    url = f"/api/v1/events/{slug}"
    session = _send(
        api_client,
        "post",
        f"{url}/sessions",
        {"title": "Sesjon A", "starts_at": "2031-10-20T10:00:00+02:00", "parallel_group": "f"},
        coordinator_token,
    )
    assert session.status_code == 201, session.content
    bad_link = _send(
        api_client,
        "patch",
        f"{url}/sessions/{session.json()['id']}",
        {"slides_url": "ikke en lenke"},
        coordinator_token,
    )
    assert bad_link.status_code == 422 and bad_link.json()["errors"][0]["field"] == "slides_url"
    published = _send(
        api_client,
        "patch",
        f"{url}/sessions/{session.json()['id']}",
        {"slides_url": "https://example.org/a.pdf", "room": None},
        coordinator_token,
    )
    assert published.json()["slides_url"] == "https://example.org/a.pdf"
    # Two registrations with one seat; more seats move the second up.
    for n in range(2):
        _send(
            api_client,
            "post",
            f"{url}/registrations",
            {"name": f"P{n}", "email": f"p{n}@example.org"},
            coordinator_token,
        )
    assert _send(api_client, "patch", url, {"title": None}, coordinator_token).status_code == 422
    bigger = _send(api_client, "patch", url, {"capacity": 2, "topic": None}, coordinator_token)
    assert bigger.status_code == 200
    assert (bigger.json()["confirmed"], bigger.json()["waitlisted"]) == (2, 0)
    assert Event.objects.get(slug=slug).title == "Arena Unikom 2031"


# --- governance bodies and their members --------------------------------------------------------


@pytest.fixture
def hidden_body(gov):
    """A body of a partnership hidden from everyone but its own members."""
    from kunnskapsbro.partnerships import services as partnership_services
    from kunnskapsbro.tests_support.factories import PartnershipFactory

    vest = PartnershipFactory(slug="vest-skjult", name="Vest (skjult)", is_public=False)
    body = partnership_services.body_create(
        partnership=vest, kind="steering_group", name="Styret i vest"
    )
    partnership_services.membership_create(body=body, person=gov.chair, role="member")
    return body


@pytest.fixture
def trd_coordinator_token(gov, api_token_for):
    """A coordinator of TRD3.0 only: the hidden partnership is not theirs to see."""
    from kunnskapsbro.tests_support.factories import RoleAssignmentFactory, UserFactory

    user = UserFactory(username="tone.trd")
    RoleAssignmentFactory(user=user, role="coordinator", partnership=gov.partnership)
    return api_token_for(user)


def test_create_body_api(gov, api_client, coordinator_token, hidden_body):
    from kunnskapsbro.partnerships.models import GovernanceBody
    from kunnskapsbro.tests_support.factories import FocusAreaFactory

    area = FocusAreaFactory(partnership=gov.partnership, name="Helse")
    foreign_area = FocusAreaFactory(partnership=hidden_body.partnership, name="Vestlig helse")
    body = {
        "partnership": "trd30",
        "kind": "innovation_committee",
        "name": "Innovasjonsutvalg helse",
        "focus_area": area.pk,
        "mandate": "Prioritere behov.",
    }
    assert _send(api_client, "post", "/api/v1/bodies", body, None).status_code == 401
    for wrong, field in [
        ({"partnership": "finnes-ikke"}, "partnership"),
        ({"focus_area": 999999}, "focus_area"),
        ({"focus_area": foreign_area.pk}, "focus_area"),  # the service: another partnership's
        ({"name": ""}, "name"),
        ({"kind": "styre"}, "kind"),
    ]:
        bad = _send(api_client, "post", "/api/v1/bodies", {**body, **wrong}, coordinator_token)
        assert bad.status_code == 422, (wrong, bad.content)
        assert bad["Content-Type"] == "application/problem+json"
        assert bad.json()["errors"][0]["field"] == field, wrong
    assert GovernanceBody.objects.count() == 2
    created = _send(api_client, "post", "/api/v1/bodies", body, coordinator_token)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["name"], data["kind"], data["partnership"]) == (
        "Innovasjonsutvalg helse",
        "innovation_committee",
        "trd30",
    )
    assert data["focus_area"] == "Helse" and data["members"] == [] and data["meeting_count"] == 0
    stored = GovernanceBody.objects.get(pk=data["id"])
    assert stored.slug == "innovasjonsutvalg-helse" and stored.mandate == "Prioritere behov."
    assert {h.history_user for h in stored.history.all()} == {gov.user}


def test_create_body_api_refusals(
    gov, api_client, coordinator_user, researcher_user, api_token_for, trd_coordinator_token,
    hidden_body,
):  # fmt: skip
    from kunnskapsbro.partnerships.models import GovernanceBody

    body = {"partnership": "trd30", "kind": "steering_group", "name": "Nytt styre"}
    read_only = _send(
        api_client, "post", "/api/v1/bodies", body, api_token_for(coordinator_user, can_write=False)
    )
    assert read_only.status_code == 403 and read_only["Content-Type"] == "application/problem+json"
    contributor = _send(api_client, "post", "/api/v1/bodies", body, api_token_for(researcher_user))
    assert contributor.status_code == 403
    # A hidden partnership is answered as unknown, not as «not yours».
    hidden = _send(
        api_client,
        "post",
        "/api/v1/bodies",
        {**body, "partnership": hidden_body.partnership.slug},
        trd_coordinator_token,
    )
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "partnership"
    assert GovernanceBody.objects.count() == 2


def test_update_body_api(
    gov, api_client, coordinator_token, researcher_user, api_token_for, trd_coordinator_token,
    hidden_body,
):  # fmt: skip
    from kunnskapsbro.tests_support.factories import FocusAreaFactory

    area = FocusAreaFactory(partnership=gov.partnership, name="Skole")
    foreign_area = FocusAreaFactory(partnership=hidden_body.partnership, name="Vestlig skole")
    url = f"/api/v1/bodies/{gov.body.pk}"
    changed = _send(
        api_client,
        "patch",
        url,
        {"name": "Styringsgruppen TRD3.0", "focus_area": area.pk, "mandate": "Styre."},
        coordinator_token,
    )
    assert changed.status_code == 200, changed.content
    data = changed.json()
    assert (data["name"], data["focus_area"], data["mandate"]) == (
        "Styringsgruppen TRD3.0",
        "Skole",
        "Styre.",
    )
    assert data["kind"] == "steering_group" and len(data["members"]) == 2  # unsent: unchanged
    cleared = _send(
        api_client, "patch", url, {"focus_area": None, "mandate": None}, coordinator_token
    )
    assert (cleared.json()["focus_area"], cleared.json()["mandate"]) == (None, "")
    for wrong, field in [
        ({"name": None}, "name"),
        ({"kind": None}, "kind"),
        ({"focus_area": 999999}, "focus_area"),
        ({"focus_area": foreign_area.pk}, "focus_area"),
    ]:
        bad = _send(api_client, "patch", url, wrong, coordinator_token)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == field, wrong
    gov.body.refresh_from_db()
    assert gov.body.name == "Styringsgruppen TRD3.0" and gov.body.focus_area is None
    assert (
        _send(api_client, "patch", url, {"name": "X"}, api_token_for(researcher_user)).status_code
        == 403
    )
    read_only = api_token_for(gov.user, can_write=False)
    assert _send(api_client, "patch", url, {"name": "X"}, read_only).status_code == 403
    hidden_url = f"/api/v1/bodies/{hidden_body.pk}"
    assert (
        _send(api_client, "patch", hidden_url, {"name": "X"}, trd_coordinator_token).status_code
        == 404
    )
    assert (
        _send(
            api_client, "patch", "/api/v1/bodies/999999", {"name": "X"}, coordinator_token
        ).status_code
        == 404
    )
    hidden_body.refresh_from_db()
    assert hidden_body.name == "Styret i vest"


def test_membership_write_api(
    gov, api_client, coordinator_token, researcher_user, api_token_for, trd_coordinator_token,
    hidden_body,
):  # fmt: skip
    from kunnskapsbro.partnerships.models import Membership
    from kunnskapsbro.tests_support.factories import MunicipalityFactory, PersonFactory

    person = PersonFactory(first_name="Per", last_name="Politiker")
    kommune = MunicipalityFactory(name="Trondheim kommune")
    url = f"/api/v1/bodies/{gov.body.pk}/memberships"
    body = {
        "person": person.pk,
        "role": "member",
        "position_title": "Kommunedirektør",
        "represents": kommune.pk,
        "start_date": "2026-01-01",
    }
    for wrong, field in [
        ({"person": 999999}, "person"),
        ({"represents": 999999}, "represents"),
        ({"role": "sjef"}, "role"),
        ({"end_date": "2025-12-31"}, "end_date"),  # the service: the term ends before it starts
    ]:
        bad = _send(api_client, "post", url, {**body, **wrong}, coordinator_token)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == field, wrong
    assert _send(api_client, "post", url, body, api_token_for(researcher_user)).status_code == 403
    read_only = api_token_for(gov.user, can_write=False)
    assert _send(api_client, "post", url, body, read_only).status_code == 403
    hidden_url = f"/api/v1/bodies/{hidden_body.pk}/memberships"
    assert _send(api_client, "post", hidden_url, body, trd_coordinator_token).status_code == 404
    assert Membership.objects.filter(person=person).count() == 0
    created = _send(api_client, "post", url, body, coordinator_token)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["body"] == gov.body.pk and data["person"]["name"] == "Per Politiker"
    assert (data["represents"], data["represents_id"]) == ("Trondheim kommune", kommune.pk)
    assert (data["role"], data["start_date"], data["end_date"]) == ("member", "2026-01-01", None)
    members = api_client.get(f"/api/v1/bodies/{gov.body.pk}").json()["members"]
    assert data["id"] in {m["id"] for m in members}
    # End the term and change the role; whom they represent is cleared with null.
    one = f"/api/v1/memberships/{data['id']}"
    ended = _send(
        api_client,
        "patch",
        one,
        {"role": "observer", "end_date": "2026-06-30", "represents": None},
        coordinator_token,
    )
    assert ended.status_code == 200, ended.content
    assert (ended.json()["role"], ended.json()["end_date"], ended.json()["represents"]) == (
        "observer",
        "2026-06-30",
        None,
    )
    assert ended.json()["position_title"] == "Kommunedirektør"  # unsent: unchanged
    for wrong, field in [
        ({"role": None}, "role"),
        ({"represents": 999999}, "represents"),
        ({"end_date": "2025-01-01"}, "end_date"),
    ]:
        bad = _send(api_client, "patch", one, wrong, coordinator_token)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == field, wrong
    stored = Membership.objects.get(pk=data["id"])
    assert (stored.role, str(stored.end_date)) == ("observer", "2026-06-30")
    assert {h.history_user for h in stored.history.all()} == {gov.user}
    assert (
        _send(
            api_client, "patch", one, {"role": "chair"}, api_token_for(researcher_user)
        ).status_code
        == 403
    )
    assert _send(api_client, "patch", one, {"role": "chair"}, read_only).status_code == 403
    hidden_member = hidden_body.memberships.get()
    hidden_one = f"/api/v1/memberships/{hidden_member.pk}"
    assert (
        _send(api_client, "patch", hidden_one, {"role": "chair"}, trd_coordinator_token).status_code
        == 404
    )
    assert (
        _send(
            api_client, "patch", "/api/v1/memberships/999999", {"role": "chair"}, coordinator_token
        ).status_code
        == 404
    )
    hidden_member.refresh_from_db()
    assert hidden_member.role == "member"


def test_event_link_names_spell_out_norwegian_letters(gov, api_client, coordinator_token):
    body = {
        "partnership": "trd30",
        "kind": "breakfast",
        "starts_at": "2031-10-20T09:00:00+02:00",
    }
    made = _send(
        api_client,
        "post",
        "/api/v1/events",
        {**body, "title": "Åpent møte om ÆØÅ"},
        coordinator_token,
    )
    assert made.status_code == 201, made.content
    assert made.json()["slug"] == "apent-mote-om-aeoa"
    # A typed link name is letters a–z, digits and hyphens (the schema's pattern), lower-cased.
    typed = _send(
        api_client,
        "post",
        "/api/v1/events",
        {**body, "title": "Frokostmøte", "slug": "Frokost-Orland"},
        coordinator_token,
    )
    assert typed.status_code == 201, typed.content
    assert typed.json()["slug"] == "frokost-orland"
