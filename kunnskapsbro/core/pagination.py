"""A paginator whose COUNT is remembered briefly and whose page is fetched ids first.

A search ranked by relevance is the expensive case: ranking reads every match (on PostgreSQL a
broad word can match a quarter of a national portfolio, and ``ts_rank`` must look at each).
For such a query one statement fetches the first ``RANKED_WINDOW`` ids best first *and* the
number of matches (``COUNT(*) OVER ()``), so the matches are read once instead of twice, and
the result is remembered like a count: the next ten pages, the htmx refresh and the next
visitor with the same search and filters get it from the cache (the idea of Solr's
``queryResultCache``). Pages beyond the window are ranked by the database as before.

Counting the rows of a filtered or searched portfolio reads every match (tens of thousands at
national scale), and paging through a result counts the same thing again on every page. The
count is cached under the query's SQL and parameters plus the newest ``updated_at`` of the
model, so any create or edit (which stamps ``updated_at``) starts a fresh count at once; only
a deletion can leave a count stale, for at most ``COUNT_TTL`` seconds.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet, Window
from django.utils.functional import cached_property

COUNT_TTL = 60
RANKED_WINDOW = 200  # ranked ids remembered per search: ten pages of 20


def _stamped(model: Any) -> bool:
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)


def _cache_key(kind: str, queryset: QuerySet[Any]) -> str:
    """A key for ``queryset``'s SQL and parameters as of the table's newest change.

    Raises ``EmptyResultSet`` for a queryset that can match nothing.
    """
    model = queryset.model
    sql, params = queryset.query.sql_with_params()
    newest = model._default_manager.aggregate(newest=Max("updated_at"))["newest"]
    digest = hashlib.sha256(
        repr((queryset.db, sql, params, newest)).encode("utf-8", "surrogatepass")
    ).hexdigest()
    return f"{kind}:{model._meta.label_lower}:{digest}"


def cached_rows(queryset: QuerySet[Any]) -> list[Any]:
    """``list(queryset)`` for a small aggregate (a ``values_list`` of grouped counts), cached
    like a count: under its SQL and parameters plus the table's newest change, for at most
    ``COUNT_TTL`` seconds."""
    if not _stamped(queryset.model):
        return list(queryset)
    try:
        key = _cache_key("rows", queryset)
    except EmptyResultSet:
        return []
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset)
        cache.set(key, rows, COUNT_TTL)
    return rows


def is_ranked(queryset: QuerySet[Any]) -> bool:
    """True for a queryset ordered by full-text relevance (``search_rank``)."""
    return any("search_rank" in str(term) for term in queryset.query.order_by)


def ranked_window(queryset: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first ``RANKED_WINDOW`` primary keys of a ranked ``queryset``, best first, and the
    number of rows it matches, read in one statement and cached while the table has no newer
    change."""
    windowed = queryset.annotate(_matches=Window(Count("pk"))).values_list("pk", "_matches")
    try:
        key = _cache_key("ranked", windowed)
    except EmptyResultSet:
        return [], 0
    hit = cache.get(key)
    if hit is not None:
        return hit
    rows = list(windowed[:RANKED_WINDOW])
    result = ([pk for pk, _total in rows], rows[0][1] if rows else 0)
    cache.set(key, result, COUNT_TTL)
    return result


def cached_count(queryset: QuerySet[Any]) -> int:
    """``queryset.count()``, cached while the table has no newer change."""
    model = queryset.model
    if not _stamped(model):
        return queryset.count()
    if is_ranked(queryset):
        return ranked_window(queryset)[1]
    try:
        key = _cache_key("count", queryset.order_by().values("pk"))
    except EmptyResultSet:
        return 0  # queryset.none(), or a filter that can match nothing
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_TTL)
    return count


def page_rows(
    queryset: QuerySet[Any], offset: int, limit: int, window: list[Any] | None = None
) -> list[Any]:
    """One page of ``queryset``; for a search ranked by relevance, the ids first, then the
    rows of those ids only.

    Sorting a large match set (a full-text search ranked by relevance) with every column in
    tow reads every matching row; sorting ids reads only the index, and the page's rows
    (with the queryset's select_related and prefetches) are fetched by primary key after.
    """
    if not is_ranked(queryset):
        return list(queryset[offset : offset + limit])  # index order: one query is cheapest
    if _stamped(queryset.model) and offset + limit <= RANKED_WINDOW:
        ids = (window if window is not None else ranked_window(queryset)[0])[
            offset : offset + limit
        ]
    else:
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    if not ids:
        return []
    # Not the search again: the rows by primary key, with the same related rows.
    rows = queryset.model._default_manager.using(queryset.db).filter(pk__in=ids).order_by()
    rows.query.select_related = queryset.query.select_related
    rows._prefetch_related_lookups = queryset._prefetch_related_lookups
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


class CachedCountPaginator(Paginator):
    """Counts through ``cached_count`` and fetches a page through ``page_rows``."""

    @cached_property
    def _ranked(self) -> tuple[list[Any], int] | None:
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and _stamped(queryset.model) and is_ranked(queryset):
            return ranked_window(queryset)
        return None

    @cached_property
    def count(self) -> int:
        if self._ranked is not None:
            return self._ranked[1]
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count

    def page(self, number: Any) -> Any:
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        window = self._ranked[0] if self._ranked is not None else None
        rows = page_rows(self.object_list, bottom, top - bottom, window)
        return self._get_page(rows, number, self)
