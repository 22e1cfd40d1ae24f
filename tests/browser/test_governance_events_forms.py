"""Issue 8 in a real browser, the writing side: a coordinator creates a meeting, records its
attendance, announces a conference with parallel sessions, publishes slides, writes an
article; a participant registers and cancels by keyboard only, and the first on the waiting
list gets the seat. axe-core finds zero WCAG 2.1 AA violations on every page, also with errors
shown; every portal page is checked without login."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from kunnskapsbro.meetings import services as meeting_services
from kunnskapsbro.meetings.models import Registration
from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.portal import services as portal_services
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.tests_support.factories import RoleAssignmentFactory
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PASSWORD = "kari-passord-123"
TIMEOUT = 15_000


def _at(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def world(transactional_db):
    user = get_user_model().objects.create_user("kari", password=PASSWORD)
    RoleAssignmentFactory(user=user, role="coordinator", partnership=None)
    trd = partnership_services.partnership_create(
        name="TRD3.0 – Universitetskommunen Trondheim", slug="trd30", short_name="TRD3.0"
    )
    partnership_services.partnership_create(
        name="Kunnskapskommunen Bodø", slug="bodo", short_name="Bodø"
    )
    project_services.project_create(
        partnership=trd, title="Velferdsteknologi i sykehjemmet", visibility="public"
    )
    body = partnership_services.body_create(
        partnership=trd, kind="steering_group", name="Styringsgruppen"
    )
    kari = org_services.person_create(
        first_name="Kari", last_name="Koordinator", email="kari@kommune.example.org", user=user
    )
    sigrid = org_services.person_create(
        first_name="Sigrid", last_name="Styreleder", email="sigrid@kommune.example.org"
    )
    partnership_services.membership_create(body=body, person=kari, role="secretary")
    partnership_services.membership_create(body=body, person=sigrid, role="chair")
    event = meeting_services.event_create(
        partnership=trd,
        kind="breakfast",
        title="Frokostmøte om velferdsteknologi",
        slug="frokost-velferdsteknologi",
        starts_at=_at(2030, 2, 4, 8),
        capacity=1,
        topic="Velferdsteknologi i hjemmetjenesten",
    )
    portal_services.article_create(
        partnership=trd,
        title="Slik organiserer vi innovasjonsutvalgene",
        body="Fem fokusområder, fem utvalg.",
        status="published",
    )
    return {"body": body, "event": event, "trd": trd}


def test_coordinator_creates_a_meeting_and_records_attendance(page, live_server, world):
    login(page, live_server, "kari", PASSWORD)
    page.goto(f"/moter/organ/{world['body'].pk}/")
    axe_check(page)
    page.get_by_role("link", name="Nytt møte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nytt møte", timeout=TIMEOUT)
    axe_check(page)
    # Errors first: no title, an end before the start.
    page.get_by_label("Starter").fill("2026-06-10T10:00")
    page.get_by_label("Slutter").fill("2026-06-10T09:00")
    page.get_by_role("button", name="Opprett møtet").click()
    expect(page.locator(".ds-error-summary")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".ds-error-summary")).to_contain_text("Sluttidspunktet")
    axe_check(page)
    page.get_by_label("Tittel").fill("Styringsgruppemøte juni")
    page.get_by_label("Slutter").fill("2026-06-10T12:00")
    page.get_by_label("Sted").fill("Rådhuset")
    page.get_by_role("button", name="Opprett møtet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Styringsgruppemøte juni", timeout=TIMEOUT
    )
    axe_check(page)
    page.get_by_role("link", name="Registrer oppmøte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppmøte", timeout=TIMEOUT)
    axe_check(page)
    page.get_by_label("Sigrid Styreleder").select_option("present")
    page.get_by_label("Kari Koordinator").select_option("excused")
    page.get_by_role("button", name="Lagre oppmøtet").click()
    expect(page.locator("#h-attendance + ul")).to_contain_text(
        "Sigrid Styreleder – til stede", timeout=TIMEOUT
    )
    expect(page.locator("#h-attendance + ul")).to_contain_text("meldt forfall")
    page.get_by_role("link", name="Endre møtet og referatet").click()
    axe_check(page)
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Referat").fill("Porteføljen ble gjennomgått.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#h-minutes + p")).to_contain_text(
        "Porteføljen ble gjennomgått.", timeout=TIMEOUT
    )
    page.goto(f"/moter/organ/{world['body'].pk}/")
    page.get_by_role("link", name="Legg til medlem").click()
    axe_check(page)
    # A recurring deadline in the årshjul; 30 February is refused on the field.
    page.goto("/moter/arshjul/?ar=2026")
    page.get_by_role("link", name="Ny frist i årshjulet").click()
    axe_check(page)
    page.get_by_label("Partnerskap").select_option(str(world["trd"].pk))
    page.get_by_label("Tittel").fill("Årsrapport til styringsgruppen")
    page.get_by_label("Måned").select_option("2")
    page.get_by_label("Dag").fill("30")
    page.get_by_role("button", name="Legg inn fristen").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("30.2", timeout=TIMEOUT)
    axe_check(page)
    page.get_by_label("Dag").fill("28")
    page.get_by_role("button", name="Legg inn fristen").click()
    expect(page.locator("#m2")).to_contain_text("Årsrapport til styringsgruppen", timeout=TIMEOUT)
    axe_check(page)


def test_coordinator_announces_a_conference_with_parallel_sessions(page, live_server, world):
    login(page, live_server, "kari", PASSWORD)
    page.goto("/arrangementer/")
    page.get_by_role("link", name="Nytt arrangement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt arrangement", timeout=TIMEOUT)
    axe_check(page)
    page.get_by_label("Partnerskap").select_option(str(world["trd"].pk))
    page.get_by_label("Type arrangement").select_option("conference")
    page.get_by_label("Tittel").fill("Arena Unikom 2031")
    page.get_by_label("Starter").fill("2031-10-20T09:00")
    page.get_by_label("Antall plasser").fill("150")
    page.get_by_role("button", name="Opprett arrangementet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arena Unikom 2031", timeout=TIMEOUT)
    for title in ("Sesjon A: velferd", "Sesjon B: skole"):
        page.get_by_role("link", name="Legg til sesjon").click()
        axe_check(page)
        page.get_by_label("Tittel").fill(title)
        page.get_by_label("Starter").fill("2031-10-20T10:00")
        page.get_by_label("Parallellsesjon").fill("formiddag")
        page.get_by_role("button", name="Legg til sesjonen").click()
        expect(page.locator("#h-programme + ol")).to_contain_text(title, timeout=TIMEOUT)
    expect(page.locator("#h-programme + ol")).to_contain_text("parallelle sesjoner")
    # Afterwards: publish the slides of session A.
    from kunnskapsbro.meetings.models import EventSession

    session = EventSession.objects.get(title="Sesjon A: velferd")
    page.locator(f'a[href$="/sesjon/{session.pk}/endre/"]').click()
    page.get_by_label("Lysark (lenke)").fill("ikke en lenke")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator(".ds-error-summary")).to_be_visible(timeout=TIMEOUT)
    axe_check(page)
    page.get_by_label("Lysark (lenke)").fill("https://example.org/lysark-a.pdf")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator('a[href="https://example.org/lysark-a.pdf"]')).to_contain_text(
        "Lysark", timeout=TIMEOUT
    )
    axe_check(page)


def _tab_to(page, locator, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_register_and_cancel_by_keyboard_only_moves_the_waiting_list(page, live_server, world):
    meeting_services.registration_create(
        event=world["event"], name="Først Påmeldt", email="forst@example.org"
    )
    meeting_services.registration_create(
        event=world["event"], name="Vera Venter", email="vera@example.org"
    )
    page.goto(world["event"].get_absolute_url())
    expect(page.locator("main")).to_contain_text("Arrangementet er fullt", timeout=TIMEOUT)
    axe_check(page)
    _tab_to(page, page.get_by_label("Navn"))
    page.keyboard.type("Anne Deltaker")
    page.keyboard.press("Tab")
    expect(page.get_by_label("E-post")).to_be_focused()
    page.keyboard.type("anne@example.org")
    _tab_to(page, page.get_by_role("button", name="Sett meg på ventelisten"))
    page.keyboard.press("Enter")
    expect(page.locator("#registration-status")).to_contain_text(
        "nummer 2 på ventelisten", timeout=TIMEOUT
    )
    axe_check(page)
    # The first registrant cancels from their own page; Vera moves up, Anne is next in line.
    first = Registration.objects.get(email="forst@example.org")
    from kunnskapsbro.meetings.selectors import registration_token

    own_page = page.url
    page.goto(f"/arrangementer/{world['event'].slug}/pamelding/{registration_token(first)}/")
    axe_check(page)
    _tab_to(page, page.get_by_role("button", name="Meld meg av"))
    page.keyboard.press("Enter")
    expect(page.locator(".kb-messages")).to_contain_text("Du er meldt av", timeout=TIMEOUT)
    expect(page.locator("#registration-status")).to_contain_text("Avmeldt")
    axe_check(page)
    assert Registration.objects.get(email="vera@example.org").status == "confirmed"
    page.goto(own_page)
    expect(page.locator("#registration-status")).to_contain_text(
        "nummer 1 på ventelisten", timeout=TIMEOUT
    )


def test_coordinator_writes_an_article(page, live_server, world):
    login(page, live_server, "kari", PASSWORD)
    page.goto("/erfaringsdeling/")
    page.get_by_role("link", name="Skriv en artikkel").click()
    axe_check(page)
    page.get_by_label("Partnerskap").select_option(str(world["trd"].pk))
    page.get_by_label("Tittel").fill("Hva vi lærte av frokostmøtene")
    page.get_by_role("button", name="Lagre artikkelen").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("Tekst", timeout=TIMEOUT)
    axe_check(page)
    page.locator("#id_body").fill("Temaet samler folk.\n\nIngen saksliste.")
    page.get_by_label("Forfattere").fill("kari@kommune.example.org")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Lagre artikkelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hva vi lærte av frokostmøtene", timeout=TIMEOUT
    )
    expect(page.locator("article")).to_contain_text("Kari Koordinator")
    axe_check(page)


def test_every_portal_page_without_login(page, live_server, world, console_errors):
    for path, text in (
        ("/portal/", "Forskning og utvikling"),
        ("/portal/prosjekter/", "Velferdsteknologi i sykehjemmet"),
        ("/portal/prosjekter/?status=planned", "prosjekt"),
        ("/partnerskap/", "Kunnskapskommunen Bodø"),
        ("/partnerskap/trd30/", "TRD3.0"),
        ("/nettverk/", "Kunnskapskommunen Bodø"),
        ("/nettverk/?q=finnes-ikke", "Ingen offentlige prosjekter"),
        ("/erfaringsdeling/", "Slik organiserer vi innovasjonsutvalgene"),
        ("/arrangementer/", "Frokostmøte om velferdsteknologi"),
        (world["event"].get_absolute_url(), "Jeg er interessert"),
        ("/moter/arshjul/", "Årshjul"),
    ):
        page.goto(path)
        expect(page.locator("main")).to_contain_text(text, timeout=TIMEOUT)
        axe_check(page)
    # Pages that need a login send the public to the login page instead of failing.
    page.goto("/arrangementer/nytt/")
    expect(page).to_have_url(re.compile(r"/konto/logg-inn/"), timeout=TIMEOUT)
    assert not console_errors, console_errors
