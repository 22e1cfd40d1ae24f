"""The partnerships API: public partnerships for everyone, the whole structure in one call."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.partnerships.models import GovernanceBody, Membership, PartnershipParty
from kunnskapsbro.tests_support.factories import (
    CrossCuttingElementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    UniversityFactory,
)

URL = "/api/v1/partnerships"


@pytest.fixture
def trd(db: Any) -> Any:
    partnership = PartnershipFactory(slug="trd30", name="TRD3.0")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(
        partnership=partnership, organization=municipality, role="municipality"
    )
    PartnershipParty.objects.create(
        partnership=partnership, organization=UniversityFactory(name="NTNU"), role="university"
    )
    health = FocusAreaFactory(partnership=partnership, name="Helse")
    CrossCuttingElementFactory(partnership=partnership, name="Innovasjon")
    body = GovernanceBody.objects.create(
        partnership=partnership, kind="steering_group", name="Styringsgruppen", slug="styring"
    )
    Membership.objects.create(
        body=body,
        person=PersonFactory(first_name="Kari", last_name="Leder"),
        role="chair",
        represents=municipality,
    )
    ProjectFactory(partnership=partnership, visibility="public", focus_areas=[health])
    ProjectFactory(partnership=partnership, visibility="internal", focus_areas=[health])
    return partnership


def test_list_hides_non_public_partnerships_from_anonymous(
    api_client, client_as, outsider_user, unit_leader_user, grant_role, trd
):
    hidden = PartnershipFactory(slug="hemmelig", is_public=False)
    assert [p["slug"] for p in api_client.get(URL).json()["items"]] == ["trd30"]
    # Signed in without a role in it: still hidden; a role in it (or everywhere) shows it.
    assert client_as(outsider_user).get(URL).json()["count"] == 1
    assert client_as(unit_leader_user).get(URL).json()["count"] == 2
    grant_role(outsider_user, "viewer", partnership=hidden)
    assert client_as(outsider_user).get(URL).json()["count"] == 2


def test_list_shape(api_client, trd):
    item = api_client.get(URL).json()["items"][0]
    assert {p["role"] for p in item["parties"]} == {"municipality", "university"}
    assert item["parties"][0]["organization"].keys() == {"id", "name", "orgnr", "slug"}


def test_detail(api_client, trd):
    body = api_client.get(f"{URL}/trd30").json()
    assert [a["name"] for a in body["focus_areas"]] == ["Helse"]
    assert body["focus_areas"][0]["project_count"] == 1  # anonymous: public projects only
    assert [e["name"] for e in body["elements"]] == ["Innovasjon"]
    membership = body["bodies"][0]["memberships"][0]
    assert membership["person"]["name"] == "Kari Leder"
    assert membership["role"] == "chair"
    assert membership["represents"]["name"] == "Trondheim kommune"
    assert body["agreements"] == []


def test_detail_counts_internal_projects_for_readers(
    client_as, unit_leader_user, outsider_user, trd
):
    body = client_as(unit_leader_user).get(f"{URL}/trd30").json()
    assert body["focus_areas"][0]["project_count"] == 2
    body = client_as(outsider_user).get(f"{URL}/trd30").json()
    assert body["focus_areas"][0]["project_count"] == 1  # no role: public projects only


def test_detail_404s(api_client, trd):
    PartnershipFactory(slug="hemmelig", is_public=False)
    for slug in ("finnes-ikke", "hemmelig"):
        response = api_client.get(f"{URL}/{slug}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_list_query_count_does_not_grow(api_client, trd):
    from django.core.cache import cache

    # The project counts are remembered between requests; measure both without that help.
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        api_client.get(URL)
    for _ in range(5):
        partnership = PartnershipFactory()
        PartnershipParty.objects.create(
            partnership=partnership, organization=MunicipalityFactory(), role="municipality"
        )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        api_client.get(URL)
    assert len(few) == len(many)
