"""The needs API: matching, knowledge needs (list, detail, register, lifecycle) and the
oppgavebank (list, express interest). Endpoints call the same services and selectors as the
pages; validation errors surface as problem+json.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, absolute_url, paginate
from kunnskapsbro.core.api_errors import (
    READ_PROBLEMS,
    WRITE_PROBLEMS,
    field_problem,
    validation_problem,
)
from kunnskapsbro.organizations.models import OrgUnit
from kunnskapsbro.partnerships.api import partnership_named
from kunnskapsbro.partnerships.models import FocusArea, Partnership
from kunnskapsbro.search import matching

from . import lifecycle
from .models import Assignment, KnowledgeNeed
from .schemas import (
    AnswerIn,
    AnswerOut,
    AssignmentFilterQuery,
    AssignmentList,
    AssignmentOut,
    InterestIn,
    InterestOut,
    MatchList,
    MatchQuery,
    NeedDetail,
    NeedFilterQuery,
    NeedIn,
    NeedList,
    NeedMatchQuery,
    NeedTransitionIn,
    StatusChangeOut,
)
from .selectors import (
    AssignmentFilters,
    NeedFilters,
    assignment_detail,
    assignment_list,
    can_see_internal,
    need_detail,
    need_list,
)
from .services import interest_express, need_answer_add, need_create, need_transition

router = Router(tags=["needs"])


# --- matching ---------------------------------------------------------------------------


def _match_items(request: HttpRequest, matches: list[matching.Match]) -> list[dict[str, Any]]:
    return [
        {
            "kind": m.kind,
            "id": m.id,
            "title": m.title,
            "score": m.score,
            "reason": m.reason,
            "matched_terms": m.matched_terms,
            "identifiers": m.identifiers,
            "url": request.build_absolute_uri(m.url) if m.url else None,
        }
        for m in matches
    ]


@router.get("/match", response={200: MatchList, **READ_PROBLEMS}, summary="Match en tekst")
def match(request: HttpRequest, query: Query[MatchQuery]) -> dict[str, Any]:
    """Projects, people or open assignments ranked for a need written in free text (BM25 over
    Norwegian stems and compounds, with English equivalents), each with the reason it matched."""
    user = api_user(request)
    items = _match_items(
        request,
        matching.match(
            query.q, kind=query.kind, limit=query.limit, public_only=not can_see_internal(user)
        ),
    )
    return {"items": items, "count": len(items)}


@router.get(
    "/needs/{int:need_id}/matches",
    response={200: MatchList, **READ_PROBLEMS},
    summary="Prosjekter, personer og oppgaver som svarer til behovet",
)
def need_matches(
    request: HttpRequest, need_id: int, query: Query[NeedMatchQuery]
) -> dict[str, Any]:
    user = api_user(request)
    need = need_detail(user=user, pk=need_id)
    kinds = [query.kind] if query.kind else list(matching.KINDS)
    found = matching.match_kinds(
        need.match_text(),
        kinds=kinds,
        limit=query.limit,
        public_only=not can_see_internal(user),
        exclude_ids={"assignment": [a.pk for a in need.assignments.all()]},
    )
    items: list[dict[str, Any]] = []
    for kind in kinds:
        items += _match_items(request, found[kind])
    return {"items": items, "count": len(items)}


# --- needs ------------------------------------------------------------------------------


def _need_item(request: HttpRequest, need: KnowledgeNeed) -> dict[str, Any]:
    return {
        "id": need.pk,
        "title": need.title,
        "status": need.status,
        "urgency": need.urgency,
        "priority_rank": need.priority_rank,
        "focus_area": need.focus_area.name if need.focus_area else None,
        "unit": need.unit.name if need.unit else None,
        "visibility": need.visibility,
        "answer_count": getattr(need, "answer_count", None) or len(need.answers.all()),
        "assignment_count": getattr(need, "assignment_count", None) or len(need.assignments.all()),
        "url": absolute_url(request, need),
    }


def _assignment(request: HttpRequest, assignment: Assignment) -> dict[str, Any]:
    need = assignment.need
    return {
        "id": assignment.pk,
        "need_id": assignment.need_id,
        "title": assignment.title,
        "description": assignment.description,
        "level": assignment.level,
        "discipline": assignment.discipline,
        "semester": assignment.semester,
        "data_available": assignment.data_available,
        "contact_person": assignment.contact_person.full_name
        if assignment.contact_person
        else None,
        "notification_required": assignment.notification_required,
        "notification_status": assignment.notification_status,
        "status": assignment.status,
        "focus_area": need.focus_area.name if need.focus_area else None,
        "thesis_title": assignment.thesis.title if assignment.thesis else None,
        "thesis_nva_url": (assignment.thesis.nva_url or None) if assignment.thesis else None,
        "url": absolute_url(request, assignment),
    }


@router.get("/needs", response=NeedList, summary="Kunnskapsbehov")
def list_needs(
    request: HttpRequest, filters: Query[NeedFilterQuery], page: Query[Page]
) -> dict[str, Any]:
    partnership_id = None
    if filters.partnership:
        partnership_id = (
            Partnership.objects.filter(slug=filters.partnership)
            .values_list("pk", flat=True)
            .first()
            or -1
        )
    queryset = need_list(
        user=api_user(request),
        filters=NeedFilters(
            status=str(filters.status or ""),
            focus_area=filters.focus_area,
            partnership=partnership_id,
        ),
    )
    result = paginate(queryset, page)
    result["items"] = [_need_item(request, need) for need in result["items"]]
    return result


@router.get(
    "/needs/{int:need_id}", response={200: NeedDetail, **READ_PROBLEMS}, summary="Ett behov"
)
def get_need(request: HttpRequest, need_id: int) -> dict[str, Any]:
    user = api_user(request)
    return _need_detail(
        request, need_detail(user=user, pk=need_id), show_actor=can_see_internal(user)
    )


def _need_detail(request: HttpRequest, need: KnowledgeNeed, *, show_actor: bool) -> dict[str, Any]:
    answers = []
    for answer in need.answers.all():
        target = answer.target
        answers.append(
            {
                "kind": answer.kind,
                "id": getattr(target, "pk", None),
                "title": str(target) if target is not None else answer.review_title,
                "url": (
                    getattr(target, "nva_url", "")
                    or (
                        absolute_url(request, target)
                        if hasattr(target, "get_absolute_url")
                        else None
                    )
                )
                if target is not None
                else (answer.review_url or None),
            }
        )
    changes = [
        StatusChangeOut(
            from_status=c.from_status,
            to_status=c.to_status,
            at=c.at,
            comment=c.comment,
            actor=(c.actor.get_full_name() or c.actor.get_username())
            if show_actor and c.actor
            else None,
        )
        for c in need.changes.all()
    ]
    return {
        **_need_item(request, need),
        "problem": need.problem,
        "affected": need.affected,
        "known": need.known,
        "wanted": need.wanted,
        "pico_population": need.pico_population,
        "pico_intervention": need.pico_intervention,
        "pico_comparison": need.pico_comparison,
        "pico_outcome": need.pico_outcome,
        "priority_comment": need.priority_comment,
        "partnership": need.partnership.slug,
        "answers": answers,
        "assignments": [_assignment(request, a) for a in need.assignments.all()],
        "changes": changes,
        "allowed_transitions": lifecycle.allowed_targets(need.status),
    }


_field_problem = field_problem


@router.post(
    "/needs",
    auth=write_auth,
    response={201: NeedDetail, **WRITE_PROBLEMS},
    summary="Meld inn et kunnskapsbehov",
)
def create_need(request: HttpRequest, payload: NeedIn) -> tuple[int, dict[str, Any]]:
    data = payload.dict()
    slug = data.pop("partnership")
    partnership = partnership_named(request.auth, slug)
    permissions.require(permissions.can_register_need(request.auth, partnership))
    if data["focus_area"] is not None:
        data["focus_area"] = FocusArea.objects.filter(pk=data["focus_area"]).first()
        if data["focus_area"] is None:
            raise _field_problem("focus_area", _("Ukjent fokusområde."))
    if data["unit"] is not None:
        data["unit"] = (
            OrgUnit.objects.select_related("organization").filter(pk=data["unit"]).first()
        )
        if data["unit"] is None:
            raise _field_problem("unit", _("Ukjent enhet."))
    data = {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}
    try:
        need = need_create(partnership=partnership, actor=request.auth, **data)
    except ValidationError as exc:
        raise validation_problem(exc) from exc
    return 201, _need_detail(request, need_detail(user=request.auth, pk=need.pk), show_actor=True)


@router.post(
    "/needs/{int:need_id}/transitions",
    auth=write_auth,
    response={201: StatusChangeOut, **WRITE_PROBLEMS},
    summary="Flytt behovet til neste status (prioriter, publiser, besvar, lukk)",
)
def transition_need(
    request: HttpRequest, need_id: int, payload: NeedTransitionIn
) -> tuple[int, dict[str, Any]]:
    need = need_detail(user=request.auth, pk=need_id)
    permissions.require(permissions.can_transition_need(request.auth, need, payload.to.value))
    try:
        change = need_transition(
            need=need,
            to_status=payload.to.value,
            actor=request.auth,
            comment=payload.comment,
            priority_rank=payload.priority_rank,
        )
    except ValidationError as exc:
        conflict = hasattr(exc, "error_dict") and "to_status" in exc.error_dict
        raise validation_problem(exc, status=409 if conflict else 422) from exc
    return 201, {
        "from_status": change.from_status,
        "to_status": change.to_status,
        "at": change.at,
        "comment": change.comment,
        "actor": request.auth.get_username(),
    }


# --- the oppgavebank --------------------------------------------------------------------


@router.get("/assignments", response=AssignmentList, summary="Oppgavebanken (ledige oppgaver)")
def list_assignments(
    request: HttpRequest, filters: Query[AssignmentFilterQuery], page: Query[Page]
) -> dict[str, Any]:
    queryset = assignment_list(
        user=api_user(request),
        filters=AssignmentFilters(
            level=str(filters.level.value if filters.level else ""),
            discipline=filters.discipline,
            semester=filters.semester,
            focus_area=filters.focus_area,
        ),
    ).select_related("thesis")
    result = paginate(queryset, page)
    result["items"] = [_assignment(request, a) for a in result["items"]]
    return result


@router.get(
    "/assignments/{int:assignment_id}",
    response={200: AssignmentOut, **READ_PROBLEMS},
    summary="Én oppgave i oppgavebanken",
)
def get_assignment(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    return _assignment(request, assignment_detail(user=api_user(request), pk=assignment_id))


@router.post(
    "/assignments/{int:assignment_id}/interests",
    auth=write_auth,
    response={201: InterestOut, **WRITE_PROBLEMS},
    summary="Meld interesse for en oppgave",
)
def express_interest(
    request: HttpRequest, assignment_id: int, payload: InterestIn
) -> tuple[int, dict[str, Any]]:
    assignment = assignment_detail(user=request.auth, pk=assignment_id)
    try:
        interest = interest_express(
            assignment=assignment,
            user=request.auth,
            role=payload.role.value,
            message=payload.message,
        )
    except ValidationError as exc:
        raise validation_problem(exc, status=409) from exc
    return 201, {
        "id": interest.pk,
        "assignment_id": assignment.pk,
        "role": interest.role,
        "status": interest.status,
    }


@router.post(
    "/needs/{int:need_id}/answers",
    auth=write_auth,
    response={201: AnswerOut, **WRITE_PROBLEMS},
    summary="Knytt et prosjekt, en oppgave, et kurs eller en kunnskapsoppsummering som svar",
)
def add_answer(request: HttpRequest, need_id: int, payload: AnswerIn) -> tuple[int, dict[str, Any]]:
    from kunnskapsbro.education.models import Course, Thesis
    from kunnskapsbro.projects.selectors import project_visible_to

    need = need_detail(user=request.auth, pk=need_id)
    permissions.require(permissions.can_edit_need(request.auth, need))
    targets: dict[str, Any] = {}
    for name, queryset in (
        ("project", project_visible_to(request.auth)),
        ("thesis", Thesis.objects.all()),
        ("course", Course.objects.all()),
    ):
        value = getattr(payload, name)
        if value is not None:
            targets[name] = queryset.filter(pk=value).first()
            if targets[name] is None:
                raise _field_problem(name, _("Finnes ikke."))
    try:
        answer = need_answer_add(
            need=need,
            kind=payload.kind,
            actor=request.auth,
            review_title=payload.review_title,
            review_url=payload.review_url,
            comment=payload.comment,
            **targets,
        )
    except ValidationError as exc:
        raise validation_problem(exc) from exc
    target = answer.target
    return 201, {
        "kind": answer.kind,
        "id": getattr(target, "pk", None),
        "title": str(target) if target is not None else answer.review_title,
        "url": (absolute_url(request, target) if hasattr(target, "get_absolute_url") else None)
        if target is not None
        else (answer.review_url or None),
    }
