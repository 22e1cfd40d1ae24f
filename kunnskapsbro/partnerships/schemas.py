"""API shapes for partnerships and their structure."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from .models import AgreementStatus, BodyKind, MembershipRole, PartyRole


class OrganizationRefOut(Schema):
    id: int
    name: str
    orgnr: str | None
    slug: str


class PersonRefOut(Schema):
    id: int
    name: str
    slug: str


class PartyOut(Schema):
    organization: OrganizationRefOut
    role: PartyRole


class PartnershipOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    description: str
    website: str
    established: dt.date | None
    is_public: bool
    parties: list[PartyOut]
    url: str | None


class PartnershipList(Schema):
    items: list[PartnershipOut]
    count: int


class AgreementOut(Schema):
    id: int
    title: str
    status: AgreementStatus
    signed_date: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    signatories: str
    renews: int | None
    parties: list[int]


class FocusAreaOut(Schema):
    id: int
    name: str
    name_en: str
    slug: str
    description: str
    is_cross_sectoral: bool
    leader: PersonRefOut | None
    project_count: int


class ElementOut(Schema):
    id: int
    name: str
    name_en: str
    slug: str
    description: str
    project_count: int


class MembershipOut(Schema):
    person: PersonRefOut
    role: MembershipRole
    position_title: str
    represents: OrganizationRefOut | None
    start_date: dt.date | None
    end_date: dt.date | None


class BodyOut(Schema):
    id: int
    kind: BodyKind
    name: str
    slug: str
    mandate: str
    focus_area: int | None
    memberships: list[MembershipOut]


class PartnershipDetail(PartnershipOut):
    description_en: str
    agreements: list[AgreementOut]
    focus_areas: list[FocusAreaOut]
    elements: list[ElementOut]
    bodies: list[BodyOut]
