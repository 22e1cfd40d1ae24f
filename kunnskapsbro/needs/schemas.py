"""API shapes for knowledge needs, the oppgavebank and matching."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text

from .models import AssignmentLevel, InterestRole, NeedStatus, Urgency, Visibility

MatchKind = Literal["project", "person", "assignment"]


class MatchItem(Schema):
    kind: MatchKind
    id: int
    title: str
    score: float
    reason: str
    matched_terms: list[str]
    identifiers: dict[str, str]
    url: str | None


class MatchList(Schema):
    items: list[MatchItem]
    count: int


class MatchQuery(Schema):
    q: Annotated[Text, Field(min_length=1, max_length=4000, description="Behovet i fritekst")]
    kind: MatchKind = "project"
    limit: int = Field(10, ge=1, le=50)


class NeedMatchQuery(Schema):
    kind: MatchKind | None = Field(None, description="Bare én type; uten: alle tre")
    limit: int = Field(10, ge=1, le=50)


class NeedFilterQuery(Schema):
    status: NeedStatus | None = None
    focus_area: DbId | None = None
    partnership: Annotated[str, Field(max_length=80)] = ""


class NeedListItem(Schema):
    id: int
    title: str
    status: NeedStatus
    urgency: Urgency
    priority_rank: int | None
    focus_area: str | None
    unit: str | None
    visibility: Visibility
    answer_count: int
    assignment_count: int
    url: str | None


class NeedList(Schema):
    items: list[NeedListItem]
    count: int


class AnswerOut(Schema):
    kind: str
    id: int | None
    title: str
    url: str | None


class StatusChangeOut(Schema):
    from_status: NeedStatus
    to_status: NeedStatus
    at: dt.datetime
    comment: str
    actor: str | None


class AssignmentOut(Schema):
    id: int
    need_id: int
    title: str
    description: str
    level: AssignmentLevel
    discipline: str
    semester: str
    data_available: str
    contact_person: str | None
    notification_required: bool
    notification_status: str
    status: str
    focus_area: str | None
    thesis_title: str | None
    thesis_nva_url: str | None
    url: str | None


class AssignmentList(Schema):
    items: list[AssignmentOut]
    count: int


class NeedDetail(NeedListItem):
    problem: str
    affected: str
    known: str
    wanted: str
    pico_population: str
    pico_intervention: str
    pico_comparison: str
    pico_outcome: str
    priority_comment: str
    partnership: str
    answers: list[AnswerOut]
    assignments: list[AssignmentOut]
    changes: list[StatusChangeOut]
    allowed_transitions: list[NeedStatus]


class NeedIn(Schema):
    partnership: Annotated[Text, Field(min_length=1, max_length=80)]
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    problem: Annotated[Text, Field(min_length=1, max_length=10_000)]
    affected: Annotated[Text, Field(max_length=10_000)] = ""
    known: Annotated[Text, Field(max_length=10_000)] = ""
    wanted: Annotated[Text, Field(max_length=10_000)] = ""
    pico_population: Annotated[Text, Field(max_length=2000)] = ""
    pico_intervention: Annotated[Text, Field(max_length=2000)] = ""
    pico_comparison: Annotated[Text, Field(max_length=2000)] = ""
    pico_outcome: Annotated[Text, Field(max_length=2000)] = ""
    urgency: Urgency = Urgency.MEDIUM
    visibility: Visibility = Visibility.INTERNAL
    focus_area: DbId | None = None
    unit: DbId | None = None


class NeedTransitionIn(Schema):
    to: NeedStatus
    comment: Annotated[Text, Field(max_length=5000)] = ""
    priority_rank: int | None = Field(None, ge=1, le=10_000)


class AssignmentFilterQuery(Schema):
    level: AssignmentLevel | None = None
    discipline: Annotated[str, Field(max_length=200)] = ""
    semester: Annotated[str, Field(max_length=5)] = ""
    focus_area: DbId | None = None


class InterestIn(Schema):
    role: InterestRole = InterestRole.STUDENT
    message: Annotated[Text, Field(max_length=2000)] = ""


class InterestOut(Schema):
    id: int
    assignment_id: int
    role: InterestRole
    status: str


class AnswerIn(Schema):
    kind: Literal["project", "thesis", "course", "review"]
    project: DbId | None = None
    thesis: DbId | None = None
    course: DbId | None = None
    review_title: Annotated[Text, Field(max_length=500)] = ""
    review_url: Annotated[Text, Field(max_length=200)] = ""
    comment: Annotated[Text, Field(max_length=5000)] = ""
