"""Template filters for Norwegian formats: {% load nb %} then {{ d|date_long }}."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template

from kunnskapsbro.core import formatting

register = template.Library()

register.filter("date_short", formatting.date_short)
register.filter("date_long", formatting.date_long)
register.filter("datetime_short", formatting.datetime_short)
register.filter("orgnr", formatting.orgnr)
register.filter("percent", formatting.percent)


@register.filter
def number(value: Any, decimals: int = 0) -> str:
    return formatting.number(value, decimals)


@register.filter
def money(value: Any, currency: str = "NOK") -> str:
    return formatting.money(value, currency or "NOK")


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + urlencode(list(query.lists()), doseq=True)
