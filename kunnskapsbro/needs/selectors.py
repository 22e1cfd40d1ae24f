"""Reads for knowledge needs and the oppgavebank. Querysets own their query shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
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


def needs_answerable(
    *, user: Any, partnership: Any = None, linked: Iterable[KnowledgeNeed] = ()
) -> QuerySet[KnowledgeNeed]:
    """Needs ``user`` may link a project, thesis or course to as an answer: those they may see
    (``need_visible_to``, the needs list's rule), of ``partnership`` (one, its id or a queryset
    of them) when given, all but closed ones, plus ``linked`` (the needs it already answers,
    which stay choosable even when closed). One query."""
    queryset = need_visible_to(user).filter(
        ~Q(status=NeedStatus.CLOSED) | Q(pk__in=[need.pk for need in linked])
    )
    if partnership is not None:
        queryset = queryset.filter(_partnership_q(partnership))
    return queryset.select_related("partnership").order_by("title")


def _partnership_q(partnership: Any, prefix: str = "") -> Q:
    if isinstance(partnership, QuerySet):
        return Q(**{f"{prefix}partnership__in": partnership})
    return Q(**{f"{prefix}partnership": partnership})


@dataclass(frozen=True)
class AnswerChoices:
    """The "needs answered" field of a project, thesis or course (page form and API)."""

    needs: QuerySet[KnowledgeNeed]  # what may be chosen (``needs_answerable``)
    chosen: list[KnowledgeNeed]  # linked now and among the choices: the field's initial value
    kept: list[KnowledgeNeed]  # linked now but not offered to this user: they stay linked


def need_answer_choices(
    *, user: Any, kind: str, target: Any = None, partnership: Any = None
) -> AnswerChoices:
    """What ``user`` may choose as the needs ``target`` (a project, thesis or course, or None
    for a new one) answers, and which of its links they cannot see or choose (another
    partnership's need linked from the need's page, an internal need they do not read): those
    are never shown, and saving the field keeps them. One query for the links (flagged in
    SQL by the same visibility condition), one when the choices are read."""
    linked: list[KnowledgeNeed] = []
    offered: set[int] = set()
    if target is not None and getattr(target, "pk", None) is not None:
        from kunnskapsbro.accounts.permissions import need_visibility_q

        condition = need_visibility_q(user, listed_states=lifecycle.LISTED_STATES, prefix="need__")
        if partnership is not None:
            scope = _partnership_q(partnership, prefix="need__")
            condition = scope if condition is None else condition & scope
        flag = (
            Value(True, output_field=BooleanField())
            if condition is None
            else ExpressionWrapper(condition, output_field=BooleanField())
        )
        answers = (
            NeedAnswer.objects.filter(**{kind: target})
            .select_related("need")
            .annotate(offered=flag)
            .order_by("need__title", "need_id")
        )
        for answer in answers:
            linked.append(answer.need)
            if answer.offered:
                offered.add(answer.need_id)
    return AnswerChoices(
        needs=needs_answerable(user=user, partnership=partnership, linked=linked),
        chosen=[need for need in linked if need.pk in offered],
        kept=[need for need in linked if need.pk not in offered],
    )


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
