"""The page that registers an outcome in practice on a project, linked from the relevance panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kunnskapsbro.goals import services as goal_services
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.projects.models import OutcomeInPractice
from kunnskapsbro.tests_support.factories import (
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(unit_leader_user, grant_role):
    p = PartnershipFactory(slug="trd")
    municipality = MunicipalityFactory()
    PartnershipParty.objects.create(partnership=p, organization=municipality, role="municipality")
    unit = OrgUnitFactory(organization=municipality, name="Østbyen")
    # The unit leader edits for their unit (and its subtree) in this partnership.
    grant_role(unit_leader_user, "unit_editor", partnership=p, org_unit=unit)
    project = ProjectFactory(partnership=p, status="active", municipal_units=[unit])
    effect = goal_services.goal_create(partnership=p, kind="effect", title="Trygt hjemme")
    result = goal_services.goal_create(partnership=p, kind="result", title="Flere prosjekter")
    url = reverse("projects:outcome_create", kwargs={"pk": project.pk})
    return {"project": project, "unit": unit, "effect": effect, "result": result, "url": url}


def _data(setup, **overrides):
    data = {"kind": "practice", "description": "Nattevakter bruker ny sjekkliste",
            "date": "2025-05-01", "unit": setup["unit"].pk, "effect_goal": setup["effect"].pk,
            "evidence": "Rutine vedtatt", "evidence_url": ""}  # fmt: skip
    data.update(overrides)
    return data


def test_login_required(client, setup):
    for response in (client.get(setup["url"]), client.post(setup["url"], _data(setup))):
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logg-inn/")
    assert not OutcomeInPractice.objects.exists()


def test_editor_of_another_unit_registers_only_for_their_own(client_as, grant_role, setup):
    from kunnskapsbro.tests_support.factories import UserFactory

    other = UserFactory()
    elsewhere = OrgUnitFactory(organization=setup["unit"].organization, name="Vestbyen")
    grant_role(other, "unit_editor", partnership=setup["project"].partnership, org_unit=elsewhere)
    client = client_as(other)
    form = client.get(setup["url"]).content.decode()
    assert "Vestbyen" in form and "Østbyen" not in form  # only their own unit is offered
    response = client.post(setup["url"], _data(setup))  # for Østbyen: not theirs
    assert response.status_code == 422 and 'href="#id_unit"' in response.content.decode()
    assert not OutcomeInPractice.objects.exists()


def test_unit_editor_in_another_partnership_is_forbidden(client_as, grant_role, setup):
    from kunnskapsbro.tests_support.factories import UserFactory

    other = UserFactory()
    grant_role(other, "unit_editor", partnership=PartnershipFactory(), org_unit=setup["unit"])
    client = client_as(other)
    assert client.get(setup["url"]).status_code == 404  # an internal project: not even seen
    setup["project"].visibility = "public"
    setup["project"].save(update_fields=["visibility"])
    page = client.get(setup["project"].get_absolute_url())
    assert page.status_code == 200 and setup["url"] not in page.content.decode()
    assert client.get(setup["url"]).status_code == 403
    assert client.post(setup["url"], _data(setup)).status_code == 403
    assert not OutcomeInPractice.objects.exists()


def test_register_outcome_shows_on_the_project_page(client_as, unit_leader_user, setup):
    client = client_as(unit_leader_user)
    project_page = client.get(setup["project"].get_absolute_url()).content.decode()
    assert setup["url"] in project_page  # the relevance panel links to the form
    form = client.get(setup["url"])
    assert form.status_code == 200
    # Only effect goals are offered.
    assert "Trygt hjemme" in form.content.decode()
    assert "Flere prosjekter" not in form.content.decode()
    response = client.post(setup["url"], _data(setup))
    assert response.status_code == 302
    assert response["Location"] == setup["project"].get_absolute_url() + "#relevans"
    outcome = OutcomeInPractice.objects.get()
    assert (outcome.unit, outcome.effect_goal, outcome.date) == (
        setup["unit"],
        setup["effect"],
        dt.date(2025, 5, 1),
    )
    assert outcome.recorded_by == unit_leader_user
    assert outcome.history.first().history_user == unit_leader_user
    page = client.get(setup["project"].get_absolute_url()).content.decode()
    assert "Nattevakter bruker ny sjekkliste" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"description": ""}, "description", "Feltet er påkrevet."),
        ({"date": "2999-01-01"}, "date", "Datoen kan ikke være fram i tid."),
        ({"kind": "magic"}, "kind", "Velg et gyldig valg"),
        ({"evidence_url": "ikke en lenke"}, "evidence_url", "Oppgi en gyldig nettadresse."),
    ],
    ids=["no-description", "future-date", "unknown-kind", "bad-url"],
)
def test_errors_name_the_field_and_save_nothing(
    client_as, unit_leader_user, setup, overrides, field, message
):
    response = client_as(unit_leader_user).post(setup["url"], _data(setup, **overrides))
    assert response.status_code == 422
    text = response.content.decode()
    assert f'href="#id_{field}' in text and message in text  # radios link to the first option
    assert not OutcomeInPractice.objects.exists()


def test_result_goal_is_refused(client_as, unit_leader_user, setup):
    response = client_as(unit_leader_user).post(
        setup["url"], _data(setup, effect_goal=setup["result"].pk)
    )
    assert response.status_code == 422 and 'href="#id_effect_goal"' in response.content.decode()
    assert not OutcomeInPractice.objects.exists()
