"""The governance and events API: bodies, meetings (with cases, decisions and follow-up), events
(with registration). Anonymous callers see public meetings and events only. Follow-up points
(who does what by when) and attendance are internal records: a meeting's ``action_items`` and
``attendance`` are empty unless the caller reads the internal records of its partnership
(``accounts.permissions``), except that the owner of a follow-up point sees their own;
``GET /action-items`` lists the same points (one SQL condition in ``selectors``)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.partnerships.api import partnership_named

from . import selectors, services
from .models import AgendaItem, Decision, EventSession, Meeting, Registration
from .schemas import (
    ActionItemDetail,
    ActionItemFilters,
    ActionItemIn,
    ActionItemList,
    ActionItemPatch,
    AgendaItemDetail,
    AgendaItemIn,
    AgendaItemPatch,
    AttendanceIn,
    BodyDetail,
    BodyIn,
    BodyList,
    BodyPatch,
    DecisionDetail,
    DecisionIn,
    DecisionPatch,
    EventDetail,
    EventIn,
    EventList,
    EventPatch,
    MeetingDetail,
    MeetingFilters,
    MeetingIn,
    MeetingList,
    MeetingPatch,
    MembershipDetail,
    MembershipIn,
    MembershipPatch,
    RegistrationIn,
    RegistrationOut,
    SessionIn,
    SessionOut,
    SessionPatch,
)

router = Router(tags=["meetings"])
M = TypeVar("M", bound=Model)

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _abs(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def _person(person: Any) -> dict[str, Any]:
    return {"id": person.pk, "name": person.full_name, "slug": person.slug}


def _body(request: HttpRequest, body: Any) -> dict[str, Any]:
    return {
        "id": body.pk,
        "kind": body.kind,
        "name": body.name,
        "slug": body.slug,
        "partnership": body.partnership.slug,
        "focus_area": body.focus_area.name if body.focus_area else None,
        "mandate": body.mandate,
        "meeting_count": body.meeting_count,
        "ical_url": _abs(request, "meetings:body_ical", pk=body.pk),
        "url": _abs(request, "meetings:body_detail", pk=body.pk),
    }


@router.get("/bodies", response=BodyList, summary="Styringsorganene")
def list_bodies(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    result = paginate(selectors.body_list(user=api_user(request)), page)
    result["items"] = [_body(request, body) for body in result["items"]]
    return result


@router.get(
    "/bodies/{int:body_id}",
    response={200: BodyDetail, **READ_PROBLEMS},
    summary="Et styringsorgan med medlemmer, roller og perioder",
)
def get_body(request: HttpRequest, body_id: int) -> dict[str, Any]:
    return _body_detail(request, user=api_user(request), pk=body_id)


def _member(membership: Any) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "person": _person(membership.person),
        "role": membership.role,
        "position_title": membership.position_title,
        "represents": membership.represents.name if membership.represents else None,
        "start_date": membership.start_date,
        "end_date": membership.end_date,
    }


def _body_detail(request: HttpRequest, *, user: Any, pk: int) -> dict[str, Any]:
    body = selectors.body_detail(user=user, pk=pk)
    return {**_body(request, body), "members": [_member(m) for m in body.memberships.all()]}


def _meeting(request: HttpRequest, meeting: Meeting, *, user: Any) -> dict[str, Any]:
    # Attendance is internal: readers of the partnership's internal records only
    # (accounts.permissions), not every signed-in caller. So are follow-up points:
    # meeting.action_items holds only those the caller may see (selectors.meeting_full).
    internal = permissions.can_read_internal(user, meeting.body.partnership_id)
    return {
        "id": meeting.pk,
        "body": meeting.body_id,
        "body_name": meeting.body.name,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": meeting.location,
        "status": meeting.status,
        "is_public": meeting.is_public,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "minutes_pdf_url": _abs(request, "meetings:minutes_pdf", pk=meeting.pk),
        "minutes": meeting.minutes,
        "agenda_items": [
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "kind": item.kind,
                "description": item.description,
                "projects": [p.pk for p in item.projects.all()],
                "references": [
                    {
                        "kind": f"{r.content_type.app_label}.{r.content_type.model}",
                        "id": r.object_id,
                    }
                    for r in item.references.all()
                ],
                "decisions": [
                    {"id": d.pk, "text": d.text, "decided_on": d.decided_on}
                    for d in item.decisions.all()
                ],
            }
            for item in meeting.agenda_items.all()
        ],
        "action_items": [
            {
                "id": a.pk,
                "title": a.title,
                "owner": _person(a.owner),
                "due_date": a.due_date,
                "status": a.status,
                "completed_on": a.completed_on,
                "agenda_item": a.agenda_item_id,
                "decision": a.decision_id,
            }
            for a in meeting.action_items.all()
        ],
        "attendance": [
            {
                "person": _person(a.person),
                "status": a.status,
                "represents": a.represents.name if a.represents else None,
            }
            for a in meeting.attendances.all()
        ]
        if internal
        else [],
        "documents": [
            {
                "id": d.pk,
                "title": d.title,
                "url": d.file.url if d.file else d.url,
                "agenda_item": d.agenda_item_id,
            }
            for d in meeting.documents.all()
        ],
    }


@router.get(
    "/meetings",
    response={200: MeetingList, **READ_PROBLEMS},
    summary="Møter med saker, vedtak og oppfølgingspunkter, nyeste først",
)
def list_meetings(
    request: HttpRequest, filters: Query[MeetingFilters], page: Query[Page]
) -> dict[str, Any]:
    user = api_user(request)
    partnership_id = None
    if filters.partnership:
        from kunnskapsbro.partnerships.models import Partnership

        # A partnership hidden from the caller is as unknown as one that does not exist.
        partnership_id = (
            permissions.visible_partnerships(user, Partnership.objects.all())
            .filter(slug=filters.partnership)
            .values_list("pk", flat=True)
            .first()
        )
        if partnership_id is None:
            raise Problem(
                422,
                _("Ukjent partnerskap «%(slug)s».") % {"slug": filters.partnership},
                errors=[{"field": "partnership", "message": _("Ukjent partnerskap.")}],
            )
    queryset = selectors.meeting_full(
        selectors.meeting_list(user=user, body_id=filters.body, partnership_id=partnership_id),
        user=user,
    )
    result = paginate(queryset, page)
    result["items"] = [_meeting(request, m, user=user) for m in result["items"]]
    return result


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: MeetingDetail, **READ_PROBLEMS},
    summary="Et møte med saker, vedtak, oppfølgingspunkter, oppmøte og dokumenter",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    user = api_user(request)
    meeting = selectors.meeting_detail(user=user, pk=meeting_id)
    return _meeting(request, meeting, user=user)


def _event(request: HttpRequest, event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "slug": event.slug,
        "kind": event.kind,
        "title": event.title,
        "topic": event.topic,
        "description": event.description,
        "partnership": event.partnership.slug,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "location": event.location,
        "capacity": event.capacity,
        "confirmed": event.confirmed_count,
        "registration_open": event.registration_open,
        "ical_url": _abs(request, "meetings:event_ical", slug=event.slug),
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }


@router.get("/events", response=EventList, summary="Arrangementer, nyeste først")
def list_events(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    result = paginate(selectors.event_list(user=api_user(request)), page)
    result["items"] = [_event(request, event) for event in result["items"]]
    return result


def _event_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    event = selectors.event_detail(user=api_user(request), slug=slug)
    return {
        **_event(request, event),
        "waitlisted": event.waitlisted_count,
        "sessions": [
            {
                "id": s.pk,
                "title": s.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "room": s.room,
                "speakers": s.speakers,
                "parallel_group": s.parallel_group,
                "capacity": s.capacity,
                "confirmed": s.confirmed_count,
                "slides_url": s.slides_url,
                "recording_url": s.recording_url,
            }
            for s in event.sessions.all()
        ],
    }


@router.get(
    "/events/{slug}",
    response={200: EventDetail, **READ_PROBLEMS},
    summary="Et arrangement med program og påmeldingstall",
)
def get_event(
    request: HttpRequest,
    slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    return _event_detail(request, slug)


@router.post(
    "/events/{slug}/registrations",
    auth=write_auth,
    response={201: RegistrationOut, **WRITE_PROBLEMS},
    summary="Meld på en deltaker (venteliste når arrangementet er fullt)",
)
def register(
    request: HttpRequest,
    payload: RegistrationIn,
    slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN),  # noqa: B008
) -> tuple[int, dict[str, Any]]:
    event = selectors.event_detail(user=request.auth, slug=slug)
    sessions = list(EventSession.objects.filter(event=event, pk__in=payload.sessions))
    missing = set(payload.sessions) - {s.pk for s in sessions}
    if missing:
        raise Problem(
            422,
            _("Ukjente sesjoner for dette arrangementet: %(ids)s.") % {"ids": sorted(missing)},
            errors=[{"field": "sessions", "message": _("Ukjent sesjon.")}],
        )
    person, organization = selectors.registrant_links(
        user=request.auth, email=payload.email, organization_name=payload.organization_name
    )
    registration: Registration = services.registration_create(
        event=event,
        name=payload.name,
        email=payload.email,
        organization_name=payload.organization_name,
        sessions=sessions,
        person=person,
        organization=organization,
        actor=request.auth,
    )
    return 201, {
        "id": registration.pk,
        "event": event.slug,
        "name": registration.name,
        "status": registration.status,
        "waitlist_position": registration.waitlist_position,
        "sessions": [s.pk for s in sessions],
    }


def _action(item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "meeting": item.meeting_id,
        "title": item.title,
        "owner": _person(item.owner),
        "due_date": item.due_date,
        "status": item.status,
        "completed_on": item.completed_on,
        "agenda_item": item.agenda_item_id,
        "decision": item.decision_id,
        "comment": item.comment,
    }


@router.get(
    "/action-items",
    auth=write_auth,
    response={200: ActionItemList, **WRITE_PROBLEMS},
    summary="Oppfølgingspunkter (innlogget), tidligste frist først",
)
def list_action_items(
    request: HttpRequest, filters: Query[ActionItemFilters], page: Query[Page]
) -> dict[str, Any]:
    queryset = selectors.action_item_list(
        user=request.auth, owner_id=filters.owner, open_only=filters.open
    )
    result = paginate(queryset, page)
    result["items"] = [_action(item) for item in result["items"]]
    return result


@router.patch(
    "/action-items/{int:item_id}",
    auth=write_auth,
    response={200: ActionItemDetail, **WRITE_PROBLEMS},
    summary="Endre et oppfølgingspunkt (status utført stempler dagens dato)",
)
def update_action_item(
    request: HttpRequest, item_id: int, payload: ActionItemPatch
) -> dict[str, Any]:
    # A point the caller may not see is as missing as one that does not exist.
    item = (
        selectors.action_items_visible_to(request.auth)
        .select_related("owner", "meeting__body")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Problem(404, _("Oppfølgingspunktet finnes ikke."))
    data = payload.dict(exclude_unset=True)
    # The owner reports progress (status, comment); who does what by when is the coordinator's.
    if set(data) - {"status", "comment"} or item.owner.user_id != request.auth.pk:
        _require_edit(request, item.meeting.body.partnership_id)
    # A null status or comment means "leave as is" (as before the other fields were editable).
    data = {k: v for k, v in data.items() if v is not None or k not in {"status", "comment"}}
    for name in ("title", "owner", "due_date"):
        if name in data and data[name] is None:
            raise _unprocessable(name, _("Feltet kan ikke være tomt."))
    if "owner" in data:
        data["owner"] = _find_person(data["owner"], field="owner")
    if "agenda_item" in data and data["agenda_item"] is not None:
        data["agenda_item"] = _find_item(data["agenda_item"], meeting_id=item.meeting_id)
    item = services.action_item_update(action_item=item, data=data, actor=request.auth)
    return _action(item)


# --- writes: meetings, cases, decisions, follow-up, attendance, registrations -----------------


def _unprocessable(field: str, message: str) -> Problem:
    return Problem(422, message, errors=[{"field": field, "message": message}])


def _referenced(queryset: QuerySet[M], *, field: str, message: str, **lookup: Any) -> M:
    """The record a body field names (by ``pk=`` or ``slug=``), or 422 on that field."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise _unprocessable(field, message)
    return found


def _find_person(person_id: int, *, field: str) -> Any:
    from kunnskapsbro.organizations.models import Person

    return _referenced(
        Person.objects,
        field=field,
        message=_("Ukjent person %(id)s.") % {"id": person_id},
        pk=person_id,
    )


def _find_organization(org_id: int, *, field: str) -> Any:
    from kunnskapsbro.organizations.models import Organization

    return _referenced(
        Organization.objects,
        field=field,
        message=_("Ukjent organisasjon %(id)s.") % {"id": org_id},
        pk=org_id,
    )


def _patch_data(payload: Any, *, blank_ok: set[str], nullable: set[str]) -> dict[str, Any]:
    """The fields a PATCH sent: null clears a text field, is allowed where the model allows
    it, and is refused (naming the field) everywhere else."""
    data = payload.dict(exclude_unset=True)
    for name, value in list(data.items()):
        if value is None:
            if name in blank_ok:
                data[name] = ""
            elif name not in nullable:
                raise _unprocessable(name, _("Feltet kan ikke være tomt."))
    return data


def _find_item(item_id: int, *, meeting_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None or item.meeting_id != meeting_id:
        raise _unprocessable("agenda_item", _("Møtet har ingen sak %(id)s.") % {"id": item_id})
    return item


def _find_projects(ids: list[int], *, user: Any) -> list[Any]:
    from kunnskapsbro.projects.selectors import project_visible_to

    # A project hidden from the caller is as unknown as one that does not exist.
    projects = list(project_visible_to(user).filter(pk__in=ids))
    missing = set(ids) - {p.pk for p in projects}
    if missing:
        raise _unprocessable(
            "projects", _("Ukjente prosjekter: %(ids)s.") % {"ids": sorted(missing)}
        )
    return projects


def _find_references(references: list[Any], *, user: Any) -> list[Any]:
    from django.apps import apps

    targets = []
    for ref in references:
        if ref.kind not in services.REFERENCE_TARGETS:
            raise _unprocessable(
                "references",
                _("En sak kan ikke vise til «%(kind)s»; bruk en av %(kinds)s.")
                % {"kind": ref.kind, "kinds": ", ".join(services.REFERENCE_TARGETS)},
            )
        try:
            model = apps.get_model(ref.kind)
        except LookupError as exc:
            raise _unprocessable(
                "references", _("«%(kind)s» finnes ikke her.") % {"kind": ref.kind}
            ) from exc
        target = selectors.reference_targets_visible_to(user, model).filter(pk=ref.id).first()
        if target is None:
            raise _unprocessable(
                "references", _("Fant ikke %(kind)s %(id)s.") % {"kind": ref.kind, "id": ref.id}
            )
        targets.append(target)
    return targets


def _require_edit(
    request: HttpRequest,
    partnership_id: int,
    detail: str = "",
) -> None:
    """Bodies, meetings and events are partnership-wide records: coordinators (and
    administrators)."""
    if not permissions.can_edit_partnership_content(request.auth, partnership_id):
        raise Problem(
            403, detail or _("Du kan ikke endre møter og arrangementer i dette partnerskapet.")
        )


def _meeting_for_write(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_detail(user=request.auth, pk=meeting_id)
    _require_edit(request, meeting.body.partnership_id)
    return meeting


def _meeting_out(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = selectors.meeting_detail(user=request.auth, pk=meeting_id)
    return _meeting(request, meeting, user=request.auth)


# --- writes: governance bodies and their members -----------------------------------------------

# Lazy: put into words in the request's language when the problem is answered.
BODY_DENIED = gettext_lazy("Du kan ikke endre styringsorganer i dette partnerskapet.")


def _find_focus_area(focus_area_id: int) -> Any:
    from kunnskapsbro.partnerships.models import FocusArea

    return _referenced(
        FocusArea.objects,
        field="focus_area",
        message=_("Ukjent fokusområde %(id)s.") % {"id": focus_area_id},
        pk=focus_area_id,
    )


def _body_for_write(request: HttpRequest, body_id: int) -> Any:
    """The body, 404 if its partnership is hidden from the caller, 403 if not theirs to edit."""
    body = selectors.body_detail(user=request.auth, pk=body_id)
    _require_edit(request, body.partnership_id, BODY_DENIED)
    return body


def _membership_out(membership: Any) -> dict[str, Any]:
    return {
        **_member(membership),
        "body": membership.body_id,
        "represents_id": membership.represents_id,
    }


@router.post(
    "/bodies",
    auth=write_auth,
    response={201: BodyDetail, **WRITE_PROBLEMS},
    summary="Opprett et styringsorgan (styringsgruppe, innovasjonsutvalg, …)",
)
def create_body(request: HttpRequest, payload: BodyIn) -> tuple[int, dict[str, Any]]:
    partnership = partnership_named(request.auth, payload.partnership)
    _require_edit(request, partnership.pk, BODY_DENIED)
    body = partnership_services.body_create(
        partnership=partnership,
        kind=payload.kind,
        name=payload.name,
        focus_area=_find_focus_area(payload.focus_area) if payload.focus_area else None,
        mandate=payload.mandate,
        actor=request.auth,
    )
    return 201, _body_detail(request, user=request.auth, pk=body.pk)


@router.patch(
    "/bodies/{int:body_id}",
    auth=write_auth,
    response={200: BodyDetail, **WRITE_PROBLEMS},
    summary="Endre et styringsorgan (type, navn, fokusområde, mandat)",
)
def update_body(request: HttpRequest, body_id: int, payload: BodyPatch) -> dict[str, Any]:
    body = _body_for_write(request, body_id)
    data = _patch_data(payload, blank_ok={"mandate"}, nullable={"focus_area"})
    if data.get("focus_area") is not None:
        data["focus_area"] = _find_focus_area(data["focus_area"])
    partnership_services.body_update(body=body, data=data, actor=request.auth)
    return _body_detail(request, user=request.auth, pk=body_id)


@router.post(
    "/bodies/{int:body_id}/memberships",
    auth=write_auth,
    response={201: MembershipDetail, **WRITE_PROBLEMS},
    summary="Gi en person plass i et styringsorgan (rolle, hvem de representerer, periode)",
)
def create_membership(
    request: HttpRequest, body_id: int, payload: MembershipIn
) -> tuple[int, dict[str, Any]]:
    body = _body_for_write(request, body_id)
    membership = partnership_services.membership_create(
        body=body,
        person=_find_person(payload.person, field="person"),
        role=payload.role,
        position_title=payload.position_title,
        represents=_find_organization(payload.represents, field="represents")
        if payload.represents
        else None,
        start_date=payload.start_date,
        end_date=payload.end_date,
        actor=request.auth,
    )
    return 201, _membership_out(membership)


@router.patch(
    "/memberships/{int:membership_id}",
    auth=write_auth,
    response={200: MembershipDetail, **WRITE_PROBLEMS},
    summary="Endre et medlemskap (rolle, stilling, representerer, periode; avslutt med end_date)",
)
def update_membership(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> dict[str, Any]:
    from kunnskapsbro.partnerships.models import Membership

    membership = (
        Membership.objects.select_related("person", "represents", "body")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Problem(404, _("Medlemskapet finnes ikke."))
    _body_for_write(request, membership.body_id)
    data = _patch_data(
        payload, blank_ok={"position_title"}, nullable={"represents", "start_date", "end_date"}
    )
    if data.get("represents") is not None:
        data["represents"] = _find_organization(data["represents"], field="represents")
    partnership_services.membership_update(membership=membership, data=data, actor=request.auth)
    return _membership_out(membership)


@router.post(
    "/meetings",
    auth=write_auth,
    response={201: MeetingDetail, **WRITE_PROBLEMS},
    summary="Opprett et møte i et styringsorgan",
)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> tuple[int, dict[str, Any]]:
    # A body of a partnership hidden from the caller is as unknown as one that does not exist.
    body = _referenced(
        selectors.bodies_visible_to(request.auth),
        field="body",
        message=_("Ukjent organ %(id)s.") % {"id": payload.body},
        pk=payload.body,
    )
    _require_edit(request, body.partnership_id)
    data = payload.dict(exclude={"body"})
    meeting = services.meeting_create(body=body, actor=request.auth, **data)
    return 201, _meeting_out(request, meeting.pk)


@router.patch(
    "/meetings/{int:meeting_id}",
    auth=write_auth,
    response={200: MeetingDetail, **WRITE_PROBLEMS},
    summary="Endre et møte (tid, sted, status, offentlighet, referat)",
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> dict[str, Any]:
    meeting = _meeting_for_write(request, meeting_id)
    data = _patch_data(payload, blank_ok={"location", "minutes"}, nullable={"ends_at"})
    services.meeting_update(meeting=meeting, data=data, actor=request.auth)
    return _meeting_out(request, meeting_id)


def _agenda_item_out(item: AgendaItem) -> dict[str, Any]:
    item = (
        AgendaItem.objects.prefetch_related("projects", "references__content_type", "decisions")
        .select_related("meeting")
        .get(pk=item.pk)
    )
    return {
        "id": item.pk,
        "meeting": item.meeting_id,
        "number": item.number,
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "projects": [p.pk for p in item.projects.all()],
        "references": [
            {"kind": f"{r.content_type.app_label}.{r.content_type.model}", "id": r.object_id}
            for r in item.references.all()
        ],
        "decisions": [
            {"id": d.pk, "text": d.text, "decided_on": d.decided_on} for d in item.decisions.all()
        ],
    }


@router.post(
    "/meetings/{int:meeting_id}/agenda-items",
    auth=write_auth,
    response={201: AgendaItemDetail, **WRITE_PROBLEMS},
    summary="Sett en sak på sakslisten (kan vise til prosjekter, behov og mål)",
)
def create_agenda_item(
    request: HttpRequest, meeting_id: int, payload: AgendaItemIn
) -> tuple[int, dict[str, Any]]:
    meeting = _meeting_for_write(request, meeting_id)
    fields: dict[str, Any] = {"kind": payload.kind, "description": payload.description}
    if payload.order is not None:
        fields["order"] = payload.order
    item = services.agenda_item_create(
        meeting=meeting,
        title=payload.title,
        number=payload.number.strip(),
        projects=_find_projects(payload.projects, user=request.auth),
        references=_find_references(payload.references, user=request.auth),
        actor=request.auth,
        **fields,
    )
    return 201, _agenda_item_out(item)


def _agenda_item_for_write(request: HttpRequest, item_id: int) -> AgendaItem:
    item = (
        selectors.agenda_items_visible_to(request.auth)
        .select_related("meeting__body")
        .filter(pk=item_id)
        .first()
    )
    if item is None:  # hidden from the caller, or missing: 404 either way
        raise Problem(404, _("Saken finnes ikke."))
    _require_edit(request, item.meeting.body.partnership_id)
    return item


@router.patch(
    "/agenda-items/{int:item_id}",
    auth=write_auth,
    response={200: AgendaItemDetail, **WRITE_PROBLEMS},
    summary="Endre en sak (nummer, tittel, type, saksframstilling, prosjekter)",
)
def update_agenda_item(
    request: HttpRequest, item_id: int, payload: AgendaItemPatch
) -> dict[str, Any]:
    item = _agenda_item_for_write(request, item_id)
    data = _patch_data(payload, blank_ok=set(), nullable=set())
    if "projects" in data:
        data["projects"] = _find_projects(data["projects"], user=request.auth)
    services.agenda_item_update(agenda_item=item, data=data, actor=request.auth)
    return _agenda_item_out(item)


def _decision_out(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "agenda_item": decision.agenda_item_id,
        "text": decision.text,
        "decided_on": decision.decided_on,
    }


@router.post(
    "/agenda-items/{int:item_id}/decisions",
    auth=write_auth,
    response={201: DecisionDetail, **WRITE_PROBLEMS},
    summary="Registrer et vedtak i en sak",
)
def create_decision(
    request: HttpRequest, item_id: int, payload: DecisionIn
) -> tuple[int, dict[str, Any]]:
    item = _agenda_item_for_write(request, item_id)
    decision = services.decision_create(
        agenda_item=item, text=payload.text, decided_on=payload.decided_on, actor=request.auth
    )
    return 201, _decision_out(decision)


@router.patch(
    "/decisions/{int:decision_id}",
    auth=write_auth,
    response={200: DecisionDetail, **WRITE_PROBLEMS},
    summary="Rett et vedtak (tekst eller dato)",
)
def update_decision(
    request: HttpRequest, decision_id: int, payload: DecisionPatch
) -> dict[str, Any]:
    decision = (
        selectors.decisions_visible_to(request.auth)
        .select_related("agenda_item__meeting__body")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:  # hidden from the caller, or missing: 404 either way
        raise Problem(404, _("Vedtaket finnes ikke."))
    _require_edit(request, decision.agenda_item.meeting.body.partnership_id)
    data = _patch_data(payload, blank_ok=set(), nullable=set())
    services.decision_update(decision=decision, data=data, actor=request.auth)
    return _decision_out(decision)


@router.post(
    "/meetings/{int:meeting_id}/action-items",
    auth=write_auth,
    response={201: ActionItemDetail, **WRITE_PROBLEMS},
    summary="Gi noen et oppfølgingspunkt med frist",
)
def create_action_item(
    request: HttpRequest, meeting_id: int, payload: ActionItemIn
) -> tuple[int, dict[str, Any]]:
    meeting = _meeting_for_write(request, meeting_id)
    decision = None
    if payload.decision is not None:
        decision = (
            Decision.objects.select_related("agenda_item").filter(pk=payload.decision).first()
        )
        if decision is None or decision.agenda_item.meeting_id != meeting.pk:
            raise _unprocessable(
                "decision", _("Møtet har ikke vedtak %(id)s.") % {"id": payload.decision}
            )
    item = services.action_item_create(
        meeting=meeting,
        title=payload.title,
        owner=_find_person(payload.owner, field="owner"),
        due_date=payload.due_date,
        agenda_item=_find_item(payload.agenda_item, meeting_id=meeting.pk)
        if payload.agenda_item
        else None,
        decision=decision,
        status=payload.status,
        comment=payload.comment,
        actor=request.auth,
    )
    return 201, _action(item)


@router.post(
    "/meetings/{int:meeting_id}/attendance",
    auth=write_auth,
    response={200: MeetingDetail, **WRITE_PROBLEMS},
    summary="Registrer (eller rett) en persons oppmøte",
)
def record_attendance(
    request: HttpRequest, meeting_id: int, payload: AttendanceIn
) -> dict[str, Any]:
    meeting = _meeting_for_write(request, meeting_id)
    represents = None
    if payload.represents is not None:
        represents = _find_organization(payload.represents, field="represents")
    services.attendance_record(
        meeting=meeting,
        person=_find_person(payload.person, field="person"),
        status=payload.status,
        represents=represents,
        actor=request.auth,
    )
    return _meeting_out(request, meeting_id)


@router.delete(
    "/events/{slug}/registrations/{int:registration_id}",
    auth=write_auth,
    response={200: RegistrationOut, **WRITE_PROBLEMS},
    summary="Meld av en deltaker; den første på ventelisten får plassen",
)
def cancel_registration(
    request: HttpRequest,
    registration_id: int,
    slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    event = selectors.event_detail(user=request.auth, slug=slug)
    _require_edit(request, event.partnership_id)
    registration = Registration.objects.filter(pk=registration_id, event=event).first()
    if registration is None:
        raise Problem(404, _("Påmeldingen finnes ikke for dette arrangementet."))
    registration = services.registration_cancel(registration=registration, actor=request.auth)
    return {
        "id": registration.pk,
        "event": event.slug,
        "name": registration.name,
        "status": registration.status,
        "waitlist_position": registration.waitlist_position,
        "sessions": [s.pk for s in registration.sessions.all()],
    }


# --- writes: events and their programme --------------------------------------------------------

EVENT_TEXT_FIELDS = {"topic", "description", "location"}
SESSION_TEXT_FIELDS = {"room", "speakers", "parallel_group", "slides_url", "recording_url"}


@router.post(
    "/events",
    auth=write_auth,
    response={201: EventDetail, **WRITE_PROBLEMS},
    summary="Kunngjør et arrangement (frokostmøte, arbeidsmøte, seminar, konferanse)",
)
def create_event(request: HttpRequest, payload: EventIn) -> tuple[int, dict[str, Any]]:
    from kunnskapsbro.core.utils import slugify_nb, unique_slug

    from .forms import RESERVED_EVENT_SLUGS
    from .models import Event

    partnership = partnership_named(request.auth, payload.partnership)
    _require_edit(request, partnership.pk)
    data = payload.dict(exclude={"partnership"})
    slug = slugify_nb(data.pop("slug") or "")[:100].strip("-") or unique_slug(
        Event, payload.title, max_length=100, reserved=RESERVED_EVENT_SLUGS
    )
    if slug in RESERVED_EVENT_SLUGS:
        raise _unprocessable("slug", _("Lenkenavnet «%(s)s» er reservert.") % {"s": slug})
    event = services.event_create(partnership=partnership, slug=slug, actor=request.auth, **data)
    return 201, _event_detail(request, event.slug)


def _event_for_write(request: HttpRequest, slug: str) -> Any:
    event = selectors.event_detail(user=request.auth, slug=slug)
    _require_edit(request, event.partnership_id)
    return event


@router.patch(
    "/events/{slug}",
    auth=write_auth,
    response={200: EventDetail, **WRITE_PROBLEMS},
    summary="Endre et arrangement (flere plasser flytter folk fra ventelisten)",
)
def update_event(
    request: HttpRequest,
    payload: EventPatch,
    slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    event = _event_for_write(request, slug)
    data = _patch_data(payload, blank_ok=EVENT_TEXT_FIELDS, nullable={"ends_at", "capacity"})
    services.event_update(event=event, data=data, actor=request.auth)
    return _event_detail(request, slug)


def _session(session: EventSession) -> dict[str, Any]:
    from django.db.models import Count, Q

    from .models import RegistrationStatus

    confirmed = (
        EventSession.objects.filter(pk=session.pk)
        .annotate(
            n=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
        )
        .values_list("n", flat=True)
        .first()
    )
    return {
        "id": session.pk,
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room,
        "speakers": session.speakers,
        "parallel_group": session.parallel_group,
        "capacity": session.capacity,
        "confirmed": confirmed or 0,
        "slides_url": session.slides_url,
        "recording_url": session.recording_url,
    }


@router.post(
    "/events/{slug}/sessions",
    auth=write_auth,
    response={201: SessionOut, **WRITE_PROBLEMS},
    summary="Legg en sesjon til programmet (parallelle sesjoner deler parallel_group)",
)
def create_session(
    request: HttpRequest,
    payload: SessionIn,
    slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN),  # noqa: B008
) -> tuple[int, dict[str, Any]]:
    event = _event_for_write(request, slug)
    session = services.event_session_create(event=event, actor=request.auth, **payload.dict())
    return 201, _session(session)


@router.patch(
    "/events/{slug}/sessions/{int:session_id}",
    auth=write_auth,
    response={200: SessionOut, **WRITE_PROBLEMS},
    summary="Endre en sesjon; publiser lysark og opptak etterpå",
)
def update_session(
    request: HttpRequest,
    session_id: int,
    payload: SessionPatch,
    slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN),  # noqa: B008
) -> dict[str, Any]:
    event = _event_for_write(request, slug)
    session = EventSession.objects.filter(pk=session_id, event=event).first()
    if session is None:
        raise Problem(404, _("Sesjonen finnes ikke i dette arrangementet."))
    data = _patch_data(payload, blank_ok=SESSION_TEXT_FIELDS, nullable={"ends_at", "capacity"})
    services.event_session_update(session=session, data=data, actor=request.auth)
    return _session(session)
