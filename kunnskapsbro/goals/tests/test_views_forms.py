"""The create and edit pages for goals, indicators, action plans and activities: valid posts go
through the services, invalid ones answer 422 with field errors and save nothing, and every page
asks anonymous users to sign in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kunnskapsbro.goals import services
from kunnskapsbro.goals.models import ActionPlan, Activity, Goal, Indicator
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.tests_support.factories import (
    CrossCuttingElementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    p = PartnershipFactory(slug="trd")
    other = PartnershipFactory(slug="annet")
    area = FocusAreaFactory(partnership=p, name="Helse og velferd")
    element = CrossCuttingElementFactory(partnership=p, name="Innbyggerinvolvering")
    goal = services.goal_create(partnership=p, kind="effect", title="Bedre helse", focus_area=area)
    indicator = services.indicator_create(goal=goal, name="Brukertilfredshet", unit="%")
    plan = services.action_plan_create(partnership=p, title="Plan helse", focus_area=area)
    activity = services.activity_create(plan=plan, title="Frokostmøte")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(partnership=p, organization=municipality, role="municipality")
    return {"p": p, "other": other, "area": area, "element": element, "goal": goal,
            "indicator": indicator, "plan": plan, "activity": activity,
            "municipality": municipality, "person": PersonFactory()}  # fmt: skip


def _urls(s):
    return [
        reverse("goals:goal_create", kwargs={"slug": s["p"].slug}),
        reverse("goals:goal_edit", kwargs={"pk": s["goal"].pk}),
        reverse("goals:indicator_create", kwargs={"pk": s["goal"].pk}),
        reverse("goals:indicator_edit", kwargs={"pk": s["indicator"].pk}),
        reverse("goals:action_plan_create", kwargs={"slug": s["p"].slug}),
        reverse("goals:action_plan_edit", kwargs={"pk": s["plan"].pk}),
        reverse("goals:activity_create", kwargs={"pk": s["plan"].pk}),
        reverse("goals:activity_edit", kwargs={"pk": s["activity"].pk}),
    ]


def test_forms_require_login(client, setup):
    for url in _urls(setup):
        for response in (client.get(url), client.post(url, {"title": "x", "name": "x"})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/konto/logg-inn/"), url
    assert Goal.objects.count() == 1 and Indicator.objects.count() == 1
    assert ActionPlan.objects.count() == 1 and Activity.objects.count() == 1


def test_every_form_page_renders(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    for url in _urls(setup):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'class="kb-form"' in response.content.decode()


def test_goal_create_for_a_focus_area(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    url = reverse("goals:goal_create", kwargs={"slug": "trd"})
    response = client.post(url, {"kind": "result", "scope": "focus_area",
                                 "focus_area": setup["area"].pk, "element": setup["element"].pk,
                                 "title": "  Flere prosjekter  ", "description": ""})  # fmt: skip
    goal = Goal.objects.get(title="Flere prosjekter")
    assert response.status_code == 302 and response["Location"] == goal.get_absolute_url()
    # The element chosen under another scope is ignored: the scope decides.
    assert (goal.scope, goal.focus_area, goal.element) == ("focus_area", setup["area"], None)
    assert goal.history.first().history_user == coordinator_user


def test_goal_create_errors_name_the_field_and_save_nothing(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    url = reverse("goals:goal_create", kwargs={"slug": "trd"})
    missing = client.post(url, {"kind": "result", "scope": "project", "title": "Mål"})
    assert missing.status_code == 422
    text = missing.content.decode()
    assert "ds-error-summary" in text and 'href="#id_project"' in text
    assert "Velg prosjektet målet gjelder." in text
    foreign = ProjectFactory(partnership=setup["other"])
    wrong = client.post(url, {"kind": "result", "scope": "project", "project": foreign.pk,
                              "title": "Mål"})  # fmt: skip
    assert wrong.status_code == 422  # not among the partnership's projects
    no_title = client.post(url, {"kind": "effect", "scope": "partnership", "title": " "})
    assert no_title.status_code == 422 and 'href="#id_title"' in no_title.content.decode()
    assert Goal.objects.count() == 1


def test_goal_for_a_project_and_edit(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    project = ProjectFactory(partnership=setup["p"])
    url = reverse("goals:goal_create", kwargs={"slug": "trd"})
    ok = client.post(url, {"kind": "result", "scope": "project", "project": project.pk,
                           "title": "Prosjektmål"})  # fmt: skip
    assert ok.status_code == 302
    assert Goal.objects.get(title="Prosjektmål").project == project
    edit = reverse("goals:goal_edit", kwargs={"pk": setup["goal"].pk})
    bad = client.post(edit, {"kind": "effect", "title": "", "description": "", "order": "0"})
    assert bad.status_code == 422
    assert "Bedre helse" in bad.content.decode()  # the breadcrumb shows the saved title
    setup["goal"].refresh_from_db()
    assert setup["goal"].title == "Bedre helse"
    good = client.post(edit, {"kind": "result", "title": "Bedre helse nå", "description": "D",
                              "order": "2"})  # fmt: skip
    assert good.status_code == 302
    setup["goal"].refresh_from_db()
    assert (setup["goal"].kind, setup["goal"].title, setup["goal"].scope) == (
        "result",
        "Bedre helse nå",
        "focus_area",
    )


def _indicator_data(**overrides):
    data = {"name": "Andel med forskningsbasert praksis", "description": "", "method": "manual",
            "computed_kind": "", "partner": "", "unit": "%", "baseline_value": "30,5",
            "baseline_date": "2024-01-01", "target_value": "1 060", "target_date": "2027-12-31",
            "owner": "", "reporting_period": "quarterly"}  # fmt: skip
    data.update(overrides)
    return data


def test_indicator_create_manual_with_norwegian_numbers(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    url = reverse("goals:indicator_create", kwargs={"pk": setup["goal"].pk})
    response = client.post(url, _indicator_data(owner=setup["person"].pk))
    indicator = Indicator.objects.get(name="Andel med forskningsbasert praksis")
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    assert str(indicator.baseline_value) == "30.50" and str(indicator.target_value) == "1060.00"
    assert (indicator.goal, indicator.owner, indicator.reporting_period) == (
        setup["goal"],
        setup["person"],
        "quarterly",
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"baseline_value": "tretti"}, "baseline_value", "Skriv verdien som et tall"),
        ({"baseline_date": ""}, "baseline_date", "Oppgi datoen utgangsverdien gjelder for."),
        ({"target_date": "2023-01-01"}, "target_date", "kan ikke være før utgangsverdiens"),
        ({"method": "computed"}, "computed_kind", "Velg hva systemet skal beregne"),
        ({"method": "computed", "computed_kind": "partner_share"}, "partner", "Velg partneren"),
        ({"name": ""}, "name", "Indikator: Feltet er påkrevet."),
    ],
    ids=[
        "value-not-a-number",
        "baseline-without-date",
        "target-before-baseline",
        "computed-without-kind",
        "share-without-partner",
        "no-name",
    ],  # fmt: skip
)
def test_indicator_create_errors(client_as, coordinator_user, setup, overrides, field, message):
    client = client_as(coordinator_user)
    url = reverse("goals:indicator_create", kwargs={"pk": setup["goal"].pk})
    response = client.post(url, _indicator_data(**overrides))
    assert response.status_code == 422
    text = response.content.decode()
    assert f'href="#id_{field}"' in text and message in text
    assert Indicator.objects.count() == 1


def test_indicator_computed_partner_share_and_edit(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    url = reverse("goals:indicator_create", kwargs={"pk": setup["goal"].pk})
    ok = client.post(url, _indicator_data(
        name="Andel med kommunen", method="computed", computed_kind="partner_share",
        partner=setup["municipality"].pk, baseline_value="", baseline_date="",
    ))  # fmt: skip
    assert ok.status_code == 302
    indicator = Indicator.objects.get(name="Andel med kommunen")
    assert indicator.partner == setup["municipality"]
    manual = setup["indicator"]
    services.measurement_create(indicator=manual, value=3, date=dt.date(2025, 1, 1))
    edit = reverse("goals:indicator_edit", kwargs={"pk": manual.pk})
    refused = client.post(edit, _indicator_data(
        name="Brukertilfredshet", method="computed", computed_kind="active_projects",
    ))  # fmt: skip
    assert refused.status_code == 422 and "har registrerte målinger" in refused.content.decode()
    manual.refresh_from_db()
    assert manual.method == "manual" and manual.baseline_value is None
    saved = client.post(edit, _indicator_data(name="Brukertilfredshet", target_value="90"))
    assert saved.status_code == 302
    manual.refresh_from_db()
    assert str(manual.target_value) == "90.00" and manual.reporting_period == "quarterly"


def test_action_plan_and_activities(client_as, coordinator_user, setup):
    client = client_as(coordinator_user)
    url = reverse("goals:action_plan_create", kwargs={"slug": "trd"})
    base = {"title": "Plan for innbyggerinvolvering", "description": "", "status": "draft",
            "start_date": "2025-01-01", "end_date": "2025-12-31", "adopted_on": ""}  # fmt: skip
    both = client.post(url, {**base, "focus_area": setup["area"].pk,
                             "element": setup["element"].pk})  # fmt: skip
    assert both.status_code == 422 and 'href="#id_focus_area"' in both.content.decode()
    backwards = client.post(url, {**base, "element": setup["element"].pk,
                                  "end_date": "2024-12-31"})  # fmt: skip
    assert backwards.status_code == 422
    assert "Sluttdatoen kan ikke være før startdatoen." in backwards.content.decode()
    assert ActionPlan.objects.count() == 1
    ok = client.post(url, {**base, "element": setup["element"].pk})
    plan = ActionPlan.objects.get(title="Plan for innbyggerinvolvering")
    assert ok.status_code == 302 and ok["Location"] == plan.get_absolute_url()
    assert plan.element == setup["element"]

    edit = reverse("goals:action_plan_edit", kwargs={"pk": plan.pk})
    assert (
        client.post(edit, {**base, "status": "adopted", "adopted_on": "2025-02-01"}).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status == "adopted" and plan.element == setup["element"]

    add = reverse("goals:activity_create", kwargs={"pk": plan.pk})
    activity = {"title": "Innbyggerpanel", "description": "", "responsible": setup["person"].pk,
                "due_date": "2025-06-01", "status": "planned", "goal": setup["goal"].pk,
                "order": "0"}  # fmt: skip
    foreign_goal = services.goal_create(partnership=setup["other"], kind="result", title="Annet")
    wrong = client.post(add, {**activity, "goal": foreign_goal.pk})
    assert wrong.status_code == 422 and 'href="#id_goal"' in wrong.content.decode()
    empty = client.post(add, {**activity, "title": ""})
    assert empty.status_code == 422
    assert not plan.activities.exists()
    created = client.post(add, activity)
    assert created.status_code == 302 and created["Location"] == plan.get_absolute_url()
    row = plan.activities.get()
    assert (row.responsible, row.goal) == (setup["person"], setup["goal"])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("goals:activity_edit", kwargs={"pk": row.pk}) in page
    change = reverse("goals:activity_edit", kwargs={"pk": row.pk})
    assert client.post(change, {**activity, "status": "done"}).status_code == 302
    row.refresh_from_db()
    assert row.status == "done"
    assert row.history.first().history_user == coordinator_user


def test_pages_link_to_the_forms(client_as, coordinator_user, client, setup):
    signed_in = client_as(coordinator_user)
    overview = signed_in.get("/mal/partnerskap/trd/").content.decode()
    assert reverse("goals:goal_create", kwargs={"slug": "trd"}) in overview
    assert reverse("goals:my_measurements") in overview
    goal_page = signed_in.get(setup["goal"].get_absolute_url()).content.decode()
    assert reverse("goals:indicator_create", kwargs={"pk": setup["goal"].pk}) in goal_page
    assert reverse("goals:goal_edit", kwargs={"pk": setup["goal"].pk}) in goal_page
    indicator_page = signed_in.get(setup["indicator"].get_absolute_url()).content.decode()
    assert reverse("goals:indicator_edit", kwargs={"pk": setup["indicator"].pk}) in indicator_page
    plans = signed_in.get("/mal/partnerskap/trd/handlingsplaner/").content.decode()
    assert reverse("goals:action_plan_create", kwargs={"slug": "trd"}) in plans
    # Anonymous visitors see no edit links.
    public = client.get("/mal/partnerskap/trd/").content.decode()
    assert reverse("goals:goal_create", kwargs={"slug": "trd"}) not in public


def test_form_pages_query_count_does_not_grow_with_choices(client_as, coordinator_user, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(coordinator_user)
    urls = [
        reverse("goals:goal_create", kwargs={"slug": "trd"}),
        reverse("goals:indicator_create", kwargs={"pk": setup["goal"].pk}),
        reverse("goals:activity_create", kwargs={"pk": setup["plan"].pk}),
        setup["plan"].get_absolute_url(),
    ]
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        before.append(len(queries.captured_queries))
    for n in range(4):
        PersonFactory()
        ProjectFactory(partnership=setup["p"])
        services.goal_create(partnership=setup["p"], kind="result", title=f"Mål {n}")
        services.activity_create(plan=setup["plan"], title=f"Tiltak {n}", goal=setup["goal"],
                                 responsible=setup["person"])  # fmt: skip
    after = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        after.append(len(queries.captured_queries))
    assert after == before
