"""Scenario 2 and 3 in a real browser: a unit leader assesses relevance and capacity (with the
capacity warning) and the project moves on; the coordinator follows goals, records a
measurement and updates a milestone. axe-core on every goals page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kunnskapsbro.goals import services
from kunnskapsbro.partnerships.models import PartnershipParty
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
PASSWORD = "per-passord-123"
T = 15_000


def test_goals_pages_and_relevance_assessment(page, live_server, transactional_db):
    user = get_user_model().objects.create_user("per", password=PASSWORD, first_name="Per")
    p = PartnershipFactory(slug="trd30", name="TRD3.0")
    area = FocusAreaFactory(partnership=p, name="Helse og velferd")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(partnership=p, organization=municipality, role="municipality")
    unit = OrgUnitFactory(organization=municipality, name="Helse- og velferdssenter Østbyen",
                          capacity_projects=1)  # fmt: skip
    # Per coordinates the partnership (goals and milestones, relevance for every unit).
    RoleAssignmentFactory(user=user, role="coordinator", partnership=p)
    goal = services.goal_create(partnership=p, kind="effect", title="Trygt hjemme", focus_area=area)
    indicator = services.indicator_create(
        goal=goal, name="Forskningsbasert praksis", unit="%", owner=PersonFactory(user=user),
        baseline_value=30, baseline_date=dt.date(2024, 1, 1), target_value=60,
        target_date=dt.date(2027, 12, 31),
    )  # fmt: skip
    services.indicator_create(goal=goal, name="Aktive", method="computed",
                              computed_kind="active_projects")  # fmt: skip
    milestone = services.milestone_create(partnership=p, title="Planer vedtatt",
                                          due_date=dt.date(2025, 3, 1), goal=goal)  # fmt: skip
    plan = services.action_plan_create(partnership=p, title="Handlingsplan helse", focus_area=area)
    services.activity_create(plan=plan, title="Frokostmøte", goal=goal)
    ProjectFactory(partnership=p, status="active", municipal_units=[unit])
    project = ProjectFactory(partnership=p, status="assessment", title="Nattlig uro",
                             municipal_units=[unit])  # fmt: skip

    login(page, live_server, "per", PASSWORD)

    page.goto(f"{live_server.url}/mal/partnerskap/trd30/")
    expect(page.get_by_role("heading", name="Trygt hjemme")).to_be_visible(timeout=T)
    axe_check(page)
    page.goto(f"{live_server.url}{goal.get_absolute_url()}")
    axe_check(page)
    page.goto(f"{live_server.url}/mal/partnerskap/trd30/handlingsplaner/")
    axe_check(page)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    axe_check(page)

    page.goto(f"{live_server.url}/mal/mine-malinger/")
    expect(page.get_by_text("Skal måles nå")).to_be_visible(timeout=T)
    axe_check(page)
    page.get_by_role("link", name="Forskningsbasert praksis").click()
    page.get_by_label("Verdi").fill("45,5")
    page.get_by_role("button", name="Lagre målingen").click()
    expect(page.get_by_text("Målingen er registrert.")).to_be_visible(timeout=T)
    axe_check(page)
    assert indicator.measurements.get().value == 45.5

    page.goto(f"{live_server.url}/mal/milepaeler/{milestone.pk}/rediger/")
    page.get_by_label("Status").select_option("achieved")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("ds-error-summary")).to_be_visible(timeout=T)
    axe_check(page)
    page.get_by_label("Dokumentasjon", exact=True).fill("Vedtak i styringsgruppen")
    page.get_by_role("button", name="Lagre").click()
    expect(page).to_have_url(re.compile(r"/mal/partnerskap/trd30/$"), timeout=T)

    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    expect(page.get_by_text(re.compile("kapasitet til 1 samtidige"))).to_be_visible(timeout=T)
    axe_check(page)
    page.get_by_role("link", name="Vurder relevans og kapasitet").click()
    axe_check(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Delta, med vilkår").check()
    page.get_by_label("Vilkår / kommentar").fill("Maks to ansatte om gangen")
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_text("Vurderingen er lagret.")).to_be_visible(timeout=T)
    project.refresh_from_db()
    assert project.status == "preparing"
