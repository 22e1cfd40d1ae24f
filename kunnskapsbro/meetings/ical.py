"""iCalendar (RFC 5545) feeds for a governance body and for a person, via the icalendar package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import ActionItem, Event, Meeting

PRODID = "-//Kunnskapsbro//Kunnskapsbro//NO"


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "kunnskapsbro"


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(
    uid: str,
    summary: str,
    start: Any,
    end: Any,
    *,
    location: str = "",
    url: str = "",
    description: str = "",
    stamp: dt.datetime | None = None,
) -> Any:
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", f"{uid}@{_host()}")
    vevent.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    vevent.add("summary", summary)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    if description:
        vevent.add("description", description)
    return vevent


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _meeting(meeting: Meeting, base_url: str) -> Any:
    end = meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)
    return _event(
        f"meeting-{meeting.pk}",
        f"{meeting.body.name}: {meeting.title}",
        _utc(meeting.starts_at),
        _utc(end),
        location=meeting.location,
        url=base_url + meeting.get_absolute_url(),
        stamp=meeting.updated_at,
    )


def _event_entry(event: Event, base_url: str) -> Any:
    end = event.ends_at or event.starts_at + dt.timedelta(hours=2)
    return _event(
        f"event-{event.pk}",
        event.title,
        _utc(event.starts_at),
        _utc(end),
        location=event.location,
        url=base_url + event.get_absolute_url(),
        description=event.topic,
        stamp=event.updated_at,
    )


def _action(item: ActionItem, base_url: str) -> Any:
    # A whole-day entry on the due date (DTEND is exclusive in RFC 5545).
    return _event(
        f"action-{item.pk}",
        f"Frist: {item.title}",
        item.due_date,
        item.due_date + dt.timedelta(days=1),
        url=base_url + item.meeting.get_absolute_url(),
        stamp=item.updated_at,
    )


def body_feed(*, name: str, meetings: Iterable[Meeting], base_url: str) -> bytes:
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_meeting(meeting, base_url))
    return calendar.to_ical()


def person_feed(
    *,
    name: str,
    meetings: Iterable[Meeting],
    events: Iterable[Event],
    action_items: Iterable[ActionItem],
    base_url: str,
) -> bytes:
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_meeting(meeting, base_url))
    for event in events:
        calendar.add_component(_event_entry(event, base_url))
    for item in action_items:
        calendar.add_component(_action(item, base_url))
    return calendar.to_ical()


def event_feed(*, event: Event, base_url: str) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_event_entry(event, base_url))
    return calendar.to_ical()
