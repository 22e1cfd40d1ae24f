"""Goals pages and API, and the relevance assessment flow with its capacity warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.goals import services
from kunnskapsbro.goals.models import Measurement
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.projects.models import RelevanceAssessment
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(unit_leader_user):
    p = PartnershipFactory(slug="trd")
    area = FocusAreaFactory(partnership=p, name="Helse og velferd")
    goal = services.goal_create(partnership=p, kind="effect", title="Bedre helse", focus_area=area)
    manual = services.indicator_create(
        goal=goal, name="Brukertilfredshet", unit="%", owner=PersonFactory(user=unit_leader_user),
        baseline_value=60, baseline_date=dt.date(2024, 1, 1),
        target_value=80, target_date=dt.date(2027, 1, 1),
    )  # fmt: skip
    services.measurement_create(indicator=manual, value=70, date=dt.date(2025, 1, 1))
    computed = services.indicator_create(
        goal=goal, name="Aktive prosjekter", method="computed", computed_kind="active_projects"
    )
    milestone = services.milestone_create(
        partnership=p, title="Handlingsplan vedtatt", due_date=dt.date(2025, 3, 1), goal=goal
    )
    municipality = MunicipalityFactory()
    PartnershipParty.objects.create(partnership=p, organization=municipality, role="municipality")
    unit = OrgUnitFactory(organization=municipality, name="Østbyen", capacity_projects=2)
    return {"p": p, "goal": goal, "manual": manual, "computed": computed,
            "milestone": milestone, "unit": unit, "area": area}  # fmt: skip


def test_overview_shows_goals_indicators_and_milestones_in_fixed_queries(client, setup):
    url = f"/mal/partnerskap/{setup['p'].slug}/"
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bedre helse" in text and "Brukertilfredshet" in text and "Handlingsplan vedtatt" in text
    assert "50 %" in text  # 70 is half way from 60 to 80
    for n in range(5):
        goal = services.goal_create(partnership=setup["p"], kind="result", title=f"Mål {n}")
        services.indicator_create(goal=goal, name=f"I{n}", method="computed",
                                  computed_kind="active_projects")  # fmt: skip
        services.milestone_create(
            partnership=setup["p"], title=f"M{n}", due_date=dt.date(2026, 1, 1)
        )
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second.captured_queries) == len(first.captured_queries)


def test_measurement_form_adds_and_reports_errors(client_as, unit_leader_user, setup):
    client = client_as(unit_leader_user)
    url = setup["manual"].get_absolute_url()
    assert client.get(url).status_code == 200
    bad = client.post(url, {"value": "", "date": "2025-02-01"})
    assert bad.status_code == 422 and "ds-error-summary" in bad.content.decode()
    duplicate = client.post(url, {"value": "71", "date": "2025-01-01"})
    assert duplicate.status_code == 422
    assert "allerede en måling" in duplicate.content.decode()
    ok = client.post(url, {"value": "72,5", "date": "2025-02-01", "source": "Undersøkelse"})
    assert ok.status_code == 302
    assert Measurement.objects.filter(indicator=setup["manual"]).count() == 2
    # Computed indicators have no form and refuse posts.
    assert client.post(setup["computed"].get_absolute_url(), {"value": "1"}).status_code == 404


def test_milestone_edit_and_my_measurements(client_as, unit_leader_user, grant_role, setup):
    client = client_as(unit_leader_user)
    url = f"/mal/milepaeler/{setup['milestone'].pk}/rediger/"
    data = {"title": "Handlingsplan vedtatt", "due_date": "2025-03-01", "status": "achieved",
            "evidence": "", "evidence_url": "", "achieved_on": "", "goal": setup["goal"].pk}  # fmt: skip
    # Milestones are the coordinators': a reader may not change them.
    assert client.post(url, data).status_code == 403
    grant_role(unit_leader_user, "coordinator", partnership=setup["p"])
    assert client.post(url, data).status_code == 422
    data["evidence"] = "Vedtatt i styringsgruppen 1. mars"
    assert client.post(url, data).status_code == 302
    setup["milestone"].refresh_from_db()
    assert setup["milestone"].status == "achieved"
    page = client.get("/mal/mine-malinger/")
    assert "Brukertilfredshet" in page.content.decode()
    assert client.get(f"/mal/partnerskap/{setup['p'].slug}/handlingsplaner/").status_code == 200


def test_relevance_flow_with_capacity_warning(client_as, unit_leader_user, grant_role, setup):
    unit = setup["unit"]
    # The unit leader assesses for their own unit (unit editor in the partnership).
    grant_role(unit_leader_user, "unit_editor", partnership=setup["p"], org_unit=unit)
    for _n in range(2):
        ProjectFactory(partnership=setup["p"], status="active", municipal_units=[unit])
    ProjectFactory(partnership=setup["p"], status="preparing", municipal_units=[unit])  # not load
    project = ProjectFactory(partnership=setup["p"], status="assessment", municipal_units=[unit])
    client = client_as(unit_leader_user)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "kapasitet til 2 samtidige prosjekter og har 2 fra før" in page
    form = client.get(f"/prosjekter/{project.pk}/relevans/")
    assert form.status_code == 200 and "Vurder relevans og kapasitet" in form.content.decode()
    data = {"unit": unit.pk, "relevance": "4", "recommendation": "participate_with_conditions",
            "comment": "", "staff_hours": "100", "months": "12", "advance": "on",
            "plan_goal": setup["goal"].pk}  # fmt: skip
    missing = client.post(f"/prosjekter/{project.pk}/relevans/", data)
    assert missing.status_code == 422 and "Skriv vilkårene" in missing.content.decode()
    project.refresh_from_db()
    assert project.status == "assessment" and not RelevanceAssessment.objects.exists()
    data["comment"] = "Maks to ansatte om gangen"
    assert client.post(f"/prosjekter/{project.pk}/relevans/", data).status_code == 302
    project.refresh_from_db()
    assert project.status == "preparing"
    assessment = RelevanceAssessment.objects.get()
    assert (assessment.relevance, assessment.plan_goal) == (4, setup["goal"])
    # Not in assessment any more: the service refuses.
    assert client.post(f"/prosjekter/{project.pk}/relevans/", data).status_code == 422


def test_api_goals_indicators_measurements_and_relevance(api_client, coordinator_token, setup):
    headers = {"Authorization": f"Bearer {coordinator_token}"}
    body = api_client.get("/api/v1/goals", {"partnership": "trd"}).json()
    assert body["count"] == 1
    indicators = {i["name"]: i for i in body["items"][0]["indicators"]}
    assert indicators["Brukertilfredshet"]["value"] == "70.00"
    assert indicators["Aktive prosjekter"]["value"] == "0"
    created = api_client.post(
        f"/api/v1/indicators/{setup['manual'].pk}/measurements",
        {"value": "75", "date": "2025-04-01"}, content_type="application/json", headers=headers,
    )  # fmt: skip
    assert created.status_code == 201
    refused = api_client.post(
        f"/api/v1/indicators/{setup['computed'].pk}/measurements",
        {"value": "3", "date": "2025-04-01"}, content_type="application/json", headers=headers,
    )  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "value"
    milestones = api_client.get("/api/v1/milestones", {"partnership": "trd"}).json()
    assert milestones["count"] == 1
    patched = api_client.patch(
        f"/api/v1/milestones/{setup['milestone'].pk}", {"status": "at_risk"},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert patched.json()["status"] == "at_risk"
    unit = setup["unit"]
    for _n in range(2):
        ProjectFactory(partnership=setup["p"], status="submitted", municipal_units=[unit])
    project = ProjectFactory(partnership=setup["p"], status="assessment", municipal_units=[unit])
    response = api_client.post(
        f"/api/v1/projects/{project.pk}/relevance-assessments",
        {"unit": unit.pk, "relevance": 5, "recommendation": "participate", "advance": True},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["project_status"] == "preparing"
    assert len(result["warnings"]) == 1 and "Østbyen" in result["warnings"][0]
    again = api_client.post(
        f"/api/v1/projects/{project.pk}/relevance-assessments",
        {"unit": unit.pk, "relevance": 5, "recommendation": "participate"},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert again.status_code == 409
    listing = api_client.get(
        f"/api/v1/projects/{project.pk}/relevance-assessments", headers=headers
    ).json()
    assert listing["count"] == 1 and listing["unit_loads"][0]["projects"] == 2
