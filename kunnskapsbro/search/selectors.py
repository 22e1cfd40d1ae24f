"""Reads from the search index."""

from __future__ import annotations

from django.db.models import FloatField, QuerySet, Value

from kunnskapsbro.projects.models import Project
from kunnskapsbro.search.analysis import query_groups
from kunnskapsbro.search.backends import get_backend


def project_search(queryset: QuerySet[Project], q: str) -> QuerySet[Project]:
    """Filter ``queryset`` to projects matching ``q``, annotated with ``search_rank``.

    Higher ``search_rank`` is better; ordering is left to the caller. A blank ``q`` is no
    filter (``search_rank`` is then 0 for all); a ``q`` with no searchable word (only stop
    words or punctuation) matches nothing.
    """
    if not q or not q.strip():
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return get_backend().filter(queryset, query_groups(q))


def project_ids_matching(q: str, limit: int | None = None) -> list[int]:
    """Ids of all projects matching ``q``, best first (none for a blank ``q``)."""
    if not q or not q.strip():
        return []
    return get_backend().ranked_ids(query_groups(q), limit)
