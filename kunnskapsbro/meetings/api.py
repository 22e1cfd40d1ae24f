"""The governance and events API: bodies, meetings (with cases, decisions and follow-up), events
(with registration). Anonymous callers see public meetings and events only; follow-up points and
attendance are shown to signed-in callers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem

from . import selectors, services
from .models import ActionItem, EventSession, Meeting, Registration
from .schemas import (
    ActionItemDetail,
    ActionItemFilters,
    ActionItemList,
    ActionItemPatch,
    BodyDetail,
    BodyList,
    EventDetail,
    EventList,
    MeetingDetail,
    MeetingFilters,
    MeetingList,
    RegistrationIn,
    RegistrationOut,
)

router = Router(tags=["meetings"])

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
    body = selectors.body_detail(user=api_user(request), pk=body_id)
    return {
        **_body(request, body),
        "members": [
            {
                "person": _person(m.person),
                "role": m.role,
                "position_title": m.position_title,
                "represents": m.represents.name if m.represents else None,
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in body.memberships.all()
        ],
    }


def _meeting(request: HttpRequest, meeting: Meeting, *, signed_in: bool) -> dict[str, Any]:
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
        if signed_in
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

        partnership_id = (
            Partnership.objects.filter(slug=filters.partnership)
            .values_list("pk", flat=True)
            .first()
        )
        if partnership_id is None:
            raise Problem(
                422,
                f"Ukjent partnerskap «{filters.partnership}».",
                errors=[{"field": "partnership", "message": "Ukjent partnerskap."}],
            )
    queryset = selectors.meeting_full(
        selectors.meeting_list(user=user, body_id=filters.body, partnership_id=partnership_id)
    )
    result = paginate(queryset, page)
    signed_in = bool(user.is_authenticated)
    result["items"] = [_meeting(request, m, signed_in=signed_in) for m in result["items"]]
    return result


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: MeetingDetail, **READ_PROBLEMS},
    summary="Et møte med saker, vedtak, oppfølgingspunkter, oppmøte og dokumenter",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    user = api_user(request)
    meeting = selectors.meeting_detail(user=user, pk=meeting_id)
    return _meeting(request, meeting, signed_in=bool(user.is_authenticated))


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
            f"Ukjente sesjoner for dette arrangementet: {sorted(missing)}.",
            errors=[{"field": "sessions", "message": "Ukjent sesjon."}],
        )
    registration: Registration = services.registration_create(
        event=event,
        name=payload.name,
        email=payload.email,
        organization_name=payload.organization_name,
        sessions=sessions,
        person=selectors.person_for_user(request.auth),
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
    queryset = ActionItem.objects.select_related("owner").order_by("due_date", "id")
    if filters.owner:
        queryset = queryset.filter(owner_id=filters.owner)
    if filters.open:
        queryset = queryset.exclude(status="done")
    result = paginate(queryset, page)
    result["items"] = [_action(item) for item in result["items"]]
    return result


@router.patch(
    "/action-items/{int:item_id}",
    auth=write_auth,
    response={200: ActionItemDetail, **WRITE_PROBLEMS},
    summary="Endre status på et oppfølgingspunkt (utført stempler dagens dato)",
)
def update_action_item(
    request: HttpRequest, item_id: int, payload: ActionItemPatch
) -> dict[str, Any]:
    item = ActionItem.objects.select_related("owner").filter(pk=item_id).first()
    if item is None:
        raise Problem(404, "Oppfølgingspunktet finnes ikke.")
    item = services.action_item_set_status(
        action_item=item,
        status=payload.status.value,
        comment=payload.comment,
        actor=request.auth,
    )
    return _action(item)
