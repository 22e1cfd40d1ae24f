"""Issue 8 in a real browser: the public portal (catalogue by keyboard only, network, articles,
events with registration) and governance (meetings, årshjul, my follow-up points); axe-core
finds zero WCAG 2.1 AA violations on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from kunnskapsbro.meetings import services as meeting_services
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
    bodo = partnership_services.partnership_create(
        name="Kunnskapskommunen Bodø", slug="bodo", short_name="Bodø"
    )
    health = partnership_services.focus_area_create(partnership=trd, name="Helse og velferd")
    school = partnership_services.focus_area_create(partnership=trd, name="Oppvekst og utdanning")
    ntnu = org_services.organization_create(name="NTNU", kind="university", orgnr="974767880")
    project = project_services.project_create(
        partnership=trd,
        title="Velferdsteknologi i sykehjemmet",
        visibility="public",
        status="active",
        start_date=dt.date(2023, 1, 1),
        focus_areas=[health],
        partners=[{"organization": ntnu, "role": "partner"}],
    )
    project_services.project_create(
        partnership=trd,
        title="Bedre skolestart for alle",
        visibility="public",
        status="completed",
        start_date=dt.date(2021, 8, 1),
        end_date=dt.date(2024, 6, 30),
        focus_areas=[school],
    )
    project_services.project_create(
        partnership=bodo,
        title="Velferdsteknologi i hjemmetjenesten i Bodø",
        visibility="public",
        status="active",
        start_date=dt.date(2024, 1, 1),
    )
    body = partnership_services.body_create(
        partnership=trd, kind="steering_group", name="Styringsgruppen"
    )
    kari = org_services.person_create(
        first_name="Kari", last_name="Koordinator", email="kari@kommune.example.org", user=user
    )
    partnership_services.membership_create(body=body, person=kari, role="secretary")
    meeting = meeting_services.meeting_create(
        body=body,
        title="Styringsgruppemøte mars",
        starts_at=_at(2025, 3, 12, 9),
        ends_at=_at(2025, 3, 12, 11),
        is_public=True,
        status="held",
    )
    item = meeting_services.agenda_item_create(
        meeting=meeting, title="Porteføljen", kind="decision", projects=[project]
    )
    decision = meeting_services.decision_create(agenda_item=item, text="Porteføljen godkjennes.")
    meeting_services.action_item_create(
        meeting=meeting,
        title="Send porteføljeoversikten til rektor",
        owner=kari,
        due_date=dt.date(2025, 4, 1),
        decision=decision,
    )
    meeting_services.attendance_record(meeting=meeting, person=kari)
    meeting_services.deadline_create(
        partnership=trd, title="Årsrapport til styringsgruppen", month=1, day=31
    )
    event = meeting_services.event_create(
        partnership=trd,
        kind="conference",
        title="Arena Unikom 2030",
        slug="arena-unikom-2030",
        starts_at=_at(2030, 10, 20, 9),
        ends_at=_at(2030, 10, 20, 16),
        capacity=1,
        topic="Kunnskap som virker",
    )
    for title in ("Sesjon A: velferdsteknologi", "Sesjon B: skole"):
        meeting_services.event_session_create(
            event=event, title=title, starts_at=_at(2030, 10, 20, 10), parallel_group="formiddag"
        )
    portal_services.article_create(
        partnership=trd,
        title="Slik organiserer vi innovasjonsutvalgene",
        lead="Erfaringer fra TRD3.0.",
        body="Fem fokusområder, fem utvalg.",
        status="published",
    )
    return {"meeting": meeting, "event": event, "body": body, "health": health}


def test_catalogue_by_keyboard_only(page, live_server, world):
    page.goto("/portal/prosjekter/")
    expect(page.locator(".kb-result-count")).to_contain_text("3 prosjekter", timeout=TIMEOUT)
    axe_check(page)
    # The first Tab reaches the skip link; Enter moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.locator(".ds-skip-link")).to_be_focused(timeout=TIMEOUT)
    page.keyboard.press("Enter")
    facet = page.get_by_role("link", name=re.compile(r"^Helse og velferd"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if facet.evaluate("el => el === document.activeElement"):
            break
    expect(facet).to_be_focused(timeout=TIMEOUT)
    # Focus is visible: the focused link draws an outline or a box shadow.
    visible = facet.evaluate(
        "el => { const s = getComputedStyle(el); "
        "return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) "
        "|| s.boxShadow !== 'none'; }"
    )
    assert visible, "the focused facet link has no visible focus indicator"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"focus_area=\d+"), timeout=TIMEOUT)
    expect(page.locator(".kb-result-count")).to_contain_text("1 prosjekt", timeout=TIMEOUT)
    expect(page.locator("#results")).to_contain_text("Velferdsteknologi i sykehjemmet")
    expect(page.locator("#results")).not_to_contain_text("Bedre skolestart")
    axe_check(page)
    # Search by keyboard: type in the search field and press Enter.
    page.locator("#catalogue-q").focus()
    page.keyboard.type("velferdsteknologi")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_contain_text(
        "Velferdsteknologi i sykehjemmet", timeout=TIMEOUT
    )


def test_public_portal_pages_are_accessible(page, live_server, world, console_errors):
    for path, text in (
        ("/portal/", "Forskning og utvikling i universitetskommunene"),
        ("/nettverk/", "Kunnskapskommunen Bodø"),
        ("/nettverk/?q=velferdsteknologi", "Velferdsteknologi i hjemmetjenesten i Bodø"),
        ("/erfaringsdeling/", "Slik organiserer vi innovasjonsutvalgene"),
        ("/erfaringsdeling/slik-organiserer-vi-innovasjonsutvalgene/", "Fem fokusområder"),
        ("/moter/", "Styringsgruppen"),
        (f"/moter/organ/{world['body'].pk}/", "Kari Koordinator"),
        (world["meeting"].get_absolute_url(), "Porteføljen godkjennes."),
        ("/moter/arshjul/?ar=2025", "Årsrapport til styringsgruppen"),
        ("/arrangementer/", "Arena Unikom 2030"),
    ):
        page.goto(path)
        expect(page.locator("main")).to_contain_text(text, timeout=TIMEOUT)
        axe_check(page)
    assert not console_errors, console_errors


def test_project_page_jsonld_does_not_trip_the_csp(page, live_server, world, console_errors):
    page.goto("/prosjekter/")
    page.goto(
        page.get_by_role("link", name="Velferdsteknologi i sykehjemmet").first.get_attribute("href")
    )
    block = page.locator('script[type="application/ld+json"]')
    expect(block).to_have_count(1, timeout=TIMEOUT)
    assert '"ResearchProject"' in block.text_content()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_event_registration_with_parallel_session_and_waiting_list(page, live_server, world):
    page.goto(world["event"].get_absolute_url())
    axe_check(page)
    page.get_by_label("Navn").fill("Anne Deltaker")
    page.get_by_label("E-post").fill("anne@example.org")
    page.get_by_label("Sesjon A: velferdsteknologi").check()
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.locator(".kb-messages")).to_contain_text("Du er påmeldt", timeout=TIMEOUT)
    # The registrant lands on their own page: status, chosen session and a way to cancel.
    expect(page.locator("#registration-status")).to_contain_text("Påmeldt")
    expect(page.locator("main")).to_contain_text("Sesjon A: velferdsteknologi")
    expect(page.get_by_role("button", name="Meld meg av")).to_be_visible()
    axe_check(page)
    # The event is now full: the next person goes on the waiting list.
    page.goto(world["event"].get_absolute_url())
    page.get_by_label("Navn").fill("Bjørn Sen")
    page.get_by_label("E-post").fill("bjorn@example.org")
    page.get_by_role("button", name="Sett meg på ventelisten").click()
    expect(page.locator(".kb-messages")).to_contain_text("ventelisten", timeout=TIMEOUT)
    axe_check(page)
    # Errors are summarised and linked to their fields.
    page.goto(world["event"].get_absolute_url())
    page.get_by_label("E-post").fill("ikke-en-adresse")
    page.get_by_role("button", name="Sett meg på ventelisten").click()
    expect(page.locator(".ds-error-summary")).to_be_visible(timeout=TIMEOUT)
    axe_check(page)


def test_my_follow_up_points_until_done(page, live_server, world):
    login(page, live_server, "kari", PASSWORD)
    page.goto("/moter/mine-oppfolgingspunkter/")
    expect(page.locator("main")).to_contain_text(
        "Send porteføljeoversikten til rektor", timeout=TIMEOUT
    )
    axe_check(page)
    page.get_by_label("Status for Send porteføljeoversikten til rektor").select_option("done")
    page.get_by_role("button", name=re.compile("Lagre")).click()
    expect(page.locator(".kb-messages")).to_contain_text("utført", timeout=TIMEOUT)
    expect(page.locator("table")).not_to_contain_text("Send porteføljeoversikten til rektor")
    axe_check(page)


def test_coordinator_records_follow_up_after_the_meeting(page, live_server, world):
    """Scenario 3: after the meeting the coordinator records a follow-up point with an owner
    and a due date; the owner sees it on «Mine oppfølgingspunkter»."""
    login(page, live_server, "kari", PASSWORD)
    page.goto(world["meeting"].get_absolute_url())
    expect(page.locator("#h-edit")).to_be_visible(timeout=TIMEOUT)
    axe_check(page)
    form = page.locator("form", has=page.locator('input[name="form"][value="action"]'))
    form.get_by_label("Oppfølgingspunkt").fill("Bestill årsrapporten")
    form.get_by_label("Ansvarlig").select_option(label="Kari Koordinator")
    form.get_by_label("Frist").fill("2026-01-31")
    form.get_by_role("button", name="Legg til oppfølgingspunkt").click()
    expect(page.locator(".kb-messages")).to_contain_text("Lagret", timeout=TIMEOUT)
    expect(page.locator("#h-actions + *")).to_contain_text("Bestill årsrapporten")
    # A missing owner is summarised and linked to the field.
    form = page.locator("form", has=page.locator('input[name="form"][value="action"]'))
    form.get_by_label("Oppfølgingspunkt").fill("Uten ansvarlig")
    form.get_by_role("button", name="Legg til oppfølgingspunkt").click()
    expect(page.locator(".ds-error-summary")).to_be_visible(timeout=TIMEOUT)
    axe_check(page)
    page.goto("/moter/mine-oppfolgingspunkter/")
    expect(page.locator("main")).to_contain_text("Bestill årsrapporten", timeout=TIMEOUT)
