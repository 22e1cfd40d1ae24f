"""factory_boy factories for the domain, shared by every app's tests.

Factories write rows directly with the ORM: quick, no history user and no search indexing.
When a test is *about* what a service does (validation, history, indexing), call the service.

    project = ProjectFactory(visibility="public", focus_areas=[area])
    org = OrganizationFactory(orgnr=None)          # a foreign partner without orgnr
    user = UserFactory(password="s3cret")          # default: unusable password, use force_login
"""

from __future__ import annotations

import itertools

import factory
from django.contrib.auth import get_user_model
from stdnum.no import orgnr as stdnum_orgnr

from kunnskapsbro.organizations.models import Affiliation, Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership
from kunnskapsbro.projects.models import (
    FundingLine,
    Project,
    ProjectIdentifier,
    ProjectParticipant,
    ProjectPartner,
)

_orgnr_bases = itertools.count(91_000_000)


def valid_orgnr() -> str:
    """A fresh nine-digit organisation number with a correct mod-11 check digit.

    Eight-digit bases whose check digit would be 10 have no valid number and are skipped.
    """
    while True:
        base = str(next(_orgnr_bases))
        for digit in "0123456789":
            if stdnum_orgnr.checksum(base + digit) == 0:
                candidate = base + digit
                if stdnum_orgnr.is_valid(candidate):
                    return candidate
                break


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    is_active = True

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        # Hashing with argon2 costs ~0.1 s; most tests log in with force_login instead.
        if extracted:
            self.set_password(extracted)
        else:
            self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisasjon {n}")
    slug = factory.Sequence(lambda n: f"organisasjon-{n}")
    kind = "other"
    orgnr = factory.LazyFunction(valid_orgnr)
    country = "NO"


class MunicipalityFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Kommune {n}")
    slug = factory.Sequence(lambda n: f"kommune-{n}")
    kind = "municipality"
    municipality_number = factory.Sequence(lambda n: f"{5000 + n % 5000:04d}")


class UniversityFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Universitet {n}")
    slug = factory.Sequence(lambda n: f"universitet-{n}")
    kind = "university"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    organization = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = "unit"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    slug = factory.Sequence(lambda n: f"person-{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.no")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Rådgiver"
    share_percent = 100


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnerskap {n}")
    slug = factory.Sequence(lambda n: f"partnerskap-{n}")
    is_public = True


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomrade-{n}")


class CrossCuttingElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossCuttingElement

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Element {n}")
    slug = factory.Sequence(lambda n: f"element-{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project; ``visibility`` keeps the model's default (internal) unless given."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Prosjekt {n}")
    kind = "research"
    status = "idea"

    @factory.post_generation
    def focus_areas(
        self, create: bool, extracted: list[FocusArea] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.focus_areas.set(extracted)

    @factory.post_generation
    def elements(
        self, create: bool, extracted: list[CrossCuttingElement] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.elements.set(extracted)

    @factory.post_generation
    def municipal_units(
        self, create: bool, extracted: list[OrgUnit] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.municipal_units.set(extracted)


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "partner"


class ProjectParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectParticipant

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(PersonFactory)
    role = "researcher"


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(OrganizationFactory, kind="public_agency")
    programme = "FORSKKOM"
    status = "applied"


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """A role; ``partnership=None`` (the default) means every partnership."""

    class Meta:
        model = "accounts.RoleAssignment"

    user = factory.SubFactory(UserFactory)
    partnership = None
    role = "viewer"


class ProjectIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectIdentifier

    project = factory.SubFactory(ProjectFactory)
    scheme = "rcn_project"
    value = factory.Sequence(lambda n: str(300000 + n))
