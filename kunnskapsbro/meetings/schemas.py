"""API shapes for governance bodies, meetings and events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text
from kunnskapsbro.partnerships.models import BodyKind, MembershipRole

from .models import (
    ActionStatus,
    AgendaItemKind,
    AttendanceStatus,
    EventKind,
    MeetingStatus,
    RegistrationStatus,
)


class PersonRef(Schema):
    id: int
    name: str
    slug: str


class MemberOut(Schema):
    id: int
    person: PersonRef
    role: str
    position_title: str
    represents: str | None
    start_date: dt.date | None
    end_date: dt.date | None


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    slug: str
    partnership: str
    focus_area: str | None
    mandate: str
    meeting_count: int
    ical_url: str
    url: str


class BodyDetail(BodyOut):
    members: list[MemberOut]


class BodyList(Schema):
    items: list[BodyOut]
    count: int


class DecisionOut(Schema):
    id: int
    text: str
    decided_on: dt.date


class ReferenceOut(Schema):
    kind: str
    id: int


class AgendaItemOut(Schema):
    id: int
    number: str
    title: str
    kind: AgendaItemKind
    description: str
    projects: list[int]
    references: list[ReferenceOut]
    decisions: list[DecisionOut]


class ActionItemOut(Schema):
    id: int
    title: str
    owner: PersonRef
    due_date: dt.date
    status: ActionStatus
    completed_on: dt.date | None
    agenda_item: int | None
    decision: int | None


class AttendanceOut(Schema):
    person: PersonRef
    status: AttendanceStatus
    represents: str | None


class DocumentOut(Schema):
    id: int
    title: str
    url: str
    agenda_item: int | None


class MeetingOut(Schema):
    id: int
    body: int
    body_name: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    status: MeetingStatus
    is_public: bool
    url: str
    minutes_pdf_url: str


class MeetingDetail(MeetingOut):
    minutes: str
    agenda_items: list[AgendaItemOut]
    action_items: list[ActionItemOut]
    attendance: list[AttendanceOut]
    documents: list[DocumentOut]


class MeetingList(Schema):
    items: list[MeetingDetail]
    count: int


class MeetingFilters(Schema):
    body: DbId | None = Field(None, description="Bare møter i dette organet")
    partnership: Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]*$")] = Field(
        "", description="Partnerskapets lenkenavn"
    )


class SessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    room: str
    speakers: str
    parallel_group: str
    capacity: int | None
    confirmed: int
    slides_url: str
    recording_url: str


class EventOut(Schema):
    id: int
    slug: str
    kind: EventKind
    title: str
    topic: str
    description: str
    partnership: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    location: str
    capacity: int | None
    confirmed: int
    registration_open: bool
    ical_url: str
    url: str


class EventDetail(EventOut):
    waitlisted: int
    sessions: list[SessionOut]


class EventList(Schema):
    items: list[EventOut]
    count: int


class RegistrationIn(Schema):
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    email: Annotated[Text, Field(min_length=3, max_length=254)]
    organization_name: Annotated[Text, Field(max_length=300)] = ""
    sessions: list[DbId] = Field([], max_length=20, description="Valgte sesjoner (id)")


class RegistrationOut(Schema):
    id: int
    event: str
    name: str
    status: RegistrationStatus
    waitlist_position: int | None
    sessions: list[int]


class ActionItemPatch(Schema):
    """Only the fields sent are changed; ``status`` done stamps today's date."""

    status: ActionStatus | None = None
    comment: Annotated[Text, Field(max_length=2000)] | None = None
    title: Annotated[Text, Field(min_length=1, max_length=500)] | None = None
    owner: DbId | None = Field(None, description="Ansvarlig (person-id)")
    due_date: dt.date | None = None
    agenda_item: DbId | None = Field(None, description="Saken punktet hører til (id)")


class ActionItemIn(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=500)]
    owner: DbId = Field(..., description="Ansvarlig (person-id)")
    due_date: dt.date
    agenda_item: DbId | None = Field(None, description="Saken punktet hører til (id)")
    decision: DbId | None = Field(None, description="Vedtaket punktet følger opp (id)")
    status: ActionStatus = ActionStatus.OPEN
    comment: Annotated[Text, Field(max_length=2000)] = ""


ShortText = Annotated[Text, Field(max_length=300)]


class MeetingIn(Schema):
    body: DbId = Field(..., description="Organet som møtes (id)")
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    location: ShortText = ""
    status: MeetingStatus = MeetingStatus.PLANNED
    is_public: bool = False
    minutes: Annotated[Text, Field(max_length=100_000)] = ""


class MeetingPatch(Schema):
    """Only the fields sent are changed."""

    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    location: ShortText | None = None
    status: MeetingStatus | None = None
    is_public: bool | None = None
    minutes: Annotated[Text, Field(max_length=100_000)] | None = None


class ReferenceIn(Schema):
    kind: Annotated[str, Field(max_length=60, pattern=r"^[a-z_]+\.[a-z_]+$")] = Field(
        ..., description="«needs.knowledgeneed», «goals.goal» eller «projects.project»"
    )
    id: DbId


class AgendaItemIn(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    number: Annotated[Text, Field(max_length=30)] = Field(
        "", description="Saksnummer; tomt gir «n/år»"
    )
    kind: AgendaItemKind = AgendaItemKind.ORIENTATION
    description: Annotated[Text, Field(max_length=100_000)] = ""
    order: int | None = Field(None, ge=0, le=32767)
    projects: list[DbId] = Field([], max_length=200, description="Prosjekter saken gjelder (id)")
    references: list[ReferenceIn] = Field([], max_length=200)


class AgendaItemPatch(Schema):
    """Only the fields sent are changed; ``projects`` replaces the list."""

    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    number: Annotated[Text, Field(min_length=1, max_length=30)] | None = None
    kind: AgendaItemKind | None = None
    description: Annotated[Text, Field(max_length=100_000)] | None = None
    order: int | None = Field(None, ge=0, le=32767)
    projects: list[DbId] | None = Field(None, max_length=200)


class AgendaItemDetail(AgendaItemOut):
    meeting: int


class DecisionIn(Schema):
    text: Annotated[Text, Field(min_length=1, max_length=20_000)]
    decided_on: dt.date | None = Field(None, description="Tomt: møtedagen")


class DecisionPatch(Schema):
    text: Annotated[Text, Field(min_length=1, max_length=20_000)] | None = None
    decided_on: dt.date | None = None


class DecisionDetail(DecisionOut):
    agenda_item: int


class AttendanceIn(Schema):
    person: DbId
    status: AttendanceStatus = AttendanceStatus.PRESENT
    represents: DbId | None = Field(None, description="Organisasjonen personen representerer")


class ActionItemDetail(ActionItemOut):
    meeting: int
    comment: str


class ActionItemList(Schema):
    items: list[ActionItemDetail]
    count: int


class ActionItemFilters(Schema):
    owner: DbId | None = Field(None, description="Bare punkter med denne ansvarlige (person-id)")
    open: bool = Field(True, description="Bare punkter som ikke er utført")


class EventIn(Schema):
    partnership: Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")] = Field(
        ..., description="Partnerskapets lenkenavn"
    )
    kind: EventKind
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    slug: Annotated[str, Field(max_length=100, pattern=r"^[-a-zA-Z0-9_]*$")] = Field(
        "", description="Lenkenavn; tomt gir et laget av tittelen"
    )
    topic: ShortText = ""
    description: Annotated[Text, Field(max_length=100_000)] = ""
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    location: ShortText = ""
    capacity: int | None = Field(None, ge=1, le=100_000, description="Tomt: ubegrenset")
    registration_open: bool = True
    is_public: bool = True


class EventPatch(Schema):
    """Only the fields sent are changed; more seats move people up from the waiting list."""

    kind: EventKind | None = None
    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    topic: ShortText | None = None
    description: Annotated[Text, Field(max_length=100_000)] | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    location: ShortText | None = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    registration_open: bool | None = None
    is_public: bool | None = None


class SessionIn(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    room: Annotated[Text, Field(max_length=100)] = ""
    speakers: Annotated[Text, Field(max_length=500)] = ""
    parallel_group: Annotated[Text, Field(max_length=50)] = ""
    capacity: int | None = Field(None, ge=1, le=100_000)
    slides_url: Annotated[Text, Field(max_length=200)] = ""
    recording_url: Annotated[Text, Field(max_length=200)] = ""


class SessionPatch(Schema):
    """Only the fields sent are changed; publish slides and recordings afterwards."""

    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    room: Annotated[Text, Field(max_length=100)] | None = None
    speakers: Annotated[Text, Field(max_length=500)] | None = None
    parallel_group: Annotated[Text, Field(max_length=50)] | None = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    slides_url: Annotated[Text, Field(max_length=200)] | None = None
    recording_url: Annotated[Text, Field(max_length=200)] | None = None


class BodyIn(Schema):
    partnership: Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")] = Field(
        ..., description="Partnerskapets lenkenavn"
    )
    kind: BodyKind
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    focus_area: DbId | None = Field(None, description="Fokusområdet organet har ansvar for (id)")
    mandate: Annotated[Text, Field(max_length=100_000)] = ""


class BodyPatch(Schema):
    """Only the fields sent are changed; the partnership stays. ``focus_area`` null clears it."""

    kind: BodyKind | None = None
    name: Annotated[Text, Field(min_length=1, max_length=200)] | None = None
    focus_area: DbId | None = Field(None, description="Fokusområdet organet har ansvar for (id)")
    mandate: Annotated[Text, Field(max_length=100_000)] | None = None


class MembershipIn(Schema):
    person: DbId = Field(..., description="Personen som får plass i organet (id)")
    role: MembershipRole
    position_title: Annotated[Text, Field(max_length=200)] = ""
    represents: DbId | None = Field(None, description="Organisasjonen medlemmet representerer (id)")
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class MembershipPatch(Schema):
    """Only the fields sent are changed; the person stays. End a term with ``end_date``."""

    role: MembershipRole | None = None
    position_title: Annotated[Text, Field(max_length=200)] | None = None
    represents: DbId | None = Field(None, description="Organisasjonen medlemmet representerer (id)")
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class MembershipDetail(MemberOut):
    body: int
    represents_id: int | None
