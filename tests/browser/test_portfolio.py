"""Scenario 1 end to end in a real browser: register an application, move it through the
lifecycle, find it again by an inflected Norwegian word; axe-core on every page it touches."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.accounts.models import RoleAssignment
from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import Project
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PASSWORD = "ingrid-passord-123"


@pytest.fixture
def trd(transactional_db):
    partnership = partnership_services.partnership_create(
        name="TRD3.0 – Universitetskommunen Trondheim", slug="trd30", short_name="TRD3.0"
    )
    municipality = org_services.organization_create(
        name="Trondheim kommune", kind="municipality", orgnr="942110464", municipality_number="5001"
    )
    ntnu = org_services.organization_create(
        name="Norges teknisk-naturvitenskapelige universitet",
        short_name="NTNU",
        kind="university",
        orgnr="974767880",
    )
    org_services.organization_create(
        name="Norges forskningsråd", kind="public_agency", orgnr="970141669"
    )
    partnership_services.partnership_add_party(
        partnership=partnership, organization=municipality, role="municipality"
    )
    partnership_services.partnership_add_party(
        partnership=partnership, organization=ntnu, role="university", order=1
    )
    health = partnership_services.focus_area_create(
        partnership=partnership, name="Helse og velferd"
    )
    partnership_services.focus_area_create(partnership=partnership, name="Oppvekst og utdanning")
    partnership_services.element_create(partnership=partnership, name="Utdanningssamarbeid")
    area = org_services.orgunit_create(
        organization=municipality, name="Helse og velferd", kind="service_area"
    )
    unit = org_services.orgunit_create(
        organization=municipality,
        parent=area,
        name="Helse- og velferdssenter Østbyen",
        capacity_projects=5,
    )
    person = org_services.person_create(
        first_name="Kari", last_name="Demoforsker", email="kari@example.org"
    )
    org_services.affiliation_create(person=person, organization=ntnu, title="Professor")
    project_services.project_create(
        partnership=partnership,
        title="Bedre skolestart for alle",
        visibility="public",
        summary="Pilotering av tre modeller for bedre skolestart.",
        status="active",
        start_date=dt.date(2021, 8, 1),
    )
    ingrid = get_user_model().objects.create_user("ingrid", password=PASSWORD)
    # Ingrid coordinates the partnership: registers and edits projects.
    RoleAssignment.objects.create(user=ingrid, role="coordinator", partnership=partnership)
    return {
        "partnership": partnership,
        "health": health,
        "unit": unit,
        "ntnu": ntnu,
        "person": person,
    }


def test_register_move_through_lifecycle_and_find_again(page, live_server, trd, console_errors):
    login(page, live_server, "ingrid", PASSWORD)

    page.goto("/prosjekter/ny/")
    axe_check(page)
    page.locator("#id_title").fill("Søvn og uro blant sykehjemsbeboere med demens")
    page.locator("#id_summary").fill("Søknad til Forskningsrådet med et sykehjem i Trondheim.")
    page.locator("#id_focus_areas_0").check()
    page.locator("#id_municipal_units").select_option(
        label="Helse- og velferdssenter Østbyen (Trondheim kommune)"
    )
    partner = page.locator("#id_partners-0-organization")
    partner.fill("NTNU")
    # the suggestion list is filled by htmx as she types
    expect(page.locator("#org-suggestions option").first).to_be_attached(timeout=5000)
    assert "974767880" in page.locator("#org-suggestions option").first.get_attribute("value")
    partner.fill(page.locator("#org-suggestions option").first.get_attribute("value"))
    page.locator("#id_partners-0-role").select_option("coordinator")
    page.locator("#id_funding-0-funder").fill("970141669")
    page.locator("#id_funding-0-amount_applied").fill("12 000 000")
    page.get_by_role("button", name="Registrer prosjektet").click()

    page.wait_for_url(re.compile(r"/prosjekter/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Søvn og uro")
    project = Project.objects.get(title__startswith="Søvn og uro")
    assert project.partners.get().organization == trd["ntnu"]
    assert project.funding_lines.get().amount_applied == 12_000_000
    axe_check(page)

    for action, status_text in [
        ("Send til vurdering i kommunen", "Til vurdering"),
        ("Start søknadsarbeid", "Søknad under arbeid"),
        ("Registrer at søknaden er sendt", "Søknad sendt"),
    ]:
        page.locator("#id_to").select_option(label=action)
        page.locator("#id_comment").fill(f"Steg: {status_text}")
        page.get_by_role("button", name="Lagre statusendring").click()
        page.wait_for_load_state()
        assert page.locator("h1 + p, .ds-tag").first.is_visible()
        assert status_text in page.locator("main").inner_text()
    project.refresh_from_db()
    assert project.status == "submitted"
    assert project.transitions.count() == 3
    assert "Steg: Søknad sendt" in page.locator("#historikk").inner_text()

    # An illegal step is not offered, and a decline without a reason is refused with a message.
    options = page.locator("#id_to").locator("option").all_inner_texts()
    assert "Avslutt prosjektet" not in options
    page.locator("#id_to").select_option(label="Trekk prosjektet")
    page.locator("#id_comment").fill("")
    page.get_by_role("button", name="Lagre statusendring").click()
    assert "Skriv en begrunnelse" in page.locator("main").inner_text()
    project.refresh_from_db()
    assert project.status == "submitted"
    axe_check(page)

    page.goto("/prosjekter/")
    page.locator("#id_q").fill("sykehjemmet")
    page.locator("#id_q").press("Enter")
    expect(page.locator("#result-count")).to_have_text(
        re.compile(r"^\s*1 prosjekt\s*$"), timeout=5000
    )
    expect(page.locator("#results")).to_contain_text("Søvn og uro")
    assert "Bedre skolestart" not in page.locator("#results").inner_text()
    assert "q=sykehjemmet" in page.url
    axe_check(page)
    # The refused transition answers 422 on purpose; Chromium logs every 4xx as a console error.
    assert [e for e in console_errors if "status of 422" not in e] == []


def test_filters_work_without_javascript(browser, live_server, trd):
    context = browser.new_context(
        locale="nb-NO", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/prosjekter/")
        page.locator("#id_q").fill("skole")
        page.get_by_role("button", name="Vis prosjekter").click()
        page.wait_for_load_state()
        assert "Bedre skolestart for alle" in page.locator("#results").inner_text()
        assert "q=skole" in page.url
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/prosjekter/",
        "/prosjekter/?q=skole&status=active",
        "/partnerskap/",
        "/partnerskap/trd30/",
        "/organisasjoner/",
        "/organisasjoner/personer/",
        "/konto/logg-inn/",
    ],
)
def test_public_pages_pass_axe(page, live_server, trd, path, console_errors):
    response = page.goto(path)
    assert response is not None and response.ok
    axe_check(page)
    assert console_errors == []


def test_detail_pages_pass_axe(page, live_server, trd, console_errors):
    project = Project.objects.get(title="Bedre skolestart for alle")
    for path in [
        project.get_absolute_url(),
        trd["ntnu"].get_absolute_url(),
        trd["person"].get_absolute_url(),
    ]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        axe_check(page)
    assert console_errors == []


def test_forms_with_errors_pass_axe(page, live_server, trd, console_errors):
    login(page, live_server, "ingrid", PASSWORD)
    page.goto("/organisasjoner/ny/")
    axe_check(page)
    page.locator("#id_name").fill("Feil AS")
    page.locator("#id_orgnr").fill("974767881")
    page.get_by_role("button", name="Registrer").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("kontrollsifferet stemmer ikke")
    # the error summary links to the field, and the field is marked invalid
    expect(page.locator("#id_orgnr")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.goto("/organisasjoner/personer/ny/")
    axe_check(page)
    assert [e for e in console_errors if "status of 422" not in e] == []


def test_english_pages_pass_axe(page, live_server, trd):
    page.goto("/prosjekter/")
    page.locator("#language-select").select_option("en")
    page.get_by_role("button", name=re.compile("Bytt språk|Change language")).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
