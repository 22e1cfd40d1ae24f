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

from django.db import transaction
from django.db.models import CharField, Model, QuerySet, TextField
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, absolute_url, paginate, plain_data
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import FocusArea, Partnership

from . import selectors, services
from .models import Course, EitVillage, Placement, TeachingContribution, Thesis
from .schemas import (
    CountsOut,
    CountsQuery,
    CourseIn,
    CourseList,
    CourseOut,
    CoursePatch,
    Filters,
    ImportIn,
    ImportOut,
    PlacementIn,
    PlacementList,
    PlacementOut,
    PlacementPatch,
    TeachingFilters,
    TeachingIn,
    TeachingList,
    TeachingOut,
    TeachingPatch,
    ThesisFilters,
    ThesisIn,
    ThesisList,
    ThesisOut,
    ThesisPatch,
    VillageIn,
    VillageList,
    VillageOut,
    VillagePatch,
)
from .services import normalize_semester, placements_import

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
        "needs": _needs(c),
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
    """One kind of education record as the API serves it: a list, a record, a create and an
    edit, all calling the selectors and services the pages call."""

    path: str  # "/placements"; the record is "/placements/{int:<id_name>}"
    plural: str  # the list endpoint is ``list_<plural>`` (its URL name and operation id) …
    singular: str  # … and ``get_<singular>``, ``create_<singular>``, ``update_<singular>``
    id_name: str  # "<name>_id": ``<name>`` is the update service's argument for the record
    model: type[Model]
    noun: str  # "en praksisplass", for the summaries of create and edit
    list_summary: str
    detail_summary: str
    filters: type[Schema]
    list_schema: type[Schema]
    out_schema: type[Schema]
    in_schema: type[Schema]
    patch_schema: type[Schema]
    select: Callable[..., QuerySet[Any]]  # the selector's list(filters=, user=)
    detail: Callable[..., Any]  # the selector's detail(pk=, user=), 404 when not seen
    out: Callable[[HttpRequest, Any], dict[str, Any]]
    create: Callable[..., Any]  # the service's create(partnership=, actor=, **fields)
    update: Callable[..., Any]  # the service's update(<name>=, actor=, data=)
    answers_needs: bool = False  # links to the needs it answers (needs.services.answers_set)


KINDS = (
    Kind(
        path="/placements", plural="placements", singular="placement", id_name="placement_id",
        model=Placement, noun="en praksisplass",
        list_summary="Praksisplasser", detail_summary="Én praksisplass",
        filters=Filters, list_schema=PlacementList, out_schema=PlacementOut,
        in_schema=PlacementIn, patch_schema=PlacementPatch,
        select=selectors.placement_list, detail=selectors.placement_detail, out=_placement,
        create=services.placement_create, update=services.placement_update,
    ),
    Kind(
        path="/theses", plural="theses", singular="thesis", id_name="thesis_id",
        model=Thesis, noun="en studentoppgave",
        list_summary="Studentoppgaver", detail_summary="Én oppgave",
        filters=ThesisFilters, list_schema=ThesisList, out_schema=ThesisOut,
        in_schema=ThesisIn, patch_schema=ThesisPatch,
        select=selectors.thesis_list, detail=selectors.thesis_detail, out=_thesis,
        create=services.thesis_create, update=services.thesis_update, answers_needs=True,
    ),
    Kind(
        path="/eit-villages", plural="villages", singular="village", id_name="village_id",
        model=EitVillage, noun="en EiT-landsby",
        list_summary="EiT-landsbyer", detail_summary="Én EiT-landsby",
        filters=Filters, list_schema=VillageList, out_schema=VillageOut,
        in_schema=VillageIn, patch_schema=VillagePatch,
        select=selectors.eit_village_list, detail=selectors.eit_village_detail, out=_village,
        create=services.eit_village_create, update=services.eit_village_update,
    ),
    Kind(
        path="/courses", plural="courses", singular="course", id_name="course_id",
        model=Course, noun="et EVU-kurs",
        list_summary="EVU-kurs utviklet sammen", detail_summary="Ett kurs",
        filters=Filters, list_schema=CourseList, out_schema=CourseOut,
        in_schema=CourseIn, patch_schema=CoursePatch,
        select=selectors.course_list, detail=selectors.course_detail, out=_course,
        create=services.course_create, update=services.course_update, answers_needs=True,
    ),
    Kind(
        path="/teaching", plural="teaching", singular="teaching", id_name="contribution_id",
        model=TeachingContribution, noun="et undervisningsbidrag",
        list_summary="Undervisning og veiledning ved ansatte",
        detail_summary="Ett undervisningsbidrag",
        filters=TeachingFilters, list_schema=TeachingList, out_schema=TeachingOut,
        in_schema=TeachingIn, patch_schema=TeachingPatch,
        select=selectors.teaching_list, detail=selectors.teaching_detail, out=_teaching,
        create=services.teaching_contribution_create,
        update=services.teaching_contribution_update,
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


# --- writes -------------------------------------------------------------------------------


def _field_problem(field: str, message: str, status: int = 422) -> Problem:
    return Problem(status, f"{field}: {message}", errors=[{"field": field, "message": message}])


# The reference fields of the payloads and the rows they name (any row: the services check
# that a unit is municipal, an institution educates and a focus area is the partnership's).
_REFERENCES: dict[str, Callable[[], QuerySet[Any]]] = {
    "unit": lambda: OrgUnit.objects.select_related("organization"),
    "institution": lambda: Organization.objects.all(),
    "focus_area": lambda: FocusArea.objects.all(),
    "person": lambda: Person.objects.all(),
    "academic_supervisor": lambda: Person.objects.all(),
    "municipal_supervisor": lambda: Person.objects.all(),
}


def _service_data(kind: Kind, payload: Schema) -> dict[str, Any]:
    """The fields sent, as the services take them: references as rows (unknown: 422 on the
    field), the semester written the one way (``H2026``; what cannot be read is left for the
    service to refuse on its field), and null as empty text where the field may be empty."""
    data = plain_data(payload.dict(exclude_unset=True))
    data.pop("partnership", None)
    for name in ("needs", "participants"):
        if data.get(name, "") is None:
            data.pop(name)  # a list left out or null stays as it is
    for name, value in list(data.items()):
        if name in _REFERENCES and value is not None:
            data[name] = _REFERENCES[name]().filter(pk=value).first()
            if data[name] is None:
                raise _field_problem(name, _("Finnes ikke: %(ids)s.") % {"ids": value})
        elif name == "semester" and value is not None:
            try:
                data[name] = normalize_semester(value)
            except ValueError:
                pass
        elif value is None:  # (needs and participants are never None here)
            field = kind.model._meta.get_field(name)
            if field.null:
                continue
            if not (field.blank and isinstance(field, CharField | TextField)):
                raise _field_problem(name, _("Feltet kan ikke være tomt."))
            data[name] = ""
    if "participants" in data:
        data["participants"] = _participants(data["participants"])
    return data


def _participants(rows: list[dict[str, Any]]) -> dict[OrgUnit, int]:
    units = _REFERENCES["unit"]().in_bulk([row["unit"] for row in rows])
    participants: dict[OrgUnit, int] = {}
    for index, row in enumerate(rows):
        unit = units.get(row["unit"])
        if unit is None:
            raise _field_problem(
                f"participants.{index}.unit", _("Finnes ikke: %(ids)s.") % {"ids": row["unit"]}
            )
        if unit in participants:
            raise _field_problem(
                f"participants.{index}.unit", _("Enheten er allerede med i listen.")
            )
        participants[unit] = row["participant_count"]
    return participants


def _link_needs(kind: Kind, record: Any, need_ids: list[int], actor: Any) -> None:
    """Make the needs ``record`` answers exactly ``need_ids``, through the service the pages
    call (``needs.services.answers_set`` holds the rules). The choices are the page form's
    (``needs.selectors.need_answer_choices``): needs of the record's partnership the caller
    may see, not closed unless already linked; any other id is answered as unknown. Links the
    caller may not see are kept, so a list they send leaves nothing out unseen."""
    from kunnskapsbro.needs.selectors import need_answer_choices
    from kunnskapsbro.needs.services import answers_set

    choices = need_answer_choices(
        user=actor, kind=kind.singular, target=record, partnership=record.partnership_id
    )
    found = choices.needs.in_bulk(need_ids)
    missing = [str(pk) for pk in need_ids if pk not in found]
    if missing:
        raise _field_problem("needs", _("Finnes ikke: %(ids)s.") % {"ids": ", ".join(missing)})
    needs = [*found.values(), *choices.kept]
    answers_set(kind=kind.singular, target=record, needs=needs, actor=actor)


def _add_write_endpoints(kind: Kind) -> None:
    def create_record(request: HttpRequest, payload: Schema) -> tuple[int, dict[str, Any]]:
        slug = payload.partnership  # type: ignore[attr-defined]
        partnership = permissions.visible_partnerships(request.auth, Partnership.objects.all())
        partnership = partnership.filter(slug=slug).first()
        if partnership is None:  # unknown, or hidden from the caller: the same answer
            raise _field_problem(
                "partnership", _("Ukjent partnerskap «%(slug)s».") % {"slug": slug}
            )
        if not permissions.can_edit_education(request.auth, partnership.pk):
            raise _field_problem(
                "partnership",
                _("Du har ingen rolle som kan registrere utdanningssamarbeid i «%(slug)s».")
                % {"slug": slug},
                status=403,
            )
        data = _service_data(kind, payload)
        needs = data.pop("needs", None)
        with transaction.atomic():
            record = kind.create(partnership=partnership, actor=request.auth, **data)
            if needs is not None:
                _link_needs(kind, record, needs, request.auth)
        return 201, kind.out(request, kind.detail(pk=record.pk, user=request.auth))

    def update_record(request: HttpRequest, payload: Schema, **path: int) -> dict[str, Any]:
        record = kind.detail(pk=path[kind.id_name], user=request.auth)  # 404 when not seen
        permissions.require(permissions.can_edit_education(request.auth, record.partnership_id))
        data = _service_data(kind, payload)
        needs = data.pop("needs", None)
        extra = {"participants": data.pop("participants")} if "participants" in data else {}
        with transaction.atomic():
            name = kind.id_name.removesuffix("_id")
            kind.update(**{name: record}, actor=request.auth, data=data, **extra)
            if needs is not None:
                _link_needs(kind, record, needs, request.auth)
        return kind.out(request, kind.detail(pk=record.pk, user=request.auth))

    router.post(
        kind.path,
        auth=write_auth,
        response={201: kind.out_schema, **WRITE_PROBLEMS},
        summary=f"Registrer {kind.noun}",
    )(_endpoint(f"create_{kind.singular}", create_record, payload=kind.in_schema))
    router.patch(
        f"{kind.path}/{{int:{kind.id_name}}}",
        auth=write_auth,
        response={200: kind.out_schema, **WRITE_PROBLEMS},
        summary=f"Endre {kind.noun} (bare feltene som sendes)",
    )(
        _endpoint(
            f"update_{kind.singular}",
            update_record,
            **{kind.id_name: int},
            payload=kind.patch_schema,
        )
    )


for _kind in KINDS:
    _add_read_endpoints(_kind)
    _add_write_endpoints(_kind)


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
        message = _("Ukjent partnerskap «%(slug)s».") % {"slug": payload.partnership}
        raise Problem(422, message, errors=[{"field": "partnership", "message": message}])
    if not selectors.can_edit_education(request.auth, partnership.pk):
        raise Problem(403, _("Du kan ikke registrere praksisplasser i dette partnerskapet."))
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
            _("linje %(line)s: %(errors)s") % {"line": row.line, "errors": "; ".join(row.errors)}
            for row in result.rows
            if row.errors
        ]
        raise Problem(
            422,
            _("Ingenting er importert: %(errors)s") % {"errors": " ".join(details)},
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
        raise Problem(404, _("Ukjent partnerskap «%(slug)s».") % {"slug": query.partnership})
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
