"""Portfolio exports (page links and API): formats, filters, visibility, formula injection,
and a fixed number of queries however many projects are exported."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kunnskapsbro.interop.exporters.spreadsheet import neutralise
from kunnskapsbro.tests_support.factories import (
    FundingLineFactory,
    OrganizationFactory,
    PartnershipFactory,
    ProjectFactory,
    ProjectIdentifierFactory,
    ProjectParticipantFactory,
    ProjectPartnerFactory,
)

PAGE_URL = "/data/eksport/portefolje.{fmt}"
API_URL = "/api/v1/projects/export"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def projects(db):
    public = ProjectFactory(
        title="Bedre skolestart for alle",
        visibility="public",
        status="active",
        start_date="2023-01-01",
        keywords=["skole"],
    )
    ProjectPartnerFactory(
        project=public, organization=OrganizationFactory(name="NTNU"), role="coordinator"
    )
    FundingLineFactory(
        project=public, status="granted", amount_granted=Decimal("1250000.50"), currency="NOK"
    )
    ProjectIdentifierFactory(project=public, scheme="rcn_project", value="326431")
    ProjectParticipantFactory(project=public, role="project_manager")
    completed = ProjectFactory(title="Avsluttet prosjekt", visibility="public", status="completed")
    internal = ProjectFactory(title="Internt utkast", visibility="internal", status="idea")
    return {"public": public, "completed": completed, "internal": internal}


@pytest.mark.parametrize("value", ["=1+1", "+47 22", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_characters_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Trygg tekst") == "Trygg tekst"
    assert neutralise(-5) == -5  # numbers are numbers, not text


def test_csv_has_norwegian_headers_iso_values_and_only_public_rows_for_anonymous(client, projects):
    response = client.get(PAGE_URL.format(fmt="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    header, data = rows[0], rows[1:]
    assert header[:3] == ["ID", "Tittel", "Tittel (engelsk)"]
    titles = {row[1] for row in data}
    assert titles == {"Bedre skolestart for alle", "Avsluttet prosjekt"}
    row = next(r for r in data if r[1] == "Bedre skolestart for alle")
    record = dict(zip(header, row, strict=True))
    assert record["Startdato"] == "2023-01-01"
    assert record["Innvilget beløp (NOK)"] == "1250000.50"
    assert record["Forskningsrådet prosjektnummer"] == "326431"
    assert record["Partnere"] == "NTNU (Koordinator)"


def test_signed_in_users_export_internal_projects_too(client_as, coordinator_user, projects):
    rows = csv_rows(client_as(coordinator_user).get(PAGE_URL.format(fmt="csv")))
    assert "Internt utkast" in {row[1] for row in rows[1:]}


def test_filters_are_the_list_pages(client, projects):
    rows = csv_rows(client.get(PAGE_URL.format(fmt="csv"), {"status": "completed"}))
    assert [row[1] for row in rows[1:]] == ["Avsluttet prosjekt"]
    rows = csv_rows(client.get(PAGE_URL.format(fmt="csv"), {"year": "2023"}))
    assert [row[1] for row in rows[1:]] == ["Bedre skolestart for alle"]


def test_injection_is_neutralised_in_csv_and_xlsx_but_json_keeps_the_value(client, db):
    ProjectFactory(title='=HYPERLINK("http://evil.example","klikk")', visibility="public")
    ProjectFactory(title="@SUM(1+1)", acronym="-1+2", visibility="public")
    rows = csv_rows(client.get(PAGE_URL.format(fmt="csv")))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","klikk")' in cells
    assert "'@SUM(1+1)" in cells and "'-1+2" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)

    response = client.get(PAGE_URL.format(fmt="xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    values = [v for row in xlsx_rows(response)[1:] for v in row if isinstance(v, str)]
    assert '\'=HYPERLINK("http://evil.example","klikk")' in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)

    data = json.loads(body(client.get(PAGE_URL.format(fmt="json"))))
    assert '=HYPERLINK("http://evil.example","klikk")' in {item["title"] for item in data["items"]}


def test_xlsx_keeps_numbers_and_dates_typed(client, projects):
    rows = xlsx_rows(client.get(PAGE_URL.format(fmt="xlsx")))
    header = rows[0]
    row = dict(
        zip(header, next(r for r in rows if r[1] == "Bedre skolestart for alle"), strict=True)
    )
    assert row["Innvilget beløp (NOK)"] == pytest.approx(1250000.50)
    assert row["Startdato"].year == 2023


def test_json_is_items_and_count(client, projects):
    data = json.loads(body(client.get(PAGE_URL.format(fmt="json"))))
    assert data["count"] == 2 == len(data["items"])
    item = next(i for i in data["items"] if i["title"] == "Bedre skolestart for alle")
    assert item["identifiers"] == {"rcn_project": "326431"}
    assert item["funding_lines"][0]["amount_granted"] == "1250000.50"
    assert item["url"].endswith(f"/prosjekter/{projects['public'].pk}/")


def test_unknown_format_is_404(client, db):
    assert client.get(PAGE_URL.format(fmt="pdf")).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_queries_do_not_grow_with_rows(client, db, fmt):
    def export_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            body(client.get(PAGE_URL.format(fmt=fmt)))
        return len(queries)

    partnership = PartnershipFactory()  # one partnership: the filter options stay the same
    ProjectFactory(visibility="public", partnership=partnership)
    export_queries()  # the first request also loads what is cached per process
    few = export_queries()
    for _ in range(12):
        project = ProjectFactory(visibility="public", partnership=partnership)
        ProjectPartnerFactory(project=project)
        FundingLineFactory(project=project)
        ProjectParticipantFactory(project=project)
    assert export_queries() == few


def test_api_export_with_filters_and_formats(api_client, projects):
    response = api_client.get(API_URL, {"format": "csv", "status": ["active"]})
    assert response.status_code == 200
    assert [row[1] for row in csv_rows(response)[1:]] == ["Bedre skolestart for alle"]
    response = api_client.get(API_URL, {"format": "json"})
    assert json.loads(body(response))["count"] == 2  # anonymous: no internal project
    response = api_client.get(API_URL, {"format": "xlsx"})
    assert len(xlsx_rows(response)) == 3


def test_api_export_with_a_token_includes_internal(api_client, projects, coordinator_token):
    response = api_client.get(
        API_URL, {"format": "json"}, headers={"Authorization": f"Bearer {coordinator_token}"}
    )
    assert json.loads(body(response))["count"] == 3


def test_api_export_refuses_a_bad_format_as_problem_json(api_client, db):
    response = api_client.get(API_URL, {"format": "pdf"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "format"


def test_list_page_links_carry_the_filters(client, projects):
    response = client.get("/prosjekter/", {"status": "active"})
    html = response.content.decode()
    assert 'href="/data/eksport/portefolje.csv?status=active"' in html
    assert 'href="/data/eksport/portefolje.xlsx?status=active"' in html
    assert 'href="/data/eksport/portefolje.json?status=active"' in html
