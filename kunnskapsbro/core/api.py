"""The tasks API: start background work and follow it (staff only).

``POST /search/reindex`` enqueues the search app's ``reindex_projects_task`` on the configured
django-tasks backend (``django_tasks_db.DatabaseBackend`` by default, run by ``kunnskapsbro
db_worker``) and answers 202 with the task's id. ``GET /tasks/{id}`` reads the stored result,
so any web process can report on a task enqueued through any other one. Both take a session
(with CSRF for the POST) or a bearer token, and refuse users who are not staff.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_tasks import TaskResult, TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist
from ninja import Field, Path, Router, Schema

from kunnskapsbro.accounts.auth import write_auth
from kunnskapsbro.core.api_errors import ProblemDocument

router = Router(tags=["tasks"])

TaskStatus = Literal["READY", "RUNNING", "FAILED", "SUCCESSFUL"]
# django-tasks-db ids are UUIDs; other backends use other strings, so only the length is bounded.
TASK_ID_MAX_LENGTH = 200

STAFF_PROBLEMS = {401: ProblemDocument, 403: ProblemDocument}


class TaskError(Schema):
    exception: str = Field(..., description="Unntaksklassen, f.eks. «builtins.ValueError»")


class TaskOut(Schema):
    id: str
    task: str = Field(..., description="Oppgavens Python-sti")
    status: TaskStatus
    enqueued_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    return_value: Any = Field(None, description="Oppgavens svar når status er SUCCESSFUL")
    errors: list[TaskError] = []


def _require_staff(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not getattr(user, "is_staff", False):
        raise PermissionDenied(_("Bare administratorer kan starte og følge bakgrunnsoppgaver."))
    return user


def _task_out(result: TaskResult[Any]) -> dict[str, Any]:
    succeeded = result.status == TaskResultStatus.SUCCESSFUL
    return {
        "id": str(result.id),
        "task": result.task.module_path,
        "status": str(result.status.value),
        "enqueued_at": result.enqueued_at,
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "return_value": result.return_value if succeeded else None,
        "errors": [{"exception": error.exception_class_path} for error in result.errors],
    }


@router.post(
    "/search/reindex",
    auth=write_auth,
    response={202: TaskOut, **STAFF_PROBLEMS},
    summary="Bygg søkeindeksen på nytt i bakgrunnen (administratorer)",
)
def reindex(request: HttpRequest) -> tuple[int, dict[str, Any]]:
    _require_staff(request)
    # Imported here so the API (and its schema) loads without touching the task backend.
    from kunnskapsbro.search.tasks import reindex_projects_task

    result = reindex_projects_task.enqueue()
    return 202, _task_out(result)


@router.get(
    "/tasks/{task_id}",
    auth=write_auth,
    response={200: TaskOut, 404: ProblemDocument, **STAFF_PROBLEMS},
    summary="Status og svar for en bakgrunnsoppgave (administratorer)",
)
def get_task(
    request: HttpRequest,
    task_id: str = Path(..., min_length=1, max_length=TASK_ID_MAX_LENGTH),  # noqa: B008
) -> dict[str, Any]:
    _require_staff(request)
    if not default_task_backend.supports_get_result:
        # E.g. the ImmediateBackend: tasks ran at enqueue and nothing is stored.
        raise Http404("task results are not stored by this backend")
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist as exc:
        raise Http404("task not found") from exc
    return _task_out(result)
