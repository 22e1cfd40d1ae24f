"""The projects API: list and filters, visibility, writes with field errors, lifecycle, tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.projects.models import Project, ProjectIdentifier, StatusTransition
from kunnskapsbro.tests_support.factories import (
    CrossCuttingElementFactory,
    FocusAreaFactory,
    FundingLineFactory,
    OrganizationFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    ProjectIdentifierFactory,
    ProjectPartnerFactory,
)

URL = "/api/v1/projects"
PROBLEM = "application/problem+json"


@pytest.fixture
def portfolio(db: Any) -> dict[str, Any]:
    partnership = PartnershipFactory(slug="trd30")
    other = PartnershipFactory(slug="vest")
    health = FocusAreaFactory(partnership=partnership, name="Helse")
    school = FocusAreaFactory(partnership=partnership, name="Skole")
    element = CrossCuttingElementFactory(partnership=partnership, name="Innovasjon")
    ntnu = OrganizationFactory(name="NTNU", kind="university")
    rcn = OrganizationFactory(name="Forskningsrådet", kind="public_agency")
    unit = OrgUnitFactory(name="Østbyen")
    public = ProjectFactory(
        partnership=partnership,
        title="Velferdsteknologi i hjemmetjenesten",
        visibility="public",
        status="active",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2025, 12, 31),
        focus_areas=[health],
        elements=[element],
        municipal_units=[unit],
    )
    ProjectPartnerFactory(project=public, organization=ntnu, role="responsible_institution")
    FundingLineFactory(project=public, funder=rcn, amount_granted=1000000)
    ProjectIdentifierFactory(project=public, scheme="rcn_project", value="326789")
    school_project = ProjectFactory(
        partnership=partnership,
        title="Lesing i barneskolen",
        visibility="public",
        status="idea",
        kind="innovation",
        focus_areas=[school],
    )
    internal = ProjectFactory(partnership=other, title="Intern idé", visibility="internal")
    return {
        "partnership": partnership,
        "health": health,
        "school": school,
        "element": element,
        "ntnu": ntnu,
        "rcn": rcn,
        "unit": unit,
        "public": public,
        "school_project": school_project,
        "internal": internal,
    }


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def assert_problem(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "errors"} <= set(body)
    if field is not None:
        fields = [error["field"] for error in body["errors"]]
        assert any(f == field or (f or "").startswith(field + ".") for f in fields), body
    return body


# --- reads ------------------------------------------------------------------------------


def test_anonymous_sees_public_projects_only(api_client, portfolio):
    response = api_client.get(URL)
    assert ids(response) == {portfolio["public"].pk, portfolio["school_project"].pk}
    assert response.json()["count"] == 2


def test_reader_of_the_partnership_sees_internal_projects(client_as, unit_leader_user, portfolio):
    assert portfolio["internal"].pk in ids(client_as(unit_leader_user).get(URL))


def test_signed_in_user_without_a_role_sees_only_public_projects(
    client_as, outsider_user, portfolio
):
    assert portfolio["internal"].pk not in ids(client_as(outsider_user).get(URL))
    response = client_as(outsider_user).get(f"{URL}/{portfolio['internal'].pk}")
    assert response.status_code == 404


def test_bearer_token_user_sees_internal_projects(api_client, coordinator_token, portfolio):
    response = api_client.get(URL, headers={"Authorization": f"Bearer {coordinator_token}"})
    assert portfolio["internal"].pk in ids(response)


def test_list_item_shape(api_client, portfolio):
    item = next(i for i in api_client.get(URL).json()["items"] if i["id"] == portfolio["public"].pk)
    assert item["partnership"] == "trd30"
    assert item["status"] == "active"
    assert item["focus_areas"] == [{"id": portfolio["health"].pk, "name": "Helse"}]
    assert item["identifiers"] == {"rcn_project": "326789"}
    assert item["start_date"] == "2023-01-01"
    assert {"title_en", "acronym", "kind", "visibility", "url", "end_date"} <= set(item)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda p: {"status": ["active", "idea"]}, {"public", "school_project"}),
        (lambda p: {"status": "active"}, {"public"}),
        (lambda p: {"kind": "innovation"}, {"school_project"}),
        (lambda p: {"focus_area": p["school"].pk}, {"school_project"}),
        (lambda p: {"focus_area": [p["school"].pk, p["health"].pk]}, {"public", "school_project"}),
        (lambda p: {"element": p["element"].pk}, {"public"}),
        (lambda p: {"partner": p["ntnu"].pk}, {"public"}),
        (lambda p: {"partner": p["ntnu"].orgnr}, {"public"}),
        (lambda p: {"partner": "999999999"}, set()),
        (lambda p: {"unit": p["unit"].pk}, {"public"}),
        (lambda p: {"funder": p["rcn"].pk}, {"public"}),
        (lambda p: {"year": 2024}, {"public"}),
        (lambda p: {"year": 2030}, set()),
        (lambda p: {"partnership": "trd30"}, {"public", "school_project"}),
        (lambda p: {"partnership": "finnes-ikke"}, set()),
    ],
)
def test_filters(api_client, portfolio, query, expected):
    response = api_client.get(URL, query(portfolio))
    assert ids(response) == {portfolio[name].pk for name in expected}


def test_visibility_filter_for_signed_in_user(client_as, coordinator_user, portfolio):
    response = client_as(coordinator_user).get(URL, {"visibility": "internal"})
    assert ids(response) == {portfolio["internal"].pk}


def test_sort_and_pagination(api_client, portfolio):
    body = api_client.get(URL, {"sort": "title", "limit": 1}).json()
    assert body["count"] == 2
    assert [i["title"] for i in body["items"]] == ["Lesing i barneskolen"]
    body = api_client.get(URL, {"sort": "title", "limit": 1, "offset": 1}).json()
    assert [i["title"] for i in body["items"]] == ["Velferdsteknologi i hjemmetjenesten"]
    assert api_client.get(URL, {"offset": 50}).json() == {"items": [], "count": 2}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"year": 0}])
def test_bad_paging_and_filter_values_are_problems(api_client, portfolio, params):
    name = next(iter(params))
    assert_problem(api_client.get(URL, params), 422, name)


def test_unknown_status_filter_is_a_problem(api_client, portfolio):
    assert_problem(api_client.get(URL, {"status": "nonsense"}), 422, "status")


def test_list_query_count_does_not_grow_with_rows(api_client, portfolio):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(URL, {"limit": 200}).status_code == 200
        return len(ctx)

    few = count_queries()
    for _ in range(12):
        project = ProjectFactory(
            partnership=portfolio["partnership"],
            visibility="public",
            focus_areas=[portfolio["health"], portfolio["school"]],
        )
        ProjectIdentifierFactory(project=project)
        ProjectPartnerFactory(project=project)
    assert count_queries() == few
    # newest change (the count cache's key, core.pagination), count, page, partnerships,
    # focus areas, partners, identifiers
    assert few <= 7


def test_search_by_q(api_client, db, django_capture_on_commit_callbacks):
    from kunnskapsbro.projects.services import project_create

    partnership = PartnershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        hit = project_create(
            partnership=partnership, title="Velferdsteknologi for eldre", visibility="public"
        )
        project_create(partnership=partnership, title="Lesing i skolen", visibility="public")
    assert ids(api_client.get(URL, {"q": "velferdsteknologi"})) == {hit.pk}


def test_detail_is_full(api_client, portfolio):
    project = portfolio["public"]
    body = api_client.get(f"{URL}/{project.pk}").json()
    assert body["partners"][0]["organization"] == {
        "id": portfolio["ntnu"].pk,
        "name": "NTNU",
        "orgnr": portfolio["ntnu"].orgnr,
        "slug": portfolio["ntnu"].slug,
    }
    assert body["partners"][0]["role"] == "responsible_institution"
    assert body["funding_lines"][0]["funder"]["id"] == portfolio["rcn"].pk
    assert body["elements"] == [{"id": portfolio["element"].pk, "name": "Innovasjon"}]
    assert body["municipal_units"][0]["id"] == portfolio["unit"].pk
    assert body["allowed_transitions"] == ["completed", "withdrawn", "terminated"]
    assert {"summary", "keywords", "sdgs", "links", "participants"} <= set(body)


def test_detail_of_internal_project_is_404_for_anonymous(api_client, portfolio):
    body = assert_problem(api_client.get(f"{URL}/{portfolio['internal'].pk}"), 404)
    assert "type" in body


def test_detail_of_missing_project_is_404(api_client, db):
    assert_problem(api_client.get(f"{URL}/987654"), 404)


# --- writes -----------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post(client: Any, url: str, data: Any, token: str | None = None) -> Any:
    headers = bearer(token) if token else {}
    return client.post(url, data, content_type="application/json", headers=headers)


def patch(client: Any, url: str, data: Any, token: str | None = None) -> Any:
    headers = bearer(token) if token else {}
    return client.patch(url, data, content_type="application/json", headers=headers)


def test_create_project_with_everything(api_client, coordinator_token, coordinator_user, portfolio):
    person = PersonFactory(slug="rita-forsker")
    payload = {
        "partnership": "trd30",
        "title": "Digital hjemmeoppfølging",
        "acronym": "DIGIHJEM",
        "kind": "innovation",
        "visibility": "public",
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "focus_areas": [portfolio["health"].pk],
        "elements": [portfolio["element"].pk],
        "municipal_units": [portfolio["unit"].pk],
        "keywords": ["velferdsteknologi", "hjemmetjeneste"],
        "sdgs": [3],
        "partners": [
            {"organization": portfolio["ntnu"].orgnr, "role": "responsible_institution"},
            {"organization": portfolio["rcn"].pk, "role": "funder", "contribution": "500000"},
        ],
        "participants": [{"person": "rita-forsker", "role": "project_manager"}],
        "funding_lines": [
            {
                "funder": portfolio["rcn"].pk,
                "programme": "FORSKKOM",
                "status": "applied",
                "amount_applied": "2000000.00",
                "start_date": "2025-01-01",
                "end_date": "2027-12-31",
            }
        ],
        "identifiers": {"rcn_project": "345678"},
        "links": [{"url": "https://example.no/digihjem", "label": "Prosjektside"}],
    }
    response = post(api_client, URL, payload, coordinator_token)
    assert response.status_code == 201, response.content
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert project.created_by == coordinator_user
    assert body["identifiers"] == {"rcn_project": "345678"}
    assert {p["role"] for p in body["partners"]} == {"responsible_institution", "funder"}
    assert body["participants"][0]["person"]["id"] == person.pk
    assert body["funding_lines"][0]["amount_applied"] == "2000000.00"
    assert body["keywords"] == ["velferdsteknologi", "hjemmetjeneste"]
    assert project.history.first().history_user == coordinator_user


def test_create_with_session_and_csrf(client_as, coordinator_user, portfolio):
    client = client_as(coordinator_user, enforce_csrf_checks=True)
    response = post(client, URL, {"partnership": "trd30", "title": "Uten CSRF"})
    assert_problem(response, 403)
    client.get("/api/v1/docs")  # any page that sets the CSRF cookie would do
    token = client.cookies.get("csrftoken")
    if token is None:
        from django.middleware.csrf import _get_new_csrf_string

        token_value = _get_new_csrf_string()
        client.cookies["csrftoken"] = token_value
    else:
        token_value = token.value
    response = client.post(
        URL,
        {"partnership": "trd30", "title": "Med CSRF"},
        content_type="application/json",
        headers={"X-CSRFToken": token_value},
    )
    assert response.status_code == 201, response.content
    assert not Project.objects.filter(title="Uten CSRF").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: {"start_date": "2025-06-01", "end_date": "2025-01-01"}, "end_date"),
        (
            lambda p: {"funding_lines": [{"funder": p["rcn"].pk, "amount_applied": "-5"}]},
            "funding_lines",
        ),
        (lambda p: {"focus_areas": [987654]}, "focus_areas"),
        (lambda p: {"identifiers": {"rcn_project": "326789"}}, "identifiers"),
        (lambda p: {"identifiers": {"no_such_scheme": "1"}}, "identifiers"),
        (lambda p: {"partners": [{"organization": "123456789"}]}, "partners"),
        (lambda p: {"participants": [{"person": "ingen", "role": "researcher"}]}, "participants"),
        (lambda p: {"partnership": "finnes-ikke"}, "partnership"),
        (lambda p: {"title": ""}, "title"),
        (lambda p: {"kind": "nonsense"}, "kind"),
        (lambda p: {"sdgs": [18]}, "sdgs"),
        (lambda p: {"start_date": "2025-02-30"}, "start_date"),
        (lambda p: {"website": "not a url"}, "website"),
    ],
)
def test_create_field_errors_save_nothing(api_client, coordinator_token, portfolio, change, field):
    before = Project.objects.count()
    payload = {"partnership": "trd30", "title": "Feil", **change(portfolio)}
    assert_problem(post(api_client, URL, payload, coordinator_token), 422, field)
    assert Project.objects.count() == before


def test_focus_area_of_another_partnership_is_refused(api_client, coordinator_token, portfolio):
    foreign = FocusAreaFactory()
    payload = {"partnership": "trd30", "title": "Feil", "focus_areas": [foreign.pk]}
    assert_problem(post(api_client, URL, payload, coordinator_token), 422, "focus_areas")


def test_malformed_json_is_a_problem(api_client, coordinator_token, portfolio):
    response = api_client.post(
        URL, "{not json", content_type="application/json", headers=bearer(coordinator_token)
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == PROBLEM


def test_patch_changes_only_what_is_sent(api_client, coordinator_token, portfolio):
    project = portfolio["public"]
    response = patch(
        api_client,
        f"{URL}/{project.pk}",
        {"title_en": "Welfare technology", "focus_areas": [portfolio["school"].pk]},
        coordinator_token,
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.title_en == "Welfare technology"
    assert project.title == "Velferdsteknologi i hjemmetjenesten"
    assert list(project.focus_areas.all()) == [portfolio["school"]]
    assert project.partners.count() == 1  # not sent, not touched


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end_date": "2020-01-01"}, "end_date"),
        ({"focus_areas": [987654]}, "focus_areas"),
        ({"title": None}, "title"),
        ({"own_contribution_hours": "-1"}, "own_contribution_hours"),
    ],
)
def test_patch_field_errors_save_nothing(api_client, coordinator_token, portfolio, change, field):
    project = portfolio["public"]
    other = ProjectFactory(partnership=portfolio["partnership"])
    ProjectIdentifierFactory(project=other, scheme="doi", value="10.1/x")
    response = patch(api_client, f"{URL}/{project.pk}", change, coordinator_token)
    assert_problem(response, 422, field)
    project.refresh_from_db()
    assert project.end_date == dt.date(2025, 12, 31)
    assert list(project.focus_areas.all()) == [portfolio["health"]]


def test_patch_duplicate_identifier_saves_nothing(api_client, coordinator_token, portfolio):
    other = ProjectFactory(partnership=portfolio["partnership"])
    ProjectIdentifierFactory(project=other, scheme="doi", value="10.1/x")
    project = portfolio["public"]
    response = patch(
        api_client,
        f"{URL}/{project.pk}",
        {"title": "Nytt navn", "identifiers": {"doi": "10.1/x"}},
        coordinator_token,
    )
    assert_problem(response, 422, "identifiers")
    project.refresh_from_db()
    assert project.title == "Velferdsteknologi i hjemmetjenesten"
    assert not ProjectIdentifier.objects.filter(project=project, scheme="doi").exists()


def test_patch_of_missing_project_is_404(api_client, coordinator_token, db):
    assert_problem(patch(api_client, f"{URL}/987654", {"title": "x"}, coordinator_token), 404)


# --- auth -------------------------------------------------------------------------------


def test_anonymous_write_is_401(api_client, portfolio):
    response = post(api_client, URL, {"partnership": "trd30", "title": "Anonym"})
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401_even_for_reads(api_client, portfolio):
    assert_problem(api_client.get(URL, headers=bearer("kb_wrong")), 401)
    assert_problem(post(api_client, URL, {"partnership": "trd30", "title": "x"}, "kb_wrong"), 401)


def test_revoked_token_is_refused(api_client, coordinator_user, portfolio):
    from kunnskapsbro.accounts.services import api_token_create, api_token_revoke

    token, secret = api_token_create(user=coordinator_user)
    api_token_revoke(token=token)
    response = post(api_client, URL, {"partnership": "trd30", "title": "x"}, secret)
    assert_problem(response, 401)
    assert not Project.objects.filter(title="x").exists()


def test_read_only_token_reads_but_cannot_write(
    api_client, coordinator_user, api_token_for, portfolio
):
    secret = api_token_for(coordinator_user, can_write=False)
    assert portfolio["internal"].pk in ids(api_client.get(URL, headers=bearer(secret)))
    response = post(api_client, URL, {"partnership": "trd30", "title": "x"}, secret)
    assert_problem(response, 403)
    response = patch(api_client, f"{URL}/{portfolio['public'].pk}", {"title": "y"}, secret)
    assert_problem(response, 403)
    assert not Project.objects.filter(title__in=["x", "y"]).exists()


# --- lifecycle --------------------------------------------------------------------------


def test_transition_and_list(api_client, coordinator_token, portfolio):
    project = portfolio["school_project"]
    url = f"{URL}/{project.pk}/transitions"
    response = post(
        api_client, url, {"to": "assessment", "comment": "Til enheten"}, coordinator_token
    )
    assert response.status_code == 201, response.content
    assert response.json()["to_status"] == "assessment"
    project.refresh_from_db()
    assert project.status == "assessment"
    body = api_client.get(url, headers=bearer(coordinator_token)).json()
    assert body["count"] == 1
    assert body["items"][0]["actor"] == "Kari Koordinator"
    assert body["allowed_transitions"] == ["declined", "preparing", "withdrawn", "terminated"]
    # Anonymous callers see the steps of a public project, not who took them.
    assert api_client.get(url).json()["items"][0]["actor"] is None


def test_illegal_transition_is_409_naming_to(api_client, coordinator_token, portfolio):
    project = portfolio["school_project"]
    response = post(
        api_client, f"{URL}/{project.pk}/transitions", {"to": "completed"}, coordinator_token
    )
    assert_problem(response, 409, "to")
    project.refresh_from_db()
    assert project.status == "idea"
    assert not StatusTransition.objects.filter(project=project).exists()


def test_transition_needing_a_comment_is_422_naming_comment(
    api_client, coordinator_token, portfolio
):
    project = portfolio["school_project"]
    response = post(
        api_client, f"{URL}/{project.pk}/transitions", {"to": "withdrawn"}, coordinator_token
    )
    assert_problem(response, 422, "comment")


def test_unknown_target_status_is_422_naming_to(api_client, coordinator_token, portfolio):
    project = portfolio["school_project"]
    response = post(
        api_client, f"{URL}/{project.pk}/transitions", {"to": "flying"}, coordinator_token
    )
    assert_problem(response, 422, "to")


def test_transitions_of_internal_project_are_hidden_from_anonymous(api_client, portfolio):
    assert_problem(api_client.get(f"{URL}/{portfolio['internal'].pk}/transitions"), 404)


def test_q_without_searchable_words_matches_nothing(api_client, portfolio):
    # Found by schemathesis: a query of only punctuation (q=":") must not be a server error.
    response = api_client.get(URL, {"q": ":"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
