"""A small partnership with a municipal unit, a university and a focus area for needs tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import FocusArea, Partnership, PartnershipParty
from kunnskapsbro.search import matching
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    UniversityFactory,
)


@dataclass
class NeedsWorld:
    partnership: Partnership
    municipality: Organization
    university: Organization
    unit: OrgUnit
    health: FocusArea
    contact: Person


@pytest.fixture(autouse=True)
def _fresh_match_index() -> Any:
    matching.reset_for_tests()
    yield
    matching.reset_for_tests()


@pytest.fixture
def needs_world(db: Any) -> NeedsWorld:
    partnership = PartnershipFactory(name="TRD3.0", slug="trd30-needs")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    university = UniversityFactory(name="NTNU", short_name="NTNU", orgnr="974767880")
    PartnershipParty.objects.create(
        partnership=partnership, organization=municipality, role="municipality"
    )
    PartnershipParty.objects.create(
        partnership=partnership, organization=university, role="university"
    )
    unit = OrgUnitFactory(organization=municipality, name="Helse- og velferdssenter Østbyen")
    health = FocusAreaFactory(partnership=partnership, name="Helse og velferd", slug="helse")
    contact = PersonFactory(first_name="Per", last_name="Enhetsleder")
    return NeedsWorld(partnership, municipality, university, unit, health, contact)
