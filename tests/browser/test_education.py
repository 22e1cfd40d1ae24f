"""Education collaboration in a real browser: the overview, the five lists with their filters,
the create/edit forms (placement, thesis with supervisors and the need it answers, EVU course
with participants per unit, EiT village, teaching), and the placement CSV import (a bad file is
refused row by row and nothing is written; a good one is previewed, then imported). axe-core
runs on every page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.accounts.models import RoleAssignment
from kunnskapsbro.education.models import Course, Placement, Thesis
from kunnskapsbro.needs.models import NeedAnswer
from kunnskapsbro.needs.services import need_create
from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.partnerships import services as partnership_services
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PASSWORD = "per-passord-123"
TIMEOUT = 15000

EXPORT = (
    "Enhet;Studieprogram;Organisasjonsnummer;Semester;Antall studenter;Fokusområde\n"
    "Helse- og velferdssenter Østbyen;Bachelor i sykepleie;974767880;Høst 2026;14;Helse og velferd\n"
    "Lade helsehus;Bachelor i vernepleie;974767880;Vår 2027;6;\n"
)


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
    partnership_services.partnership_add_party(
        partnership=partnership, organization=municipality, role="municipality"
    )
    partnership_services.partnership_add_party(
        partnership=partnership, organization=ntnu, role="university"
    )
    partnership_services.focus_area_create(partnership=partnership, name="Helse og velferd")
    org_services.orgunit_create(organization=municipality, name="Helse- og velferdssenter Østbyen")
    org_services.orgunit_create(organization=municipality, name="Lade helsehus")
    org_services.person_create(first_name="Ola", last_name="Professor", email="ola@ntnu.example")
    org_services.person_create(
        first_name="Eva", last_name="Fagleder", email="eva@trondheim.kommune.example"
    )
    need_create(
        partnership=partnership,
        title="Nattlig uro blant beboere med demens",
        problem="Beboere med demens er urolige om natten.",
    )
    per = get_user_model().objects.create_user(
        "per", password=PASSWORD, first_name="Per", last_name="Enhetsleder"
    )
    # The coordinator registers the partnership's education records (roles are tested in
    # the education view tests and the permission matrix).
    RoleAssignment.objects.create(user=per, role="coordinator", partnership=partnership)
    return partnership


def _pick_person(page, field: str, name: str) -> None:
    """Type the last name in a person lookup field and take the suggestion the server offers."""
    page.locator(field).fill(name.split()[-1])
    option = page.locator("#person-suggestions option").first
    expect(option).to_have_attribute("value", re.compile(name), timeout=TIMEOUT)
    page.locator(field).fill(option.get_attribute("value"))


def test_education_pages_forms_and_import(page, live_server, trd, console_errors):
    page.goto("/utdanning/")
    expect(page.locator("h1")).to_have_text("Utdanningssamarbeid")
    axe_check(page)
    for path in ("praksis", "oppgaver", "eit", "kurs", "undervisning"):
        page.goto(f"/utdanning/{path}/")
        expect(page.locator("#results")).to_contain_text("0 treff")
        axe_check(page)

    login(page, live_server, "per", PASSWORD)

    # The placement import: a bad row is named, nothing is written.
    page.goto("/utdanning/praksis/import/")
    axe_check(page)
    bad = EXPORT + "Ukjent sted;Bachelor i sykepleie;974767880;Sommer 2026;mange;\n"
    page.locator("#id_file").set_input_files(
        files=[{"name": "praksis.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    page.get_by_role("button", name="Les filen").click()
    expect(page.locator("#import-errors")).to_contain_text("Linje 4", timeout=TIMEOUT)
    expect(page.locator("#import-errors")).to_contain_text("«Ukjent sted»")
    expect(page.locator("#import-errors")).to_contain_text("«Sommer 2026»")
    axe_check(page)
    assert not Placement.objects.exists()
    # A good file: preview, then import.
    page.locator("#id_file").set_input_files(
        files=[{"name": "praksis.csv", "mimeType": "text/csv", "buffer": EXPORT.encode()}]
    )
    page.get_by_role("button", name="Les filen").click()
    expect(page.locator("#preview")).to_contain_text("2 rader er lest", timeout=TIMEOUT)
    axe_check(page)
    assert not Placement.objects.exists()
    page.get_by_role("button", name="Importer", exact=True).click()
    page.wait_for_url(re.compile(r"/utdanning/praksis/$"), timeout=TIMEOUT)
    expect(page.locator("#results")).to_contain_text("2 treff")
    assert Placement.objects.count() == 2
    # Filter the list by year (htmx swaps the results).
    page.locator("#id_year").select_option("2027")
    expect(page.locator("#results")).to_contain_text("1 treff", timeout=TIMEOUT)
    expect(page.locator("#results")).to_contain_text("Lade helsehus")
    axe_check(page)
    page.get_by_role("link", name="Lade helsehus").click()
    axe_check(page)
    page.get_by_role("link", name="Endre").click()
    axe_check(page)
    page.locator("#id_student_count").fill("8")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("main")).to_contain_text("8", timeout=TIMEOUT)
    assert Placement.objects.get(unit__name="Lade helsehus").student_count == 8

    # A thesis with supervisors at both parties, answering the need; first without the
    # NVA link while marked finished, which is refused on the field.
    page.goto("/utdanning/oppgaver/ny/")
    axe_check(page)
    page.locator("#id_title").fill("Miljøtiltak mot nattlig uro på sykehjem")
    page.locator("#id_level").select_option("master")
    page.locator("#id_status").select_option("finished")
    page.locator("#id_student_name").fill("Siri Student")
    page.locator("#id_institution").select_option(index=1)
    _pick_person(page, "#id_academic_supervisor_text", "Ola Professor")
    _pick_person(page, "#id_municipal_supervisor_text", "Eva Fagleder")
    page.locator("#id_unit").select_option(index=1)
    page.locator("#id_year").fill("2026")
    page.locator("#id_data_used").fill("Hendelseslogg og intervjuer")
    page.locator("#id_needs").select_option(label="Nattlig uro blant beboere med demens")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("ds-error-summary, .ds-error-summary")).to_contain_text(
        "NVA", timeout=TIMEOUT
    )
    axe_check(page)
    assert not Thesis.objects.exists()
    page.locator("#id_nva_url").fill("https://nva.sikt.no/registration/miljotiltak")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(re.compile(r"/utdanning/oppgaver/\d+/$"), timeout=TIMEOUT)
    expect(page.locator("#thesis-status")).to_have_text("Levert")
    expect(page.locator("main")).to_contain_text("Ola Professor")
    expect(page.locator("main")).to_contain_text("Eva Fagleder")
    expect(page.locator("#h-needs + ul")).to_contain_text("Nattlig uro blant beboere med demens")
    expect(page.locator("#nva-link")).to_have_attribute(
        "href", "https://nva.sikt.no/registration/miljotiltak"
    )
    axe_check(page)
    assert NeedAnswer.objects.get().thesis == Thesis.objects.get()

    # An EVU course with participants from two units.
    page.goto("/utdanning/kurs/ny/")
    axe_check(page)
    page.locator("#id_title").fill("Demensomsorg i praksis")
    page.locator("#id_institution").select_option(index=1)
    page.locator("#id_credits").fill("7.5")
    page.locator("#id_semester").fill("Høst 2026")
    page.locator("#id_participants-0-unit").select_option(index=1)
    page.locator("#id_participants-0-participant_count").fill("12")
    page.locator("#id_participants-1-unit").select_option(index=2)
    page.locator("#id_participants-1-participant_count").fill("6")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(re.compile(r"/utdanning/kurs/\d+/$"), timeout=TIMEOUT)
    expect(page.locator("#participants tfoot")).to_contain_text("18")
    axe_check(page)
    assert Course.objects.get().semester == "H2026"

    # An EiT village and a teaching contribution.
    page.goto("/utdanning/eit/ny/")
    axe_check(page)
    page.locator("#id_title").fill("Velferdsteknologi i hjemmetjenesten")
    page.locator("#id_semester").fill("V2026")
    page.locator("#id_student_count").fill("30")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(re.compile(r"/utdanning/eit/\d+/$"), timeout=TIMEOUT)
    axe_check(page)
    page.goto("/utdanning/undervisning/ny/")
    axe_check(page)
    _pick_person(page, "#id_person_text", "Eva Fagleder")
    page.locator("#id_institution").select_option(index=1)
    page.locator("#id_kind").select_option("lecture")
    page.locator("#id_semester").fill("H2026")
    page.locator("#id_hours").fill("8")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(re.compile(r"/utdanning/undervisning/\d+/$"), timeout=TIMEOUT)
    axe_check(page)

    # The overview counts everything per year, unit and focus area.
    page.goto("/utdanning/")
    expect(page.locator("main")).to_contain_text("Tall per enhet")
    expect(page.locator("main")).to_contain_text("Lade helsehus")
    axe_check(page)
    # The refused forms answer 422 on purpose; Chromium logs that as a console error.
    assert [e for e in console_errors if "status of 422" not in e] == []
