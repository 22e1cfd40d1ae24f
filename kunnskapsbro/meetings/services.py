"""Writes for governance meetings and events. Pages, the API, the demo all come through here.

Every service is keyword-only and atomic, validates with ``full_clean()`` and raises
``ValidationError`` keyed by field name. The acting user is stamped on history rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.partnerships.models import GovernanceBody, Partnership
from kunnskapsbro.projects.models import Project

from . import notify
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    CaseReference,
    Deadline,
    Decision,
    Event,
    EventSession,
    Meeting,
    MeetingDocument,
    Registration,
    RegistrationStatus,
)

# What a case may refer to besides projects: "app_label.model". Needs and goals are listed
# now and become usable as soon as their apps are installed.
REFERENCE_TARGETS = ("projects.project", "needs.knowledgeneed", "goals.goal")


def _stamp(instance: Any, actor: Any) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def _save(instance: models.Model, actor: Any) -> Any:
    instance.full_clean()
    _stamp(instance, actor)
    instance.save()
    return instance


def _authorize(actor: Any, partnership_id: int | None) -> None:
    """Meetings, decisions, follow-up points, deadlines and events are partnership-wide
    records: refused (PermissionDenied) unless the actor may edit the partnership's content."""
    if partnership_id is not None:
        permissions.authorize(actor, permissions.can_edit_partnership_content, partnership_id)


def _check_end(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
    if starts_at and ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": _("Sluttidspunktet kan ikke være før starttidspunktet.")})


# --- governance -------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    body: GovernanceBody,
    title: str,
    starts_at: dt.datetime,
    actor: Any = None,
    **fields: Any,
) -> Meeting:
    """Schedule a meeting of a governance body."""
    _authorize(actor, body.partnership_id)
    meeting = Meeting(body=body, title=title, starts_at=starts_at, **fields)
    _check_end(meeting.starts_at, meeting.ends_at)
    return _save(meeting, actor)


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict[str, Any], actor: Any = None) -> Meeting:
    """Change a meeting's fields (title, time, place, status, minutes, ...)."""
    _authorize(actor, meeting.body.partnership_id)
    allowed = {"title", "starts_at", "ends_at", "location", "status", "is_public", "minutes"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: [_("Feltet kan ikke endres.")] for name in sorted(unknown)})
    for name, value in data.items():
        setattr(meeting, name, value)
    _check_end(meeting.starts_at, meeting.ends_at)
    return _save(meeting, actor)


@transaction.atomic
def agenda_item_create(
    *,
    meeting: Meeting,
    title: str,
    number: str = "",
    projects: Iterable[Project] = (),
    references: Iterable[models.Model] = (),
    actor: Any = None,
    **fields: Any,
) -> AgendaItem:
    """Put a case on the agenda; numbered «n/YYYY» within the meeting when no number is given."""
    _authorize(actor, meeting.body.partnership_id)
    if not number:
        count = AgendaItem.objects.filter(meeting=meeting).count()
        number = f"{count + 1}/{meeting.starts_at.year}"
    if AgendaItem.objects.filter(meeting=meeting, number=number).exists():
        raise ValidationError(
            {"number": _("Saksnummer %(n)s finnes allerede i møtet.") % {"n": number}}
        )
    fields.setdefault("order", AgendaItem.objects.filter(meeting=meeting).count())
    item = _save(AgendaItem(meeting=meeting, title=title, number=number, **fields), actor)
    projects = list(projects)
    foreign = [p for p in projects if p.partnership_id != meeting.body.partnership_id]
    if foreign:
        raise ValidationError(
            {
                "projects": _("Prosjektet «%(title)s» hører til et annet partnerskap.")
                % {"title": foreign[0].title}
            }
        )
    if projects:
        item.projects.set(projects)
    for target in references:
        case_reference_add(agenda_item=item, target=target, actor=actor)
    return item


@transaction.atomic
def case_reference_add(*, agenda_item: AgendaItem, target: models.Model, actor: Any = None) -> Any:
    """Let a case refer to a project, a knowledge need or a goal."""
    _authorize(actor, agenda_item.meeting.body.partnership_id)
    label = f"{target._meta.app_label}.{target._meta.model_name}"
    if label not in REFERENCE_TARGETS:
        raise ValidationError(
            {
                "references": _("En sak kan ikke vise til «%(kind)s».")
                % {"kind": target._meta.verbose_name}
            }
        )
    if isinstance(target, Project):
        agenda_item.projects.add(target)
        return target
    reference, _created = CaseReference.objects.get_or_create(
        agenda_item=agenda_item,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    )
    return reference


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, title: str, url: str = "", actor: Any = None, **fields: Any
) -> MeetingDocument:
    """Attach a document (a link or an uploaded file) to a meeting or one of its cases."""
    _authorize(actor, meeting.body.partnership_id)
    document = MeetingDocument(meeting=meeting, title=title, url=url, **fields)
    if not document.url and not document.file:
        raise ValidationError({"url": _("Oppgi en lenke eller last opp en fil.")})
    if document.agenda_item_id and document.agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Saken hører til et annet møte.")})
    return _save(document, actor)


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    person: Person,
    status: str = "present",
    represents: Organization | None = None,
    actor: Any = None,
) -> Attendance:
    """Record (or correct) whether a person attended a meeting."""
    _authorize(actor, meeting.body.partnership_id)
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        attendance = Attendance(meeting=meeting, person=person)
    attendance.status = status
    attendance.represents = represents
    return _save(attendance, actor)


@transaction.atomic
def decision_create(
    *, agenda_item: AgendaItem, text: str, decided_on: dt.date | None = None, actor: Any = None
) -> Decision:
    """Record a decision (vedtak) on a case; dated the meeting's day unless told otherwise."""
    _authorize(actor, agenda_item.meeting.body.partnership_id)
    decided_on = decided_on or timezone.localtime(agenda_item.meeting.starts_at).date()
    return _save(Decision(agenda_item=agenda_item, text=text, decided_on=decided_on), actor)


@transaction.atomic
def action_item_create(
    *,
    meeting: Meeting,
    title: str,
    owner: Person,
    due_date: dt.date,
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
    actor: Any = None,
    **fields: Any,
) -> ActionItem:
    """Give someone a follow-up point with a due date."""
    _authorize(actor, meeting.body.partnership_id)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Saken hører til et annet møte.")})
    if decision is not None:
        agenda_item = agenda_item or decision.agenda_item
        if decision.agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"decision": _("Vedtaket hører til et annet møte.")})
    item = ActionItem(
        meeting=meeting,
        title=title,
        owner=owner,
        due_date=due_date,
        agenda_item=agenda_item,
        decision=decision,
        **fields,
    )
    if item.status == ActionStatus.DONE and item.completed_on is None:
        item.completed_on = timezone.localdate()
    return _save(item, actor)


@transaction.atomic
def action_item_set_status(
    *, action_item: ActionItem, status: str, comment: str | None = None, actor: Any = None
) -> ActionItem:
    """Move a follow-up point to not started / in progress / done (done stamps today's date)."""
    permissions.authorize(actor, permissions.can_report_action, action_item)
    if status not in ActionStatus.values:
        raise ValidationError(
            {
                "status": _("Ukjent status «%(s)s»; velg blant %(choices)s.")
                % {"s": status, "choices": ", ".join(ActionStatus.values)}
            }
        )
    action_item.status = status
    action_item.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
    if comment is not None:
        action_item.comment = comment
    return _save(action_item, actor)


@transaction.atomic
def deadline_create(
    *, partnership: Partnership, title: str, month: int, day: int, actor: Any = None, **fields: Any
) -> Deadline:
    """Add a recurring reporting or application deadline to the annual cycle."""
    _authorize(actor, getattr(partnership, "pk", None))
    try:
        dt.date(2024, month, day)  # a leap year, so 29 February is allowed
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            {"day": _("%(d)s.%(m)s er ingen gyldig dato.") % {"d": day, "m": month}}
        ) from exc
    return _save(
        Deadline(partnership=partnership, title=title, month=month, day=day, **fields), actor
    )


# --- events -----------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    partnership: Partnership,
    kind: str,
    title: str,
    slug: str,
    starts_at: dt.datetime,
    actor: Any = None,
    **fields: Any,
) -> Event:
    """Announce a breakfast meeting, working meeting, seminar or conference."""
    _authorize(actor, getattr(partnership, "pk", None))
    if Event.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Lenkenavnet «%(s)s» er allerede i bruk.") % {"s": slug}})
    event = Event(
        partnership=partnership, kind=kind, title=title, slug=slug, starts_at=starts_at, **fields
    )
    _check_end(event.starts_at, event.ends_at)
    return _save(event, actor)


@transaction.atomic
def event_update(*, event: Event, data: dict[str, Any], actor: Any = None) -> Event:
    """Change an event; raising its capacity moves people up from the waiting list."""
    _authorize(actor, event.partnership_id)
    allowed = {
        "kind",
        "title",
        "topic",
        "description",
        "starts_at",
        "ends_at",
        "location",
        "capacity",
        "registration_open",
        "is_public",
    }
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: [_("Feltet kan ikke endres.")] for name in sorted(unknown)})
    for name, value in data.items():
        setattr(event, name, value)
    _check_end(event.starts_at, event.ends_at)
    _save(event, actor)
    _promote_waitlisted(event, actor)
    return event


@transaction.atomic
def event_session_create(
    *, event: Event, title: str, starts_at: dt.datetime, actor: Any = None, **fields: Any
) -> EventSession:
    """Add a session to an event's programme (parallel sessions share ``parallel_group``)."""
    _authorize(actor, event.partnership_id)
    session = EventSession(event=event, title=title, starts_at=starts_at, **fields)
    _check_end(session.starts_at, session.ends_at)
    return _save(session, actor)


@transaction.atomic
def event_session_publish_material(
    *, session: EventSession, slides_url: str = "", recording_url: str = "", actor: Any = None
) -> EventSession:
    """Publish slides and a recording after the session."""
    _authorize(actor, session.event.partnership_id)
    if slides_url:
        session.slides_url = slides_url
    if recording_url:
        session.recording_url = recording_url
    return _save(session, actor)


def _lock_event(event: Event) -> Event:
    # One registration at a time per event, so two people cannot take the last seat.
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    sessions: Iterable[EventSession] = (),
    person: Person | None = None,
    organization: Organization | None = None,
    organization_name: str = "",
    actor: Any = None,
) -> Registration:
    """Sign someone up; when the event is full they go on the waiting list.

    Parallel sessions: at most one per ``parallel_group``; a full session refuses the choice.
    """
    event = _lock_event(event)
    if not event.registration_open:
        raise ValidationError(
            {"event": _("Påmeldingen til «%(t)s» er stengt.") % {"t": event.title}}
        )
    email = (email or "").strip().lower()
    if (
        email
        and Registration.objects.filter(event=event, email=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError({"email": _("%(e)s er allerede påmeldt.") % {"e": email}})
    chosen = list(sessions)
    _check_sessions(event, chosen)
    registration = Registration.objects.filter(event=event, email=email).first() or Registration(
        event=event, email=email
    )
    registration.name = " ".join((name or "").split())
    registration.person = person
    registration.organization = organization
    registration.organization_name = organization_name or (
        organization.name if organization else ""
    )
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).count()
    if event.capacity is not None and confirmed >= event.capacity:
        registration.status = RegistrationStatus.WAITLISTED
        last = Registration.objects.filter(
            event=event, status=RegistrationStatus.WAITLISTED
        ).aggregate(m=Max("waitlist_position"))["m"]
        registration.waitlist_position = (last or 0) + 1
    else:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
    _save(registration, actor)
    registration.sessions.set(chosen)
    notify.registration_changed(
        registration,
        notify.WAITLISTED
        if registration.status == RegistrationStatus.WAITLISTED
        else notify.CONFIRMED,
    )
    return registration


def _check_sessions(event: Event, chosen: list[EventSession]) -> None:
    groups: dict[str, EventSession] = {}
    for session in chosen:
        if session.event_id != event.pk:
            raise ValidationError(
                {
                    "sessions": _("Sesjonen «%(t)s» hører til et annet arrangement.")
                    % {"t": session.title}
                }
            )
        if session.parallel_group:
            if session.parallel_group in groups:
                raise ValidationError(
                    {
                        "sessions": _("Velg bare én av de parallelle sesjonene «%(a)s» og «%(b)s».")
                        % {"a": groups[session.parallel_group].title, "b": session.title}
                    }
                )
            groups[session.parallel_group] = session
        if session.capacity is not None:
            taken = session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            if taken >= session.capacity:
                raise ValidationError(
                    {"sessions": _("Sesjonen «%(t)s» er full.") % {"t": session.title}}
                )


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Any = None) -> Registration:
    """Cancel a registration; the first on the waiting list gets the seat."""
    event = _lock_event(registration.event)
    registration.refresh_from_db(fields=["status", "waitlist_position"])
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError({"status": _("Påmeldingen er allerede avmeldt.")})
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.waitlist_position = None
    _save(registration, actor)
    notify.registration_changed(registration, notify.CANCELLED)
    if was_confirmed:
        _promote_waitlisted(event, actor)
    return registration


def _promote_waitlisted(event: Event, actor: Any) -> None:
    if event.capacity is None:
        free = None
    else:
        confirmed = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).count()
        free = max(event.capacity - confirmed, 0)
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED
    ).order_by(F("waitlist_position").asc(nulls_last=True), "id")
    for registration in waiting if free is None else waiting[:free]:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        _save(registration, actor)
        notify.registration_changed(registration, notify.PROMOTED)


# --- edits ------------------------------------------------------------------------------------


def _apply(instance: models.Model, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: [_("Feltet kan ikke endres.")] for name in sorted(unknown)})
    for name, value in data.items():
        setattr(instance, name, value)


@transaction.atomic
def agenda_item_update(
    *, agenda_item: AgendaItem, data: dict[str, Any], actor: Any = None
) -> AgendaItem:
    """Change a case: number, title, kind, description, order and the projects it concerns."""
    _authorize(actor, agenda_item.meeting.body.partnership_id)
    data = dict(data)
    projects = data.pop("projects", None)
    number = data.get("number")
    if number is not None:
        number = str(number).strip()
        if not number:
            raise ValidationError({"number": _("Saksnummeret kan ikke være tomt.")})
        clash = AgendaItem.objects.filter(meeting_id=agenda_item.meeting_id, number=number).exclude(
            pk=agenda_item.pk
        )
        if clash.exists():
            raise ValidationError(
                {"number": _("Saksnummer %(n)s finnes allerede i møtet.") % {"n": number}}
            )
        data["number"] = number
    _apply(agenda_item, data, {"number", "title", "kind", "description", "order"})
    _save(agenda_item, actor)
    if projects is not None:
        projects = list(projects)
        partnership_id = agenda_item.meeting.body.partnership_id
        foreign = [p for p in projects if p.partnership_id != partnership_id]
        if foreign:
            raise ValidationError(
                {
                    "projects": _("Prosjektet «%(title)s» hører til et annet partnerskap.")
                    % {"title": foreign[0].title}
                }
            )
        agenda_item.projects.set(projects)
    return agenda_item


@transaction.atomic
def decision_update(*, decision: Decision, data: dict[str, Any], actor: Any = None) -> Decision:
    """Correct a decision's text or date."""
    _authorize(actor, decision.agenda_item.meeting.body.partnership_id)
    _apply(decision, data, {"text", "decided_on"})
    return _save(decision, actor)


@transaction.atomic
def action_item_update(
    *, action_item: ActionItem, data: dict[str, Any], actor: Any = None
) -> ActionItem:
    """Change a follow-up point (title, owner, due date, case, comment, status)."""
    if set(data) - {"status", "comment"}:
        _authorize(actor, action_item.meeting.body.partnership_id)
    else:  # the owner reports progress on their own point
        permissions.authorize(actor, permissions.can_report_action, action_item)
    data = dict(data)
    status = data.pop("status", None)
    agenda_item = data.get("agenda_item")
    if agenda_item is not None and agenda_item.meeting_id != action_item.meeting_id:
        raise ValidationError({"agenda_item": _("Saken hører til et annet møte.")})
    _apply(action_item, data, {"title", "owner", "due_date", "agenda_item", "comment"})
    if status is not None and status != action_item.status:
        return action_item_set_status(action_item=action_item, status=status, actor=actor)
    return _save(action_item, actor)


@transaction.atomic
def event_session_update(
    *, session: EventSession, data: dict[str, Any], actor: Any = None
) -> EventSession:
    """Change a session of the programme, including its slides and recording afterwards."""
    _authorize(actor, session.event.partnership_id)
    _apply(
        session,
        data,
        {
            "title",
            "starts_at",
            "ends_at",
            "room",
            "speakers",
            "parallel_group",
            "capacity",
            "slides_url",
            "recording_url",
        },
    )
    _check_end(session.starts_at, session.ends_at)
    return _save(session, actor)
