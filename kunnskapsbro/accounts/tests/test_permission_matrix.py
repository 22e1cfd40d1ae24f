"""The permission matrix: every role × every page and API endpoint × a public record, an
internal record and a record in another partnership.

Expected answers come from the role table (docs/security.md, «Roles and permissions»):
200/302 allowed, 404 for a record the caller may not know exists, 403 for a record they may
see but not change, 302 to the login page (pages) or 401 (API) for anonymous writes.

``ROUTES`` classifies every URL pattern of ``get_resolver()``; a new pattern that is not
classified fails ``test_every_url_pattern_is_classified`` so the matrix cannot go stale.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from kunnskapsbro.tests_support.factories import (
    OrganizationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectParticipantFactory,
)
from kunnskapsbro.tests_support.permissions import (
    APP_API_PREFIXES,
    APP_NAMESPACES,
    api_prefix,
    client_for,
    namespace_of,
    partnerships_with_scopes,
    users_with_roles,
    walk_urls,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "superuser",
    "administrator",
    "coordinator",
    "focus_area_leader",
    "committee_member",
    "unit_editor",
    "contributor",
    "viewer",
    "other_partnership_coordinator",
]
# Who reads internal records of the home partnership (TRD).
READERS = {
    "superuser",
    "administrator",
    "coordinator",
    "focus_area_leader",
    "committee_member",
    "unit_editor",
    "viewer",
}
# Who may change the internal record (it lies in the leader's focus area and the editor's unit)
# and the public record (in neither).
EDITS_INTERNAL = {"superuser", "administrator", "coordinator", "focus_area_leader", "unit_editor"}
EDITS_PUBLIC = {"superuser", "administrator", "coordinator"}
REGISTRY_EDITORS = {
    "superuser",
    "administrator",
    "coordinator",
    "focus_area_leader",
    "unit_editor",
    "contributor",
    "other_partnership_coordinator",
}
CREATES_PROJECTS = REGISTRY_EDITORS - {"other_partnership_coordinator"}  # in TRD
ASSESSES = {"superuser", "administrator", "coordinator", "committee_member"}


@dataclass
class World:
    trd: Any
    other: Any
    area: Any
    unit: Any
    public: Any
    internal: Any
    foreign: Any
    organization: Any
    person: Any
    users: dict[str, Any]


@pytest.fixture
def world(db: Any) -> World:
    base = partnerships_with_scopes(
        home_slug="trd",
        home_name="TRD3.0",
        other_slug="vest",
        other_name="Vest",
        municipality="Trondheim kommune",
        area="Helse",
        unit="Østbyen",
    )
    trd, other, area, unit = base.home, base.other, base.area, base.unit
    public = ProjectFactory(
        partnership=trd, title="Offentlig prosjekt Alfa", visibility="public", status="idea"
    )
    internal = ProjectFactory(
        partnership=trd,
        title="Internt prosjekt Beta",
        visibility="internal",
        status="idea",
        focus_areas=[area],
        municipal_units=[unit],
    )
    foreign = ProjectFactory(
        partnership=other, title="Fremmed prosjekt Gamma", visibility="internal", status="idea"
    )
    users = users_with_roles(
        ROLES,
        username_prefix="u-",
        home=trd,
        other=other,
        focus_area=area,
        unit=unit,
        other_coordinator="other_partnership_coordinator",
    )
    return World(
        trd=trd,
        other=other,
        area=area,
        unit=unit,
        public=public,
        internal=internal,
        foreign=foreign,
        organization=OrganizationFactory(slug="acme", name="Acme AS"),
        person=PersonFactory(slug="per-person", email="per@example.no"),
        users=users,
    )


def sees(role: str, record: str) -> bool:
    if record == "public" or role == "superuser":
        return True
    if record == "internal":
        return role in READERS
    return role == "other_partnership_coordinator"  # the foreign record


def edits(role: str, record: str) -> bool:
    if role == "superuser":
        return True
    if record == "internal":
        return role in EDITS_INTERNAL
    if record == "public":
        return role in EDITS_PUBLIC
    return role == "other_partnership_coordinator"


# --- the route table ---------------------------------------------------------------------

# kind → how the route is checked:
#   "page"            GET, everyone 200 (lists are checked for leaks separately)
#   "page_login"      GET, anonymous → login, signed in 200
#   "project_page"    GET per record: 200 seen, 404 unseen
#   "project_edit"    GET per record: 200 editable, 403 seen, 404 unseen, anonymous → login
#   "project_status"  POST per record (an invalid step): 422/302 may change, 403, 404, login
#   "project_unit"    GET per record: relevance/outcome forms (EDIT_ALL or unit editor)
#   "project_create"  GET: 200 for roles that register projects, 403 others, login
#   "registry_create" GET: 200 for registry editors, 403 others, login
#   "registry_edit"   GET on the organisation/person: as registry_create
#   "roles_admin"     GET on TRD's role page: 200 administrators, 403 readers, 404 others
#   "api_project"     GET per record: 200 seen, 404 unseen
#   "api_project_internal" GET per record (internal data of the partnership): 200 readers,
#                     403 seen, 404 unseen
#   "api_project_patch"  PATCH {} per record: 200 editable, 403 seen, 404 unseen, 401 anonymous
#   "api_list"        GET, everyone 200
#   "api_write_auth"  a write endpoint: anonymous 401 (its rules are tested per app)
#   "api_roles"       GET TRD's roles: 200 administrators, 403 readers, 404 others, 401 anon
#   "public_misc"     not about records (health, language, login, docs, static text): no 5xx
#   "app:<name>"      routes owned by another app; checked here for "no 5xx, anonymous
#                     never 200 on a write page" and by that app's own tests
ROUTES: dict[str, str] = {
    "core:home": "page",
    "core:healthz": "public_misc",
    "set_language": "public_misc",
    "oai": "page",
    # accounts
    "accounts:login": "public_misc",
    "accounts:logout": "public_misc",
    "accounts:oidc_start": "public_misc",
    "accounts:oidc_callback": "public_misc",
    "accounts:password_reset": "public_misc",
    "accounts:password_reset_done": "public_misc",
    "accounts:password_reset_confirm": "public_misc",
    "accounts:password_reset_complete": "public_misc",
    "accounts:my_page": "page_login",
    "accounts:my_export": "app:accounts",
    "accounts:token_revoke": "app:accounts",
    "accounts:person_export": "app:accounts",
    "accounts:person_erase": "app:accounts",
    "accounts:privacy": "public_misc",
    "accounts:accessibility": "public_misc",
    "accounts:my_roles": "page_login",
    "accounts:partnership_roles": "roles_admin",
    "accounts:role_end": "roles_admin",
    # projects
    "projects:list": "page",
    "projects:create": "project_create",
    "projects:detail": "project_page",
    "projects:edit": "project_edit",
    "projects:transition": "project_status",
    "projects:relevance": "project_unit",
    "projects:outcome_create": "project_unit",
    # organizations
    "organizations:list": "page",
    "organizations:create": "registry_create",
    "organizations:suggest": "page",
    "organizations:person_list": "page",
    "organizations:person_suggest": "page",
    "organizations:person_create": "registry_create",
    "organizations:person_detail": "page",
    "organizations:person_edit": "registry_edit",
    "organizations:detail": "page",
    "organizations:edit": "registry_edit",
    # partnerships
    "partnerships:list": "page",
    "partnerships:detail": "partnership_page",
    # API
    "api:openapi-json": "public_misc",
    "api:openapi-view": "public_misc",
    "api:api-root": "public_misc",
    "api:list_projects": "api_list",
    "api:create_project": "api_write_auth",
    "api:get_project": "api_project",
    "api:update_project": "api_project_patch",
    "api:list_transitions": "api_project",
    "api:create_transition": "api_write_auth",
    "api:list_assessments": "api_project_internal",
    "api:create_assessment": "api_write_auth",
    "api:list_outcomes": "api_project",
    "api:create_outcome": "api_write_auth",
    "api:list_organizations": "api_list",
    "api:create_organization": "api_write_auth",
    "api:get_organization": "api_list",
    "api:update_organization": "api_write_auth",
    "api:list_people": "api_list",
    "api:create_person": "api_write_auth",
    "api:get_person": "api_list",
    "api:update_person": "api_write_auth",
    "api:list_partnerships": "api_list",
    "api:get_partnership": "api_partnership",
    "api:list_roles": "api_roles",
    "api:create_role": "api_roles",
    "api:end_role": "api_roles",
    "api:export_projects": "api_list",
    "interop:portfolio_export": "page",
    # needs (test_needs_matrix)
    "needs:list": "page",
    "needs:create": "need_create",
    "needs:detail": "need_page",
    "needs:transition": "need_status",
    "api:list_needs": "api_list",
    "api:get_need": "need_page",
    "api:create_need": "api_write_auth",
    "api:transition_need": "need_status",
}
# Routes of the apps other engineers own (goals, reports, interop, meetings, needs,
# education, portal, search/tasks) are classified by namespace and API router
# (tests_support/permissions.py: APP_NAMESPACES, APP_API_PREFIXES).


def classify(route: str, name: str) -> str | None:
    if name in ROUTES:
        return ROUTES[name]
    if route.startswith("admin/"):
        return "django_admin"  # staff only, Django's own permission system
    namespace = namespace_of(name)
    if namespace in APP_NAMESPACES:
        return f"app:{namespace}"
    if namespace == "api":
        first = api_prefix(route)
        if first in APP_API_PREFIXES:
            return f"app:api-{first}"
    return None


def test_every_url_pattern_is_classified() -> None:
    missing = [(route, name) for route, name in walk_urls() if classify(route, name) is None]
    assert not missing, (
        "URL patterns without a row in the permission matrix "
        "(add them to ROUTES in accounts/tests/test_permission_matrix.py): "
        f"{missing}"
    )


# --- expectations ------------------------------------------------------------------------

RECORDS = ("public", "internal", "foreign")


def _record(world: World, record: str) -> Any:
    return getattr(world, record)


def _record_expectation(kind: str, role: str, record: str) -> set[int]:
    anonymous = role == "anonymous"
    seen = sees(role, record)
    if kind in ("project_page", "api_project"):
        return {200} if seen else {404}
    if kind == "api_project_internal":
        if anonymous:
            return {401}  # signed-in callers only, whatever the record
        if not seen:
            return {404}
        readers = READERS if record != "foreign" else {"superuser", "other_partnership_coordinator"}
        return {200} if role in readers else {403}
    if kind == "project_edit":
        if anonymous:
            return {302}
        if not seen:
            return {404}
        return {200} if edits(role, record) else {403}
    if kind == "project_status":
        if anonymous:
            return {302}
        if not seen:
            return {404}
        # an invalid step: those who may change get the form back with the error (422)
        return {422} if edits(role, record) or role in ASSESSES and record != "foreign" else {403}
    if kind == "project_unit":
        if anonymous:
            return {302}
        if not seen:
            return {404}
        if role == "superuser":
            return {200}
        if record == "foreign":
            return {200} if role == "other_partnership_coordinator" else {403}
        return {200} if role in {"administrator", "coordinator", "unit_editor"} else {403}
    if kind == "api_project_patch":
        if anonymous:
            return {401}
        if not seen:
            return {404}
        return {200} if edits(role, record) else {403}
    raise AssertionError(kind)


def _urls_per_record(world: World) -> dict[str, Callable[[Any], tuple[str, str]]]:
    return {
        "projects:detail": lambda p: ("get", f"/prosjekter/{p.pk}/"),
        "projects:edit": lambda p: ("get", f"/prosjekter/{p.pk}/rediger/"),
        "projects:transition": lambda p: ("post", f"/prosjekter/{p.pk}/status/"),
        "projects:relevance": lambda p: ("get", f"/prosjekter/{p.pk}/relevans/"),
        "projects:outcome_create": lambda p: ("get", f"/prosjekter/{p.pk}/resultat-i-praksis/ny/"),
        "api:get_project": lambda p: ("get", f"/api/v1/projects/{p.pk}"),
        "api:update_project": lambda p: ("patch", f"/api/v1/projects/{p.pk}"),
        "api:list_transitions": lambda p: ("get", f"/api/v1/projects/{p.pk}/transitions"),
        "api:list_assessments": lambda p: ("get", f"/api/v1/projects/{p.pk}/relevance-assessments"),
        "api:list_outcomes": lambda p: ("get", f"/api/v1/projects/{p.pk}/outcomes"),
    }


def _call(client: Client, method: str, url: str, data: Any = None) -> int:
    if method == "get":
        return client.get(url).status_code
    if method == "post":
        return client.post(url, data or {"to": "completed", "comment": ""}).status_code
    if method == "patch":
        return client.patch(
            url, json.dumps(data or {}), content_type="application/json"
        ).status_code
    if method == "delete":
        return client.delete(url).status_code
    raise AssertionError(method)


def _simple_expectation(kind: str, role: str) -> set[int]:
    anonymous = role == "anonymous"
    if kind in ("page", "api_list"):
        return {200}
    if kind == "page_login":
        return {302} if anonymous else {200}
    if kind == "project_create":
        return {302} if anonymous else ({200} if role in CREATES_PROJECTS else {403})
    if kind in ("registry_create", "registry_edit"):
        return {302} if anonymous else ({200} if role in REGISTRY_EDITORS else {403})
    raise AssertionError(kind)


SIMPLE_URLS: dict[str, str] = {
    "core:home": "/",
    "oai": "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    "accounts:my_page": "/konto/min-side/",
    "accounts:my_roles": "/konto/roller/",
    "projects:list": "/prosjekter/",
    "projects:create": "/prosjekter/ny/?partnership=trd",
    "organizations:list": "/organisasjoner/",
    "organizations:create": "/organisasjoner/ny/",
    "organizations:suggest": "/organisasjoner/forslag/?q=Acme",
    "organizations:person_list": "/organisasjoner/personer/",
    "organizations:person_suggest": "/organisasjoner/personer/forslag/?q=Per",
    "organizations:person_create": "/organisasjoner/personer/ny/",
    "organizations:person_detail": "/organisasjoner/personer/per-person/",
    "organizations:person_edit": "/organisasjoner/personer/per-person/rediger/",
    "organizations:detail": "/organisasjoner/acme/",
    "organizations:edit": "/organisasjoner/acme/rediger/",
    "partnerships:list": "/partnerskap/",
    "api:list_projects": "/api/v1/projects",
    "api:list_organizations": "/api/v1/organizations",
    "api:get_organization": "/api/v1/organizations/{org}",
    "api:list_people": "/api/v1/people",
    "api:get_person": "/api/v1/people/{person}",
    "api:list_partnerships": "/api/v1/partnerships",
    "api:export_projects": "/api/v1/projects/export?format=json",
    "interop:portfolio_export": "/data/eksport/portefolje.csv",
}


@pytest.mark.parametrize("role", ROLES)
def test_matrix(world: World, role: str) -> None:
    """Every classified route for this role; all mismatches are reported together."""
    client = client_for(world, role)
    wrong: list[str] = []

    def check(label: str, got: int, expected: set[int]) -> None:
        if got not in expected:
            wrong.append(f"{label}: {got}, expected {sorted(expected)}")

    for name, template in SIMPLE_URLS.items():
        url = template.format(org=world.organization.pk, person=world.person.pk)
        check(f"{name} {url}", _call(client, "get", url), _simple_expectation(ROUTES[name], role))
    for name, make in _urls_per_record(world).items():
        for record in RECORDS:
            method, url = make(_record(world, record))
            expected = _record_expectation(ROUTES[name], role, record)
            check(f"{name} [{record}] {method.upper()} {url}", _call(client, method, url), expected)
    # partnership pages: the hidden partnership is 404 unless the caller has a role in it
    sees_hidden = role in {"superuser", "other_partnership_coordinator"}
    check("partnerships:detail trd", client.get("/partnerskap/trd/").status_code, {200})
    check(
        "partnerships:detail vest",
        client.get("/partnerskap/vest/").status_code,
        {200} if sees_hidden else {404},
    )
    check(
        "api:get_partnership vest",
        client.get("/api/v1/partnerships/vest").status_code,
        {200} if sees_hidden else {404},
    )
    # the role administration page and API
    admins = {"superuser", "administrator"}
    check(
        "accounts:partnership_roles trd",
        client.get("/konto/roller/trd/").status_code,
        {302} if role == "anonymous" else {200} if role in admins else {403},
    )
    check(
        "accounts:partnership_roles vest",
        client.get("/konto/roller/vest/").status_code,
        {302} if role == "anonymous" else {200} if role == "superuser" else
        {403} if role == "other_partnership_coordinator" else {404},
    )  # fmt: skip
    check(
        "api:list_roles trd",
        client.get("/api/v1/partnerships/trd/roles").status_code,
        {401} if role == "anonymous" else {200} if role in admins else {403},
    )
    ended = client.post(f"/konto/roller/trd/{_any_role(world)}/avslutt/").status_code
    check(
        "accounts:role_end trd",
        ended,
        {302} if role in admins or role == "anonymous" else {403},
    )
    # write endpoints without a record refuse anonymous callers
    if role == "anonymous":
        for url in ("/api/v1/projects", "/api/v1/organizations", "/api/v1/people"):
            check(f"POST {url}", client.post(url, {}, content_type="application/json").status_code,
                  {401})  # fmt: skip
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def _any_role(world: World) -> int:
    from kunnskapsbro.accounts.models import RoleAssignment

    # the viewer's role: ending it is allowed for administrators only (idempotent enough:
    # ended once, a second end is refused with a message and a redirect)
    return RoleAssignment.objects.get(user=world.users["viewer"]).pk


# --- lists never leak ----------------------------------------------------------------------

LIST_URLS = [
    "/prosjekter/",
    "/prosjekter/?q=prosjekt",
    "/api/v1/projects",
    "/api/v1/projects?q=prosjekt",
    "/api/v1/projects/export?format=json",
    "/api/v1/projects/export?format=csv",
    "/data/eksport/portefolje.csv",
    "/",
    "/partnerskap/trd/",
]


@pytest.mark.parametrize("role", ROLES)
def test_lists_never_contain_what_the_caller_may_not_see(world: World, role: str) -> None:
    from kunnskapsbro.search.services import index_projects

    index_projects()
    client = client_for(world, role)
    titles = {
        "public": world.public.title,
        "internal": world.internal.title,
        "foreign": world.foreign.title,
    }
    wrong = []
    for url in LIST_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        for record, title in titles.items():
            if title in text and not sees(role, record):
                wrong.append(f"{url} shows the {record} record")
    # OAI-PMH harvests public records only, whoever asks
    oai = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").content.decode()
    if world.internal.title in oai or world.foreign.title in oai:
        wrong.append("OAI-PMH shows an internal record")
    # the partnership counts only what the caller may see (focus area counts in the API)
    areas = client.get("/api/v1/partnerships/trd").json()["focus_areas"]
    expected = 1 if sees(role, "internal") else 0  # the internal record is the area's only one
    if areas[0]["project_count"] != expected:
        wrong.append(f"focus area count {areas[0]['project_count']}, expected {expected}")
    slugs = {p["slug"] for p in client.get("/api/v1/partnerships").json()["items"]}
    if ("vest" in slugs) != (role in {"superuser", "other_partnership_coordinator"}):
        wrong.append(f"partnership list {sorted(slugs)}")
    assert not wrong, f"{role}: {wrong}"


# --- own records ---------------------------------------------------------------------------


def test_contributor_sees_and_edits_own_internal_project_only(world: World) -> None:
    contributor = world.users["contributor"]
    person = PersonFactory(user=contributor)
    own = ProjectFactory(partnership=world.trd, visibility="internal", title="Eget prosjekt Delta")
    ProjectParticipantFactory(project=own, person=person, role="researcher")
    client = client_for(world, "contributor")
    assert client.get(f"/prosjekter/{own.pk}/").status_code == 200
    assert client.get(f"/prosjekter/{own.pk}/rediger/").status_code == 200
    assert own.pk in {p["id"] for p in client.get("/api/v1/projects").json()["items"]}
    assert client.get(f"/prosjekter/{world.internal.pk}/").status_code == 404


def test_contributor_creates_a_project_and_may_then_edit_it(world: World) -> None:
    client = client_for(world, "contributor")
    response = client.post(
        "/api/v1/projects",
        {"partnership": "trd", "title": "Nytt internt prosjekt Epsilon", "visibility": "internal"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    project_id = response.json()["id"]
    patched = client.patch(
        f"/api/v1/projects/{project_id}", {"acronym": "EPS"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["acronym"] == "EPS"
    # a viewer may not register projects
    viewer = client_for(world, "viewer")
    response = viewer.post(
        "/api/v1/projects", {"partnership": "trd", "title": "X"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_committee_member_decides_the_assessment_step(world: World) -> None:
    from kunnskapsbro.projects import services

    services.project_transition(project=world.internal, to_status="assessment", actor=None)
    committee = client_for(world, "committee_member")
    leader = client_for(world, "focus_area_leader")
    # the leader edits the project but the assessment decision is the committee's
    response = leader.post(
        f"/api/v1/projects/{world.internal.pk}/transitions",
        {"to": "preparing"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = committee.post(
        f"/api/v1/projects/{world.internal.pk}/transitions",
        {"to": "preparing"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


# --- knowledge needs -----------------------------------------------------------------------

REGISTERS_NEEDS = {
    "superuser",
    "administrator",
    "coordinator",
    "focus_area_leader",
    "unit_editor",
    "other_partnership_coordinator",  # in their own partnership
}
PRIORITISES = {"superuser", "administrator", "coordinator", "committee_member"}


@pytest.fixture
def needs(world: World) -> dict[str, Any]:
    from kunnskapsbro.needs.services import need_create, need_transition

    public = need_create(
        partnership=world.trd, title="Offentlig behov Alfa", problem="…", visibility="public"
    )
    need_transition(need=public, to_status="prioritised", priority_rank=1)
    need_transition(need=public, to_status="published")
    internal = need_create(
        partnership=world.trd,
        title="Internt behov Beta",
        problem="…",
        visibility="internal",
        unit=world.unit,
        focus_area=world.area,
    )
    foreign = need_create(
        partnership=world.other, title="Fremmed behov Gamma", problem="…", visibility="internal"
    )
    return {"public": public, "internal": internal, "foreign": foreign}


def _edits_need(role: str, record: str) -> bool:
    if role == "superuser":
        return True
    if record == "foreign":
        return role == "other_partnership_coordinator"
    if record == "internal":  # in the leader's area and the editor's unit
        return role in {"administrator", "coordinator", "focus_area_leader", "unit_editor"}
    return role in {"administrator", "coordinator"}


@pytest.mark.parametrize("role", ROLES)
def test_needs_matrix(world: World, needs: dict[str, Any], role: str) -> None:
    client = client_for(world, role)
    wrong: list[str] = []

    def check(label: str, got: int, expected: set[int]) -> None:
        if got not in expected:
            wrong.append(f"{label}: {got}, expected {sorted(expected)}")

    anonymous = role == "anonymous"
    create = client.get("/behov/nytt/").status_code
    check(
        "needs:create", create, {302} if anonymous else {200} if role in REGISTERS_NEEDS else {403}
    )
    for record, need in needs.items():
        seen = sees(role, record)
        check(f"needs:detail [{record}]", client.get(f"/behov/{need.pk}/").status_code,
              {200} if seen else {404})  # fmt: skip
        check(f"api:get_need [{record}]", client.get(f"/api/v1/needs/{need.pk}").status_code,
              {200} if seen else {404})  # fmt: skip
        # closing without a reason: those who may get the form back (422), others 403/404
        may = seen and (
            _edits_need(role, record)
            or (role in PRIORITISES and record != "foreign")
            or (role == "other_partnership_coordinator" and record == "foreign")
        )
        page = client.post(f"/behov/{need.pk}/status/", {"to": "closed", "comment": ""})
        expected = {302} if anonymous else {404} if not seen else {422} if may else {403}
        check(f"needs:transition [{record}]", page.status_code, expected)
        api = client.post(f"/api/v1/needs/{need.pk}/transitions", {"to": "closed"},
                          content_type="application/json")  # fmt: skip
        expected = {401} if anonymous else {404} if not seen else {422} if may else {403}
        check(f"api:transition_need [{record}]", api.status_code, expected)
    for url in ("/behov/", "/api/v1/needs", "/oppgavebank/"):
        text = client.get(url).content.decode()
        for record, need in needs.items():
            if need.title in text and not sees(role, record):
                wrong.append(f"{url} shows the {record} need")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


# --- the other apps' pages: never a server error, never a write page for the public ---------


def _argless_routes(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    """Routes without URL arguments of the given classifications (prefix match)."""
    rows = []
    for route, name in walk_urls():
        kind = classify(route, name) or ""
        if "<" in route or "(" in route or "^" in route or not kind.startswith(kinds):
            continue
        rows.append(("/" + route, name))
    return rows


WRITE_PAGE_HINTS = ("/ny/", "/nytt/", "/ny-", "/import/", "/bestill/")


@pytest.mark.parametrize("role", ["anonymous", "no_role", "viewer", "coordinator", "superuser"])
def test_other_apps_pages_never_fail(world: World, role: str) -> None:
    """Every argument-free page of goals, reports, interop, meetings, needs, education and
    portal answers without a server error for each kind of caller, and the public never gets
    a form that writes. (Their record-level rules are tested in each app.)"""
    client = client_for(world, role)
    wrong = []
    routes = _argless_routes(("app:",))
    assert len(routes) > 10  # the walk finds the apps' pages
    for url, name in routes:
        if url.endswith((".ics", ".rss", ".atom", ".xlsx", ".csv")) or "/api/" in url:
            continue
        status = client.get(url).status_code
        if status >= 500:
            wrong.append(f"{name} {url}: {status}")
        if role == "anonymous" and any(h in url for h in WRITE_PAGE_HINTS) and status == 200:
            wrong.append(f"{name} {url}: a write page answers 200 to the public")
    assert not wrong, wrong
