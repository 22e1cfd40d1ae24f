"""Create and edit pages for bodies, members, meetings, cases, attendance, documents, follow-up,
events and sessions; a registrant's own page with cancellation; organisers cancel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from kunnskapsbro.meetings import selectors, services
from kunnskapsbro.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Event,
    EventSession,
    Meeting,
    MeetingDocument,
    Registration,
)
from kunnskapsbro.partnerships.models import GovernanceBody, Membership

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("meetings:body_create", {}),
        ("meetings:event_create", {}),
    ],
)
def test_create_pages_need_login(gov, name, kwargs):
    response = Client().get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert "/konto/logg-inn/" in response["Location"]


def test_edit_pages_need_login(gov):
    client = Client()
    for url in (
        reverse("meetings:meeting_create", args=[gov.body.pk]),
        reverse("meetings:meeting_edit", args=[gov.meeting.pk]),
        reverse("meetings:attendance", args=[gov.meeting.pk]),
        reverse("meetings:event_edit", args=[gov.event.slug]),
        reverse("meetings:session_create", args=[gov.event.slug]),
    ):
        assert client.post(url, {"title": "x"}).status_code == 302
    assert Meeting.objects.count() == 1


def test_body_and_membership_with_term(gov, client_as):
    client = client_as(gov.user)
    response = client.post(
        reverse("meetings:body_create"),
        {
            "partnership": gov.partnership.pk,
            "kind": "innovation_committee",
            "name": "Innovasjonsutvalg helse",
            "mandate": "Prioriterer behov.",
        },
    )
    body = GovernanceBody.objects.get(name="Innovasjonsutvalg helse")
    assert response.status_code == 302
    url = reverse("meetings:membership_create", args=[body.pk])
    assert client.get(url).status_code == 200
    # An end before the start is refused and nothing is stored.
    bad = client.post(
        url,
        {
            "person": gov.chair.email,
            "role": "chair",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
        },
    )
    assert bad.status_code == 400
    assert "Perioden kan ikke slutte før den begynner." in bad.content.decode()
    assert not Membership.objects.filter(body=body).exists()
    unknown = client.post(url, {"person": "Ingen Slik", "role": "chair"})
    assert unknown.status_code == 400
    assert "Fant ingen registrert person" in unknown.content.decode()
    client.post(
        url,
        {
            "person": gov.chair.email,
            "role": "chair",
            "position_title": "Kommunedirektør",
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
        },
    )
    membership = Membership.objects.get(body=body)
    assert (membership.role, membership.end_date) == ("chair", dt.date(2027, 12, 31))
    page = client.get(reverse("meetings:body_detail", args=[body.pk])).content.decode()
    assert "Kommunedirektør" in page
    edit = reverse("meetings:membership_edit", args=[membership.pk])
    form = client.get(edit).content.decode()
    assert f"[{gov.chair.slug}]" in form
    response = client.post(
        edit,
        {"role": "member", "start_date": "2026-01-01", "end_date": "2026-06-30"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.end_date) == ("member", dt.date(2026, 6, 30))
    assert membership.person == gov.chair  # the person field is not editable
    response = client.post(
        reverse("meetings:body_edit", args=[body.pk]),
        {"kind": "innovation_committee", "name": "Innovasjonsutvalg helse og velferd"},
    )
    body.refresh_from_db()
    assert body.name == "Innovasjonsutvalg helse og velferd"
    assert body.mandate == ""


def test_create_and_edit_a_meeting(gov, client_as):
    client = client_as(gov.user)
    url = reverse("meetings:meeting_create", args=[gov.body.pk])
    bad = client.post(
        url,
        {
            "title": "Styringsgruppemøte juni",
            "starts_at": "2026-06-10T10:00",
            "ends_at": "2026-06-10T09:00",
            "status": "planned",
        },
    )
    assert bad.status_code == 400
    assert "Sluttidspunktet kan ikke være før starttidspunktet." in bad.content.decode()
    response = client.post(
        url,
        {
            "title": "Styringsgruppemøte juni",
            "starts_at": "2026-06-10T10:00",
            "ends_at": "2026-06-10T12:00",
            "location": "Rådhuset",
            "status": "planned",
            "is_public": "on",
        },
    )
    meeting = Meeting.objects.get(title="Styringsgruppemøte juni")
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == at(2026, 6, 10, 10)
    assert meeting.history.first().history_user == gov.user
    edit = reverse("meetings:meeting_edit", args=[meeting.pk])
    assert 'value="2026-06-10T10:00"' in client.get(edit).content.decode()
    client.post(
        edit,
        {
            "title": "Styringsgruppemøte juni",
            "starts_at": "2026-06-10T10:00",
            "status": "held",
            "minutes": "Møtet ble avholdt som planlagt.",
        },
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes, meeting.is_public) == (
        "held",
        "Møtet ble avholdt som planlagt.",
        False,
    )


def test_attendance_for_members_and_a_guest(gov, client_as):
    client = client_as(gov.user)
    url = reverse("meetings:attendance", args=[gov.meeting.pk])
    page = client.get(url).content.decode()
    assert "Sigrid Styreleder" in page and "Kari Koordinator" in page
    response = client.post(
        url,
        {
            f"person_{gov.chair.pk}": "present",
            f"person_{gov.secretary.pk}": "excused",
            "guest": gov.project.title,  # not a person
            "guest_status": "guest",
        },
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    from kunnskapsbro.organizations import services as org_services

    guest = org_services.person_create(
        first_name="Gunnar", last_name="Gjest", email="gunnar@example.org"
    )
    response = client.post(
        url,
        {
            f"person_{gov.chair.pk}": "present",
            f"person_{gov.secretary.pk}": "excused",
            "guest": "gunnar@example.org",
            "guest_status": "guest",
        },
    )
    assert response.status_code == 302
    recorded = dict(Attendance.objects.values_list("person_id", "status"))
    assert recorded == {gov.chair.pk: "present", gov.secretary.pk: "excused", guest.pk: "guest"}
    # The guest is listed next time, with their status preselected.
    page = client.get(url).content.decode()
    assert "Gunnar Gjest" in page
    # Who has met whom: the chair met the guest at this meeting.
    assert guest in [p for p, _n in selectors.person_met(person=gov.chair)]


def test_document_needs_a_link_or_a_file(gov, client_as):
    client = client_as(gov.user)
    url = reverse("meetings:document_add", args=[gov.meeting.pk])
    bad = client.post(url, {"title": "Saksframlegg"})
    assert bad.status_code == 400
    assert "Oppgi en lenke eller last opp en fil." in bad.content.decode()
    client.post(url, {"title": "Saksframlegg", "url": "https://example.org/sak.pdf"})
    assert MeetingDocument.objects.get().url == "https://example.org/sak.pdf"


def test_edit_case_and_follow_up(gov, client_as):
    client = client_as(gov.user)
    first = services.agenda_item_create(meeting=gov.meeting, title="Budsjett")
    second = services.agenda_item_create(meeting=gov.meeting, title="Portefølje")
    url = reverse("meetings:agenda_item_edit", args=[second.pk])
    clash = client.post(
        url, {"number": first.number, "title": "Portefølje", "kind": "decision", "order": 1}
    )
    assert clash.status_code == 400
    assert "finnes allerede i møtet" in clash.content.decode()
    client.post(
        url,
        {
            "number": "7/2025",
            "title": "Porteføljen 2025",
            "kind": "decision",
            "order": 0,
            "projects": [gov.project.pk],
        },
    )
    second.refresh_from_db()
    assert (second.number, second.title) == ("7/2025", "Porteføljen 2025")
    assert list(second.projects.all()) == [gov.project]
    item = services.action_item_create(
        meeting=gov.meeting,
        title="Send budsjett",
        owner=gov.secretary,
        due_date=dt.date(2025, 4, 1),
    )
    response = client.post(
        reverse("meetings:action_edit", args=[item.pk]),
        {
            "title": "Send budsjettet",
            "owner": gov.chair.pk,
            "due_date": "2025-05-01",
            "agenda_item": first.pk,
            "status": "done",
            "comment": "Sendt 30. april.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.owner, item.status, item.agenda_item) == (
        "Send budsjettet",
        gov.chair,
        "done",
        first,
    )
    assert item.completed_on is not None
    assert AgendaItem.objects.count() == 2


def test_create_event_with_programme_and_material(gov, client_as):
    client = client_as(gov.user)
    url = reverse("meetings:event_create")
    reserved = client.post(
        url,
        {
            "partnership": gov.partnership.pk,
            "kind": "conference",
            "title": "Arena Unikom 2031",
            "slug": "nytt",
            "starts_at": "2031-10-20T09:00",
        },
    )
    assert reserved.status_code == 400
    response = client.post(
        url,
        {
            "partnership": gov.partnership.pk,
            "kind": "conference",
            "title": "Arena Unikom 2031",
            "starts_at": "2031-10-20T09:00",
            "ends_at": "2031-10-20T16:00",
            "capacity": "200",
            "registration_open": "on",
            "is_public": "on",
        },
    )
    event = Event.objects.get(title="Arena Unikom 2031")
    assert event.slug == "arena-unikom-2031"
    assert response["Location"] == event.get_absolute_url()
    session_url = reverse("meetings:session_create", args=[event.slug])
    for title in ("Sesjon A", "Sesjon B"):
        client.post(
            session_url,
            {"title": title, "starts_at": "2031-10-20T10:00", "parallel_group": "formiddag"},
        )
    assert EventSession.objects.filter(event=event, parallel_group="formiddag").count() == 2
    session = EventSession.objects.get(title="Sesjon A")
    edit = reverse("meetings:session_edit", args=[event.slug, session.pk])
    bad = client.post(
        edit, {"title": "Sesjon A", "starts_at": "2031-10-20T10:00", "slides_url": "ikke en url"}
    )
    assert bad.status_code == 400
    client.post(
        edit,
        {
            "title": "Sesjon A",
            "starts_at": "2031-10-20T10:00",
            "parallel_group": "formiddag",
            "slides_url": "https://example.org/lysark.pdf",
            "recording_url": "https://example.org/opptak",
        },
    )
    session.refresh_from_db()
    assert session.slides_url == "https://example.org/lysark.pdf"
    page = client.get(event.get_absolute_url()).content.decode()
    assert "https://example.org/opptak" in page
    # Raising the capacity on the edit page is what event_update does: here, change the title.
    client.post(
        reverse("meetings:event_edit", args=[event.slug]),
        {
            "kind": "conference",
            "title": "Arena Unikom 2031 – Trondheim",
            "starts_at": "2031-10-20T09:00",
            "capacity": "200",
        },
    )
    event.refresh_from_db()
    assert (event.title, event.registration_open, event.is_public) == (
        "Arena Unikom 2031 – Trondheim",
        False,
        False,
    )


def test_breakfast_collects_who_is_interested(gov, client_as):
    page = Client().get(gov.event.get_absolute_url()).content.decode()
    assert "Jeg er interessert" in page
    response = Client().post(
        gov.event.get_absolute_url(),
        {"name": "Ida Interessert", "email": "ida@example.org"},
        follow=True,
    )
    assert "listen over interesserte" in response.content.decode()
    signed_in = client_as(gov.user).get(gov.event.get_absolute_url()).content.decode()
    assert "Interesserte" in signed_in and "Ida Interessert" in signed_in


def _register(email: str) -> tuple[Client, str]:
    client = Client()
    event = Event.objects.get(slug="frokost-velferdsteknologi")
    response = client.post(event.get_absolute_url(), {"name": email.split("@")[0], "email": email})
    assert response.status_code == 302
    return client, response["Location"]


def test_registrant_cancels_and_the_first_on_the_waiting_list_moves_up(gov):
    first, first_url = _register("a@example.org")
    _register("b@example.org")
    third, third_url = _register("c@example.org")
    fourth, fourth_url = _register("d@example.org")
    assert "/pamelding/" in first_url
    assert "nummer 2 på ventelisten" in fourth.get(fourth_url).content.decode()
    response = first.post(first_url, follow=True)
    text = response.content.decode()
    assert "Du er meldt av" in text and "Avmeldt" in text
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "cancelled",
        "b@example.org": "confirmed",
        "c@example.org": "confirmed",
        "d@example.org": "waitlisted",
    }
    assert "nummer 1 på ventelisten" in fourth.get(fourth_url).content.decode()
    # The promotion is in the history: waitlisted, then confirmed.
    promoted = Registration.objects.get(email="c@example.org")
    assert [h.status for h in promoted.history.order_by("history_date")] == [
        "waitlisted",
        "confirmed",
    ]
    # Cancelling twice changes nothing and says so.
    again = first.post(first_url, follow=True).content.decode()
    assert "allerede avmeldt" in again
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_registration_page_key_cannot_be_forged(gov):
    _client, url = _register("a@example.org")
    registration = Registration.objects.get()
    assert Client().get(url).status_code == 200
    forged = reverse(
        "meetings:registration", kwargs={"slug": gov.event.slug, "token": f"{registration.pk}:x"}
    )
    assert Client().get(forged).status_code == 404
    assert Client().post(forged).status_code == 404
    assert Registration.objects.get().status == "confirmed"


def test_organiser_cancels_a_registration(gov, client_as):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        _register(email)
    client = client_as(gov.user)
    page = client.get(gov.event.get_absolute_url()).content.decode()
    assert "Påmeldinger og venteliste" in page and "c@example.org" in page
    registration = Registration.objects.get(email="b@example.org")
    url = reverse("meetings:registration_cancel", args=[gov.event.slug, registration.pk])
    assert Client().post(url).status_code == 302  # to the login page
    assert Registration.objects.get(email="b@example.org").status == "confirmed"
    client.post(url)
    assert Registration.objects.get(email="c@example.org").status == "confirmed"
    history = Registration.objects.get(email="c@example.org").history.first()
    assert history.history_user == gov.user


def test_registrations_link_people_and_organisations(gov, client_as):
    from kunnskapsbro.organizations import services as org_services

    ntnu = org_services.organization_create(name="NTNU", kind="university", orgnr="974767880")
    # A public registrant with a registered e-mail and an organisation named exactly.
    Client().post(
        gov.event.get_absolute_url(),
        {"name": "Sigrid S.", "email": "SIGRID@kommune.example.org", "organization_name": "ntnu"},
    )
    registration = Registration.objects.get(email="sigrid@kommune.example.org")
    assert (registration.person, registration.organization) == (gov.chair, ntnu)
    # A signed-in coordinator signing someone else up does not become that registrant.
    client_as(gov.user).post(
        gov.event.get_absolute_url(),
        {"name": "Ukjent", "email": "ukjent@example.org", "organization_name": "Ukjent AS"},
    )
    other = Registration.objects.get(email="ukjent@example.org")
    assert (other.person, other.organization, other.organization_name) == (
        None,
        None,
        "Ukjent AS",
    )
    # Who has met whom: the chair and the secretary both take part.
    services.registration_cancel(registration=other)
    client_as(gov.user).post(
        gov.event.get_absolute_url(), {"name": "Kari", "email": "kari@kommune.example.org"}
    )
    assert Registration.objects.get(email="kari@kommune.example.org").person == gov.secretary
    assert gov.secretary in [p for p, _n in selectors.person_met(person=gov.chair)]


def test_which_organisations_have_met(gov, client_as):
    from django.contrib.auth.models import AnonymousUser

    from kunnskapsbro.organizations import services as org_services

    ntnu = org_services.organization_create(name="NTNU", kind="university", orgnr="974767880")
    city = org_services.organization_create(
        name="Trondheim kommune", kind="municipality", orgnr="942110464"
    )
    sintef = org_services.organization_create(name="SINTEF", kind="research_institute")
    services.attendance_record(meeting=gov.meeting, person=gov.chair, represents=city)
    services.attendance_record(meeting=gov.meeting, person=gov.secretary, represents=ntnu)
    internal = services.meeting_create(
        body=gov.body, title="Internt", starts_at=at(2025, 5, 1), is_public=False
    )
    services.attendance_record(meeting=internal, person=gov.chair, represents=city)
    services.attendance_record(meeting=internal, person=gov.secretary, represents=sintef)
    # Someone absent has not met anyone.
    absent = org_services.person_create(first_name="Fra", last_name="Værende")
    services.attendance_record(
        meeting=gov.meeting, person=absent, status="absent", represents=sintef
    )
    services.registration_create(
        event=gov.event, name="A", email="a@example.org", organization=ntnu
    )
    services.registration_create(
        event=gov.event, name="B", email="b@example.org", organization=city
    )
    public = selectors.organization_encounters(user=AnonymousUser())
    assert [(e.first.name, e.second.name, e.meetings, e.events) for e in public] == [
        ("NTNU", "Trondheim kommune", 1, 1)
    ]
    signed_in = selectors.organization_encounters(user=gov.user)
    assert {(e.first.name, e.second.name, e.total) for e in signed_in} == {
        ("NTNU", "Trondheim kommune", 2),
        ("Trondheim kommune", "SINTEF", 1),
    }
    page = Client().get(reverse("portal:network")).content.decode()
    assert "Hvem har møtt hvem" in page and "SINTEF" not in page


def test_only_coordinators_write_governance_and_events(
    gov, client_as, researcher_user, outsider_user, grant_role, api_token_for
):
    """Contributors and users without a role read, but do not create or change, bodies,
    meetings, events or registrations; a coordinator of another partnership neither."""
    from kunnskapsbro.partnerships import services as partnership_services

    registration = services.registration_create(event=gov.event, name="A", email="a@example.org")
    item = services.action_item_create(
        meeting=gov.meeting, title="Punkt", owner=gov.chair, due_date=dt.date(2025, 4, 1)
    )
    elsewhere = partnership_services.partnership_create(name="Bodø", slug="bodo")
    other_coordinator = outsider_user.__class__.objects.create_user("annen.koordinator")
    grant_role(other_coordinator, "coordinator", partnership=elsewhere)
    for user in (researcher_user, outsider_user, other_coordinator):
        client = client_as(user)
        for url in (
            reverse("meetings:body_edit", args=[gov.body.pk]),
            reverse("meetings:membership_create", args=[gov.body.pk]),
            reverse("meetings:meeting_create", args=[gov.body.pk]),
            reverse("meetings:meeting_edit", args=[gov.meeting.pk]),
            reverse("meetings:attendance", args=[gov.meeting.pk]),
            reverse("meetings:event_edit", args=[gov.event.slug]),
            reverse("meetings:session_create", args=[gov.event.slug]),
        ):
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, {"title": "x"}).status_code == 403, (user, url)
        cancel = reverse("meetings:registration_cancel", args=[gov.event.slug, registration.pk])
        assert client.post(cancel).status_code == 403
        # A follow-up point is internal: not seen by these users at all, so 404.
        edit = reverse("meetings:action_edit", args=[item.pk])
        assert client.get(edit).status_code == 404, user
        assert client.post(edit, {"title": "x"}).status_code == 404, user
        status = reverse("meetings:action_status", args=[item.pk])
        assert client.post(status, {"status": "done"}).status_code == 404
        response = client.post(
            gov.meeting.get_absolute_url(),
            {"form": "case", "case-title": "x", "case-kind": "decision"},
        )
        assert response.status_code == 403
        page = client.get(gov.meeting.get_absolute_url()).content.decode()
        assert "Registrer saker, vedtak og oppfølging" not in page
        token = api_token_for(user)
        api = client_as(user)
        denied = api.post(
            "/api/v1/meetings",
            {"body": gov.body.pk, "title": "x", "starts_at": "2026-01-01T10:00:00+01:00"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert denied.status_code == 403
    # Only the other partnership is offered to its coordinator; with none, the page is 403.
    form = client_as(other_coordinator).get(reverse("meetings:event_create")).content.decode()
    assert "Bodø" in form and "TRD3.0 – Universitetskommunen Trondheim" not in form
    assert client_as(researcher_user).get(reverse("meetings:event_create")).status_code == 403
    assert client_as(researcher_user).get(reverse("portal:article_create")).status_code == 403
    assert Meeting.objects.count() == 1 and AgendaItem.objects.count() == 0
    assert Registration.objects.get().status == "confirmed"
    assert ActionItem.objects.get().status == "open"
    # The owner of a follow-up point reports progress on it.
    owner_user = outsider_user.__class__.objects.create_user("sigrid")
    gov.chair.user = owner_user
    gov.chair.save()
    client_as(owner_user).post(
        reverse("meetings:action_status", args=[item.pk]), {"status": "in_progress"}
    )
    assert ActionItem.objects.get().status == "in_progress"


def test_deadline_in_the_annual_cycle(gov, client_as, researcher_user):
    from kunnskapsbro.meetings.models import Deadline

    url = reverse("meetings:deadline_create")
    assert client_as(researcher_user).get(url).status_code == 403
    client = client_as(gov.user)
    data = {"partnership": gov.partnership.pk, "title": "Årsrapport", "kind": "report"}
    bad = client.post(url, {**data, "month": "2", "day": "30"})
    assert bad.status_code == 400 and "30.2 er ingen gyldig dato." in bad.content.decode()
    assert not Deadline.objects.exists()
    response = client.post(url, {**data, "month": "2", "day": "29"})
    assert response.status_code == 302 and response["Location"].endswith("#m2")
    page = client.get(reverse("meetings:annual_cycle") + "?ar=2027").content.decode()
    assert "29.02: Årsrapport" in page


def test_registrants_get_their_link_and_news_of_a_seat(
    gov, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(event=gov.event, name="A", email="a@example.org")
        services.registration_create(event=gov.event, name="B", email="b@example.org")
        services.registration_create(event=gov.event, name="C", email="c@example.org")
    assert [m.to for m in mailoutbox] == [["a@example.org"], ["b@example.org"], ["c@example.org"]]
    assert mailoutbox[0].subject == f"Du er påmeldt: {gov.event.title}"
    assert "nummer 1 på ventelisten" in mailoutbox[2].body
    link = next(line for line in mailoutbox[0].body.splitlines() if "/pamelding/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert Client().get("/" + path).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    assert {(tuple(m.to), m.subject.split(":")[0]) for m in mailoutbox} == {
        (("a@example.org",), "Du er meldt av"),
        (("c@example.org",), "Du har fått plass"),
    }


def test_a_failing_mail_server_keeps_the_registration(
    gov, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=gov.event, name="A", email="a@example.org")
    assert Registration.objects.get().status == "confirmed"


def test_who_is_coming_is_shown_to_organisers_and_readers_only(
    gov, client_as, coordinator_user, outsider_user, researcher_user, grant_role
):
    """Registrants' names are personal data: not for every signed-in user or the public."""
    services.registration_create(event=gov.event, name="Petra Påmeldt", email="petra@example.org")
    url = reverse("meetings:event_detail", args=[gov.event.slug])
    viewer = outsider_user.__class__.objects.create_user("vera.viewer")
    grant_role(viewer, "viewer", partnership=gov.event.partnership)
    for user in (None, outsider_user, researcher_user):
        client = client_as(user) if user else Client()
        page = client.get(url)
        assert page.status_code == 200
        assert "Petra Påmeldt" not in page.content.decode()
    for user in (coordinator_user, viewer):
        page = client_as(user).get(url)
        assert "Petra Påmeldt" in page.content.decode()
