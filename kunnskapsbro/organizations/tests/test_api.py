"""The organisations and people API: search, orgnr validation, private e-mail, writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.tests_support.factories import (
    AffiliationFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrgUnitFactory,
    PersonFactory,
)

ORGS = "/api/v1/organizations"
PEOPLE = "/api/v1/people"
PROBLEM = "application/problem+json"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


@pytest.fixture
def trondheim(db: Any) -> Organization:
    municipality = MunicipalityFactory(name="Trondheim kommune", orgnr="942110464")
    OrgUnitFactory(organization=municipality, name="Helse og velferd")
    return municipality


def test_list_and_search(api_client, trondheim):
    OrganizationFactory(name="NTNU")
    body = api_client.get(ORGS).json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == trondheim.pk)
    assert item["orgnr"] == "942110464"
    assert item["kind"] == "municipality"
    assert {"slug", "municipality_number", "ror_id", "cristin_id", "url"} <= set(item)
    assert [i["id"] for i in api_client.get(ORGS, {"q": "trondheim"}).json()["items"]] == [
        trondheim.pk
    ]
    assert [i["id"] for i in api_client.get(ORGS, {"q": "942 110"}).json()["items"]] == [
        trondheim.pk
    ]
    assert api_client.get(ORGS, {"kind": "university"}).json()["count"] == 0


def test_list_query_count_does_not_grow(api_client, db):
    parent = OrganizationFactory()
    OrganizationFactory.create_batch(3, parent=parent)
    with CaptureQueriesContext(connection) as few:
        api_client.get(ORGS)
    OrganizationFactory.create_batch(10, parent=parent)
    with CaptureQueriesContext(connection) as many:
        api_client.get(ORGS)
    # newest change (for the cached count), the count itself, the page
    assert len(few) == len(many) == 3


def test_detail_has_units(api_client, trondheim):
    body = api_client.get(f"{ORGS}/{trondheim.pk}").json()
    assert [u["name"] for u in body["units"]] == ["Helse og velferd"]
    assert_problem(api_client.get(f"{ORGS}/987654"), 404)


def test_create_organization(api_client, coordinator_token, db):
    response = api_client.post(
        ORGS,
        {"name": "Norges forskningsråd", "kind": "public_agency", "orgnr": "970 141 669"},
        content_type="application/json",
        headers=bearer(coordinator_token),
    )
    assert response.status_code == 201, response.content
    assert response.json()["orgnr"] == "970141669"
    assert response.json()["slug"] == "norges-forskningsrad"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Feil", "orgnr": "942110465"}, "orgnr"),
        ({"name": "Feil", "orgnr": "12345"}, "orgnr"),
        ({"name": "Feil", "orgnr": "942110464"}, "orgnr"),  # taken by Trondheim
        ({"name": "Feil", "municipality_number": "50"}, "municipality_number"),
        ({"name": "Feil", "kind": "nonsense"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "Feil", "parent": 987654}, "parent"),
    ],
)
def test_create_organization_field_errors(api_client, coordinator_token, trondheim, payload, field):
    before = Organization.objects.count()
    response = api_client.post(
        ORGS, payload, content_type="application/json", headers=bearer(coordinator_token)
    )
    assert_problem(response, 422, field)
    assert Organization.objects.count() == before


def test_patch_organization(api_client, coordinator_token, trondheim):
    url = f"{ORGS}/{trondheim.pk}"
    response = api_client.patch(
        url,
        {"ror_id": "03d5h5w12"},
        content_type="application/json",
        headers=bearer(coordinator_token),
    )
    assert response.status_code == 200, response.content
    trondheim.refresh_from_db()
    assert trondheim.ror_id == "03d5h5w12"
    response = api_client.patch(
        url,
        {"orgnr": "942110465"},
        content_type="application/json",
        headers=bearer(coordinator_token),
    )
    assert_problem(response, 422, "orgnr")
    trondheim.refresh_from_db()
    assert trondheim.orgnr == "942110464"


def test_anonymous_cannot_create_organization(api_client, db):
    response = api_client.post(ORGS, {"name": "X"}, content_type="application/json")
    assert_problem(response, 401)


# --- people -----------------------------------------------------------------------------


def test_people_email_only_for_readers(api_client, client_as, unit_leader_user, outsider_user, db):
    person = PersonFactory(first_name="Rita", last_name="Forsker", email="rita@example.no")
    AffiliationFactory(person=person, organization=OrganizationFactory(name="NTNU"))
    anonymous = api_client.get(PEOPLE).json()["items"][0]
    assert anonymous["email"] is None
    assert anonymous["affiliations"][0]["organization"]["name"] == "NTNU"
    assert api_client.get(f"{PEOPLE}/{person.pk}").json()["email"] is None
    signed_in = client_as(unit_leader_user)  # reads internal records of the partnerships
    assert signed_in.get(PEOPLE).json()["items"][0]["email"] == "rita@example.no"
    assert signed_in.get(f"{PEOPLE}/{person.pk}").json()["email"] == "rita@example.no"
    no_role = client_as(outsider_user)  # signed in without a role: as the public
    assert no_role.get(PEOPLE).json()["items"][0]["email"] is None
    assert no_role.get(f"{PEOPLE}/{person.pk}").json()["email"] is None


def test_anonymous_cannot_search_by_email(
    api_client, client_as, unit_leader_user, outsider_user, db
):
    PersonFactory(first_name="Rita", last_name="Forsker", email="hemmelig@example.no")
    assert api_client.get(PEOPLE, {"q": "hemmelig"}).json()["count"] == 0
    assert api_client.get(PEOPLE, {"q": "rita"}).json()["count"] == 1
    assert client_as(unit_leader_user).get(PEOPLE, {"q": "hemmelig"}).json()["count"] == 1
    assert client_as(outsider_user).get(PEOPLE, {"q": "hemmelig"}).json()["count"] == 0


def test_people_query_count_does_not_grow(api_client, db):
    for _ in range(3):
        AffiliationFactory(unit=None)
    with CaptureQueriesContext(connection) as few:
        api_client.get(PEOPLE)
    for _ in range(10):
        AffiliationFactory()
    with CaptureQueriesContext(connection) as many:
        api_client.get(PEOPLE)
    # newest change (for the cached count), the count, the page, the affiliations
    assert len(few) == len(many) == 4


def test_create_person_with_affiliation(api_client, coordinator_token, trondheim):
    unit = trondheim.units.get()
    response = api_client.post(
        PEOPLE,
        {
            "first_name": "Kari",
            "last_name": "Nordmann",
            "email": "kari@example.no",
            "orcid": "0000-0002-1825-0097",
            "affiliations": [
                {
                    "organization": "942110464",
                    "unit": unit.pk,
                    "title": "Rådgiver",
                    "share_percent": 80,
                }
            ],
        },
        content_type="application/json",
        headers=bearer(coordinator_token),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "kari-nordmann"
    assert body["email"] == "kari@example.no"
    assert body["affiliations"][0]["unit"]["id"] == unit.pk


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"orcid": "0000-0002-1825-0098"}, "orcid"),
        ({"email": "not-an-email"}, "email"),
        ({"affiliations": [{"organization": "finnes-ikke"}]}, "affiliations.0.organization"),
        (
            {"affiliations": [{"organization": "942110464", "share_percent": 0}]},
            "affiliations.0.share_percent",
        ),
        (
            {
                "affiliations": [
                    {
                        "organization": "942110464",
                        "start_date": "2025-01-01",
                        "end_date": "2024-01-01",
                    }
                ]
            },
            "affiliations.0.end_date",
        ),
    ],
)
def test_create_person_field_errors_save_nothing(
    api_client, coordinator_token, trondheim, payload, field
):
    response = api_client.post(
        PEOPLE,
        {"first_name": "Kari", "last_name": "Nordmann", **payload},
        content_type="application/json",
        headers=bearer(coordinator_token),
    )
    assert_problem(response, 422, field)
    assert not Person.objects.exists()


def test_patch_person(api_client, coordinator_token, db):
    person = PersonFactory()
    url = f"{PEOPLE}/{person.pk}"
    response = api_client.patch(
        url,
        {"orcid": "0000-0002-1825-0097"},
        content_type="application/json",
        headers=bearer(coordinator_token),
    )
    assert response.status_code == 200, response.content
    response = api_client.patch(
        url, {"orcid": "bad"}, content_type="application/json", headers=bearer(coordinator_token)
    )
    assert_problem(response, 422, "orcid")
    person.refresh_from_db()
    assert person.orcid == "0000-0002-1825-0097"
