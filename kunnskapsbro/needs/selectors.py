"""Reads for knowledge needs and the oppgavebank. Querysets own their query shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from . import lifecycle
from .models import (
    Assignment,
    AssignmentStatus,
    Interest,
    KnowledgeNeed,
    NeedAnswer,
    NeedStatus,
    NeedStatusChange,
)


def can_see_internal(user: Any) -> bool:
    """Whether matching may show internal records to this user (``accounts.permissions``):
    only when they read every partnership's internal records, since matching is global."""
    from kunnskapsbro.accounts.permissions import match_public_only

    return not match_public_only(user)


def need_visible_to(user: Any) -> QuerySet[KnowledgeNeed]:
    """The public sees public needs once published; readers of a partnership (roles) see all of
    its needs; a user sees the needs they registered (``accounts.permissions.visible_needs``)."""
    from kunnskapsbro.accounts.permissions import visible_needs

    return visible_needs(user, KnowledgeNeed.objects.all(), listed_states=lifecycle.LISTED_STATES)


@dataclass
class NeedFilters:
    status: str = ""
    focus_area: int | None = None
    partnership: int | None = None
    q: str = ""


def need_list(*, user: Any, filters: NeedFilters | None = None) -> QuerySet[KnowledgeNeed]:
    """Needs this user may see, filtered; with unit, focus area and counts (no per-row query)."""
    filters = filters or NeedFilters()
    queryset = need_visible_to(user).select_related("unit", "focus_area", "partnership")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.focus_area:
        queryset = queryset.filter(focus_area_id=filters.focus_area)
    if filters.partnership:
        queryset = queryset.filter(partnership_id=filters.partnership)
    if filters.q:
        queryset = queryset.filter(Q(title__icontains=filters.q) | Q(problem__icontains=filters.q))
    return queryset.annotate(
        answer_count=Count("answers", distinct=True),
        assignment_count=Count("assignments", distinct=True),
    ).order_by("priority_rank", "-updated_at", "-id")


def need_detail(*, user: Any, pk: int) -> KnowledgeNeed:
    """One need with its changes, answers and assignments, or 404 if this user may not see it."""
    need = (
        need_visible_to(user)
        .select_related("unit", "focus_area", "partnership", "contact_person", "created_by")
        .prefetch_related(
            Prefetch(
                "changes",
                queryset=NeedStatusChange.objects.select_related("actor").order_by("-at", "-id"),
            ),
            Prefetch(
                "answers",
                queryset=NeedAnswer.objects.select_related("project", "thesis", "course"),
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("thesis", "contact_person"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if need is None:
        raise Http404("Kunnskapsbehovet finnes ikke.")
    return need


@dataclass
class AssignmentFilters:
    level: str = ""
    discipline: str = ""
    semester: str = ""
    focus_area: int | None = None
    open_only: bool = True


def assignment_list(*, user: Any, filters: AssignmentFilters | None = None) -> QuerySet[Assignment]:
    """The oppgavebank: assignments of listed needs, filtered (public ones for visitors)."""
    filters = filters or AssignmentFilters()
    from kunnskapsbro.accounts.permissions import need_visibility_q

    queryset = Assignment.objects.filter(need__status__in=lifecycle.LISTED_STATES)
    condition = need_visibility_q(user, listed_states=lifecycle.LISTED_STATES, prefix="need__")
    if condition is not None:
        queryset = queryset.filter(condition)
    if filters.open_only:
        queryset = queryset.filter(status=AssignmentStatus.OPEN)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.discipline:
        queryset = queryset.filter(discipline__iexact=filters.discipline)
    if filters.semester:
        queryset = queryset.filter(semester=filters.semester)
    if filters.focus_area:
        queryset = queryset.filter(need__focus_area_id=filters.focus_area)
    return (
        queryset.select_related("need", "need__focus_area", "need__unit", "contact_person")
        .annotate(interest_count=Count("interests"))
        .order_by("semester", "title", "id")
    )


def assignment_detail(*, user: Any, pk: int) -> Assignment:
    queryset = Assignment.objects.filter(need__in=need_visible_to(user))
    assignment = (
        queryset.select_related(
            "need", "need__focus_area", "need__unit", "contact_person", "thesis"
        )
        .prefetch_related(Prefetch("interests", queryset=Interest.objects.select_related("user")))
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("Oppgaven finnes ikke.")
    return assignment


def assignment_facets() -> dict[str, list[str]]:
    """The disciplines and semesters in use, for the oppgavebank's filters."""
    listed = Assignment.objects.filter(need__status__in=lifecycle.LISTED_STATES)
    return {
        "disciplines": sorted(set(listed.values_list("discipline", flat=True))),
        "semesters": sorted(set(listed.values_list("semester", flat=True))),
    }


def interest_of(*, user: Any, assignment: Assignment) -> Interest | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Interest.objects.filter(user=user, assignment=assignment).first()


def needs_answerable(*, partnership: Any = None, linked: Any = ()) -> QuerySet[KnowledgeNeed]:
    """Needs a project, thesis or course can be linked to as an answer: all but closed ones,
    plus ``linked`` (the needs it already answers, which stay choosable even when closed)."""
    queryset = KnowledgeNeed.objects.filter(
        ~Q(status=NeedStatus.CLOSED) | Q(pk__in=[need.pk for need in linked])
    ).select_related("partnership")
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    return queryset.order_by("title")


def unlink_blockers(*, kind: str, target: Any, keep: Any) -> list[KnowledgeNeed]:
    """Needs answered by ``target`` (a project, thesis or course) that may not be unlinked now:
    marked answered with ``target`` as their only answer. ``keep`` are the needs staying
    linked."""
    if target is None or getattr(target, "pk", None) is None:
        return []
    keep_ids = {need.pk for need in keep}
    blockers = []
    answers = NeedAnswer.objects.filter(**{kind: target}).select_related("need")
    for answer in answers:
        need = answer.need
        if need.pk in keep_ids or need.status != NeedStatus.ANSWERED:
            continue
        if not NeedAnswer.objects.filter(need=need).exclude(pk=answer.pk).exists():
            blockers.append(need)
    return blockers


def needs_answered_by(*, kind: str, target: Any) -> list[KnowledgeNeed]:
    """The needs a project, thesis or course is registered as answering."""
    return [
        answer.need
        for answer in NeedAnswer.objects.filter(**{kind: target})
        .select_related("need")
        .order_by("need__title")
    ]
