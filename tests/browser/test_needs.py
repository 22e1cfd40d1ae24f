"""Issue 6 "Done when" in a real browser: a unit leader registers a need with the guided form,
the committee prioritises and publishes it, it is offered in the oppgavebank, a student
expresses interest, the unit picks the student, the finished thesis (NVA link) is recorded and
the need shows as answered. axe-core runs on every page the flow touches."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.accounts.models import RoleAssignment
from kunnskapsbro.needs.models import KnowledgeNeed
from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.projects import services as project_services
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PASSWORD = "per-passord-123"
TIMEOUT = 15000


@pytest.fixture
def trd(transactional_db):
    partnership = partnership_services.partnership_create(
        name="TRD3.0 – Universitetskommunen Trondheim", slug="trd30", short_name="TRD3.0"
    )
    municipality = org_services.organization_create(
        name="Trondheim kommune", kind="municipality", orgnr="942110464", municipality_number="5001"
    )
    partnership_services.partnership_add_party(
        partnership=partnership, organization=municipality, role="municipality"
    )
    partnership_services.focus_area_create(partnership=partnership, name="Helse og velferd")
    org_services.orgunit_create(organization=municipality, name="Helse- og velferdssenter Østbyen")
    project_services.project_create(
        partnership=partnership,
        title="Sykehjemsprosjektet: søvn og uro hos beboere med demens",
        visibility="public",
        status="active",
    )
    User = get_user_model()
    per = User.objects.create_user(
        "per", password=PASSWORD, first_name="Per", last_name="Enhetsleder"
    )
    jonas = User.objects.create_user(
        "jonas", password=PASSWORD, first_name="Jonas", last_name="Student"
    )
    # Per walks the need through every step (register, prioritise, publish, choose): the
    # flow, not the roles, is under test here (accounts/tests/test_permission_matrix.py is).
    RoleAssignment.objects.create(user=per, role="coordinator", partnership=partnership)
    RoleAssignment.objects.create(user=jonas, role="contributor", partnership=partnership)
    return partnership


def test_need_from_registration_to_answered(page, browser, live_server, trd, console_errors):
    login(page, live_server, "per", PASSWORD)
    page.goto("/behov/nytt/")
    axe_check(page)
    page.locator("#id_title").fill("Nattlig uro blant beboere med demens")
    page.locator("#id_unit").select_option(index=1)  # the one municipal unit
    page.locator("#id_focus_area").select_option(index=1)
    page.locator("#id_problem").fill("Beboere med demens er urolige om natten.")
    page.locator("#id_wanted").fill("Hvilke miljøtiltak gir ro om natten?")
    page.locator("#id_pico_population").fill("Sykehjemsbeboere med demens")
    page.locator("#id_visibility").select_option("public")
    page.get_by_role("button", name="Meld inn behovet").click()
    page.wait_for_url(re.compile(r"/behov/\d+/$"), timeout=TIMEOUT)
    expect(page.locator("#need-status")).to_have_text("Ny", timeout=TIMEOUT)
    # matching suggestions arrive by htmx, with the reason they matched
    expect(page.locator("#matches")).to_contain_text("Sykehjemsprosjektet", timeout=TIMEOUT)
    expect(page.locator("#matches")).to_contain_text("Treff på", timeout=TIMEOUT)
    axe_check(page)

    # The innovation committee prioritises (a rank is required) and publishes.
    page.locator("#id_to").select_option("prioritised")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.locator("main")).to_contain_text("rangering", timeout=TIMEOUT)
    axe_check(page)
    page.locator("#id_to").select_option("prioritised")
    page.locator("#id_priority_rank").fill("1")
    page.locator("#id_comment").fill("Høyt prioritert i Helse og velferd")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.locator("#need-status")).to_have_text("Prioritert", timeout=TIMEOUT)
    page.locator("#id_to").select_option("published")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.locator("#need-status")).to_have_text("Publisert", timeout=TIMEOUT)

    page.get_by_role("link", name="Legg i oppgavebanken").click()
    axe_check(page)
    page.locator("#id_level").select_option("master")
    page.locator("#id_discipline").fill("Sykepleie")
    page.locator("#id_semester").fill("H2026")
    page.locator("#id_notification_required").check()
    page.get_by_role("button", name="Publiser oppgaven").click()
    page.wait_for_url(re.compile(r"/oppgavebank/\d+/$"), timeout=TIMEOUT)
    assignment_url = page.url
    axe_check(page)

    # Jonas, a master's student, browses the public oppgavebank, filters, and expresses interest.
    student = browser.new_context(locale="nb-NO", base_url=live_server.url).new_page()
    student.goto("/oppgavebank/")
    axe_check(student)
    student.locator("#id_level").select_option("master")
    expect(student.locator("#results")).to_contain_text(
        "Nattlig uro blant beboere med demens", timeout=TIMEOUT
    )
    student.locator("#id_level").select_option("bachelor")
    expect(student.locator("#results")).to_contain_text("Ingen ledige oppgaver", timeout=TIMEOUT)
    login(student, live_server, "jonas", PASSWORD)
    student.goto(assignment_url)
    assert (
        "Krever melding" in student.locator("main").inner_text()
        or "Ja" in student.locator("main").inner_text()
    )
    student.locator("#id_message").fill("Jeg skriver master i sykepleie.")
    student.get_by_role("button", name="Meld interesse").click()
    expect(student.locator("#my-interest")).to_contain_text("Venter", timeout=TIMEOUT)
    axe_check(student)

    # The unit picks him and later records the finished thesis with its NVA link.
    page.goto(assignment_url)
    page.get_by_role("button", name=re.compile("Velg Jonas")).click()
    expect(page.locator("#assignment-status")).to_have_text("Tildelt", timeout=TIMEOUT)
    page.locator("#id_student_name").fill("Jonas Student")
    page.locator("#id_nva_url").fill("https://nva.sikt.no/registration/nattlig-uro")
    page.get_by_role("button", name="Lagre oppgaven").click()
    expect(page.locator("#thesis")).to_contain_text("les oppgaven i NVA", timeout=TIMEOUT)
    axe_check(page)

    need = KnowledgeNeed.objects.get(title="Nattlig uro blant beboere med demens")
    page.goto(need.get_absolute_url())
    expect(page.locator("#need-status")).to_have_text("Besvart", timeout=TIMEOUT)
    expect(page.locator("#svar")).to_contain_text("les oppgaven i NVA", timeout=TIMEOUT)
    axe_check(page)
    # The thesis is registered in education collaboration too, pointing back at the need.
    page.goto("/utdanning/oppgaver/")
    page.get_by_role("link", name="Nattlig uro blant beboere med demens").first.click()
    expect(page.locator("#h-needs + ul")).to_contain_text("Nattlig uro blant beboere med demens")
    expect(page.locator("#nva-link")).to_have_attribute(
        "href", "https://nva.sikt.no/registration/nattlig-uro"
    )
    axe_check(page)
    # The refused prioritisation answers 422 on purpose; Chromium logs it as a console error.
    assert [e for e in console_errors if "status of 422" not in e] == []


def test_similar_projects_and_matching_pages(page, browser, live_server, trd):
    project = trd.projects.get()
    project_services.project_create(
        partnership=trd, title="Uro om natten hos personer med demens", visibility="public"
    )
    page.goto(project.get_absolute_url())
    expect(page.locator("#h-similar + div")).to_contain_text("Uro om natten", timeout=TIMEOUT)
    axe_check(page)
    page.goto("/matching/?q=demens+på+sykehjemmet")
    expect(page.locator("#match-results")).to_contain_text("Sykehjemsprosjektet", timeout=TIMEOUT)
    axe_check(page)
    page.goto("/behov/")
    axe_check(page)
    # Without JavaScript the oppgavebank's filters and the similar projects still work.
    context = browser.new_context(
        locale="nb-NO", base_url=live_server.url, java_script_enabled=False
    )
    plain = context.new_page()
    try:
        plain.goto("/oppgavebank/?level=phd")
        assert "Ingen ledige oppgaver" in plain.locator("#results").inner_text()
        plain.goto(project.get_absolute_url())
        plain.get_by_role("link", name=re.compile("Vis lignende prosjekter")).click()
        assert "Uro om natten" in plain.locator("main").inner_text()
    finally:
        context.close()


def test_a_project_answers_a_need_from_the_project_form(page, live_server, trd):
    """A project is linked to the need it answers on the project form, and the need shows it."""
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    need = KnowledgeNeed.objects.create(
        partnership=trd, title="Søvn hos beboere med demens", problem="Dårlig søvn."
    )
    project = trd.projects.get()
    login(page, live_server, "admin", PASSWORD)
    page.goto(f"/prosjekter/{project.pk}/rediger/")
    axe_check(page)
    page.locator("#id_answers_needs").select_option(label="Søvn hos beboere med demens")
    page.get_by_role("button", name="Lagre endringer").click()
    page.wait_for_url(re.compile(rf"/prosjekter/{project.pk}/$"), timeout=TIMEOUT)
    page.goto(need.get_absolute_url())
    expect(page.locator("#svar")).to_contain_text("Sykehjemsprosjektet", timeout=TIMEOUT)
    axe_check(page)
