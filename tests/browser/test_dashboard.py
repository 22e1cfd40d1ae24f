"""Scenario 3: the steering group's dashboard in a real browser — charts render under the CSP
with the expression interpreter (no console errors), every chart has its table, htmx swaps the
tiles when a filter changes, and axe-core finds no WCAG 2.1 AA violations."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    FundingLineFactory,
    OrganizationFactory,
    PartnershipFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UniversityFactory,
)
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser

PASSWORD = "styringsgruppe-123"


@pytest.fixture
def trd(transactional_db):
    partnership = PartnershipFactory(name="TRD3.0 – Universitetskommunen Trondheim", slug="trd30")
    health = FocusAreaFactory(partnership=partnership, name="Helse og velferd")
    school = FocusAreaFactory(partnership=partnership, name="Oppvekst og utdanning")
    ntnu = UniversityFactory(
        name="Norges teknisk-naturvitenskapelige universitet", short_name="NTNU"
    )
    rcn = OrganizationFactory(name="Norges forskningsråd", short_name="Forskningsrådet")
    for index in range(10):
        project = ProjectFactory(
            partnership=partnership,
            title=f"Prosjekt {index}",
            status=["active", "submitted", "completed"][index % 3],
            start_date=dt.date(2022 + index % 3, 1, 1),
            focus_areas=[health if index % 2 else school],
            visibility="public",
        )
        if index != 9:
            ProjectPartnerFactory(project=project, organization=ntnu)
        FundingLineFactory(
            project=project,
            funder=rcn,
            status=["granted", "applied", "rejected"][index % 3],
            amount_granted=Decimal("1000000") if index % 3 == 0 else None,
        )
    get_user_model().objects.create_user("koordinator", password=PASSWORD)
    return partnership


def test_dashboard_renders_charts_and_tables_without_errors(page, live_server, trd, console_errors):
    login(page, live_server, "koordinator", PASSWORD)
    page.goto("/rapporter/trd30/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashbord")
    # Every chart is drawn (vega-embed with the interpreter; SVG) and has a captioned table.
    for key in ("status", "focus_area", "year", "partners", "success", "funding"):
        canvas = page.locator(f"#chart-{key} [data-vega-spec]")
        expect(canvas).to_have_attribute("data-rendered", "true", timeout=15000)
        expect(canvas.locator("svg").first).to_be_visible(timeout=15000)
        expect(page.locator(f"#chart-{key} table caption")).to_contain_text("Tabell:")
    # About 90 % involve NTNU: 9 of 10.
    expect(page.locator("#chart-partners table")).to_contain_text("90,0")
    axe_check(page)
    assert console_errors == []


def test_filter_swaps_tiles_with_htmx_and_figures_link_to_the_list(
    page, live_server, trd, console_errors
):
    login(page, live_server, "koordinator", PASSWORD)
    page.goto("/rapporter/trd30/")
    page.locator("#id_year").select_option("2022")
    expect(page.locator("#dashboard-scope")).to_contain_text("2022", timeout=15000)
    expect(page).to_have_url(re.compile(r"year=2022"), timeout=15000)
    canvas = page.locator("#chart-status [data-vega-spec]")
    expect(canvas).to_have_attribute("data-rendered", "true", timeout=15000)
    axe_check(page)
    page.locator("#chart-partners table a").first.click()
    expect(page).to_have_url(re.compile(r"/prosjekter/\?"), timeout=15000)
    expect(page.locator("#result-count")).to_contain_text("prosjekt", timeout=15000)
    assert "partner=" in page.url and "year=2022" in page.url
    assert console_errors == []


def test_dashboard_works_without_javascript(browser, live_server, trd):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/rapporter/trd30/?year=2023")
    expect(page.locator("#dashboard-scope")).to_contain_text("2023")
    expect(page.locator("#chart-status table")).to_be_visible()
    # The drawing comes as a server-rendered SVG (vl-convert) inside <noscript>.
    expect(page.locator('#chart-status img[src*="/diagram/status.svg?year=2023"]')).to_be_visible()
    context.close()


@pytest.fixture
def trd_with_goals_and_education(trd):
    from kunnskapsbro.education import services as education_services
    from kunnskapsbro.goals import services as goal_services
    from kunnskapsbro.organizations.models import Organization
    from kunnskapsbro.partnerships.models import FocusArea
    from kunnskapsbro.tests_support.factories import MunicipalityFactory, OrgUnitFactory

    health = FocusArea.objects.get(partnership=trd, name="Helse og velferd")
    goal = goal_services.goal_create(
        partnership=trd, kind="result", title="Flere søknader", focus_area=health
    )
    indicator = goal_services.indicator_create(
        goal=goal,
        name="Søknader sendt",
        unit="søknader",
        baseline_value=Decimal("2"),
        baseline_date=dt.date(2023, 12, 31),
        target_value=Decimal("10"),
        target_date=dt.date(2026, 12, 31),
    )
    goal_services.measurement_create(
        indicator=indicator, value=Decimal("6"), date=dt.date(2024, 12, 31)
    )
    goal_services.milestone_create(
        partnership=trd, title="Handlingsplan vedtatt", due_date=dt.date(2024, 5, 17), goal=goal,
        status="achieved", evidence="Vedtak i styringsgruppen", achieved_on=dt.date(2024, 5, 17),
    )  # fmt: skip
    goal_services.milestone_create(
        partnership=trd, title="Evaluering", due_date=dt.date(2024, 11, 1), status="at_risk"
    )
    municipality = MunicipalityFactory(name="Trondheim kommune")
    ntnu = Organization.objects.get(short_name="NTNU")
    unit = OrgUnitFactory(organization=municipality, name="Lade helsehus")
    education_services.placement_create(
        partnership=trd, unit=unit, programme="Sykepleie", institution=ntnu, semester="V2024",
        student_count=12, focus_area=health,
    )  # fmt: skip
    return trd


def test_goal_and_education_figures_render_and_link(
    page, live_server, trd_with_goals_and_education, console_errors
):
    login(page, live_server, "koordinator", PASSWORD)
    page.goto("/rapporter/trd30/")
    for key in ("milestones", "indicators", "education_year", "education_unit"):
        canvas = page.locator(f"#chart-{key} [data-vega-spec]")
        expect(canvas).to_have_attribute("data-rendered", "true", timeout=15000)
        expect(page.locator(f"#chart-{key} table caption")).to_contain_text("Tabell:")
    expect(page.locator("#chart-education_unit table")).to_contain_text("Lade helsehus")
    expect(page.locator("#chart-indicators table")).to_contain_text("50")  # 2 → 6 of 10
    axe_check(page)
    # A milestone bar's row opens the milestone table narrowed to that status.
    page.locator("#chart-milestones table").get_by_role("link", name="Nådd", exact=True).click()
    expect(page).to_have_url(re.compile(r"/mal/partnerskap/trd30/\?status=achieved"), timeout=15000)
    expect(page.locator("#milestone-filter")).to_contain_text("Vis alle milepælene")
    table = page.locator("#h-milestones + * table, section:has(#h-milestones) table").first
    expect(table).to_contain_text("Handlingsplan vedtatt")
    expect(table).not_to_contain_text("Evaluering")
    axe_check(page)
    assert console_errors == []
