"""Scale-out (DESIGN.md §6): two web processes and one task worker share one database.

The test builds a fresh database (a new PostgreSQL database on the server of ``DATABASE_URL``,
or one SQLite file when that is not PostgreSQL), migrates it and loads the demo with the
``kunnskapsbro`` command, then starts ``serve --workers 1`` twice and ``db_worker`` once, as
separate processes, and checks that nothing lives in one process only:

- a title changed through web 1 is read through web 2, and found by search there;
- a project registered through web 2 is found through web 1's list with ``q=``;
- a login made on web 1 is a valid session on web 2 (sessions in the database, one secret key);
- a reindex enqueued through web 1 is run by the worker and reported through web 2.
"""

from __future__ import annotations

import re
import secrets
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.scaleout.stack import Stack, WebProcess, fresh_database, session_opener

pytestmark = pytest.mark.scaleout

STAFF_USERNAME = "drift"
STAFF_PASSWORD = "skalering-" + secrets.token_hex(8)
TASK_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    workdir: Path = tmp_path_factory.mktemp("scaleout")
    with fresh_database(workdir, prefix="kb_scaleout") as database:
        stack = Stack(database=database, workdir=workdir)
        try:
            stack.run("migrate", "--no-input", "-v", "0")
            stack.run("demo")
            stack.run(
                "createsuperuser",
                "--no-input",
                "--username",
                STAFF_USERNAME,
                "--email",
                "drift@example.org",
                DJANGO_SUPERUSER_PASSWORD=STAFF_PASSWORD,
            )
            token = stack.run("token", "create", STAFF_USERNAME, "--name", "scaleout").strip()
            web1 = stack.start_web("web1")
            web2 = stack.start_web("web2")
            worker = stack.start(
                "worker", "db_worker", "--interval", "0.5", "--no-startup-delay", "-v", "1"
            )
            web1.wait_healthy()
            web2.wait_healthy()
            yield {
                "stack": stack,
                "web1": web1,
                "web2": web2,
                "worker": worker,
                "token": token,
                "vendor": database.vendor,
            }
        except BaseException:
            print(stack.logs())  # shown by pytest when the test fails
            raise
        finally:
            stack.close()


def ok(response: Any, status: int = 200) -> Any:
    assert response.status, response
    assert response.status == status, f"HTTP {response.status}: {response.body[:2000]!r}"
    return response.json()


def search_ids(web: WebProcess, query: str, token: str) -> set[int]:
    path = "/api/v1/projects?" + urllib.parse.urlencode({"q": query, "limit": 200})
    return {item["id"] for item in ok(web.call("GET", path, token=token))["items"]}


def test_a_change_through_one_web_process_is_seen_through_the_other(cluster):
    web1, web2, token = cluster["web1"], cluster["web2"], cluster["token"]
    project = ok(web1.call("GET", "/api/v1/projects?limit=1", token=token))["items"][0]
    word = f"Skaleringsprøve{secrets.token_hex(3)}"
    title = f"{project['title']} – {word}"

    changed = ok(
        web1.call("PATCH", f"/api/v1/projects/{project['id']}", token=token, body={"title": title})
    )
    assert changed["title"] == title

    assert ok(web2.call("GET", f"/api/v1/projects/{project['id']}", token=token))["title"] == title
    assert project["id"] in search_ids(web2, word, token)


def test_a_project_registered_through_one_is_found_through_the_other(cluster):
    web1, web2, token = cluster["web1"], cluster["web2"], cluster["token"]
    word = f"Tverrprosess{secrets.token_hex(3)}"
    created = ok(
        web2.call(
            "POST",
            "/api/v1/projects",
            token=token,
            body={"partnership": "trd30", "title": f"{word}: delt database"},
        ),
        201,
    )

    assert created["id"] in search_ids(web1, word, token)
    assert (
        ok(web1.call("GET", f"/api/v1/projects/{created['id']}", token=token))["id"]
        == created["id"]
    )


def test_a_login_on_one_web_process_is_a_session_on_the_other(cluster):
    web1, web2 = cluster["web1"], cluster["web2"]
    opener, jar = session_opener()
    form = web1.call("GET", "/konto/logg-inn/", headers={"Accept": "text/html"}, opener=opener)
    assert form.status == 200
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    assert csrf, "no CSRF token on the login page"
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf.group(1).decode(),
            "username": STAFF_USERNAME,
            "password": STAFF_PASSWORD,
        }
    ).encode()
    login = web1.call(
        "POST",
        "/konto/logg-inn/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": web1.base_url + "/konto/logg-inn/",
        },
        opener=opener,
    )
    assert login.status == 302, login.body[:2000]
    assert any(cookie.name == "sessionid" for cookie in jar)

    # The session cookie made by web 1 is honoured by web 2 (cookies ignore the port).
    missing = "00000000-0000-0000-0000-000000000000"
    assert web2.call("GET", f"/api/v1/tasks/{missing}").status == 401
    assert web2.call("GET", f"/api/v1/tasks/{missing}", opener=opener).status == 404


def test_a_task_enqueued_through_one_is_run_by_the_worker_and_reported_by_the_other(cluster):
    web1, web2, token, worker = (
        cluster["web1"],
        cluster["web2"],
        cluster["token"],
        cluster["worker"],
    )
    total = ok(web1.call("GET", "/api/v1/projects?limit=1", token=token))["count"]

    enqueued = ok(web1.call("POST", "/api/v1/search/reindex", token=token), 202)
    assert enqueued["status"] in {"READY", "RUNNING", "SUCCESSFUL"}

    deadline = time.monotonic() + TASK_TIMEOUT
    seen = []
    while True:
        result = ok(web2.call("GET", f"/api/v1/tasks/{enqueued['id']}", token=token))
        seen.append(result["status"])
        if result["status"] in {"SUCCESSFUL", "FAILED"} or time.monotonic() > deadline:
            break
        assert worker.alive(), f"the task worker exited:\n{worker.log()}"
        time.sleep(0.25)

    assert result["status"] == "SUCCESSFUL", f"statuses seen: {seen}\n{worker.log()}"
    assert result["return_value"] == total
    assert result["enqueued_at"] <= result["started_at"] <= result["finished_at"]
    assert worker.alive(), worker.log()
