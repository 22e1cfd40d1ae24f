"""Writes to the search index. Call these after the project's transaction has committed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from django.db import transaction

from kunnskapsbro.projects.models import Project
from kunnskapsbro.search.analysis import index_terms
from kunnskapsbro.search.backends import DocumentRow, get_backend

# Title weight: what a project is called. Body: what it is about.
TITLE_FIELDS = ("title", "title_en", "acronym")
BODY_FIELDS = ("summary", "summary_en", "popular_summary", "popular_summary_en")
INDEXED_FIELDS = ("id", *TITLE_FIELDS, "keywords", *BODY_FIELDS)


def _document_row(values: Mapping[str, Any]) -> DocumentRow:
    keywords = values.get("keywords") or []
    if not isinstance(keywords, list):
        keywords = [keywords]
    title_source = [values.get(name) or "" for name in TITLE_FIELDS]
    title_source += [str(keyword) for keyword in keywords if keyword]
    title_terms = index_terms(" \n ".join(title_source))
    body_terms = index_terms(" \n ".join(values.get(name) or "" for name in BODY_FIELDS))
    return values["id"], " ".join(title_terms), " ".join(title_terms + body_terms)


def index_project(project: Project) -> None:
    """Write the search document of one project (as the instance is now)."""
    values = {name: getattr(project, name) for name in INDEXED_FIELDS if name != "id"}
    get_backend().write([_document_row({"id": project.pk, **values})])


def index_projects(project_ids: Iterable[int] | None = None, batch_size: int = 2000) -> int:
    """(Re)index the given projects, or all; returns how many were indexed.

    Ids whose project no longer exists have their document removed, so the call is idempotent
    and safe to run for any list of changed ids.
    """
    backend = get_backend()
    count = 0
    if project_ids is None:
        last_id = 0
        while True:
            batch = list(
                Project.objects.filter(id__gt=last_id)
                .order_by("id")
                .values(*INDEXED_FIELDS)[:batch_size]
            )
            if not batch:
                backend.optimize()
                return count
            with transaction.atomic():
                backend.write([_document_row(values) for values in batch])
            count += len(batch)
            last_id = batch[-1]["id"]
    ids = iter(sorted(set(project_ids)))
    while chunk := list(islice(ids, batch_size)):
        batch = list(Project.objects.filter(id__in=chunk).order_by("id").values(*INDEXED_FIELDS))
        gone = set(chunk) - {values["id"] for values in batch}
        with transaction.atomic():
            backend.write([_document_row(values) for values in batch])
            if gone:
                backend.delete(sorted(gone))
        count += len(batch)
    return count


def remove_project(project_id: int) -> None:
    """Remove a project from the index (deleting the project also does this)."""
    get_backend().delete([project_id])
