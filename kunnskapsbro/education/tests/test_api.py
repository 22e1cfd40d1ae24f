"""Education API: lists in the one shape with filters, single records, visibility of internal
theses, the placement import (422 with each row's errors, nothing written) and the counts."""

from __future__ import annotations

import json

import pytest

from kunnskapsbro.education.models import Placement
from kunnskapsbro.education.services import course_create, placements_import, thesis_create
from kunnskapsbro.education.tests.test_views import EXPORT, world  # noqa: F401 - fixture
from kunnskapsbro.needs.services import answers_set, need_create


@pytest.fixture
def token(db, api_token_for, coordinator_user):
    return api_token_for(coordinator_user)


def test_lists_have_the_one_shape_and_filter(client, world):  # noqa: F811
    placements_import(partnership=world["partnership"], content=EXPORT, commit=True)
    course_create(
        partnership=world["partnership"],
        title="Demensomsorg",
        institution=world["ntnu"],
        semester="H2026",
        participants={world["unit"]: 8, world["other"]: 4},
    )
    body = client.get("/api/v1/placements").json()
    assert body["count"] == 2 and len(body["items"]) == 2
    body = client.get("/api/v1/placements", {"year": 2027}).json()
    assert body["count"] == 1 and body["items"][0]["semester"] == "V2027"
    body = client.get("/api/v1/placements", {"partnership": "no-such"}).json()
    assert body["count"] == 0
    course = client.get("/api/v1/courses").json()["items"][0]
    assert course["participant_total"] == 12
    assert client.get(f"/api/v1/courses/{course['id']}").json()["title"] == "Demensomsorg"
    for path in ("/api/v1/eit-villages", "/api/v1/teaching", "/api/v1/theses"):
        assert client.get(path).json() == {"items": [], "count": 0}
    assert client.get("/api/v1/placements/999999").status_code == 404
    assert client.get("/api/v1/placements", {"year": "x"}).status_code == 422


def test_internal_theses_hidden_from_anonymous(client, world, token):  # noqa: F811
    need = need_create(partnership=world["partnership"], title="Uro om natten", problem="P")
    public = thesis_create(
        partnership=world["partnership"], title="Åpen", level="master", student_name="S", year=2026
    )
    answers_set(kind="thesis", target=public, needs=[need])
    internal = thesis_create(
        partnership=world["partnership"],
        title="Intern",
        level="master",
        student_name="S",
        year=2026,
        visibility="internal",
    )
    body = client.get("/api/v1/theses").json()
    assert [t["title"] for t in body["items"]] == ["Åpen"]
    # The need is new (not published), so anonymous callers do not see it linked.
    assert body["items"][0]["needs"] == []
    assert client.get(f"/api/v1/theses/{internal.pk}").status_code == 404
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = client.get("/api/v1/theses", **auth).json()
    assert body["count"] == 2
    detail = client.get(f"/api/v1/theses/{public.pk}", **auth).json()
    assert detail["needs"] == [{"id": need.pk, "name": "Uro om natten"}]
    assert client.get("/api/v1/theses", {"level": "phd"}, **auth).json()["count"] == 0


def test_import_all_or_nothing(client, world, token):  # noqa: F811
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    bad = EXPORT + "Ukjent enhet;Bachelor;974767880;Sommer 2026;mange;\n"
    response = client.post(
        "/api/v1/placements/import",
        json.dumps({"partnership": "trd30-edu", "content": bad, "commit": True}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert "linje 4" in response.json()["detail"]
    assert not Placement.objects.exists()
    dry = client.post(
        "/api/v1/placements/import",
        json.dumps({"partnership": "trd30-edu", "content": EXPORT}),
        content_type="application/json",
        **auth,
    ).json()
    assert dry["valid"] and not dry["committed"] and dry["created"] == 2
    assert not Placement.objects.exists()
    done = client.post(
        "/api/v1/placements/import",
        json.dumps({"partnership": "trd30-edu", "content": EXPORT, "commit": True}),
        content_type="application/json",
        **auth,
    ).json()
    assert done["committed"] and Placement.objects.count() == 2
    anonymous = client.post(
        "/api/v1/placements/import",
        json.dumps({"partnership": "trd30-edu", "content": EXPORT}),
        content_type="application/json",
    )
    assert anonymous.status_code == 401


def test_counts_endpoint(client, world):  # noqa: F811
    placements_import(partnership=world["partnership"], content=EXPORT, commit=True)
    body = client.get("/api/v1/education/counts", {"partnership": "trd30-edu"}).json()
    assert body["totals"]["placement_students"] == 16
    assert [row["year"] for row in body["by_year"]] == [2026, 2027]
    body = client.get("/api/v1/education/counts", {"partnership": "trd30-edu", "year": 2027}).json()
    assert body["totals"]["placements"] == 1
    assert client.get("/api/v1/education/counts", {"partnership": "x"}).status_code == 404


def test_hidden_partnerships_course_is_not_found(client, world, coordinator_user):  # noqa: F811
    """A course is seen with its partnership, like a placement: the record (page and API)
    answers 404 once the partnership is hidden from the caller."""
    from kunnskapsbro.partnerships.models import Partnership

    course = course_create(
        partnership=world["partnership"],
        title="Demensomsorg",
        institution=world["ntnu"],
        semester="H2026",
    )
    assert client.get(f"/api/v1/courses/{course.pk}").status_code == 200
    Partnership.objects.filter(pk=world["partnership"].pk).update(is_public=False)
    assert client.get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert client.get(course.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/courses").json()["count"] == 0
    client.force_login(coordinator_user)
    assert client.get(f"/api/v1/courses/{course.pk}").status_code == 200
