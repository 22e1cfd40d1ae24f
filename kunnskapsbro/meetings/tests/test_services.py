"""Services for meetings and events: validation, history, waiting list, parallel sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kunnskapsbro.meetings import services
from kunnskapsbro.meetings.models import ActionItem, AgendaItem, Registration

from .conftest import at


def test_meeting_records_who_made_it(gov):
    record = gov.meeting.history.first()
    assert record.history_user == gov.user


def test_meeting_end_before_start_is_refused_and_nothing_written(gov):
    before = gov.body.meetings.count()
    with pytest.raises(ValidationError) as info:
        services.meeting_create(
            body=gov.body, title="Feil", starts_at=at(2025, 5, 1, 12), ends_at=at(2025, 5, 1, 10)
        )
    assert "ends_at" in info.value.message_dict
    assert gov.body.meetings.count() == before


def test_agenda_item_numbers_and_refers_to_projects(gov):
    first = services.agenda_item_create(
        meeting=gov.meeting, title="Porteføljen", projects=[gov.project], kind="decision"
    )
    second = services.agenda_item_create(meeting=gov.meeting, title="Eventuelt")
    assert (first.number, second.number) == ("1/2025", "2/2025")
    assert list(first.projects.all()) == [gov.project]
    with pytest.raises(ValidationError) as info:
        services.agenda_item_create(meeting=gov.meeting, title="Dobbel", number="1/2025")
    assert "number" in info.value.message_dict


def test_agenda_item_refuses_project_of_another_partnership(gov):
    from kunnskapsbro.partnerships import services as partnership_services
    from kunnskapsbro.projects import services as project_services

    other = partnership_services.partnership_create(name="Kunnskapskommunen Bodø", slug="bodo")
    foreign = project_services.project_create(partnership=other, title="Fremmed")
    with pytest.raises(ValidationError) as info:
        services.agenda_item_create(meeting=gov.meeting, title="Sak", projects=[foreign])
    assert "projects" in info.value.message_dict
    assert not AgendaItem.objects.filter(title="Sak").exists()


def test_case_reference_refuses_unknown_kinds(gov):
    item = services.agenda_item_create(meeting=gov.meeting, title="Sak")
    with pytest.raises(ValidationError) as info:
        services.case_reference_add(agenda_item=item, target=gov.chair)
    assert "references" in info.value.message_dict
    services.case_reference_add(agenda_item=item, target=gov.project)
    assert list(item.projects.all()) == [gov.project]


def test_decision_and_action_item_lifecycle(gov):
    item = services.agenda_item_create(meeting=gov.meeting, title="Årsrapport", kind="decision")
    decision = services.decision_create(agenda_item=item, text="Årsrapporten godkjennes.")
    assert decision.decided_on == dt.date(2025, 3, 12)
    action = services.action_item_create(
        meeting=gov.meeting,
        title="Send årsrapporten til rektor",
        owner=gov.secretary,
        due_date=dt.date(2025, 4, 1),
        decision=decision,
        actor=gov.user,
    )
    assert action.agenda_item == item and action.status == "open"
    services.action_item_set_status(action_item=action, status="done", actor=gov.user)
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on is not None
    assert action.history.first().history_user == gov.user
    services.action_item_set_status(action_item=action, status="in_progress")
    action.refresh_from_db()
    assert action.completed_on is None
    with pytest.raises(ValidationError) as info:
        services.action_item_set_status(action_item=action, status="finished")
    assert "status" in info.value.message_dict


def test_action_item_needs_owner_and_due_date(gov):
    with pytest.raises(ValidationError) as info:
        services.action_item_create(
            meeting=gov.meeting, title="", owner=gov.chair, due_date=dt.date(2025, 4, 1)
        )
    assert "title" in info.value.message_dict
    assert ActionItem.objects.count() == 0


def test_document_needs_link_or_file(gov):
    with pytest.raises(ValidationError) as info:
        services.meeting_document_add(meeting=gov.meeting, title="Saksliste")
    assert "url" in info.value.message_dict
    doc = services.meeting_document_add(
        meeting=gov.meeting, title="Saksliste", url="https://example.org/saksliste.pdf"
    )
    assert doc.pk


def test_attendance_is_recorded_once_per_person(gov):
    services.attendance_record(meeting=gov.meeting, person=gov.chair, status="excused")
    services.attendance_record(meeting=gov.meeting, person=gov.chair, status="present")
    assert list(gov.meeting.attendances.values_list("status", flat=True)) == ["present"]


def test_deadline_must_be_a_real_date(gov):
    with pytest.raises(ValidationError) as info:
        services.deadline_create(partnership=gov.partnership, title="Frist", month=2, day=30)
    assert "day" in info.value.message_dict
    assert services.deadline_create(
        partnership=gov.partnership, title="Årsrapport", month=1, day=31
    ).pk


def test_registration_capacity_waiting_list_and_promotion(gov):
    a = services.registration_create(event=gov.event, name="Anne", email="anne@example.org")
    b = services.registration_create(event=gov.event, name="Bjørn", email="BJORN@example.org")
    c = services.registration_create(event=gov.event, name="Cecilie", email="c@example.org")
    d = services.registration_create(event=gov.event, name="Dag", email="d@example.org")
    assert [r.status for r in (a, b, c, d)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert (c.waitlist_position, d.waitlist_position) == (1, 2)
    assert b.email == "bjorn@example.org"
    services.registration_cancel(registration=a)
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.status, d.status) == ("confirmed", "waitlisted")
    services.event_update(event=gov.event, data={"capacity": 5})
    d.refresh_from_db()
    assert d.status == "confirmed"


def test_registration_twice_is_refused(gov):
    services.registration_create(event=gov.event, name="Anne", email="anne@example.org")
    with pytest.raises(ValidationError) as info:
        services.registration_create(event=gov.event, name="Anne", email="Anne@example.org")
    assert "email" in info.value.message_dict
    assert Registration.objects.count() == 1


def test_registration_bad_email_changes_nothing(gov):
    with pytest.raises(ValidationError) as info:
        services.registration_create(event=gov.event, name="Anne", email="ikke-en-adresse")
    assert "email" in info.value.message_dict
    assert Registration.objects.count() == 0


def test_parallel_sessions_one_per_group_and_full_sessions(gov):
    s1 = services.event_session_create(
        event=gov.event, title="Helse", starts_at=at(2030, 2, 4, 8), parallel_group="A", capacity=1
    )
    s2 = services.event_session_create(
        event=gov.event, title="Skole", starts_at=at(2030, 2, 4, 8), parallel_group="A"
    )
    with pytest.raises(ValidationError) as info:
        services.registration_create(
            event=gov.event, name="Anne", email="anne@example.org", sessions=[s1, s2]
        )
    assert "sessions" in info.value.message_dict
    services.registration_create(
        event=gov.event, name="Anne", email="anne@example.org", sessions=[s1]
    )
    with pytest.raises(ValidationError) as info:
        services.registration_create(
            event=gov.event, name="Bo", email="bo@example.org", sessions=[s1]
        )
    assert "full" in str(info.value)
    services.event_session_publish_material(session=s1, slides_url="https://example.org/lysark.pdf")
    s1.refresh_from_db()
    assert s1.slides_url.endswith("lysark.pdf")


def test_closed_registration_is_refused(gov):
    services.event_update(event=gov.event, data={"registration_open": False})
    with pytest.raises(ValidationError) as info:
        services.registration_create(event=gov.event, name="Anne", email="anne@example.org")
    assert "event" in info.value.message_dict


def test_event_slug_must_be_unique(gov):
    with pytest.raises(ValidationError) as info:
        services.event_create(
            partnership=gov.partnership,
            kind="conference",
            title="Kopi",
            slug=gov.event.slug,
            starts_at=at(2030, 1, 1),
        )
    assert "slug" in info.value.message_dict


def test_body_and_membership_services_check_and_stamp_the_acting_user(gov, researcher_user):
    from django.core.exceptions import PermissionDenied

    from kunnskapsbro.partnerships import services as partnership_services

    with pytest.raises(PermissionDenied):
        partnership_services.body_create(
            partnership=gov.partnership, kind="steering_group", name="Nei", actor=researcher_user
        )
    with pytest.raises(PermissionDenied):
        partnership_services.body_update(body=gov.body, data={"name": "Nei"}, actor=researcher_user)
    membership = gov.body.memberships.get(person=gov.chair)
    with pytest.raises(PermissionDenied):
        partnership_services.membership_update(
            membership=membership, data={"role": "member"}, actor=researcher_user
        )
    body = partnership_services.body_create(
        partnership=gov.partnership, kind="steering_group", name="Nytt styre", actor=gov.user
    )
    added = partnership_services.membership_create(
        body=body, person=gov.chair, role="chair", actor=gov.user
    )
    assert body.history.get().history_user == gov.user
    assert added.history.get().history_user == gov.user
