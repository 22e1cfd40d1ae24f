"""Background work for imports: a large commit runs here while the page polls progress."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from .models import ImportJob
from .services import import_job_commit, import_job_set_progress


@task()
def import_commit_task(job_id: int, actor_id: int | None = None) -> str:
    """Commit an import job; returns its final status."""
    job = ImportJob.objects.get(pk=job_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    job = import_job_commit(
        job=job,
        actor=actor,
        progress=lambda percent: import_job_set_progress(job_id=job_id, percent=percent),
    )
    return job.status
