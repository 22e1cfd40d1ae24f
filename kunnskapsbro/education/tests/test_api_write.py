"""Education API writes: POST (create) and PATCH (edit) for placements, theses, EiT villages,
EVU courses and teaching, through the services the pages call. For each kind: 201/200 with
the record, 422 naming the field, 403 for a reader (write token) and for a read-only token,
401 without credentials, 404 for a record of a partnership hidden from the caller, and a
hidden partnership on POST answered like an unknown one. Theses and courses link the needs
they answer through needs.services.answers_set."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kunnskapsbro.education.models import (
    Course,
    EitVillage,
    Placement,
    TeachingContribution,
    Thesis,
)
from kunnskapsbro.education.services import (
    course_create,
    eit_village_create,
    placement_create,
    teaching_contribution_create,
    thesis_create,
)
from kunnskapsbro.education.tests.test_views import _need, world  # noqa: F401 - fixture
from kunnskapsbro.needs.models import NeedAnswer
from kunnskapsbro.needs.services import need_create, need_transition
from kunnskapsbro.tests_support.factories import (
    OrganizationFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)

MODELS = {
    "placements": Placement,
    "theses": Thesis,
    "eit-villages": EitVillage,
    "courses": Course,
    "teaching": TeachingContribution,
}


@pytest.fixture
def more(world):  # noqa: F811
    """A hidden partnership, a person, a company with a unit (neither educates nor is
    municipal), an editor and a reader of the world's partnership."""
    editor = UserFactory(username="eli.redaktor")
    RoleAssignmentFactory(user=editor, role="coordinator", partnership=world["partnership"])
    reader = UserFactory(username="lise.leser")
    RoleAssignmentFactory(user=reader, role="viewer", partnership=world["partnership"])
    company = OrganizationFactory(name="Pleie AS", kind="company")
    return {
        "hidden": PartnershipFactory(name="Vest", slug="vest-edu", is_public=False),
        "person": PersonFactory(first_name="Per", last_name="Lærer"),
        "company": company,
        "company_unit": OrgUnitFactory(organization=company, name="Pleie AS avd. 1"),
        "editor": editor,
        "reader": reader,
    }


def _cases(world: dict[str, Any], more: dict[str, Any]) -> dict[str, dict[str, Any]]:  # noqa: F811
    """Per kind: a create body, an edit, what the edit gives, a bad edit and the field it names,
    and a record in the hidden partnership."""
    w, m = world, more
    hidden = m["hidden"]
    return {
        "placements": {
            "create": {"unit": w["unit"].pk, "programme": "Bachelor i sykepleie",
                       "institution": w["ntnu"].pk, "semester": "Høst 2026",
                       "student_count": 12, "focus_area": w["area"].pk},
            "edit": ({"semester": "v27", "student_count": 15},
                     {"semester": "V2027", "year": 2027, "student_count": 15}),
            "bad": ({"semester": "Sommer"}, "semester"),
            "hidden": lambda: placement_create(
                partnership=hidden, unit=w["unit"], programme="P", institution=w["ntnu"],
                semester="H2026", student_count=2),
        },
        "theses": {
            "create": {"title": "Nattlig uro", "level": "master", "student_name": "Siri",
                       "year": 2026, "institution": w["ntnu"].pk, "unit": w["unit"].pk,
                       "academic_supervisor": m["person"].pk, "visibility": "internal"},
            "edit": ({"status": "finished", "nva_url": "https://hdl.handle.net/11250/1",
                      "academic_supervisor": None, "discipline": None},
                     {"status": "finished", "nva_url": "https://hdl.handle.net/11250/1",
                      "academic_supervisor": None, "discipline": ""}),
            "bad": ({"status": "finished", "nva_url": None}, "nva_url"),
            "hidden": lambda: thesis_create(
                partnership=hidden, title="Skjult", level="master", student_name="S",
                year=2026),
        },
        "eit-villages": {
            "create": {"title": "Velferdsteknologi", "code": "TPK4851", "semester": "V2026",
                       "unit": w["unit"].pk, "student_count": 30},
            "edit": ({"title": "Velferdsteknologi i hjemmet", "semester": "H2026"},
                     {"title": "Velferdsteknologi i hjemmet", "semester": "H2026",
                      "year": 2026}),
            "bad": ({"unit": m["company_unit"].pk}, "unit"),
            "hidden": lambda: eit_village_create(partnership=hidden, title="Skjult",
                                                 semester="V2026"),
        },
        "courses": {
            "create": {"title": "Demensomsorg", "institution": w["ntnu"].pk,
                       "semester": "H2026", "credits": "7.5",
                       "participants": [{"unit": w["unit"].pk, "participant_count": 8}]},
            "edit": ({"credits": None, "description": "Nytt opplegg"},
                     {"credits": None, "description": "Nytt opplegg"}),
            "bad": ({"participants": [{"unit": m["company_unit"].pk, "participant_count": 3}]},
                    "participants"),
            "hidden": lambda: course_create(partnership=hidden, title="Skjult",
                                            institution=w["ntnu"], semester="H2026"),
        },
        "teaching": {
            "create": {"person": m["person"].pk, "institution": w["ntnu"].pk,
                       "kind": "lecture", "semester": "H2026", "hours": "8",
                       "course_name": "Sykepleie i kommunen"},
            "edit": ({"kind": "supervision", "course_name": None},
                     {"kind": "supervision", "course_name": ""}),
            "bad": ({"institution": m["company"].pk}, "institution"),
            "hidden": lambda: teaching_contribution_create(
                partnership=hidden, person=m["person"], institution=w["ntnu"], kind="lecture",
                semester="H2026"),
        },
    }  # fmt: skip


def _send(client, method: str, url: str, body: dict[str, Any], token: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    call = client.post if method == "post" else client.patch
    return call(url, json.dumps(body), content_type="application/json", **headers)


def _fields(response: Any) -> set[str | None]:
    assert response["Content-Type"].startswith("application/problem+json")
    return {error["field"] for error in response.json()["errors"]}


@pytest.mark.parametrize("path", list(MODELS))
def test_create_and_edit(client, world, more, api_token_for, path):  # noqa: F811
    case = _cases(world, more)[path]
    model = MODELS[path]
    token = api_token_for(more["editor"])
    body = {"partnership": "trd30-edu", **case["create"]}
    response = _send(client, "post", f"/api/v1/{path}", body, token)
    assert response.status_code == 201, response.content
    created = response.json()
    record = model.objects.get()
    assert created["id"] == record.pk and created["partnership"] == "trd30-edu"
    assert record.history.first().history_user == more["editor"]
    url = f"/api/v1/{path}/{record.pk}"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json() == created

    change, expected = case["edit"]
    response = _send(client, "patch", url, change, token)
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    for name, value in expected.items():
        stored = getattr(record, name)
        assert (stored.pk if hasattr(stored, "pk") else stored) == value, name
    assert response.json()["id"] == record.pk

    # A bad value: 422 naming the field, and nothing changed.
    before = model.objects.filter(pk=record.pk).values().get()
    change, field = case["bad"]
    response = _send(client, "patch", url, change, token)
    assert response.status_code == 422 and field in _fields(response), response.content
    assert model.objects.filter(pk=record.pk).values().get() == before
    response = _send(client, "post", f"/api/v1/{path}", {**body, **change}, token)
    assert response.status_code == 422 and field in _fields(response), response.content
    assert model.objects.count() == 1


@pytest.mark.parametrize("path", list(MODELS))
def test_who_may_write(client, world, more, api_token_for, coordinator_user, path):  # noqa: F811
    case = _cases(world, more)[path]
    model = MODELS[path]
    body = {"partnership": "trd30-edu", **case["create"]}
    shown = _send(client, "post", f"/api/v1/{path}", body, api_token_for(coordinator_user))
    record = model.objects.get(pk=shown.json()["id"])
    url = f"/api/v1/{path}/{record.pk}"
    change = case["edit"][0]
    # No credentials: 401. A reader's write token and a coordinator's read token: 403.
    assert _send(client, "post", f"/api/v1/{path}", body).status_code == 401
    assert _send(client, "patch", url, change).status_code == 401
    for token in (api_token_for(more["reader"]), api_token_for(coordinator_user, can_write=False)):
        response = _send(client, "post", f"/api/v1/{path}", body, token)
        assert response.status_code == 403, response.content
        assert _send(client, "patch", url, change, token).status_code == 403
    reader = _send(client, "post", f"/api/v1/{path}", body, api_token_for(more["reader"]))
    assert _fields(reader) == {"partnership"}
    # A record of a partnership hidden from the caller: 404, as if it did not exist; creating
    # in it is answered as for a partnership that does not exist.
    hidden = case["hidden"]()
    editor = api_token_for(more["editor"])
    response = _send(client, "patch", f"/api/v1/{path}/{hidden.pk}", change, editor)
    assert response.status_code == 404
    assert _send(client, "patch", f"/api/v1/{path}/999999", change, editor).status_code == 404
    for slug in ("vest-edu", "finnes-ikke"):
        response = _send(client, "post", f"/api/v1/{path}", {**body, "partnership": slug}, editor)
        assert response.status_code == 422 and _fields(response) == {"partnership"}
        assert f"Ukjent partnerskap «{slug}»" in response.json()["detail"]
    assert model.objects.count() == 2
    assert model.objects.get(pk=record.pk).history.count() == 1


def test_unknown_references_and_null_on_required_fields(client, world, more, api_token_for):  # noqa: F811
    token = api_token_for(more["editor"])
    body = {"partnership": "trd30-edu", **_cases(world, more)["teaching"]["create"]}
    response = _send(client, "post", "/api/v1/teaching", {**body, "person": 999999}, token)
    assert response.status_code == 422 and _fields(response) == {"person"}
    response = _send(client, "post", "/api/v1/teaching", {**body, "kind": "dance"}, token)
    assert response.status_code == 422 and _fields(response) == {"kind"}
    record = _send(client, "post", "/api/v1/teaching", body, token).json()
    response = _send(client, "patch", f"/api/v1/teaching/{record['id']}", {"kind": None}, token)
    assert response.status_code == 422 and _fields(response) == {"kind"}
    course = {"partnership": "trd30-edu", **_cases(world, more)["courses"]["create"]}
    twice = [{"unit": world["unit"].pk, "participant_count": 1}] * 2
    response = _send(client, "post", "/api/v1/courses", {**course, "participants": twice}, token)
    assert response.status_code == 422 and _fields(response) == {"participants.1.unit"}
    assert not Course.objects.exists()


def test_thesis_and_course_answer_needs(client, world, more, api_token_for):  # noqa: F811
    token = api_token_for(more["editor"])
    need = need_create(partnership=world["partnership"], title="Uro om natten", problem="P")
    other = need_create(partnership=world["partnership"], title="Kompetanseplan", problem="P")
    body = {"partnership": "trd30-edu", **_cases(world, more)["theses"]["create"]}
    response = _send(client, "post", "/api/v1/theses", {**body, "needs": [need.pk]}, token)
    assert response.status_code == 201
    assert response.json()["needs"] == [{"id": need.pk, "name": "Uro om natten"}]
    thesis = Thesis.objects.get()
    assert NeedAnswer.objects.get().thesis == thesis
    url = f"/api/v1/theses/{thesis.pk}"
    # Leaving "needs" out keeps them; a list replaces them.
    assert _send(client, "patch", url, {"title": "Ny"}, token).json()["needs"] != []
    response = _send(client, "patch", url, {"needs": [other.pk]}, token)
    assert [n["name"] for n in response.json()["needs"]] == ["Kompetanseplan"]
    assert list(NeedAnswer.objects.values_list("need", flat=True)) == [other.pk]
    # A need of a partnership hidden from the caller is answered as unknown.
    hidden = need_create(partnership=more["hidden"], title="Skjult behov", problem="P")
    response = _send(client, "patch", url, {"needs": [hidden.pk]}, token)
    assert response.status_code == 422 and _fields(response) == {"needs"}
    # The rules of answers_set hold: the only answer of an answered need stays.
    need_transition(need=other, to_status="prioritised", priority_rank=1)
    need_transition(need=other, to_status="published")
    need_transition(need=other, to_status="answered")
    response = _send(client, "patch", url, {"needs": [], "title": "Ikke lagret"}, token)
    assert response.status_code == 422 and _fields(response) == {"needs"}
    thesis.refresh_from_db()
    assert thesis.title == "Ny" and NeedAnswer.objects.filter(need=other).exists()
    # Courses: the same, and a failed link leaves no course behind.
    course = {"partnership": "trd30-edu", **_cases(world, more)["courses"]["create"]}
    response = _send(client, "post", "/api/v1/courses", {**course, "needs": [999999]}, token)
    assert response.status_code == 422 and _fields(response) == {"needs"}
    assert not Course.objects.exists()
    response = _send(client, "post", "/api/v1/courses", {**course, "needs": [need.pk]}, token)
    assert response.status_code == 201
    assert response.json()["needs"] == [{"id": need.pk, "name": "Uro om natten"}]
    assert NeedAnswer.objects.get(need=need).course_id == response.json()["id"]


def test_needs_take_the_same_choices_as_the_form(client, world, more, api_token_for):  # noqa: F811
    """The API links what the page form offers (needs.selectors.need_answer_choices): a need
    the caller may not see, of another partnership or closed is unknown; nothing changes."""
    token = api_token_for(more["editor"])
    other = PartnershipFactory(name="Vest", slug="vest-api-needs")
    own = _need(world["partnership"], "Eget behov")
    refused = [
        _need(other, "Vests interne behov", status="published"),
        _need(other, "Vests nye offentlige behov", visibility="public"),
        _need(other, "Vests publiserte behov", visibility="public", status="published"),
        _need(world["partnership"], "Lukket behov", status="closed"),
    ]
    body = {"partnership": "trd30-edu", **_cases(world, more)["theses"]["create"]}
    thesis = _send(client, "post", "/api/v1/theses", {**body, "needs": [own.pk]}, token).json()
    url = f"/api/v1/theses/{thesis['id']}"
    for need in refused:
        response = _send(client, "patch", url, {"needs": [need.pk], "title": "Nei"}, token)
        assert response.status_code == 422 and _fields(response) == {"needs"}, need.title
        assert need.title not in response.content.decode()
    assert Thesis.objects.get().title != "Nei"
    assert list(NeedAnswer.objects.values_list("need", flat=True)) == [own.pk]
