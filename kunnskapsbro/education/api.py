"""The education API: placements, theses, EiT villages, EVU courses and teaching by municipal
staff (lists with filters in the one ``{"items", "count"}`` shape, and single records), the
counts per year, unit and focus area, and the placement CSV import (dry run unless
``commit``). Endpoints call the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import DbId, Page, Text, absolute_url, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem
from kunnskapsbro.partnerships.models import Partnership

from . import selectors
from .models import ContributionKind, ThesisLevel, ThesisStatus
from .services import placements_import

router = Router(tags=["education"])


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


def _filters(query: Filters) -> selectors.EducationFilters:
    partnership = None
    if query.partnership:
        partnership = (
            Partnership.objects.filter(slug=query.partnership).values_list("pk", flat=True).first()
            or -1
        )
    level = getattr(query, "level", None)
    status = getattr(query, "status", None)
    kind = getattr(query, "kind", None)
    return selectors.EducationFilters(
        partnership=partnership,
        year=query.year,
        semester=query.semester.strip().upper(),
        unit=query.unit,
        focus_area=query.focus_area,
        institution=query.institution,
        level=level.value if level else "",
        status=status.value if status else "",
        kind=kind.value if kind else "",
        q=query.q.strip(),
    )


class Ref(Schema):
    id: int
    name: str


def _ref(obj: Any, attr: str = "name") -> dict[str, Any] | None:
    return {"id": obj.pk, "name": getattr(obj, attr)} if obj is not None else None


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


def _placement(request: HttpRequest, p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "partnership": p.partnership.slug,
        "unit": _ref(p.unit),
        "programme": p.programme,
        "institution": _ref(p.institution),
        "semester": p.semester,
        "year": p.year,
        "student_count": p.student_count,
        "focus_area": _ref(p.focus_area),
        "source": p.source,
        "url": absolute_url(request, p),
    }


@router.get("/placements", response=PlacementList, summary="Praksisplasser")
def list_placements(
    request: HttpRequest, filters: Query[Filters], page: Query[Page]
) -> dict[str, Any]:
    result = paginate(
        selectors.placement_list(filters=_filters(filters), user=api_user(request)), page
    )
    result["items"] = [_placement(request, p) for p in result["items"]]
    return result


@router.get(
    "/placements/{int:placement_id}",
    response={200: PlacementOut, **READ_PROBLEMS},
    summary="Én praksisplass",
)
def get_placement(request: HttpRequest, placement_id: int) -> dict[str, Any]:
    return _placement(request, selectors.placement_detail(pk=placement_id, user=api_user(request)))


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


@router.post(
    "/placements/import",
    auth=write_auth,
    response={200: ImportOut, **WRITE_PROBLEMS},
    summary="Importer praksisplasser fra en CSV-eksport (alle rader eller ingen)",
)
def import_placements(request: HttpRequest, payload: ImportIn) -> tuple[int, dict[str, Any]]:
    """Every row is checked first; if any row has an error, nothing is written and the answer
    is 422 with every row's errors. Re-importing the same file changes nothing."""
    partnership = Partnership.objects.filter(slug=payload.partnership).first()
    if partnership is None:
        message = f"Ukjent partnerskap «{payload.partnership}»."
        raise Problem(422, message, errors=[{"field": "partnership", "message": message}])
    if not selectors.can_edit_education(request.auth, partnership.pk):
        raise Problem(403, "Du kan ikke registrere praksisplasser i dette partnerskapet.")
    result = placements_import(
        partnership=partnership, content=payload.content, commit=payload.commit, actor=request.auth
    )
    body = {
        "valid": result.is_valid,
        "committed": result.committed,
        "errors": result.errors,
        "rows": [
            {"line": row.line, "action": row.action, "errors": row.errors} for row in result.rows
        ],
        "created": result.count("create"),
        "updated": result.count("update"),
        "unchanged": result.count("unchanged"),
    }
    if not result.is_valid:
        details = result.errors + [
            f"linje {row.line}: {'; '.join(row.errors)}" for row in result.rows if row.errors
        ]
        raise Problem(
            422,
            "Ingenting er importert: " + " ".join(details),
            errors=[{"field": "content", "message": message} for message in details],
        )
    return 200, body


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


def _thesis(request: HttpRequest, t: Any, *, needs: list[Any] | None = None) -> dict[str, Any]:
    return {
        "id": t.pk,
        "partnership": t.partnership.slug,
        "title": t.title,
        "summary": t.summary,
        "level": t.level,
        "status": t.status,
        "student_name": t.student_name,
        "institution": _ref(t.institution),
        "academic_supervisor": _ref(t.academic_supervisor, "full_name"),
        "municipal_supervisor": _ref(t.municipal_supervisor, "full_name"),
        "unit": _ref(t.unit),
        "focus_area": _ref(t.focus_area),
        "discipline": t.discipline,
        "year": t.year,
        "data_used": t.data_used,
        "nva_url": t.nva_url or None,
        "visibility": t.visibility,
        "needs": [{"id": n.pk, "name": n.title} for n in needs or []],
        "url": absolute_url(request, t),
    }


def _visible_needs(user: Any, thesis: Any) -> list[Any]:
    from kunnskapsbro.needs.selectors import need_visible_to

    visible = set(need_visible_to(user).values_list("pk", flat=True))
    return [a.need for a in thesis.need_answers.all() if a.need_id in visible]


@router.get("/theses", response=ThesisList, summary="Studentoppgaver")
def list_theses(
    request: HttpRequest, filters: Query[ThesisFilters], page: Query[Page]
) -> dict[str, Any]:
    user = api_user(request)
    queryset = selectors.thesis_list(user=user, filters=_filters(filters)).prefetch_related(
        "need_answers__need"
    )
    result = paginate(queryset, page)
    result["items"] = [_thesis(request, t, needs=_visible_needs(user, t)) for t in result["items"]]
    return result


@router.get(
    "/theses/{int:thesis_id}", response={200: ThesisOut, **READ_PROBLEMS}, summary="Én oppgave"
)
def get_thesis(request: HttpRequest, thesis_id: int) -> dict[str, Any]:
    user = api_user(request)
    thesis = selectors.thesis_detail(user=user, pk=thesis_id)
    return _thesis(request, thesis, needs=_visible_needs(user, thesis))


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


def _village(request: HttpRequest, v: Any) -> dict[str, Any]:
    return {
        "id": v.pk,
        "partnership": v.partnership.slug,
        "title": v.title,
        "code": v.code,
        "semester": v.semester,
        "year": v.year,
        "unit": _ref(v.unit),
        "focus_area": _ref(v.focus_area),
        "student_count": v.student_count,
        "description": v.description,
        "url": absolute_url(request, v),
    }


@router.get("/eit-villages", response=VillageList, summary="EiT-landsbyer")
def list_villages(
    request: HttpRequest, filters: Query[Filters], page: Query[Page]
) -> dict[str, Any]:
    result = paginate(
        selectors.eit_village_list(filters=_filters(filters), user=api_user(request)), page
    )
    result["items"] = [_village(request, v) for v in result["items"]]
    return result


@router.get(
    "/eit-villages/{int:village_id}",
    response={200: VillageOut, **READ_PROBLEMS},
    summary="Én EiT-landsby",
)
def get_village(request: HttpRequest, village_id: int) -> dict[str, Any]:
    return _village(request, selectors.eit_village_detail(pk=village_id, user=api_user(request)))


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


def _course(request: HttpRequest, c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "partnership": c.partnership.slug,
        "title": c.title,
        "description": c.description,
        "institution": _ref(c.institution),
        "credits": c.credits,
        "semester": c.semester,
        "year": c.year,
        "focus_area": _ref(c.focus_area),
        "participants": [
            {"unit": _ref(p.unit), "participant_count": p.participant_count}
            for p in c.participations.all()
        ],
        "participant_total": c.participant_total or 0,
        "url": absolute_url(request, c),
    }


@router.get("/courses", response=CourseList, summary="EVU-kurs utviklet sammen")
def list_courses(
    request: HttpRequest, filters: Query[Filters], page: Query[Page]
) -> dict[str, Any]:
    result = paginate(
        selectors.course_list(filters=_filters(filters), user=api_user(request)), page
    )
    result["items"] = [_course(request, c) for c in result["items"]]
    return result


@router.get(
    "/courses/{int:course_id}", response={200: CourseOut, **READ_PROBLEMS}, summary="Ett kurs"
)
def get_course(request: HttpRequest, course_id: int) -> dict[str, Any]:
    return _course(request, selectors.course_detail(pk=course_id, user=api_user(request)))


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


def _teaching(request: HttpRequest, t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "partnership": t.partnership.slug,
        "person": _ref(t.person, "full_name"),
        "unit": _ref(t.unit),
        "institution": _ref(t.institution),
        "kind": t.kind,
        "course_name": t.course_name,
        "semester": t.semester,
        "year": t.year,
        "hours": t.hours,
        "url": absolute_url(request, t),
    }


@router.get("/teaching", response=TeachingList, summary="Undervisning og veiledning ved ansatte")
def list_teaching(
    request: HttpRequest, filters: Query[TeachingFilters], page: Query[Page]
) -> dict[str, Any]:
    result = paginate(
        selectors.teaching_list(filters=_filters(filters), user=api_user(request)), page
    )
    result["items"] = [_teaching(request, t) for t in result["items"]]
    return result


@router.get(
    "/teaching/{int:contribution_id}",
    response={200: TeachingOut, **READ_PROBLEMS},
    summary="Ett undervisningsbidrag",
)
def get_teaching(request: HttpRequest, contribution_id: int) -> dict[str, Any]:
    return _teaching(request, selectors.teaching_detail(pk=contribution_id, user=api_user(request)))


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


@router.get(
    "/education/counts",
    response={200: CountsOut, **READ_PROBLEMS},
    summary="Utdanningssamarbeid i tall per år, enhet og fokusområde",
)
def education_counts(request: HttpRequest, query: Query[CountsQuery]) -> dict[str, Any]:
    from django.utils import timezone

    from kunnskapsbro.accounts.permissions import visible_partnerships

    visible = visible_partnerships(api_user(request), Partnership.objects.all())
    partnership = visible.filter(slug=query.partnership).first()
    if partnership is None:
        raise Problem(404, f"Ukjent partnerskap «{query.partnership}».")
    counts = selectors.education_counts(
        partnership=partnership, year=query.year, focus_area=query.focus_area
    )

    def plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {k: (float(v) if isinstance(v, Decimal) else v) for k, v in row.items()} for row in rows
        ]

    return {
        "partnership": partnership.slug,
        "year": query.year,
        "totals": {k: float(v) for k, v in counts["totals"].items()},
        "by_year": plain(counts["by_year"]),
        "by_unit": plain(counts["by_unit"]),
        "by_focus_area": plain(counts["by_focus_area"]),
        "generated_at": timezone.now(),
    }
