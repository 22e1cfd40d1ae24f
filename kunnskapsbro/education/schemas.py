"""API shapes for education: list filters, the five kinds of record (out, and in for create
and edit), the placement import and the counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from kunnskapsbro.core.api_common import DbId, Text

from .models import ContributionKind, ThesisLevel, ThesisStatus, Visibility


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
    needs: list[Ref]
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


# --- in: create (POST, ``…In``) and edit (PATCH, ``…Patch``: only the fields sent change) -------
# References are ids; an unknown id is a 422 on its field. Semesters are written as on the
# pages («H2026», «Høst 2026», «v27»). On PATCH, null empties a field that may be empty.

Slug = Annotated[
    Text, Field(min_length=1, max_length=80, description="Partnerskapets lenkenavn (slug)")
]
Semester = Annotated[
    Text, Field(min_length=1, max_length=20, description="H2026 eller «Høst 2026», V2027 …")
]
NeedIds = list[DbId] | None
NEEDS_HELP = (
    "Id-ene til kunnskapsbehovene (i samme partnerskap) den svarer på; listen erstatter "
    "dagens. Uten feltet: uendret."
)


class PlacementPatch(Schema):
    unit: DbId | None = None
    programme: Annotated[Text, Field(min_length=1, max_length=200)] | None = None
    institution: DbId | None = None
    semester: Semester | None = None
    student_count: Annotated[int, Field(ge=1, le=10_000)] | None = None
    focus_area: DbId | None = None


class PlacementIn(PlacementPatch):
    partnership: Slug
    unit: DbId
    programme: Annotated[Text, Field(min_length=1, max_length=200)]
    institution: DbId
    semester: Semester
    student_count: Annotated[int, Field(ge=1, le=10_000)]


class ThesisPatch(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=500)] | None = None
    summary: Text | None = None
    level: ThesisLevel | None = None
    status: ThesisStatus | None = None
    student_name: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    institution: DbId | None = None
    academic_supervisor: DbId | None = Field(None, description="Person-id")
    municipal_supervisor: DbId | None = Field(None, description="Person-id")
    unit: DbId | None = None
    focus_area: DbId | None = None
    discipline: Annotated[Text, Field(max_length=200)] | None = None
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    data_used: Text | None = None
    nva_url: Annotated[Text, Field(max_length=200)] | None = Field(
        None, description="Lenke til ferdig oppgave; kreves når status er «finished»"
    )
    visibility: Visibility | None = None
    needs: NeedIds = Field(None, description=NEEDS_HELP)


class ThesisIn(ThesisPatch):
    partnership: Slug
    title: Annotated[Text, Field(min_length=1, max_length=500)]
    level: ThesisLevel
    student_name: Annotated[Text, Field(min_length=1, max_length=300)]
    year: Annotated[int, Field(ge=1950, le=2100)]


class VillagePatch(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    code: Annotated[Text, Field(max_length=40)] | None = None
    semester: Semester | None = None
    unit: DbId | None = None
    focus_area: DbId | None = None
    student_count: Annotated[int, Field(ge=0, le=100_000)] | None = None
    description: Text | None = None


class VillageIn(VillagePatch):
    partnership: Slug
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    semester: Semester


class ParticipationIn(Schema):
    unit: DbId
    participant_count: int = Field(ge=1, le=100_000)


class CoursePatch(Schema):
    title: Annotated[Text, Field(min_length=1, max_length=300)] | None = None
    description: Text | None = None
    institution: DbId | None = None
    credits: Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=1)] | None = None
    semester: Semester | None = None
    focus_area: DbId | None = None
    participants: list[ParticipationIn] | None = Field(
        None, description="Deltakere per enhet; listen erstatter dagens. Uten feltet: uendret."
    )
    needs: NeedIds = Field(None, description=NEEDS_HELP)


class CourseIn(CoursePatch):
    partnership: Slug
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    institution: DbId
    semester: Semester


class TeachingPatch(Schema):
    person: DbId | None = Field(None, description="Person-id (ansatt i kommunen)")
    unit: DbId | None = None
    institution: DbId | None = None
    kind: ContributionKind | None = None
    course_name: Annotated[Text, Field(max_length=300)] | None = None
    semester: Semester | None = None
    hours: Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=1)] | None = None


class TeachingIn(TeachingPatch):
    partnership: Slug
    person: DbId = Field(description="Person-id (ansatt i kommunen)")
    institution: DbId
    kind: ContributionKind
    semester: Semester
