"""A paginator whose COUNT is remembered briefly and whose page is fetched ids first.

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
from django.db.models import Max, QuerySet
from django.utils.functional import cached_property

COUNT_TTL = 60


def cached_count(queryset: QuerySet[Any]) -> int:
    """``queryset.count()``, cached while the table has no newer change."""
    model = queryset.model
    if not any(f.name == "updated_at" for f in model._meta.concrete_fields):
        return queryset.count()
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0  # queryset.none(), or a filter that can match nothing
    newest = model._default_manager.aggregate(newest=Max("updated_at"))["newest"]
    digest = hashlib.sha256(
        repr((queryset.db, sql, params, newest)).encode("utf-8", "surrogatepass")
    ).hexdigest()
    key = f"count:{model._meta.label_lower}:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_TTL)
    return count


def page_rows(queryset: QuerySet[Any], offset: int, limit: int) -> list[Any]:
    """One page of ``queryset``; for a search ranked by relevance, the ids first, then the
    rows of those ids only.

    Sorting a large match set (a full-text search ranked by relevance) with every column in
    tow reads every matching row; sorting ids reads only the index, and the page's rows
    (with the queryset's select_related and prefetches) are fetched by primary key after.
    """
    if not any("search_rank" in str(term) for term in queryset.query.order_by):
        return list(queryset[offset : offset + limit])  # index order: one query is cheapest
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    if not ids:
        return []
    rows = queryset.model._default_manager.using(queryset.db).filter(pk__in=ids).order_by()
    rows.query.select_related = queryset.query.select_related
    rows._prefetch_related_lookups = queryset._prefetch_related_lookups
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


class CachedCountPaginator(Paginator):
    """Counts through ``cached_count`` and fetches a page through ``page_rows``."""

    @cached_property
    def count(self) -> int:
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
        return self._get_page(page_rows(self.object_list, bottom, top - bottom), number, self)
