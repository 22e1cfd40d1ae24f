"""A small partnership built through the services, shared by the projects tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership
from kunnskapsbro.tests_support.factories import RoleAssignmentFactory


@dataclass
class World:
    partnership: Partnership
    other_partnership: Partnership
    health: FocusArea
    school: FocusArea
    education: CrossCuttingElement
    foreign_area: FocusArea
    municipality: Organization
    ntnu: Organization
    sintef: Organization
    rcn: Organization
    nursing_home: OrgUnit
    faculty: OrgUnit
    researcher: Person
    editor: object


@pytest.fixture
def world(db) -> World:
    partnership = partnership_services.partnership_create(name="TRD3.0", slug="trd30")
    other = partnership_services.partnership_create(name="Kunnskapskommunen Vest", slug="vest")
    municipality = org_services.organization_create(
        name="Trondheim kommune", kind="municipality", orgnr="942110464", municipality_number="5001"
    )
    ntnu = org_services.organization_create(
        name="Norges teknisk-naturvitenskapelige universitet",
        short_name="NTNU",
        kind="university",
        orgnr="974767880",
    )
    sintef = org_services.organization_create(
        name="Stiftelsen SINTEF", kind="research_institute", orgnr="948007029"
    )
    rcn = org_services.organization_create(
        name="Norges forskningsråd", kind="public_agency", orgnr="970141669"
    )
    area = org_services.orgunit_create(
        organization=municipality, name="Helse og velferd", kind="service_area"
    )
    nursing_home = org_services.orgunit_create(
        organization=municipality,
        name="Helse- og velferdssenter Østbyen",
        parent=area,
        capacity_projects=5,
    )
    faculty = org_services.orgunit_create(organization=ntnu, name="Fakultet for medisin")
    user = get_user_model().objects.create_user("ingrid", password="pw-ingrid-123")
    # The editor coordinates every partnership: these tests are about the portfolio's
    # behaviour, not about roles (accounts/tests/test_permission_matrix.py is).
    RoleAssignmentFactory(user=user, role="coordinator", partnership=None)
    return World(
        partnership=partnership,
        other_partnership=other,
        health=partnership_services.focus_area_create(
            partnership=partnership, name="Helse og velferd"
        ),
        school=partnership_services.focus_area_create(
            partnership=partnership, name="Oppvekst og utdanning"
        ),
        education=partnership_services.element_create(
            partnership=partnership, name="Utdanningssamarbeid"
        ),
        foreign_area=partnership_services.focus_area_create(partnership=other, name="Helse"),
        municipality=municipality,
        ntnu=ntnu,
        sintef=sintef,
        rcn=rcn,
        nursing_home=nursing_home,
        faculty=faculty,
        researcher=org_services.person_create(first_name="Kari", last_name="Forsker"),
        editor=user,
    )
