"""Background work for the search index."""

from __future__ import annotations

from django_tasks import task

from kunnskapsbro.search.services import index_projects


@task()
def reindex_projects_task(project_ids: list[int] | None = None) -> int:
    """Reindex the given projects, or all of them; returns how many were indexed."""
    return index_projects(project_ids)
