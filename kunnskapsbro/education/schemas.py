"""API shapes for education: list filters, the five kinds of record, the placement import and
the counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text

from .models import ContributionKind, ThesisLevel, ThesisStatus


class Filters(Schema):
    partnership: Annotated[str, Field(max_length=80, description="Partnerskapets slug")] = ""
    year: int | None = Field(None, ge=1900, le=2200)
    semester: Annotated[str, Field(max_length=5, description="V2027 eller H2026")] = ""
    unit: DbId | None = None
    focus_area: DbId | None = None
    institution: DbId | None = None
    q: Annotated[Text, Field(max_length=200)] = ""


class ThesisFilters(Filters):
    level: ThesisLevel | None = None
    status: ThesisStatus | None = None


class TeachingFilters(Filters):
    kind: ContributionKind | None = None


class Ref(Schema):
    id: int
    name: str


class PlacementOut(Schema):
    id: int
    partnership: str
    unit: Ref
    programme: str
    institution: Ref
    semester: str
    year: int
    student_count: int
    focus_area: Ref | None
    source: str
    url: str | None


class PlacementList(Schema):
    items: list[PlacementOut]
    count: int


class ImportIn(Schema):
    partnership: Annotated[str, Field(max_length=80, description="Partnerskapets slug")]
    content: Annotated[
        Text,
        Field(
            min_length=1,
            max_length=5_000_000,
            description="CSV-eksporten fra praksissystemet (UTF-8, semikolon eller komma)",
        ),
    ]
    commit: bool = Field(False, description="Skriv radene; uten: bare forhåndsvisning")


class ImportRowOut(Schema):
    line: int
    action: str
    errors: list[str]


class ImportOut(Schema):
    valid: bool
    committed: bool
    errors: list[str]
    rows: list[ImportRowOut]
    created: int
    updated: int
    unchanged: int


class ThesisOut(Schema):
    id: int
    partnership: str
    title: str
    summary: str
    level: ThesisLevel
    status: ThesisStatus
    student_name: str
    institution: Ref | None
    academic_supervisor: Ref | None
    municipal_supervisor: Ref | None
    unit: Ref | None
    focus_area: Ref | None
    discipline: str
    year: int
    data_used: str
    nva_url: str | None
    visibility: str
    needs: list[Ref]
    url: str | None


class ThesisList(Schema):
    items: list[ThesisOut]
    count: int


class VillageOut(Schema):
    id: int
    partnership: str
    title: str
    code: str
    semester: str
    year: int
    unit: Ref | None
    focus_area: Ref | None
    student_count: int
    description: str
    url: str | None


class VillageList(Schema):
    items: list[VillageOut]
    count: int


class ParticipationOut(Schema):
    unit: Ref
    participant_count: int


class CourseOut(Schema):
    id: int
    partnership: str
    title: str
    description: str
    institution: Ref
    credits: Decimal | None
    semester: str
    year: int
    focus_area: Ref | None
    participants: list[ParticipationOut]
    participant_total: int
    url: str | None


class CourseList(Schema):
    items: list[CourseOut]
    count: int


class TeachingOut(Schema):
    id: int
    partnership: str
    person: Ref
    unit: Ref | None
    institution: Ref
    kind: ContributionKind
    course_name: str
    semester: str
    year: int
    hours: Decimal | None
    url: str | None


class TeachingList(Schema):
    items: list[TeachingOut]
    count: int


class CountsQuery(Schema):
    partnership: Annotated[str, Field(max_length=80, description="Partnerskapets slug")]
    year: int | None = Field(None, ge=1900, le=2200)
    focus_area: DbId | None = None


class CountsOut(Schema):
    partnership: str
    year: int | None
    totals: dict[str, float]
    by_year: list[dict[str, Any]]
    by_unit: list[dict[str, Any]]
    by_focus_area: list[dict[str, Any]]
    generated_at: dt.datetime
