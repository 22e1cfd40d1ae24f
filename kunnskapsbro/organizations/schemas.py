"""API shapes for organisations and people."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text

from .models import OrganizationKind, OrgUnitKind


class OrganizationRefOut(Schema):
    id: int
    name: str
    orgnr: str | None
    slug: str


class OrgUnitOut(Schema):
    id: int
    name: str
    name_en: str
    kind: OrgUnitKind
    parent: int | None
    capacity_projects: int | None


class OrganizationOut(Schema):
    id: int
    name: str
    name_en: str
    short_name: str
    slug: str
    kind: OrganizationKind
    orgnr: str | None
    municipality_number: str
    country: str
    ror_id: str
    cristin_id: str
    cordis_pic: str
    website: str
    parent: OrganizationRefOut | None
    url: str | None


class OrganizationDetail(OrganizationOut):
    units: list[OrgUnitOut]


class OrganizationList(Schema):
    items: list[OrganizationOut]
    count: int


class OrganizationFilters(Schema):
    q: Annotated[Text, Field(max_length=200)] = Field("", description="Navn, kortnavn eller orgnr")
    kind: OrganizationKind | None = None


class OrganizationPatch(Schema):
    name: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    name_en: Annotated[Text, Field(max_length=300)] | None = None
    short_name: Annotated[Text, Field(max_length=60)] | None = None
    kind: OrganizationKind | None = None
    orgnr: Annotated[Text, Field(max_length=30)] | None = Field(
        None, description="Ni siffer med gyldig kontrollsiffer; null for ingen"
    )
    municipality_number: Annotated[Text, Field(max_length=4)] | None = None
    country: Annotated[Text, Field(min_length=2, max_length=2)] | None = None
    ror_id: Annotated[Text, Field(max_length=20)] | None = None
    cristin_id: Annotated[Text, Field(max_length=20)] | None = None
    cordis_pic: Annotated[Text, Field(max_length=20)] | None = None
    website: Annotated[Text, Field(max_length=200)] | None = None
    parent: DbId | None = Field(None, description="Overordnet organisasjons id")


class OrganizationIn(OrganizationPatch):
    name: Annotated[Text, Field(min_length=1, max_length=300)]


class AffiliationOut(Schema):
    organization: OrganizationRefOut
    unit: OrgUnitOut | None
    title: str
    share_percent: int
    start_date: dt.date | None
    end_date: dt.date | None


class PersonOut(Schema):
    id: int
    slug: str
    first_name: str
    last_name: str
    name: str
    email: str | None = Field(description="Bare for innloggede (personopplysning)")
    orcid: str
    cristin_person_id: str
    affiliations: list[AffiliationOut]
    url: str | None
    ical_url: str | None = Field(None, description="Personens kalender (iCalendar, RFC 5545)")


class PersonList(Schema):
    items: list[PersonOut]
    count: int


class PersonFilters(Schema):
    q: Annotated[Text, Field(max_length=200)] = Field("", description="Navn eller e-post")


class AffiliationIn(Schema):
    organization: DbId | Annotated[Text, Field(min_length=1, max_length=300)]
    unit: DbId | None = None
    title: Annotated[Text, Field(max_length=200)] = ""
    share_percent: int = Field(100, ge=1, le=100)
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class PersonPatch(Schema):
    first_name: Annotated[Text, Field(min_length=1, max_length=150)] | None = None
    last_name: Annotated[Text, Field(min_length=1, max_length=150)] | None = None
    email: Annotated[Text, Field(max_length=254)] | None = None
    phone: Annotated[Text, Field(max_length=30)] | None = None
    orcid: Annotated[Text, Field(max_length=19)] | None = None
    cristin_person_id: Annotated[Text, Field(max_length=20)] | None = None
    expertise: Text | None = None


class PersonIn(PersonPatch):
    first_name: Annotated[Text, Field(min_length=1, max_length=150)]
    last_name: Annotated[Text, Field(min_length=1, max_length=150)]
    affiliations: list[AffiliationIn] = Field([], max_length=50)
