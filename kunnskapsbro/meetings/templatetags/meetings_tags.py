"""``{% load meetings_tags %}{% person_meetings_panel person %}``: follow-up and who-met-whom on a
person's page, so the organisations app needs no knowledge of meetings."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kunnskapsbro.accounts import permissions
from kunnskapsbro.meetings import selectors

register = template.Library()


@register.inclusion_tag("meetings/_person_panel.html", takes_context=True)
def person_meetings_panel(context: dict[str, Any], person: Any) -> dict[str, Any]:
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    own = signed_in and getattr(person, "user_id", None) == user.pk
    # Follow-up points and who-met-whom are internal: the person themselves and readers of
    # internal records (of the meetings' partnerships only) see them, until done.
    internal = own or permissions.reads_internal_anywhere(user)
    return {
        "person": person,
        "action_items": list(selectors.action_items_for_person(person=person, user=user))
        if internal
        else None,
        "met": selectors.person_met(person=person, user=user)[:20] if internal else [],
        "today": timezone.localdate(),
        "request": context.get("request"),
    }


@register.inclusion_tag("meetings/_follow_up_panel.html", takes_context=True)
def partnership_follow_up_panel(context: dict[str, Any], partnership: Any) -> dict[str, Any]:
    """Open follow-up points of a partnership's bodies, earliest due first (dashboard)."""
    user = context.get("user")
    # Follow-up points are internal records of the partnership.
    internal = permissions.can_read_internal(user, partnership.pk)
    items = (
        list(selectors.action_items_open(partnership_id=partnership.pk)[:20]) if internal else []
    )
    return {
        "signed_in": internal,
        "items": items,
        "today": timezone.localdate(),
        "request": context.get("request"),
    }
