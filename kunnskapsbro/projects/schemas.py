"""API shapes for projects: what a list row, a full project and a write look like."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text

from .models import (
    FundingStatus,
    ParticipantRole,
    PartnerRole,
    ProjectKind,
    ProjectStatus,
    Visibility,
)

# An organisation or person is named by id, or by orgnr / slug (and e-mail or ORCID for people).
OrganizationRef = DbId | Annotated[Text, Field(min_length=1, max_length=300)]
PersonRef = DbId | Annotated[Text, Field(min_length=1, max_length=300)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)]


class NamedRef(Schema):
    id: int
    name: str


class OrganizationRefOut(Schema):
    id: int
    name: str
    orgnr: str | None
    slug: str


class PersonRefOut(Schema):
    id: int
    name: str
    slug: str


class ProjectListItem(Schema):
    id: int
    title: str
    title_en: str
    acronym: str
    status: ProjectStatus
    kind: ProjectKind
    start_date: dt.date | None
    end_date: dt.date | None
    visibility: Visibility
    partnership: str
    focus_areas: list[NamedRef]
    identifiers: dict[str, str]
    updated_at: dt.datetime
    url: str | None


class ProjectList(Schema):
    items: list[ProjectListItem]
    count: int


class PartnerOut(Schema):
    organization: OrganizationRefOut
    role: PartnerRole
    contribution: Decimal | None
    currency: str


class ParticipantOut(Schema):
    person: PersonRefOut
    role: ParticipantRole
    organization: OrganizationRefOut | None


class FundingLineOut(Schema):
    id: int
    funder: OrganizationRefOut
    programme: str
    grant_id: str
    status: FundingStatus
    amount_applied: Decimal | None
    amount_granted: Decimal | None
    currency: str
    start_date: dt.date | None
    end_date: dt.date | None


class UnitOut(Schema):
    id: int
    name: str
    organization: OrganizationRefOut


class LinkOut(Schema):
    url: str
    label: str


class ProjectDetail(ProjectListItem):
    summary: str
    summary_en: str
    popular_summary: str
    popular_summary_en: str
    status_changed_at: dt.datetime | None
    elements: list[NamedRef]
    municipal_units: list[UnitOut]
    partners: list[PartnerOut]
    participants: list[ParticipantOut]
    funding_lines: list[FundingLineOut]
    keywords: list[str]
    sdgs: list[int]
    own_contribution_hours: Decimal | None
    own_contribution_nok: Decimal | None
    website: str
    links: list[LinkOut]
    allowed_transitions: list[ProjectStatus]
    created_at: dt.datetime


class PartnerIn(Schema):
    organization: OrganizationRef
    role: PartnerRole = PartnerRole.PARTNER
    contribution: Amount | None = None
    currency: Annotated[Text, Field(min_length=3, max_length=3)] = "NOK"


class ParticipantIn(Schema):
    person: PersonRef
    role: ParticipantRole
    organization: OrganizationRef | None = None


class FundingLineIn(Schema):
    id: DbId | None = Field(None, description="Behold og endre en eksisterende linje")
    funder: OrganizationRef
    programme: Annotated[Text, Field(max_length=300)] = ""
    grant_id: Annotated[Text, Field(max_length=100)] = ""
    status: FundingStatus = FundingStatus.APPLIED
    amount_applied: Amount | None = None
    amount_granted: Amount | None = None
    currency: Annotated[Text, Field(min_length=3, max_length=3)] = "NOK"
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class LinkIn(Schema):
    url: Annotated[Text, Field(min_length=1, max_length=200)]
    label: Annotated[Text, Field(max_length=200)] = ""


Title = Annotated[Text, Field(min_length=1, max_length=500)]
Hours = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Keyword = Annotated[Text, Field(max_length=100)]
IdList = Annotated[list[DbId], Field(max_length=200)]


class ProjectPatch(Schema):
    """Only the fields sent change; a list sent replaces the current one."""

    title: Title | None = None
    title_en: Annotated[Text, Field(max_length=500)] | None = None
    acronym: Annotated[Text, Field(max_length=60)] | None = None
    summary: Text | None = None
    summary_en: Text | None = None
    popular_summary: Text | None = None
    popular_summary_en: Text | None = None
    kind: ProjectKind | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    visibility: Visibility | None = None
    keywords: list[Keyword] | None = None
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] | None = None
    own_contribution_hours: Hours | None = None
    own_contribution_nok: Money | None = None
    website: Annotated[Text, Field(max_length=200)] | None = None
    focus_areas: IdList | None = None
    elements: IdList | None = None
    municipal_units: IdList | None = None
    partners: list[PartnerIn] | None = None
    participants: list[ParticipantIn] | None = None
    funding_lines: list[FundingLineIn] | None = None
    identifiers: (
        dict[Annotated[Text, Field(max_length=30)], Annotated[Text, Field(max_length=200)]] | None
    ) = None
    links: list[LinkIn] | None = None


class ProjectIn(ProjectPatch):
    partnership: Annotated[
        Text, Field(min_length=1, max_length=80, description="Partnerskapets lenkenavn (slug)")
    ]
    title: Title
    status: ProjectStatus = Field(
        ProjectStatus.IDEA, description="Startstatus (for prosjekter registrert i etterkant)"
    )


class TransitionIn(Schema):
    to: ProjectStatus
    comment: Annotated[Text, Field(max_length=5000)] = ""


class TransitionOut(Schema):
    id: int
    from_status: ProjectStatus
    to_status: ProjectStatus
    at: dt.datetime
    actor: str | None
    comment: str


class TransitionList(Schema):
    items: list[TransitionOut]
    count: int
    allowed_transitions: list[ProjectStatus]


class ProjectFilters(Schema):
    """The portfolio page's filters; repeat a parameter to match any of several values."""

    q: Annotated[Text, Field(max_length=200)] = Field("", description="Fritekstsøk")
    partnership: Annotated[Text, Field(max_length=80)] = Field(
        "", description="Partnerskapets slug"
    )
    status: list[ProjectStatus] = []
    kind: list[ProjectKind] = []
    focus_area: list[DbId] = Field([], description="Fokusområde-id")
    element: list[DbId] = Field([], description="Tverrgående element-id")
    partner: list[Annotated[Text, Field(max_length=30)]] = Field(
        [], description="Partnerorganisasjonens id eller organisasjonsnummer"
    )
    unit: list[DbId] = Field([], description="Kommunal enhet-id")
    funder: list[DbId] = Field([], description="Finansiørens organisasjons-id")
    year: int | None = Field(None, ge=1, le=9999, description="Pågår i året")
    visibility: Visibility | None = None
    sort: Literal["updated", "title", "start", "end", "status", "relevance"] | None = None
