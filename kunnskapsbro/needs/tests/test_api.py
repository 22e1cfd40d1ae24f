"""The needs API: match, need matches, needs and the oppgavebank; problem+json on bad input."""

from __future__ import annotations

import pytest

from kunnskapsbro.needs.models import KnowledgeNeed
from kunnskapsbro.needs.services import assignment_create, need_create, need_transition
from kunnskapsbro.tests_support.factories import ProjectFactory, ProjectIdentifierFactory


@pytest.fixture
def dementia_project(needs_world):
    project = ProjectFactory(
        partnership=needs_world.partnership,
        title="How to best meet the needs of people with dementia",
        visibility="public",
    )
    ProjectIdentifierFactory(project=project, scheme="eu_grant", value="779237")
    return project


def test_match_returns_items_with_reason_and_identifiers(api_client, dementia_project):
    response = api_client.get("/api/v1/match", {"q": "nattlig uro hos beboere med demens"})
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["kind"] == "project"
    assert item["id"] == dementia_project.pk
    assert item["identifiers"] == {"eu_grant": "779237"}
    assert item["reason"].startswith("Treff på: demens")
    assert item["score"] > 0
    assert set(item) >= {"kind", "id", "title", "score", "reason", "identifiers"}


def test_match_validates_kind_and_limit(api_client, db):
    response = api_client.get("/api/v1/match", {"q": "demens", "kind": "planet"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert api_client.get("/api/v1/match", {"q": "demens", "limit": 500}).status_code == 422
    assert api_client.get("/api/v1/match").status_code == 422


def test_need_matches_and_visibility(api_client, needs_world, dementia_project, coordinator_user):
    need = need_create(
        partnership=needs_world.partnership,
        title="Uro hos personer med demens",
        problem="Nattlig uro.",
        visibility="public",
    )
    assert api_client.get(f"/api/v1/needs/{need.pk}/matches").status_code == 404  # not published
    need_transition(need=need, to_status="prioritised", priority_rank=1, actor=coordinator_user)
    need_transition(need=need, to_status="published", actor=coordinator_user)
    response = api_client.get(f"/api/v1/needs/{need.pk}/matches", {"kind": "project"})
    assert response.status_code == 200
    assert [i["id"] for i in response.json()["items"]] == [dementia_project.pk]


def test_create_need_and_transition(api_client, needs_world, coordinator_token):
    auth = {"Authorization": f"Bearer {coordinator_token}"}
    response = api_client.post(
        "/api/v1/needs",
        {
            "partnership": needs_world.partnership.slug,
            "title": "Ensomhet",
            "problem": "Eldre er ensomme.",
            "focus_area": needs_world.health.pk,
        },
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 201, response.content
    need_id = response.json()["id"]
    assert response.json()["status"] == "new"
    bad = api_client.post(
        f"/api/v1/needs/{need_id}/transitions",
        {"to": "published"},
        content_type="application/json",
        headers=auth,
    )
    assert bad.status_code == 409
    missing = api_client.post(
        f"/api/v1/needs/{need_id}/transitions",
        {"to": "prioritised"},
        content_type="application/json",
        headers=auth,
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "priority_rank"
    ok = api_client.post(
        f"/api/v1/needs/{need_id}/transitions",
        {"to": "prioritised", "priority_rank": 1, "comment": "Viktig"},
        content_type="application/json",
        headers=auth,
    )
    assert ok.status_code == 201
    assert KnowledgeNeed.objects.get(pk=need_id).status == "prioritised"


def test_create_need_unknown_partnership(api_client, db, coordinator_token):
    response = api_client.post(
        "/api/v1/needs",
        {"partnership": "nope", "title": "x", "problem": "y"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {coordinator_token}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "partnership"
    assert not KnowledgeNeed.objects.exists()


def test_assignments_and_interest(
    api_client, needs_world, coordinator_user, api_token_for, student_user
):
    need = need_create(
        partnership=needs_world.partnership,
        title="Uro",
        problem="Uro om natten.",
        visibility="public",
        focus_area=needs_world.health,
    )
    need_transition(need=need, to_status="prioritised", priority_rank=1, actor=coordinator_user)
    need_transition(need=need, to_status="published", actor=coordinator_user)
    assignment = assignment_create(
        need=need,
        title="Uro om natten",
        description="d",
        level="master",
        discipline="Sykepleie",
        semester="H2026",
    )
    listing = api_client.get("/api/v1/assignments", {"level": "master"}).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == assignment.pk
    assert api_client.get("/api/v1/assignments", {"level": "phd"}).json()["count"] == 0
    token = api_token_for(student_user)
    url = f"/api/v1/assignments/{assignment.pk}/interests"
    first = api_client.post(
        url,
        {"message": "Jeg vil"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert first.status_code == 201
    again = api_client.post(
        url, {}, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert again.status_code == 409
    assert api_client.post(url, {}, content_type="application/json").status_code in (401, 403)


def test_add_answers(api_client, needs_world, coordinator_token, dementia_project):
    auth = {"Authorization": f"Bearer {coordinator_token}"}
    need = need_create(partnership=needs_world.partnership, title="Uro", problem="p")
    url = f"/api/v1/needs/{need.pk}/answers"
    ok = api_client.post(
        url,
        {"kind": "project", "project": dementia_project.pk},
        content_type="application/json",
        headers=auth,
    )
    assert ok.status_code == 201 and ok.json()["id"] == dementia_project.pk
    again = api_client.post(
        url,
        {"kind": "project", "project": dementia_project.pk},
        content_type="application/json",
        headers=auth,
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "project"
    missing = api_client.post(
        url, {"kind": "review"}, content_type="application/json", headers=auth
    )
    assert missing.json()["errors"][0]["field"] == "review_title"
    assert need.answers.count() == 1
