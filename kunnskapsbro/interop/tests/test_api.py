"""The import API: upload, read, mapping, commit (409 with errors), list; auth and problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kunnskapsbro.interop import services

# Loaded before any test patches base.MAX_BYTES: spreadsheet.py derives its zip-bomb cap from it
# at import, and a first import under the patch would keep a tiny cap for later tests.
from kunnskapsbro.interop import views as _views  # noqa: F401
from kunnskapsbro.interop.models import ImportJob, ImportStatus
from kunnskapsbro.projects.models import Project

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports"
GOOD = (
    "ID;Tittel;Startdato;Status\n"
    "A-1;Klimatilpasning i kommunale bygg;01.01.2025;Pågående\n"
    "A-2;Digital hjemmeoppfølging;01.03.2025;Idé\n"
)
BROKEN = "ID;Tittel;Startdato\nA-1;;01.01.2025\nA-2;To;32.01.2025\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def auth(coordinator_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {coordinator_token}"}


def _post(api_client: Any, auth: dict[str, str], text: str, **extra: Any) -> Any:
    data = {
        "format": "csv",
        "partnership": "trd30",
        "file": SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv"),
        **extra,
    }
    return api_client.post(URL, data, headers=auth)


def test_upload_then_commit(api_client: Any, auth: dict[str, str], partnership: Any) -> None:
    response = _post(api_client, auth, GOOD)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "previewed"
    assert (body["row_count"], body["created_count"], body["error_count"]) == (2, 2, 0)
    assert body["partnership"] == "trd30" and body["errors"] == []
    assert body["preview"][0]["action"] == "created"
    assert body["url"].endswith(f"/data/import/{body['id']}/")
    assert Project.objects.count() == 0
    job_url = f"{URL}/{body['id']}"
    assert api_client.get(job_url, headers=auth).json()["status"] == "previewed"
    response = api_client.post(f"{job_url}/commit", headers=auth)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "committed" and response.json()["progress"] == 100
    assert Project.objects.filter(source="spreadsheet").count() == 2
    again = api_client.post(f"{job_url}/commit", headers=auth)
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    listing = api_client.get(URL, {"limit": 1}, headers=auth).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == body["id"]
    assert "errors" not in listing["items"][0]


def test_errors_name_rows_and_commit_is_409(
    api_client: Any, auth: dict[str, str], partnership: Any
) -> None:
    body = _post(api_client, auth, BROKEN).json()
    assert body["status"] == "failed" and body["error_count"] == 2
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(2, "Tittel"), (3, "Startdato")]
    response = api_client.post(f"{URL}/{body['id']}/commit", headers=auth)
    assert response.status_code == 409
    problem = response.json()
    assert problem["status"] == 409 and "2 feil" in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == ["rad 2: Tittel", "rad 3: Startdato"]
    assert Project.objects.count() == 0


def test_mapping(api_client: Any, auth: dict[str, str], partnership: Any) -> None:
    body = _post(api_client, auth, "Nr;Navn\nX-1;Velferdsteknologi\n").json()
    assert body["status"] == "failed" and body["headers"] == ["Nr", "Navn"]
    url = f"{URL}/{body['id']}/mapping"
    response = api_client.post(
        url,
        {"mapping": {"id": "Nr", "title": "Navn"}},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "previewed"
    assert response.json()["mapping"] == {"id": "Nr", "title": "Navn"}
    bad = api_client.post(
        url, {"mapping": {"title": "Finnes ikke"}}, content_type="application/json", headers=auth
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "mapping"
    unknown = api_client.post(
        url, {"mapping": {"tittel": "Navn"}}, content_type="application/json", headers=auth
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "mapping.tittel"


def test_bad_upload_names_the_field(
    api_client: Any, auth: dict[str, str], partnership: Any, monkeypatch: Any
) -> None:
    response = _post(api_client, auth, GOOD, format="pdf")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "format"
    response = _post(api_client, auth, GOOD, partnership="nope")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "partnership"
    from kunnskapsbro.interop.importers import base

    monkeypatch.setattr(base, "MAX_BYTES", 10)
    response = _post(api_client, auth, GOOD)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "file"
    assert not ImportJob.objects.exists()


def test_large_file_commits_in_the_background(
    api_client: Any, auth: dict[str, str], partnership: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    body = _post(api_client, auth, GOOD).json()
    response = api_client.post(f"{URL}/{body['id']}/commit", headers=auth)
    assert response.status_code == 202
    assert response.json()["status"] == "committing"
    services.import_job_set_progress(job_id=body["id"], percent=40)
    assert api_client.get(f"{URL}/{body['id']}", headers=auth).json()["progress"] == 40
    from kunnskapsbro.interop.tasks import import_commit_task

    import_commit_task.call(body["id"], None)
    job = ImportJob.objects.get(pk=body["id"])
    assert job.status == ImportStatus.COMMITTED


def test_auth(api_client: Any, partnership: Any, api_token_for: Any, coordinator_user: Any) -> None:
    assert api_client.get(URL).status_code == 401
    assert _post(api_client, {}, GOOD).status_code == 401
    reader = {"Authorization": f"Bearer {api_token_for(coordinator_user, can_write=False)}"}
    assert _post(api_client, reader, GOOD).status_code == 403
    assert not ImportJob.objects.exists()
    assert api_client.get(f"{URL}/999", headers=reader).status_code == 404


def test_import_needs_the_coordinator_role_in_the_partnership(
    api_client: Any, api_token_for: Any, grant_role: Any, partnership: Any, auth: dict[str, str]
) -> None:
    from kunnskapsbro.tests_support.factories import PartnershipFactory, UserFactory

    other = PartnershipFactory(slug="annet")
    local = UserFactory(username="lokal.koordinator")
    grant_role(local, "coordinator", partnership=partnership)
    mine = {"Authorization": f"Bearer {api_token_for(local)}"}
    data = {
        "format": "csv",
        "partnership": "annet",
        "file": SimpleUploadedFile("p.csv", GOOD.encode("utf-8"), content_type="text/csv"),
    }
    refused = api_client.post(URL, data, headers=mine)
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "annet" in refused.json()["detail"]
    theirs = _post(api_client, auth, GOOD, partnership="annet").json()
    assert api_client.get(f"{URL}/{theirs['id']}", headers=mine).status_code == 404
    assert api_client.post(f"{URL}/{theirs['id']}/commit", headers=mine).status_code == 404
    assert api_client.get(URL, headers=mine).json()["count"] == 0
    assert other.projects.count() == 0
