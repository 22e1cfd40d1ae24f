"""API shapes for governance bodies, meetings and events."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text

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
    status: ActionStatus
    comment: Annotated[Text, Field(max_length=2000)] | None = None


class ActionItemDetail(ActionItemOut):
    meeting: int
    comment: str


class ActionItemList(Schema):
    items: list[ActionItemDetail]
    count: int


class ActionItemFilters(Schema):
    owner: DbId | None = Field(None, description="Bare punkter med denne ansvarlige (person-id)")
    open: bool = Field(True, description="Bare punkter som ikke er utført")
