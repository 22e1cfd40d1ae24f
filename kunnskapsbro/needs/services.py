"""Writes for knowledge needs and the oppgavebank. Pages, API, demo and commands come here.

Every service is keyword-only and atomic, validates with ``full_clean()`` and raises
``ValidationError`` keyed by field name. The acting user is stamped on history rows, and each
service that changes what matching sees tells the matching index (``search.matching``) after
the transaction commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.utils import apply_fields
from kunnskapsbro.education.models import Course, Thesis, ThesisStatus
from kunnskapsbro.organizations.models import OrgUnit
from kunnskapsbro.partnerships.models import FocusArea, Partnership
from kunnskapsbro.projects.models import Project

from . import lifecycle
from .models import (
    AnswerKind,
    Assignment,
    AssignmentStatus,
    Interest,
    InterestRole,
    InterestStatus,
    KnowledgeNeed,
    MatchIndexState,
    NeedAnswer,
    NeedStatus,
    NeedStatusChange,
    NotificationStatus,
)

NEED_FIELDS = {
    "title",
    "problem",
    "affected",
    "known",
    "wanted",
    "pico_population",
    "pico_intervention",
    "pico_comparison",
    "pico_outcome",
    "urgency",
    "visibility",
    "unit",
    "focus_area",
    "contact_person",
}
ASSIGNMENT_FIELDS = {
    "title",
    "description",
    "level",
    "discipline",
    "semester",
    "data_available",
    "contact_person",
    "notification_required",
    "notification_status",
}


def _stamp(instance: Any, actor: Any) -> None:
    """Let django-simple-history record who made the change outside a web request."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def match_index_touch() -> None:
    """Tell the matching index that matchable records changed (rebuilt after commit)."""
    updated = MatchIndexState.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        MatchIndexState.objects.get_or_create(pk=1, defaults={"version": 1})

    def enqueue() -> None:
        from kunnskapsbro.search.matching import schedule_rebuild

        schedule_rebuild()

    transaction.on_commit(enqueue)


def _check_scope(
    *,
    partnership: Partnership,
    unit: OrgUnit | None,
    focus_area: FocusArea | None,
) -> None:
    if focus_area is not None and focus_area.partnership_id != partnership.pk:
        raise ValidationError(
            {
                "focus_area": _("Fokusområdet «%(name)s» hører ikke til %(p)s.")
                % {"name": focus_area.name, "p": partnership}
            }
        )
    if unit is not None and unit.organization.kind not in ("municipality", "county"):
        raise ValidationError(
            {"unit": _("«%(name)s» er ikke en kommunal enhet.") % {"name": unit.name}}
        )


@transaction.atomic
def need_create(
    *,
    partnership: Partnership,
    title: str,
    problem: str,
    actor: Any = None,
    **fields: Any,
) -> KnowledgeNeed:
    """Register a knowledge need (status «ny»)."""
    if partnership is not None:
        permissions.authorize(actor, permissions.can_register_need, partnership)
    need = KnowledgeNeed(partnership=partnership, title=title.strip(), problem=problem.strip())
    apply_fields(need, fields, NEED_FIELDS)
    need.created_by = _user(actor)
    _check_scope(partnership=partnership, unit=need.unit, focus_area=need.focus_area)
    need.full_clean()
    _stamp(need, actor)
    need.save()
    NeedStatusChange.objects.create(
        need=need,
        from_status=NeedStatus.NEW,
        to_status=NeedStatus.NEW,
        actor=_user(actor),
        at=timezone.now(),
        comment=_("Registrert"),
    )
    return need


@transaction.atomic
def need_update(
    *, need: KnowledgeNeed, actor: Any = None, data: Mapping[str, Any]
) -> KnowledgeNeed:
    """Change the text and classification of a need (not its status)."""
    permissions.authorize(actor, permissions.can_edit_need, need)
    changed = apply_fields(need, dict(data), NEED_FIELDS)
    if not changed:
        return need
    _check_scope(partnership=need.partnership, unit=need.unit, focus_area=need.focus_area)
    need.full_clean()
    _stamp(need, actor)
    need.save()
    if need.status in lifecycle.LISTED_STATES:
        match_index_touch()
    return need


@transaction.atomic
def need_transition(
    *,
    need: KnowledgeNeed,
    to_status: str,
    actor: Any = None,
    comment: str = "",
    priority_rank: int | None = None,
) -> NeedStatusChange:
    """Move a need to its next status; prioritising records the committee's rank and comment."""
    given = need
    need = KnowledgeNeed.objects.select_for_update().get(pk=need.pk)
    permissions.authorize(actor, permissions.can_transition_need, need, to_status)
    if to_status not in NeedStatus.values:
        raise ValidationError({"to_status": _("Ukjent status «%(s)s».") % {"s": to_status}})
    if not lifecycle.is_allowed(need.status, to_status):
        allowed = ", ".join(
            str(NeedStatus(s).label) for s in lifecycle.allowed_targets(need.status)
        )
        raise ValidationError(
            {
                "to_status": _(
                    "Et behov med status «%(from)s» kan ikke bli «%(to)s». Mulige: %(ok)s."
                )
                % {
                    "from": NeedStatus(need.status).label,
                    "to": NeedStatus(to_status).label,
                    "ok": allowed or _("ingen"),
                }
            }
        )
    comment = (comment or "").strip()
    if to_status in lifecycle.COMMENT_REQUIRED and not comment:
        raise ValidationError({"comment": _("Skriv hvorfor behovet lukkes.")})
    if to_status == NeedStatus.PRIORITISED:
        if priority_rank is None:
            raise ValidationError(
                {
                    "priority_rank": _(
                        "Innovasjonsutvalget må gi behovet en rangering (1 er høyest)."
                    )
                }
            )
        if priority_rank < 1:
            raise ValidationError({"priority_rank": _("Rangeringen må være 1 eller høyere.")})
        need.priority_rank = priority_rank
        need.priority_comment = comment
    if to_status == NeedStatus.ANSWERED and not need.answers.exists():
        raise ValidationError(
            {
                "to_status": _(
                    "Knytt minst ett prosjekt, én oppgave, ett kurs eller én "
                    "kunnskapsoppsummering til behovet før det markeres som besvart."
                )
            }
        )
    from_status = need.status
    need.status = to_status
    need.full_clean()
    _stamp(need, actor)
    need.save()
    change = NeedStatusChange.objects.create(
        need=need,
        from_status=from_status,
        to_status=to_status,
        actor=_user(actor),
        at=timezone.now(),
        comment=comment,
    )
    # The caller's instance shows the new state too (it was read before the row was locked).
    for name in ("status", "priority_rank", "priority_comment", "updated_at"):
        setattr(given, name, getattr(need, name))
    match_index_touch()
    return change


@transaction.atomic
def assignment_create(*, need: KnowledgeNeed, actor: Any = None, **fields: Any) -> Assignment:
    """Offer a published need in the oppgavebank as an assignment for students."""
    permissions.authorize(actor, permissions.can_edit_need, need)
    if need.status not in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS):
        raise ValidationError(
            {
                "need": _("Bare publiserte behov kan legges i oppgavebanken (status nå: «%(s)s»).")
                % {"s": NeedStatus(need.status).label}
            }
        )
    assignment = Assignment(need=need)
    apply_fields(assignment, fields, ASSIGNMENT_FIELDS)
    _check_notification(assignment)
    assignment.full_clean()
    _stamp(assignment, actor)
    assignment.save()
    match_index_touch()
    return assignment


def _check_notification(assignment: Assignment) -> None:
    if assignment.notification_required and (
        assignment.notification_status == NotificationStatus.NOT_NEEDED
    ):
        assignment.notification_status = NotificationStatus.NOT_SENT
    if not assignment.notification_required and (
        assignment.notification_status != NotificationStatus.NOT_NEEDED
    ):
        raise ValidationError(
            {
                "notification_status": _(
                    "Status for melding til Sikt gjelder bare når oppgaven krever melding."
                )
            }
        )


@transaction.atomic
def assignment_update(
    *, assignment: Assignment, actor: Any = None, data: Mapping[str, Any]
) -> Assignment:
    """Change an assignment's description, data, contact or notification status."""
    permissions.authorize(actor, permissions.can_edit_need, assignment.need)
    changed = apply_fields(assignment, dict(data), ASSIGNMENT_FIELDS)
    if not changed:
        return assignment
    _check_notification(assignment)
    assignment.full_clean()
    _stamp(assignment, actor)
    assignment.save()
    match_index_touch()
    return assignment


@transaction.atomic
def interest_express(
    *, assignment: Assignment, user: Any, role: str = InterestRole.STUDENT, message: str = ""
) -> Interest:
    """A signed-in student or supervisor says they would like to take the assignment."""
    if not getattr(user, "is_authenticated", False):
        raise ValidationError({"user": _("Logg inn for å melde interesse.")})
    if assignment.status != AssignmentStatus.OPEN:
        raise ValidationError({"assignment": _("Oppgaven er ikke lenger ledig.")})
    if Interest.objects.filter(assignment=assignment, user=user).exists():
        raise ValidationError(
            {"assignment": _("Du har allerede meldt interesse for denne oppgaven.")}
        )
    interest = Interest(assignment=assignment, user=user, role=role, message=message.strip())
    interest.full_clean()
    _stamp(interest, user)
    interest.save()
    return interest


@transaction.atomic
def interest_choose(*, interest: Interest, actor: Any = None) -> Interest:
    """The unit picks one student: the assignment is taken and the need is in progress."""
    assignment = Assignment.objects.select_for_update().get(pk=interest.assignment_id)
    permissions.authorize(actor, permissions.can_edit_need, assignment.need)
    if assignment.status != AssignmentStatus.OPEN:
        raise ValidationError({"assignment": _("Oppgaven er allerede tildelt.")})
    for other in assignment.interests.exclude(pk=interest.pk).filter(status=InterestStatus.PENDING):
        other.status = InterestStatus.DECLINED
        _stamp(other, actor)
        other.save(update_fields=["status", "updated_at"])
    interest.status = InterestStatus.CHOSEN
    _stamp(interest, actor)
    interest.save(update_fields=["status", "updated_at"])
    assignment.status = AssignmentStatus.TAKEN
    _stamp(assignment, actor)
    assignment.save(update_fields=["status", "updated_at"])
    need = assignment.need
    if need.status == NeedStatus.PUBLISHED:
        need_transition(
            need=need,
            to_status=NeedStatus.IN_PROGRESS,
            actor=actor,
            comment=_("Oppgaven «%(t)s» er tildelt.") % {"t": assignment.title},
        )
    match_index_touch()
    return interest


@transaction.atomic
def need_answer_add(
    *,
    need: KnowledgeNeed,
    kind: str,
    actor: Any = None,
    project: Project | None = None,
    thesis: Thesis | None = None,
    course: Course | None = None,
    review_title: str = "",
    review_url: str = "",
    comment: str = "",
) -> NeedAnswer:
    """Record that a project, thesis, course or evidence review answers the need."""
    permissions.authorize(actor, permissions.can_edit_need, need)
    targets = {"project": project, "thesis": thesis, "course": course}
    if kind not in AnswerKind.values:
        raise ValidationError({"kind": _("Ukjent svartype «%(k)s».") % {"k": kind}})
    if kind == AnswerKind.REVIEW:
        if not review_title.strip():
            raise ValidationError({"review_title": _("Skriv tittelen på kunnskapsoppsummeringen.")})
    elif targets[kind] is None:
        raise ValidationError({kind: _("Velg hva som besvarer behovet.")})
    for name, value in targets.items():
        if name != kind and value is not None:
            raise ValidationError({name: _("Et svar peker på én ting om gangen.")})
    target = targets.get(kind)
    if (
        target is not None
        and getattr(target, "partnership_id", need.partnership_id) != (need.partnership_id)
        and kind != AnswerKind.PROJECT
    ):
        raise ValidationError({kind: _("Dette hører til et annet partnerskap.")})
    if (
        kind in ("project", "thesis")
        and NeedAnswer.objects.filter(need=need, **{kind: target}).exists()
    ):
        raise ValidationError({kind: _("Dette er allerede registrert som svar på behovet.")})
    answer = NeedAnswer(
        need=need,
        kind=kind,
        project=project,
        thesis=thesis,
        course=course,
        review_title=review_title.strip(),
        review_url=review_url.strip(),
        comment=comment.strip(),
        created_by=_user(actor),
    )
    answer.full_clean()
    _stamp(answer, actor)
    answer.save()
    return answer


@transaction.atomic
def assignment_link_thesis(
    *, assignment: Assignment, thesis: Thesis, actor: Any = None
) -> Assignment:
    """Link the thesis written on an assignment; a finished thesis answers the need."""
    permissions.authorize(actor, permissions.can_edit_need, assignment.need)
    if thesis.partnership_id != assignment.need.partnership_id:
        raise ValidationError({"thesis": _("Oppgaven hører til et annet partnerskap.")})
    assignment.thesis = thesis
    if thesis.status == ThesisStatus.FINISHED:
        assignment.status = AssignmentStatus.DONE
    elif assignment.status == AssignmentStatus.OPEN:
        assignment.status = AssignmentStatus.TAKEN
    assignment.full_clean()
    _stamp(assignment, actor)
    assignment.save()
    need = assignment.need
    if not NeedAnswer.objects.filter(need=need, thesis=thesis).exists():
        need_answer_add(need=need, kind=AnswerKind.THESIS, thesis=thesis, actor=actor)
    if thesis.status == ThesisStatus.FINISHED and need.status in (
        NeedStatus.PUBLISHED,
        NeedStatus.IN_PROGRESS,
    ):
        need_transition(
            need=need,
            to_status=NeedStatus.ANSWERED,
            actor=actor,
            comment=_("Besvart av oppgaven «%(t)s».") % {"t": thesis.title},
        )
    match_index_touch()
    return assignment


@transaction.atomic
def assignment_record_thesis(
    *,
    assignment: Assignment,
    title: str,
    student_name: str,
    level: str,
    year: int,
    nva_url: str = "",
    actor: Any = None,
) -> Thesis:
    """Register (or update) the thesis written on an assignment and link it; with the NVA link
    the thesis counts as finished and the need as answered."""
    permissions.authorize(actor, permissions.can_edit_need, assignment.need)
    from kunnskapsbro.education.services import thesis_create, thesis_update

    need = assignment.need
    chosen = assignment.interests.filter(
        status=InterestStatus.CHOSEN, role=InterestRole.STUDENT
    ).first()
    data: dict[str, Any] = {
        "title": title,
        "student_name": student_name,
        "level": level,
        "year": year,
        "nva_url": nva_url.strip(),
        "status": ThesisStatus.FINISHED if nva_url.strip() else ThesisStatus.IN_PROGRESS,
    }
    if assignment.thesis is not None:
        thesis = thesis_update(thesis=assignment.thesis, actor=actor, data=data)
    else:
        thesis = thesis_create(
            partnership=need.partnership,
            actor=actor,
            unit=need.unit,
            focus_area=need.focus_area,
            discipline=assignment.discipline,
            student_user=chosen.user if chosen else None,
            summary=assignment.description,
            **data,
        )
    assignment_link_thesis(assignment=assignment, thesis=thesis, actor=actor)
    return thesis


def unlink_message(need: KnowledgeNeed) -> str:
    return _(
        "«%(t)s» er besvart bare av dette og kan ikke kobles fra. Knytt et annet svar til "
        "behovet først."
    ) % {"t": need.title}


@transaction.atomic
def answers_set(
    *,
    kind: str,
    target: Project | Thesis | Course,
    needs: Any,
    actor: Any = None,
    field: str = "needs",
) -> list[NeedAnswer]:
    """Make ``needs`` exactly the needs that ``target`` (a project, thesis or course) answers:
    link the new ones, unlink the ones left out. Refuses (keyed by ``field``) to unlink the
    only answer of a need already marked answered, so the need never shows answered by nothing.
    """
    if kind not in (AnswerKind.PROJECT, AnswerKind.THESIS, AnswerKind.COURSE):
        raise ValidationError({field: _("Ukjent svartype «%(k)s».") % {"k": kind}})
    wanted = {need.pk: need for need in needs}
    existing = {
        answer.need_id: answer
        for answer in NeedAnswer.objects.filter(**{kind: target}).select_related("need")
    }
    from .selectors import unlink_blockers

    blockers = unlink_blockers(kind=kind, target=target, keep=wanted.values())
    if blockers:
        raise ValidationError({field: [unlink_message(need) for need in blockers]})
    for need_id, answer in existing.items():
        if need_id in wanted:
            continue
        _stamp(answer, actor)
        answer.delete()
    added = []
    for need_id, need in wanted.items():
        if need_id in existing:
            continue
        if need.status == NeedStatus.CLOSED:
            raise ValidationError(
                {field: _("«%(t)s» er lukket og kan ikke besvares.") % {"t": need.title}}
            )
        try:
            added.append(need_answer_add(need=need, kind=kind, actor=actor, **{kind: target}))
        except ValidationError as exc:
            messages = [f"«{need.title}»: {message}" for message in exc.messages]
            raise ValidationError({field: messages}) from exc
    return added
