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
    assert meeting["action_items"][0]["owner"]["name"] == "Sigrid Styreleder"
    assert meeting["attendance"] == []  # anonymous callers do not see attendance
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
