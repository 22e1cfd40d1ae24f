"""Issue 4 import in a real browser: upload your own sheet, map its columns, preview (with every
row error for a broken file), Lagre alt, a background commit whose progress htmx polls, the
duplicates and merge pages; axe-core zero violations on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.interop import services
from kunnskapsbro.interop.models import ImportJob, ImportStatus
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.projects.models import Project
from kunnskapsbro.tests_support.factories import ProjectFactory, RoleAssignmentFactory
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PASSWORD = "kari-passord-123"
OWN_SHEET = (
    "Prosjektnr;Navn på prosjekt;Startdato;Status\n"
    "X-1;Velferdsteknologi i hjemmetjenesten;01.01.2025;Pågående\n"
    "X-2;Skolemiljø og trivsel;01.08.2025;Idé\n"
)
BROKEN = "ID;Tittel;Startdato\nA-1;;01.01.2025\nA-2;To;32.01.2025\n"


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = partnership_services.partnership_create(
        name="TRD3.0 – Universitetskommunen Trondheim", slug="trd30", short_name="TRD3.0"
    )
    kari = get_user_model().objects.create_user("kari", password=PASSWORD, first_name="Kari")
    # Importing takes the coordinator's (or administrator's) role in the partnership.
    RoleAssignmentFactory(user=kari, role="coordinator", partnership=partnership)
    return partnership


def _upload(page, partnership, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.goto("/data/import/ny/")
    page.get_by_label("Format").select_option("csv")
    page.get_by_label("Partnerskap").select_option(str(partnership.pk))
    page.get_by_label("Fil", exact=False).first.set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Last opp og kontroller").click()


def test_import_own_sheet_end_to_end(page, live_server, world, tmp_path):
    login(page, live_server, "kari", PASSWORD)
    page.goto("/data/import/")
    expect(page.get_by_role("heading", name="Import av prosjekter")).to_be_visible()
    axe_check(page)

    page.goto("/data/import/ny/")
    axe_check(page)
    _upload(page, world, tmp_path, "eget-ark.csv", OWN_SHEET)

    # Our own sheet has other column names: the mapping step, with matching names pre-filled.
    expect(page).to_have_url(re.compile(r"/data/import/\d+/kolonner/$"))
    expect(page.get_by_label("Startdato")).to_have_value("Startdato")
    axe_check(page)
    # Required fields' labels carry a "Må fylles ut" tag, so find the selects by name.
    page.locator('select[name="id"]').select_option("Prosjektnr")
    page.locator('select[name="title"]').select_option("Navn på prosjekt")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre koblingen og kontroller filen").click()

    # The preview: counts, no errors, Lagre alt.
    expect(page).to_have_url(re.compile(r"/data/import/\d+/$"))
    expect(page.get_by_text("Velferdsteknologi i hjemmetjenesten")).to_be_visible()
    assert Project.objects.count() == 0
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre alt").click()
    expect(page.get_by_text("Importen ble lagret")).to_be_visible()
    assert Project.objects.filter(source="spreadsheet").count() == 2
    axe_check(page)


def test_broken_file_lists_every_error(page, live_server, world, tmp_path):
    login(page, live_server, "kari", PASSWORD)
    _upload(page, world, tmp_path, "feil.csv", BROKEN)
    errors = page.locator("table.kb-import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("Tittel")
    expect(errors.nth(1)).to_contain_text("Startdato")
    expect(page.get_by_role("button", name="Lagre alt")).to_have_count(0)
    axe_check(page)
    assert Project.objects.count() == 0


def test_background_commit_progress_updates_by_itself(
    page, live_server, world, tmp_path, monkeypatch
):
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    login(page, live_server, "kari", PASSWORD)
    _upload(
        page,
        world,
        tmp_path,
        "stor.csv",
        OWN_SHEET.replace("Prosjektnr", "ID").replace("Navn på prosjekt", "Tittel"),
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre alt").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_role("link", name="Oppdater")).to_be_visible()
    axe_check(page)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.COMMITTING
    from kunnskapsbro.interop.tasks import import_commit_task

    import_commit_task.call(job.pk, None)
    # htmx polls the fragment every second; the page changes without a reload.
    expect(page.get_by_text("Importen ble lagret")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)


def test_duplicates_and_merge_pages(page, live_server, world):
    first = ProjectFactory(partnership=world, title="Klima i bygg", status="active", summary="")
    second = ProjectFactory(
        partnership=world,
        title="Klima i bygg",
        status="active",
        start_date=first.start_date,
        end_date=first.end_date,
        summary="Sammendraget",
    )
    login(page, live_server, "kari", PASSWORD)
    page.goto("/data/import/duplikater/")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Slå sammen #{first.pk} og #{second.pk}").click()
    page.get_by_label(f"Klima i bygg (#{first.pk})").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vis hva som flyttes").click()
    expect(page.get_by_text("Tomme felt som fylles:")).to_contain_text("sammendrag")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Slå sammen: behold")).click()
    second.refresh_from_db()
    assert second.status == "withdrawn"
