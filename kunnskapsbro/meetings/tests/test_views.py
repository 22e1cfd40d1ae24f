"""Pages: bodies, meetings, minutes PDF, årshjul, my follow-up, events, calendar feeds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from kunnskapsbro.meetings import services
from kunnskapsbro.meetings.models import ActionItem, Registration

from .conftest import at


@pytest.fixture
def full_meeting(gov):
    item = services.agenda_item_create(
        meeting=gov.meeting, title="Porteføljen", projects=[gov.project], kind="decision"
    )
    decision = services.decision_create(agenda_item=item, text="Porteføljen tas til orientering.")
    services.action_item_create(
        meeting=gov.meeting,
        title="Lag oversikt over søknader",
        owner=gov.secretary,
        due_date=dt.date(2025, 4, 1),
        decision=decision,
    )
    services.attendance_record(meeting=gov.meeting, person=gov.chair)
    services.attendance_record(meeting=gov.meeting, person=gov.secretary)
    services.meeting_document_add(
        meeting=gov.meeting, title="Saksdokument", url="https://example.org/sak.pdf"
    )
    return gov.meeting


def test_public_meeting_page_shows_cases_and_decisions_but_not_follow_up(
    full_meeting, django_assert_max_num_queries
):
    client = Client()
    with django_assert_max_num_queries(15):
        response = client.get(full_meeting.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert "Porteføljen tas til orientering." in text
    assert "Bedre skolestart for alle" in text
    # Follow-up points are internal (test_internal_details.py): not for the public.
    assert "Lag oversikt over søknader" not in text and 'id="h-actions"' not in text


def test_meeting_page_shows_follow_up_to_internal_readers(
    gov, full_meeting, client_as, django_assert_max_num_queries
):
    client = client_as(gov.user)
    client.get(full_meeting.get_absolute_url())
    with django_assert_max_num_queries(20):
        response = client.get(full_meeting.get_absolute_url())
    assert "Lag oversikt over søknader" in response.content.decode()


def test_meeting_page_queries_do_not_grow_with_items(gov, full_meeting, client_as):
    client = client_as(gov.user)  # reads internal records: sees the follow-up points too
    client.get(full_meeting.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(full_meeting.get_absolute_url())
    for n in range(5):
        item = services.agenda_item_create(
            meeting=full_meeting, title=f"Sak {n}", projects=[gov.project]
        )
        services.decision_create(agenda_item=item, text="Vedtatt.")
        services.action_item_create(
            meeting=full_meeting, title=f"Punkt {n}", owner=gov.chair, due_date=dt.date(2025, 5, 1)
        )
    with CaptureQueriesContext(connection) as after:
        client.get(full_meeting.get_absolute_url())
    assert len(after) == len(before)


def test_internal_meeting_is_hidden_from_the_public(gov, client_as):
    services.meeting_update(meeting=gov.meeting, data={"is_public": False})
    assert Client().get(gov.meeting.get_absolute_url()).status_code == 404
    assert client_as(gov.user).get(gov.meeting.get_absolute_url()).status_code == 200


def test_minutes_pdf(full_meeting):
    response = Client().get(reverse("meetings:minutes_pdf", args=[full_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_fetcher_blocks_external_urls():
    from kunnskapsbro.meetings.pdf import blocking_fetcher

    fetcher = blocking_fetcher()
    with pytest.raises(Exception):  # noqa: B017,PT011 - WeasyPrint's own error type
        fetcher.fetch("https://example.org/logo.png")


def test_body_page_and_calendar_feed_parse(gov, full_meeting):
    client = Client()
    page = client.get(reverse("meetings:body_detail", args=[gov.body.pk]))
    assert page.status_code == 200 and "Sigrid Styreleder" in page.content.decode()
    feed = client.get(reverse("meetings:body_ical", args=[gov.body.pk]))
    assert feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Styringsgruppen: Styringsgruppemøte mars"
    assert events[0].decoded("DTSTART") == at(2025, 3, 12)
    assert str(calendar["VERSION"]) == "2.0"


def test_person_calendar_has_meetings_events_and_deadlines_for_signed_in(
    gov, full_meeting, client_as
):
    services.registration_create(
        event=gov.event,
        name="Kari Koordinator",
        email="kari@kommune.example.org",
        person=gov.secretary,
    )
    url = reverse("meetings:person_ical", args=[gov.secretary.slug])
    public = Calendar.from_ical(Client().get(url).content)
    signed_in = Calendar.from_ical(client_as(gov.user).get(url).content)
    public_summaries = {str(e["SUMMARY"]) for e in public.walk("VEVENT")}
    summaries = {str(e["SUMMARY"]) for e in signed_in.walk("VEVENT")}
    assert "Frokostmøte om velferdsteknologi" in public_summaries
    assert not any(s.startswith("Frist:") for s in public_summaries)
    assert "Frist: Lag oversikt over søknader" in summaries


def test_my_action_items_until_done(gov, full_meeting, client_as):
    client = client_as(gov.user)
    url = reverse("meetings:my_actions")
    assert "Lag oversikt over søknader" in client.get(url).content.decode()
    item = ActionItem.objects.get()
    response = client.post(
        reverse("meetings:action_status", args=[item.pk]), {"status": "done", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "er satt til utført" in client.get(url).content.decode()  # the message, once
    assert "Lag oversikt over søknader" not in client.get(url).content.decode()
    item.refresh_from_db()
    assert item.status == "done" and item.history.first().history_user == gov.user


def test_action_status_needs_login_and_valid_status(gov, full_meeting, client_as):
    item = ActionItem.objects.get()
    url = reverse("meetings:action_status", args=[item.pk])
    assert Client().post(url, {"status": "done"}).status_code == 302  # to the login page
    client_as(gov.user).post(url, {"status": "ferdig"})
    item.refresh_from_db()
    assert item.status == "open"


def test_action_items_on_the_owners_page(gov, full_meeting, client_as):
    url = gov.secretary.get_absolute_url()
    assert "Lag oversikt over søknader" in client_as(gov.user).get(url).content.decode()
    assert "Lag oversikt over søknader" not in Client().get(url).content.decode()


def test_annual_cycle(gov, full_meeting):
    services.deadline_create(
        partnership=gov.partnership, title="Årsrapport til styringsgruppen", month=3, day=1
    )
    response = Client().get(reverse("meetings:annual_cycle") + "?ar=2025")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Årsrapport til styringsgruppen" in text and "Styringsgruppen" in text
    assert Client().get(reverse("meetings:annual_cycle") + "?ar=abc").status_code == 200


def test_event_registration_form_and_waiting_list(gov):
    client = Client()
    url = gov.event.get_absolute_url()
    assert client.get(url).status_code == 200
    for n in range(2):
        response = client.post(url, {"name": f"Person {n}", "email": f"p{n}@example.org"})
        assert response.status_code == 302
    response = client.post(url, {"name": "Sen", "email": "sen@example.org"}, follow=True)
    assert "ventelisten" in response.content.decode()
    assert Registration.objects.get(email="sen@example.org").status == "waitlisted"


def test_event_registration_errors_name_the_field(gov):
    response = Client().post(gov.event.get_absolute_url(), {"name": "", "email": "nei"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_name"' in text and 'href="#id_email"' in text
    assert Registration.objects.count() == 0


def test_event_parallel_session_choice(gov):
    s1 = services.event_session_create(
        event=gov.event, title="Helse", starts_at=at(2030, 2, 4, 8), parallel_group="A"
    )
    services.event_session_create(
        event=gov.event, title="Skole", starts_at=at(2030, 2, 4, 8), parallel_group="A"
    )
    response = Client().post(
        gov.event.get_absolute_url(),
        {"name": "Anne", "email": "anne@example.org", "session_A": str(s1.pk)},
    )
    assert response.status_code == 302
    assert list(Registration.objects.get().sessions.all()) == [s1]


def test_event_list_and_calendar(gov, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert Client().get(reverse("meetings:event_list")).status_code == 200
    feed = Client().get(reverse("meetings:event_ical", args=[gov.event.slug]))
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")] == [
        "Frokostmøte om velferdsteknologi"
    ]


def test_body_list(gov, full_meeting, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = Client().get(reverse("meetings:body_list"))
    assert response.status_code == 200 and "Styringsgruppen" in response.content.decode()


def test_coordinator_records_case_decision_and_follow_up_on_the_page(gov, client_as):
    client = client_as(gov.user)
    url = gov.meeting.get_absolute_url()
    response = client.post(
        url,
        {
            "form": "case",
            "case-title": "Ny søknad til Forskningsrådet",
            "case-kind": "decision",
            "case-projects": [gov.project.pk],
        },
    )
    assert response.status_code == 302
    item = gov.meeting.agenda_items.get()
    assert list(item.projects.all()) == [gov.project]
    response = client.post(
        url,
        {"form": "decision", "decision-agenda_item": item.pk, "decision-text": "Søknaden sendes."},
    )
    assert response.status_code == 302 and item.decisions.get().text == "Søknaden sendes."
    response = client.post(
        url,
        {
            "form": "action",
            "action-title": "Send søknaden",
            "action-owner": gov.chair.pk,
            "action-due_date": "2025-04-15",
            "action-agenda_item": item.pk,
        },
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert (action.owner, action.due_date) == (gov.chair, dt.date(2025, 4, 15))
    assert action.history.first().history_user == gov.user


def test_bad_follow_up_names_the_field_and_writes_nothing(gov, client_as):
    response = client_as(gov.user).post(
        gov.meeting.get_absolute_url(),
        {"form": "action", "action-title": "Uten ansvarlig", "action-due_date": "ikke en dato"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'href="#id_action-owner"' in text and 'href="#id_action-due_date"' in text
    assert ActionItem.objects.count() == 0


def test_anonymous_cannot_post_to_a_meeting(gov):
    response = Client().post(gov.meeting.get_absolute_url(), {"form": "case", "case-title": "x"})
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert not gov.meeting.agenda_items.exists()


def test_dashboard_lists_open_follow_up_points(gov, full_meeting, client_as):
    url = reverse("reports:dashboard", args=[gov.partnership.slug])
    text = client_as(gov.user).get(url).content.decode()
    assert "Lag oversikt over søknader" in text
    services.action_item_set_status(action_item=ActionItem.objects.get(), status="done")
    assert "Lag oversikt over søknader" not in client_as(gov.user).get(url).content.decode()
