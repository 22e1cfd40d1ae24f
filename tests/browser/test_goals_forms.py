"""The goals forms in a real browser: a coordinator creates a goal, an indicator, an action plan
with an activity, and registers an outcome in practice on a project. Every form is checked by
axe-core both blank and with its error summary showing."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.goals.models import ActionPlan, Goal, Indicator
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.projects.models import OutcomeInPractice
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    RoleAssignmentFactory,
)
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser
PASSWORD = "kari-passord-123"
T = 15_000


def test_goal_indicator_plan_activity_and_outcome_forms(page, live_server, transactional_db):
    user = get_user_model().objects.create_user("kari", password=PASSWORD, first_name="Kari")
    person = PersonFactory(user=user, first_name="Kari", last_name="Nordmann")
    p = PartnershipFactory(slug="trd30", name="TRD3.0")
    area = FocusAreaFactory(partnership=p, name="Helse og velferd")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(partnership=p, organization=municipality, role="municipality")
    unit = OrgUnitFactory(organization=municipality, name="Helse- og velferdssenter Østbyen")
    # Kari coordinates the partnership: goals, indicators, plans, activities and outcomes.
    RoleAssignmentFactory(user=user, role="coordinator", partnership=p)
    project = ProjectFactory(partnership=p, status="active", title="Nattlig uro",
                             municipal_units=[unit])  # fmt: skip

    login(page, live_server, "kari", PASSWORD)

    # A new effect goal for a focus area.
    page.goto(f"{live_server.url}/mal/partnerskap/trd30/")
    page.get_by_role("link", name="Nytt mål").click()
    expect(page.get_by_role("heading", name="Nytt mål", level=1)).to_be_visible(timeout=T)
    axe_check(page)
    page.get_by_role("radio", name="Fokusområde").check()
    page.get_by_role("button", name="Opprett målet").click()
    expect(page.locator("ds-error-summary")).to_be_visible(timeout=T)
    expect(page.get_by_text("Velg fokusområdet målet gjelder.").first).to_be_visible()
    axe_check(page)
    assert not Goal.objects.exists()
    page.get_by_role("radio", name="Effektmål").check()
    page.locator("#id_focus_area").select_option(label="Helse og velferd")
    page.locator("#id_title").fill("Trygt hjemme lenger")
    page.get_by_role("button", name="Opprett målet").click()
    expect(page.get_by_text("Målet er opprettet.")).to_be_visible(timeout=T)
    goal = Goal.objects.get()
    assert (goal.kind, goal.focus_area) == ("effect", area)

    page.get_by_role("link", name="Rediger målet").click()
    expect(page.get_by_role("heading", name="Rediger mål", level=1)).to_be_visible(timeout=T)
    axe_check(page)
    page.get_by_role("link", name="Avbryt").click()

    # A manual indicator with a baseline: the date is missing first.
    page.get_by_role("link", name="Ny indikator").click()
    expect(page.get_by_role("heading", name="Ny indikator", level=1)).to_be_visible(timeout=T)
    axe_check(page)
    page.locator("#id_name").fill("Andel med forskningsbasert praksis")
    page.locator("#id_unit").fill("%")
    page.locator("#id_baseline_value").fill("30,5")
    page.locator("#id_owner").select_option(label=str(person))
    page.get_by_role("button", name="Opprett indikatoren").click()
    expect(page.get_by_text("Oppgi datoen utgangsverdien gjelder for.").first).to_be_visible(
        timeout=T
    )
    axe_check(page)
    assert not Indicator.objects.exists()
    page.locator("#id_baseline_date").fill("2024-01-01")
    page.get_by_role("button", name="Opprett indikatoren").click()
    expect(page.get_by_text("Indikatoren er opprettet.")).to_be_visible(timeout=T)
    indicator = Indicator.objects.get()
    assert str(indicator.baseline_value) == "30.50" and indicator.owner == person
    page.get_by_role("link", name="Rediger indikatoren").click()
    expect(page.locator("#id_baseline_value")).to_have_value("30,5", timeout=T)
    axe_check(page)

    # «Mine målinger» from the header.
    page.get_by_role("link", name="Mine målinger").first.click()
    expect(page).to_have_url(re.compile(r"/mal/mine-malinger/$"), timeout=T)
    expect(page.get_by_role("link", name="Andel med forskningsbasert praksis")).to_be_visible()

    # An action plan and an activity.
    page.goto(f"{live_server.url}/mal/partnerskap/trd30/handlingsplaner/")
    page.get_by_role("link", name="Ny handlingsplan").click()
    expect(page.get_by_role("heading", name="Ny handlingsplan", level=1)).to_be_visible(timeout=T)
    axe_check(page)
    page.locator("#id_title").fill("Handlingsplan helse 2025")
    page.get_by_role("button", name="Opprett handlingsplanen").click()
    expect(page.locator("ds-error-summary")).to_be_visible(timeout=T)
    axe_check(page)
    page.locator("#id_focus_area").select_option(label="Helse og velferd")
    page.get_by_role("button", name="Opprett handlingsplanen").click()
    expect(page.get_by_text("Handlingsplanen er opprettet.")).to_be_visible(timeout=T)
    assert ActionPlan.objects.get().focus_area == area
    page.get_by_role("link", name="Nytt tiltak").click()
    # wait for the new page before injecting axe (the click only starts the navigation)
    expect(page.get_by_role("button", name="Legg til tiltaket")).to_be_visible(timeout=T)
    axe_check(page)
    page.locator("#id_title").fill("Frokostmøte om velferdsteknologi")
    page.locator("#id_goal").select_option(label="Trygt hjemme lenger")
    page.get_by_role("button", name="Legg til tiltaket").click()
    expect(page.get_by_text("Tiltaket er lagt til.")).to_be_visible(timeout=T)
    expect(
        page.get_by_role("cell", name="Frokostmøte om velferdsteknologi", exact=True)
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Rediger Frokostmøte om velferdsteknologi").click()
    expect(page.get_by_role("heading", name="Rediger tiltak", level=1)).to_be_visible(timeout=T)
    axe_check(page)

    # An outcome in practice, from the project page's relevance panel.
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.get_by_role("link", name="Registrer resultat i praksis").click()
    expect(page.get_by_role("heading", name="Registrer resultat i praksis")).to_be_visible(
        timeout=T
    )
    axe_check(page)
    page.get_by_role("button", name="Lagre resultatet").click()
    expect(page.locator("ds-error-summary")).to_be_visible(timeout=T)
    axe_check(page)
    assert not OutcomeInPractice.objects.exists()
    page.get_by_role("radio", name="Ny praksis").check()
    page.locator("#id_description").fill("Nattevaktene bruker en felles sjekkliste")
    page.locator("#id_effect_goal").select_option(label="Trygt hjemme lenger")
    page.get_by_role("button", name="Lagre resultatet").click()
    expect(page.get_by_text("Resultatet i praksis er registrert.")).to_be_visible(timeout=T)
    expect(page.get_by_text(re.compile("Nattevaktene bruker en felles sjekkliste"))).to_be_visible()
    assert OutcomeInPractice.objects.get().effect_goal == goal
