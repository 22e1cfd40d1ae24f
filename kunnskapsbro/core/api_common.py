"""Shared API building blocks: the one pagination scheme, bounded ids, safe text.

Pagination is ``limit``/``offset`` in and ``{"items", "count"}`` out on every list.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

DEFAULT_LIMIT = 25
MAX_LIMIT = 200
# Database ids are 64-bit; a larger number from a client is simply not found, never a crash.
MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it as bad input rather than fail in the database.
    if "\x00" in value:
        raise ValueError(_("Teksten inneholder et ugyldig tegn (NUL)."))
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Page(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Antall per side (høyst 200)")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Hopp over så mange")


def paginate(queryset: QuerySet[Any], page: Page) -> dict[str, Any]:
    """One COUNT (cached briefly, see core.pagination) and one slice; the queryset's
    prefetches run once for the page."""
    from kunnskapsbro.core.pagination import cached_count, is_ranked, page_rows, ranked_window

    window = None
    if is_ranked(queryset) and hasattr(queryset.model, "updated_at"):
        window, count = ranked_window(queryset)  # a search: ids and count in one statement
    else:
        count = cached_count(queryset)
    items = page_rows(queryset, page.offset, page.limit, window) if page.offset < count else []
    return {"items": items, "count": count}


def absolute_url(request: Any, obj: Any) -> str | None:
    """The object's page, or None while the page's URL is not wired up."""
    from django.urls import NoReverseMatch

    try:
        return request.build_absolute_uri(obj.get_absolute_url())
    except NoReverseMatch:
        return None


def plain_data(value: Any) -> Any:
    """A payload's dict with enum members as their plain values, ready for the services."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {plain_data(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    return value
