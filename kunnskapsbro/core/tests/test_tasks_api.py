"""The tasks API: staff start a reindex and follow it until a worker has run it.

The settings' backend (django-tasks-db) is used as in production: enqueueing stores a row, and
``db_worker --batch`` runs what is waiting, in the test's own database. The scale-out test
(``tests/scaleout/``) does the same across separate web and worker processes.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from kunnskapsbro.tests_support.factories import ProjectFactory, UserFactory

REINDEX = "/api/v1/search/reindex"


def task_url(task_id: str) -> str:
    return f"/api/v1/tasks/{task_id}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def run_worker() -> None:
    """Run what is waiting, as ``kunnskapsbro db_worker`` does; it closes connections that are
    inside a transaction, so tests that call it use ``transactional_db``."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--verbosity", "0")


@pytest.fixture
def staff_user(db: Any) -> Any:
    return UserFactory(username="siv.drift", is_staff=True)


@pytest.fixture
def staff_token(staff_user: Any, api_token_for: Any) -> str:
    return api_token_for(staff_user)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    return body


def test_staff_reindex_is_enqueued_then_run_by_the_worker(
    transactional_db, api_client, staff_token
):
    ProjectFactory.create_batch(3)

    response = api_client.post(REINDEX, headers=bearer(staff_token))

    assert response.status_code == 202, response.content
    enqueued = response.json()
    assert enqueued["status"] == "READY"
    assert enqueued["task"] == "kunnskapsbro.search.tasks.reindex_projects_task"
    assert enqueued["enqueued_at"] is not None
    assert enqueued["started_at"] is None and enqueued["return_value"] is None

    waiting = api_client.get(task_url(enqueued["id"]), headers=bearer(staff_token))
    assert waiting.status_code == 200
    assert waiting.json()["status"] == "READY"

    run_worker()

    done = api_client.get(task_url(enqueued["id"]), headers=bearer(staff_token)).json()
    assert done["id"] == enqueued["id"]
    assert done["status"] == "SUCCESSFUL"
    assert done["return_value"] == 3
    assert done["errors"] == []
    assert done["enqueued_at"] <= done["started_at"] <= done["finished_at"]


def test_staff_session_works_and_post_needs_csrf(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)

    assert_problem(client.post(REINDEX), 403)

    client.get("/konto/logg-inn/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(REINDEX, headers={"X-CSRFToken": csrf})
    assert response.status_code == 202, response.content
    assert client.get(task_url(response.json()["id"])).json()["status"] == "READY"


def test_anonymous_callers_are_refused(api_client, db):
    assert_problem(api_client.post(REINDEX), 401)
    assert_problem(api_client.get(task_url(uuid.uuid4())), 401)


def test_users_who_are_not_staff_are_refused(api_client, coordinator_token, staff_token):
    task_id = api_client.post(REINDEX, headers=bearer(staff_token)).json()["id"]

    body = assert_problem(api_client.post(REINDEX, headers=bearer(coordinator_token)), 403)
    assert "administratorer" in body["detail"]
    assert_problem(api_client.get(task_url(task_id), headers=bearer(coordinator_token)), 403)


def test_read_only_token_may_follow_but_not_start(api_client, staff_user, api_token_for):
    write_token = api_token_for(staff_user)
    read_token = api_token_for(staff_user, can_write=False, name="read")
    task_id = api_client.post(REINDEX, headers=bearer(write_token)).json()["id"]

    assert_problem(api_client.post(REINDEX, headers=bearer(read_token)), 403)
    response = api_client.get(task_url(task_id), headers=bearer(read_token))
    assert response.status_code == 200


# Fixed ids: a random one would make pytest-xdist workers collect different test names.
@pytest.mark.parametrize(
    "task_id", ["6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", "not-a-task", "1", "x" * 200]
)
def test_unknown_task_is_a_404_problem(api_client, staff_token, task_id):
    assert_problem(api_client.get(task_url(task_id), headers=bearer(staff_token)), 404)


def test_overlong_task_id_is_refused(api_client, staff_token):
    assert_problem(api_client.get(task_url("x" * 201), headers=bearer(staff_token)), 422)


def test_failed_task_reports_the_exception_class(
    transactional_db, api_client, staff_token, monkeypatch
):
    from kunnskapsbro.search import tasks

    def broken(project_ids: list[int] | None = None) -> int:
        raise RuntimeError("index unavailable")

    task_id = api_client.post(REINDEX, headers=bearer(staff_token)).json()["id"]
    monkeypatch.setattr(tasks, "index_projects", broken)
    run_worker()

    body = api_client.get(task_url(task_id), headers=bearer(staff_token)).json()
    assert body["status"] == "FAILED"
    assert body["return_value"] is None
    assert body["errors"] == [{"exception": "builtins.RuntimeError"}]


def test_immediate_backend_runs_at_once_and_keeps_no_results(api_client, staff_token, settings):
    ProjectFactory.create_batch(2)
    # django-tasks resets its backends when TASKS changes (and again when the fixture undoes it).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    response = api_client.post(REINDEX, headers=bearer(staff_token))

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "SUCCESSFUL"
    assert body["return_value"] == 2
    assert_problem(api_client.get(task_url(body["id"]), headers=bearer(staff_token)), 404)
