"""The education API: placements, theses, EiT villages, EVU courses and teaching by municipal
staff (lists with filters in the one ``{"items", "count"}`` shape, and single records), the
counts per year, unit and focus area, and the placement CSV import (dry run unless
``commit``). Endpoints call the same selectors and services as the pages.

The five kinds of record are served alike, so each is one row of ``KINDS`` and its endpoints
are made from that row (``_add_read_endpoints``): a new kind, or a change to how lists
answer, is made once."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema

from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, absolute_url, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem
from kunnskapsbro.partnerships.models import Partnership

from . import selectors
from .schemas import (
    CountsOut,
    CountsQuery,
    CourseList,
    CourseOut,
    Filters,
    ImportIn,
    ImportOut,
    PlacementList,
    PlacementOut,
    TeachingFilters,
    TeachingList,
    TeachingOut,
    ThesisFilters,
    ThesisList,
    ThesisOut,
    VillageList,
    VillageOut,
)
from .services import placements_import

router = Router(tags=["education"])


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


def _ref(obj: Any, attr: str = "name") -> dict[str, Any] | None:
    return {"id": obj.pk, "name": getattr(obj, attr)} if obj is not None else None


# --- how each kind of record is written out -------------------------------------------------


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


def _needs(record: Any) -> list[dict[str, Any]]:
    """The needs a thesis or course answers, as read by ``selectors.with_visible_answers``
    (only those the caller may see)."""
    return [{"id": a.need.pk, "name": a.need.title} for a in record.need_answers.all()]


def _thesis(request: HttpRequest, t: Any) -> dict[str, Any]:
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
        "needs": _needs(t),
        "url": absolute_url(request, t),
    }


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


# --- the five kinds, and the endpoints made from them ---------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of education record as the API serves it."""

    path: str  # "/placements"; the record is "/placements/{int:<id_name>}"
    plural: str  # the list endpoint is ``list_<plural>`` (its URL name and operation id)
    singular: str  # the record endpoint is ``get_<singular>``
    id_name: str
    filters: type[Schema]
    list_schema: type[Schema]
    out_schema: type[Schema]
    list_summary: str
    detail_summary: str
    select: Callable[..., QuerySet[Any]]  # the selector's list(filters=, user=)
    detail: Callable[..., Any]  # the selector's detail(pk=, user=), 404 when not seen
    out: Callable[[HttpRequest, Any], dict[str, Any]]
    answers_needs: bool = False  # written out with the needs it answers


KINDS = (
    Kind(
        "/placements", "placements", "placement", "placement_id",
        Filters, PlacementList, PlacementOut, "Praksisplasser", "Én praksisplass",
        selectors.placement_list, selectors.placement_detail, _placement,
    ),
    Kind(
        "/theses", "theses", "thesis", "thesis_id",
        ThesisFilters, ThesisList, ThesisOut, "Studentoppgaver", "Én oppgave",
        selectors.thesis_list, selectors.thesis_detail, _thesis, answers_needs=True,
    ),
    Kind(
        "/eit-villages", "villages", "village", "village_id",
        Filters, VillageList, VillageOut, "EiT-landsbyer", "Én EiT-landsby",
        selectors.eit_village_list, selectors.eit_village_detail, _village,
    ),
    Kind(
        "/courses", "courses", "course", "course_id",
        Filters, CourseList, CourseOut, "EVU-kurs utviklet sammen", "Ett kurs",
        selectors.course_list, selectors.course_detail, _course,
    ),
    Kind(
        "/teaching", "teaching", "teaching", "contribution_id",
        TeachingFilters, TeachingList, TeachingOut, "Undervisning og veiledning ved ansatte",
        "Ett undervisningsbidrag",
        selectors.teaching_list, selectors.teaching_detail, _teaching,
    ),
)  # fmt: skip


def _endpoint(name: str, body: Callable[..., Any], **params: Any) -> Callable[..., Any]:
    """``body`` as a view named ``name`` taking ``request`` and ``params`` (name → type):
    django-ninja reads the URL name and OpenAPI operation id from the function's name and the
    parameters from its signature, so a generated endpoint looks like a hand-written one."""

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        return body(request, **kwargs)

    view.__name__ = view.__qualname__ = name
    parameter = inspect.Parameter
    view.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [parameter("request", parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)]
        + [parameter(n, parameter.KEYWORD_ONLY, annotation=t) for n, t in params.items()]
    )
    return view


def _add_read_endpoints(kind: Kind) -> None:
    def list_records(request: HttpRequest, filters: Filters, page: Page) -> dict[str, Any]:
        user = api_user(request)
        queryset = kind.select(filters=_filters(filters), user=user)
        if kind.answers_needs:
            queryset = selectors.with_visible_answers(queryset, user=user)
        result = paginate(queryset, page)
        result["items"] = [kind.out(request, record) for record in result["items"]]
        return result

    def get_record(request: HttpRequest, **path: int) -> dict[str, Any]:
        return kind.out(request, kind.detail(pk=path[kind.id_name], user=api_user(request)))

    router.get(kind.path, response=kind.list_schema, summary=kind.list_summary)(
        _endpoint(
            f"list_{kind.plural}", list_records, filters=Query[kind.filters], page=Query[Page]
        )
    )
    router.get(
        f"{kind.path}/{{int:{kind.id_name}}}",
        response={200: kind.out_schema, **READ_PROBLEMS},
        summary=kind.detail_summary,
    )(_endpoint(f"get_{kind.singular}", get_record, **{kind.id_name: int}))


for _kind in KINDS:
    _add_read_endpoints(_kind)


# --- the placement import and the counts ---------------------------------------------------


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
