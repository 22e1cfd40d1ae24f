"""Import pages: upload → preview → commit, a broken file, mapping, merge, login required."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from kunnskapsbro.interop import services

# Loaded before any test patches base.MAX_BYTES: spreadsheet.py derives its zip-bomb cap from it
# at import, and a first import under the patch would keep a tiny cap for later tests.
from kunnskapsbro.interop import views as _views  # noqa: F401
from kunnskapsbro.interop.models import ImportJob, ImportStatus
from kunnskapsbro.projects.models import Project
from kunnskapsbro.tests_support.factories import ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db

HEADER = "ID;Tittel;Startdato;Sluttdato;Status;Innvilget beløp;Finansiør\n"
GOOD = HEADER + (
    "A-1;Klimatilpasning i kommunale bygg;01.01.2025;31.12.2027;Pågående;10 000,50;RFF Midt\n"
    "A-2;Digital hjemmeoppfølging;01.03.2025;;Idé;;\n"
)
BROKEN = HEADER + (
    "A-1;Klimatilpasning;31.02.2025;;Pågående;;\n"
    "A-2;;01.01.2025;;;;\n"
    "A-3;Tredje;01.01.2025;01.01.2024;Ukjent;minus;\n"
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client(client_as: Any, coordinator_user: Any) -> Any:
    return client_as(coordinator_user)


def _upload(client: Any, partnership: Any, text: str, fmt: str = "csv", name: str = "p.csv"):
    return client.post(
        reverse("interop:import_upload"),
        {
            "format": fmt,
            "partnership": partnership.pk,
            "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv"),
        },
    )


def test_upload_preview_commit(client: Any, partnership: Any) -> None:
    response = _upload(client, partnership, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.PREVIEWED
    assert Project.objects.count() == 0  # a preview writes nothing
    page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert "Lagre alt" in html
    assert page.context["job"].created_count == 2
    assert "Klimatilpasning i kommunale bygg" in html
    response = client.post(reverse("interop:import_commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Project.objects.filter(source="spreadsheet").count() == 2
    assert job.history.filter(history_user__isnull=False).exists()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Importen ble lagret" in html and "Lagre alt" not in html
    # Re-importing the same file changes nothing.
    _upload(client, partnership, GOOD)
    again = ImportJob.objects.order_by("-pk").first()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)


def test_broken_file_shows_every_row_error_and_commits_nothing(
    client: Any, partnership: Any
) -> None:
    _upload(client, partnership, BROKEN)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Lagre alt" not in html
    rows = {(e["row"], e["column"]) for e in job.errors}
    assert {(2, "Startdato"), (3, "Tittel"), (4, "Sluttdato"), (4, "Status")} <= rows
    assert (4, "Innvilget beløp") in rows
    for error in job.errors:
        assert escape(error["message"]) in html
    assert html.count("<tr>") == len(job.errors) + 1  # the header and one row per error
    response = client.post(reverse("interop:import_commit", args=[job.pk]))
    assert response.status_code == 302
    assert Project.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_size_cap_error_is_on_the_file_field(
    client: Any, partnership: Any, monkeypatch: Any
) -> None:
    from kunnskapsbro.interop.importers import base

    monkeypatch.setattr(base, "MAX_BYTES", 100)
    response = _upload(client, partnership, GOOD)
    assert response.status_code == 200
    assert "største tillatte" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_row_cap_error_is_on_the_file_field(
    client: Any, partnership: Any, monkeypatch: Any
) -> None:
    from kunnskapsbro.interop.importers import base

    monkeypatch.setattr(base, "MAX_ROWS", 1)
    response = _upload(client, partnership, GOOD)
    assert response.status_code == 200
    assert "mer enn 1 rader" in response.context["form"].errors["file"][0]
    assert Project.objects.count() == 0


def test_own_sheet_goes_to_mapping_with_matching_headers_prefilled(
    client: Any, partnership: Any
) -> None:
    sheet = "Prosjektnr;Navn på prosjekt;Startdato\nX-1;Velferdsteknologi;01.01.2025\n"
    response = _upload(client, partnership, sheet)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("interop:import_mapping", args=[job.pk])
    page = client.get(response["Location"])
    form = page.context["form"]
    assert form["start_date"].initial == "Startdato"  # same name as in our template
    assert form["title"].initial in ("", None)
    assert '<option value="Navn på prosjekt">' in page.content.decode()
    response = client.post(
        response["Location"],
        {"id": "Prosjektnr", "title": "Navn på prosjekt", "start_date": "Startdato"},
    )
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED, job.errors
    assert job.mapping == {
        "id": "Prosjektnr",
        "title": "Navn på prosjekt",
        "start_date": "Startdato",
    }
    assert job.created_count == 1


def test_mapping_requires_id_and_title(client: Any, partnership: Any) -> None:
    _upload(client, partnership, "Nr;Navn\n1;En\n")
    job = ImportJob.objects.get()
    response = client.post(reverse("interop:import_mapping", args=[job.pk]), {"id": "Nr"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors


def test_background_commit_shows_polling_progress(
    client: Any, partnership: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    _upload(client, partnership, GOOD)
    job = ImportJob.objects.get()
    client.post(reverse("interop:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTING and job.task_id
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Oppdater" in html
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"<progress" in fragment.content and b"<h1" not in fragment.content
    from kunnskapsbro.interop.tasks import import_commit_task

    import_commit_task.call(job.pk, None)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert b"every 1s" not in client.get(job.get_absolute_url()).content


def test_template_download(client: Any) -> None:
    from openpyxl import load_workbook

    from kunnskapsbro.interop.importers.spreadsheet import COLUMNS, parse

    response = client.get(reverse("interop:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(label) for label, _r in COLUMNS.values()]
    assert rows[1][1] == "Klimatilpasning i kommunale bygg"
    parsed = parse(response.content, fmt="xlsx")
    assert parsed.errors == [] and len(parsed.records) == 1  # the example row imports cleanly


def test_job_list(client: Any, partnership: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(3):
        _upload(client, partnership, GOOD)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("interop:import_list"))
    assert response.content.decode().count("p.csv") >= 3


@pytest.mark.parametrize(
    "name",
    ["import_list", "import_upload", "import_template", "duplicates", "project_merge"],
)
def test_login_required(name: str) -> None:
    from django.test import Client

    response = Client().get(reverse(f"interop:{name}"))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def test_login_required_for_job_pages(partnership: Any, coordinator_user: Any) -> None:
    from django.test import Client

    job = services.import_job_create(
        fmt="csv", data=GOOD.encode(), filename="p.csv", partnership=partnership
    )
    for url in (
        job.get_absolute_url(),
        reverse("interop:import_mapping", args=[job.pk]),
    ):
        assert Client().get(url).status_code == 302
    assert Client().post(reverse("interop:import_commit", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_duplicates_and_merge(client: Any, partnership: Any) -> None:
    keep = ProjectFactory(
        partnership=partnership, title="Klima i bygg", status="active", summary=""
    )
    other = ProjectFactory(
        partnership=partnership,
        title="Klima i bygg",
        status="active",
        start_date=keep.start_date,
        end_date=keep.end_date,
        summary="Sammendraget",
    )
    partner = ProjectPartnerFactory(project=other)
    html = client.get(reverse("interop:duplicates")).content.decode()
    merge_url = f"{reverse('interop:project_merge')}?first={keep.pk}&amp;second={other.pk}"
    assert merge_url in html
    url = reverse("interop:project_merge")
    page = client.get(url, {"first": keep.pk, "second": other.pk, "keep": keep.pk})
    moves = page.context["moves"]
    assert [p.pk for p in moves["partners"]] == [partner.pk]
    assert "Sammendraget" in [value for _label, value in moves["fields"]]
    assert partner.organization.name in page.content.decode()
    response = client.post(
        url, {"first": keep.pk, "second": other.pk, "keep": keep.pk, "confirm": "1"}
    )
    assert response.status_code == 302 and response["Location"] == keep.get_absolute_url()
    other.refresh_from_db()
    assert other.status == "withdrawn" and other.source_id == str(keep.pk)
    assert keep.partners.filter(organization=partner.organization).exists()


def test_merge_refuses_unknown_projects(client: Any) -> None:
    assert client.get(reverse("interop:project_merge"), {"first": 1}).status_code == 404
    response = client.get(reverse("interop:project_merge"), {"first": 999, "second": 998})
    assert response.status_code == 404


def test_pages_query_counts_do_not_grow_with_rows(
    client: Any, partnership: Any, django_assert_max_num_queries: Any
) -> None:
    rows = "".join(f"B-{n};Prosjekt nummer {n};01.01.2025;;Idé;;\n" for n in range(200))
    _upload(client, partnership, HEADER + rows)
    job = ImportJob.objects.get()
    assert job.created_count == 200
    with django_assert_max_num_queries(6):
        assert client.get(job.get_absolute_url()).status_code == 200
    for n in range(6):
        ProjectFactory(partnership=partnership, title=f"Tvilling {n // 2}", summary="")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("interop:duplicates"))
    assert len(page.context["pairs"]) == 3


def test_only_coordinators_and_administrators_of_the_partnership_import(
    client_as: Any, partnership: Any, grant_role: Any, unit_leader_user: Any, outsider_user: Any
) -> None:
    from kunnskapsbro.tests_support.factories import PartnershipFactory, UserFactory

    other = PartnershipFactory(slug="annet", name="Et annet partnerskap")
    # Reading every partnership (viewer) or no role at all: no import.
    for user in (unit_leader_user, outsider_user):
        assert client_as(user).get(reverse("interop:import_upload")).status_code == 403
        listing = client_as(user).get(reverse("interop:import_list")).content.decode()
        assert reverse("interop:import_upload") not in listing
    # A coordinator of one partnership imports there, and only there.
    local = UserFactory(username="lokal.koordinator")
    grant_role(local, "coordinator", partnership=partnership)
    client = client_as(local)
    page = client.get(reverse("interop:import_upload")).content.decode()
    assert partnership.name in page and other.name not in page
    refused = _upload(client, other, GOOD)
    assert refused.status_code == 200
    assert "Du kan ikke importere til dette partnerskapet" in refused.content.decode()
    assert not ImportJob.objects.exists()
    assert _upload(client, partnership, GOOD).status_code == 302
    mine = ImportJob.objects.get()
    # A job in another partnership does not exist for them; the list leaves it out.
    theirs = services.import_job_create(
        fmt="csv", data=GOOD.encode(), filename="x.csv", partnership=other
    )
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(reverse("interop:import_commit", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("interop:import_list")).content.decode()
    assert mine.get_absolute_url() in listing and theirs.get_absolute_url() not in listing
    # Nor can they merge (or see as duplicates) the other partnership's projects.
    a = ProjectFactory(partnership=other, title="Samme prosjekt", start_date=None)
    b = ProjectFactory(partnership=other, title="Samme prosjekt", start_date=None)
    merge_url = reverse("interop:project_merge") + f"?first={a.pk}&second={b.pk}"
    assert client.get(merge_url).status_code == 404
    assert "Samme prosjekt" not in client.get(reverse("interop:duplicates")).content.decode()
    assert client_as(UserFactory(is_superuser=True)).get(merge_url).status_code == 200
