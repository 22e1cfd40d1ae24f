"""The permission matrix for the apps beyond projects: needs, education, goals, meetings,
portal, reports, interop, search/matching and accounts pages.

For each app one public record and one internal record in partnership A (TRD) and one record
in partnership B (hidden, «Vest») are checked for ten callers (administrator, coordinator,
focus-area leader, committee member, unit editor, contributor and viewer of A, anonymous,
signed in without a role, and the coordinator of B) against the app's detail pages, edit
pages (GET, and one representative POST per app), API detail endpoints and lists.

Expected answers are derived from ``accounts.permissions`` (visibility conditions and
``can_*`` functions): 404 when the caller may not see the record, 403 when it may see but
not change it, 302 to the login page for anonymous callers on edit pages, 200 when allowed.
``SANITY`` repeats a few rows by hand (docs/security.md, «Roles and permissions»), so a wrong
``permissions.py`` fails here too.

``CLASSIFICATION`` names every URL pattern of these apps; a new one fails
``test_every_app_url_is_classified`` until it is given a row.

The data is built once per module inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kunnskapsbro.accounts import permissions
from kunnskapsbro.education.models import EitVillage, Thesis
from kunnskapsbro.goals.models import Goal
from kunnskapsbro.meetings.models import Event, Meeting
from kunnskapsbro.needs.lifecycle import LISTED_STATES
from kunnskapsbro.needs.models import KnowledgeNeed
from kunnskapsbro.partnerships.models import GovernanceBody
from kunnskapsbro.portal.models import Article
from kunnskapsbro.tests_support.factories import ProjectFactory
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

CALLERS = [
    "anonymous",
    "no_role",
    "administrator",
    "coordinator",
    "focus_area_leader",
    "committee_member",
    "unit_editor",
    "contributor",
    "viewer",
    "coordinator_b",
]
RECORDS = ("public", "internal", "foreign")


@dataclass
class App:
    """One app's three records and how to ask permissions.py about them."""

    name: str
    records: dict[str, Any]
    sees: Callable[[Any, Any], bool]
    edits: Callable[[Any, Any], bool]
    detail: list[str]  # page URL names taking the record's key
    edit: list[str]  # edit page URL names taking the record's key
    api_detail: list[str]
    key: Callable[[Any], dict[str, Any]] = field(default=lambda obj: {"pk": obj.pk})
    api_key: Callable[[Any], dict[str, Any]] = field(default=lambda obj: {})
    lists: list[str] = field(default_factory=list)  # pages and API lists (no arguments)


@dataclass
class World:
    trd: Any
    vest: Any
    users: dict[str, Any]
    apps: dict[str, App]
    projects: dict[str, Any]


def _visible(model: Any, condition_for: Callable[[Any], Any]) -> Callable[[Any, Any], bool]:
    def sees(user: Any, obj: Any) -> bool:
        condition = condition_for(user)
        queryset = model.objects.filter(pk=obj.pk)
        return (queryset if condition is None else queryset.filter(condition)).exists()

    return sees


def _build() -> World:
    base = partnerships_with_scopes(
        home_slug="trd-mx",
        home_name="TRD3.0 matrise",
        other_slug="vest-mx",
        other_name="Vest matrise",
        municipality="Matrise kommune",
        area="Helse matrise",
        unit="Matriseenheten",
    )
    trd, vest, area, unit = base.home, base.other, base.area, base.unit
    users = users_with_roles(
        CALLERS,
        username_prefix="mx-",
        home=trd,
        other=vest,
        focus_area=area,
        unit=unit,
        other_coordinator="coordinator_b",
    )

    # The internal records lie in the leader's focus area and the editor's unit, so the
    # scoped roles' edit rights are exercised; the public ones in neither.
    def need(partnership: Any, title: str, visibility: str, **extra: Any) -> Any:
        return KnowledgeNeed.objects.create(
            partnership=partnership, title=title, problem="Problem", status="published",
            visibility=visibility, **extra,
        )  # fmt: skip

    needs = {
        "public": need(trd, "Behov offentlig Mxalfa", "public"),
        "internal": need(trd, "Behov internt Mxbeta", "internal", focus_area=area, unit=unit),
        "foreign": need(vest, "Behov fremmed Mxgamma", "internal"),
    }

    def thesis(partnership: Any, title: str, visibility: str, **extra: Any) -> Any:
        return Thesis.objects.create(
            partnership=partnership, title=title, level="master", student_name="Stud Ent",
            year=2025, visibility=visibility, **extra,
        )  # fmt: skip

    theses = {
        "public": thesis(trd, "Oppgave offentlig Mxdelta", "public"),
        "internal": thesis(trd, "Oppgave intern Mxepsilon", "internal", focus_area=area, unit=unit),
        "foreign": thesis(vest, "Oppgave fremmed Mxzeta", "internal"),
    }
    body_a = GovernanceBody.objects.create(
        partnership=trd, kind="steering_group", name="Styret Mxupsilon", slug="styret-mx"
    )
    body_b = GovernanceBody.objects.create(
        partnership=vest, kind="steering_group", name="Styret Vest Mxphi", slug="styret-vest-mx"
    )
    when = timezone.now() + dt.timedelta(days=10)
    meetings = {
        "public": Meeting.objects.create(body=body_a, title="Møte åpent Mxeta", starts_at=when,
                                         is_public=True),
        "internal": Meeting.objects.create(body=body_a, title="Møte lukket Mxtheta",
                                           starts_at=when, is_public=False),
        "foreign": Meeting.objects.create(body=body_b, title="Møte fremmed Mxiota",
                                          starts_at=when, is_public=False),
    }  # fmt: skip

    def event(partnership: Any, slug: str, title: str, is_public: bool) -> Any:
        return Event.objects.create(
            partnership=partnership, kind="breakfast", title=title, slug=slug, starts_at=when,
            is_public=is_public,
        )  # fmt: skip

    events = {
        "public": event(trd, "mx-apent", "Arrangement åpent Mxkappa", True),
        "internal": event(trd, "mx-lukket", "Arrangement lukket Mxlambda", False),
        "foreign": event(vest, "mx-fremmed", "Arrangement fremmed Mxmy", False),
    }

    def article(partnership: Any, slug: str, title: str, status: str) -> Any:
        return Article.objects.create(
            partnership=partnership, slug=slug, title=title, body="Tekst", status=status,
            published_on=dt.date(2025, 1, 1) if status == "published" else None,
        )  # fmt: skip

    articles = {
        "public": article(trd, "mx-publisert", "Artikkel publisert Mxny", "published"),
        "internal": article(trd, "mx-utkast", "Artikkel utkast Mxxi", "draft"),
        "foreign": article(vest, "mx-fremmed", "Artikkel fremmed Mxomikron", "draft"),
    }
    villages = {
        "public": EitVillage.objects.create(partnership=trd, title="Landsby Mxsigma",
                                           semester="V2026", year=2026),
        "foreign": EitVillage.objects.create(partnership=vest, title="Landsby fremmed Mxtau",
                                            semester="V2026", year=2026),
    }  # fmt: skip
    goals = {
        "public": Goal.objects.create(partnership=trd, kind="result", title="Mål Mxpi"),
        "foreign": Goal.objects.create(partnership=vest, kind="result", title="Mål fremmed Mxrho"),
    }
    apps = {
        "needs": App(
            "needs",
            needs,
            _visible(
                KnowledgeNeed,
                lambda u: permissions.need_visibility_q(u, listed_states=LISTED_STATES),
            ),
            permissions.can_edit_need,
            detail=["needs:detail"],
            edit=[],
            api_detail=["api:get_need"],
            api_key=lambda obj: {"need_id": obj.pk},
            lists=["needs:list", "api:list_needs", "needs:assignments"],
        ),  # fmt: skip
        "education": App(
            "education",
            theses,
            _visible(Thesis, lambda u: permissions.record_visibility_q(u)),
            lambda u, obj: permissions.can_edit_education(u, obj.partnership_id),
            detail=["education:thesis"],
            edit=["education:thesis_edit"],
            api_detail=["api:get_thesis"],
            api_key=lambda obj: {"thesis_id": obj.pk},
            lists=["education:thesis_list", "api:list_theses", "education:index"],
        ),
        "meetings": App(
            "meetings",
            meetings,
            _visible(
                Meeting,
                lambda u: permissions.record_visibility_q(
                    u, partnership="body__partnership_id", visibility="is_public", public_value=True
                ),
            ),
            lambda u, obj: permissions.can_edit_partnership_content(u, obj.body.partnership_id),
            detail=["meetings:detail"],
            edit=["meetings:meeting_edit"],
            api_detail=["api:get_meeting"],
            api_key=lambda obj: {"meeting_id": obj.pk},
            lists=["api:list_meetings", "meetings:body_list", "meetings:annual_cycle"],
        ),  # fmt: skip
        "events": App(
            "events",
            events,
            _visible(
                Event,
                lambda u: permissions.record_visibility_q(
                    u, visibility="is_public", public_value=True
                ),
            ),
            lambda u, obj: permissions.can_edit_partnership_content(u, obj.partnership_id),
            detail=["meetings:event_detail"],
            edit=["meetings:event_edit"],
            api_detail=["api:get_event"],
            key=lambda obj: {"slug": obj.slug},
            api_key=lambda obj: {"slug": obj.slug},
            lists=["meetings:event_list", "api:list_events"],
        ),  # fmt: skip
        "portal": App(
            "portal",
            articles,
            _visible(
                Article,
                lambda u: permissions.record_visibility_q(
                    u, visibility="status", public_value="published"
                ),
            ),
            lambda u, obj: permissions.can_edit_article(u, obj.partnership_id),
            detail=["portal:article_detail"],
            edit=["portal:article_edit"],
            api_detail=["api:get_article"],
            key=lambda obj: {"slug": obj.slug},
            api_key=lambda obj: {"slug": obj.slug},
            lists=["portal:article_list", "api:list_articles", "portal:home"],
        ),  # fmt: skip
        "goals": App(
            "goals",
            goals,
            lambda u, obj: permissions.can_view_partnership(u, obj.partnership),
            lambda u, obj: permissions.can_edit_goals(u, obj.partnership_id),
            detail=["goals:goal_detail"],
            edit=["goals:goal_edit"],
            api_detail=["api:get_goal"],
            api_key=lambda obj: {"goal_id": obj.pk},
            lists=["api:list_goals"],
        ),
    }
    apps["bodies"] = App(
        "bodies",
        {"public": body_a, "foreign": body_b},
        lambda u, obj: permissions.can_view_partnership(u, obj.partnership),
        lambda u, obj: permissions.can_edit_partnership_content(u, obj.partnership_id),
        detail=["meetings:body_detail"],
        edit=["meetings:body_edit", "meetings:meeting_create", "meetings:membership_create"],
        api_detail=["api:get_body"],
        api_key=lambda obj: {"body_id": obj.pk},
        lists=["api:list_bodies"],
    )
    apps["villages"] = App(
        "villages",
        villages,
        lambda u, obj: permissions.can_view_partnership(u, obj.partnership),
        lambda u, obj: permissions.can_edit_education(u, obj.partnership_id),
        detail=["education:village"],
        edit=["education:village_edit"],
        api_detail=["api:get_village"],
        api_key=lambda obj: {"village_id": obj.pk},
        lists=["education:village_list", "api:list_villages"],
    )
    # projects for matching, which searches one index across partnerships
    projects = {
        "public": ProjectFactory(partnership=trd, title="Velferdsteknologi Mxchi offentlig",
                                 visibility="public", status="idea"),
        "internal": ProjectFactory(partnership=trd, title="Velferdsteknologi Mxpsi intern",
                                   visibility="internal", status="idea"),
        "foreign": ProjectFactory(partnership=vest, title="Velferdsteknologi Mxomega fremmed",
                                  visibility="internal", status="idea"),
    }  # fmt: skip
    return World(trd=trd, vest=vest, users=users, apps=apps, projects=projects)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module in an outer transaction; every test runs in a savepoint of it
    and the whole is rolled back afterwards, so nothing leaks into other modules."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _user(world: World, caller: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    if caller == "anonymous":
        return AnonymousUser()
    user = world.users[caller]
    permissions.forget(user)
    return user


# --- hand-written rows: fail even if permissions.py itself is wrong -------------------------

# (caller, app, record) → (sees, edits), from docs/security.md «Roles and permissions».
SANITY: dict[tuple[str, str, str], tuple[bool, bool]] = {
    ("anonymous", "needs", "internal"): (False, False),
    ("anonymous", "education", "internal"): (False, False),
    ("anonymous", "meetings", "internal"): (False, False),
    ("anonymous", "events", "internal"): (False, False),
    ("anonymous", "portal", "internal"): (False, False),
    ("anonymous", "needs", "public"): (True, False),
    ("no_role", "meetings", "internal"): (False, False),
    ("contributor", "needs", "internal"): (False, False),
    ("viewer", "needs", "internal"): (True, False),
    ("viewer", "education", "internal"): (True, False),
    ("viewer", "meetings", "internal"): (True, False),
    ("viewer", "portal", "internal"): (True, False),
    ("viewer", "goals", "public"): (True, False),
    ("committee_member", "meetings", "public"): (True, False),
    ("coordinator_b", "needs", "internal"): (False, False),
    ("coordinator_b", "education", "internal"): (False, False),
    ("coordinator_b", "meetings", "internal"): (False, False),
    ("coordinator_b", "events", "internal"): (False, False),
    ("coordinator_b", "portal", "internal"): (False, False),
    ("coordinator_b", "needs", "foreign"): (True, True),
    ("coordinator_b", "goals", "foreign"): (True, True),
    ("coordinator", "goals", "foreign"): (False, False),
    ("administrator", "education", "foreign"): (False, False),
    ("coordinator", "meetings", "internal"): (True, True),
    ("coordinator", "needs", "internal"): (True, True),
    ("focus_area_leader", "needs", "internal"): (True, True),
    ("focus_area_leader", "needs", "public"): (True, False),
    ("unit_editor", "needs", "internal"): (True, True),
    ("unit_editor", "education", "internal"): (True, True),
    ("unit_editor", "meetings", "internal"): (True, False),
}
NEVER_EDITS = {"anonymous", "no_role", "viewer"}  # anywhere, any record


def _expect(world: World, caller: str, app: App, record: str) -> tuple[bool, bool]:
    user = _user(world, caller)
    obj = app.records[record]
    seen = app.sees(user, obj)
    edits = seen and app.edits(user, obj)
    row = SANITY.get((caller, app.name, record))
    if row is not None:
        assert (seen, edits) == row, f"permissions.py disagrees with the role table: {caller} "
        f"{app.name}/{record}: sees={seen} edits={edits}, documented {row}"
    if caller in NEVER_EDITS:
        assert not edits, f"{caller} may change {app.name}/{record} according to permissions.py"
    return seen, edits


def _label(obj: Any) -> str:
    return getattr(obj, "title", None) or obj.name


def _get(client: Client, url: str) -> int:
    return client.get(url).status_code


# --- per record: detail, edit, API detail -----------------------------------------------------

# Goals, governance bodies and EiT villages have no visibility of their own: they are seen
# with their partnership (A is public, B is hidden), so they have no internal record.
APP_RECORDS: dict[str, tuple[str, ...]] = {
    "needs": RECORDS,
    "education": RECORDS,
    "meetings": RECORDS,
    "events": RECORDS,
    "portal": RECORDS,
    "goals": ("public", "foreign"),
    "bodies": ("public", "foreign"),
    "villages": ("public", "foreign"),
}
CASES = [
    (caller, app, record)
    for caller in CALLERS
    for app, records in APP_RECORDS.items()
    for record in records
]


@pytest.mark.django_db
@pytest.mark.parametrize(("caller", "app_name", "record"), CASES)
def test_record(world: World, caller: str, app_name: str, record: str) -> None:
    app = world.apps[app_name]
    obj = app.records[record]
    seen, edits = _expect(world, caller, app, record)
    client = client_for(world, caller)
    wrong: list[str] = []

    def check(label: str, got: int, expected: set[int]) -> None:
        if got not in expected:
            wrong.append(f"{label}: {got}, expected {sorted(expected)}")

    for name in app.detail:
        url = reverse(name, kwargs=app.key(obj))
        check(f"GET {url}", _get(client, url), {200} if seen else {404})
    for name in app.api_detail:
        url = reverse(name, kwargs=app.api_key(obj))
        check(f"GET {url}", _get(client, url), {200} if seen else {404})
    for name in app.edit:
        url = reverse(name, kwargs=app.key(obj))
        if caller == "anonymous":
            response = client.get(url)
            check(f"GET {url}", response.status_code, {302})
            if response.status_code == 302:
                assert "/konto/logg-inn/" in response["Location"]
            continue
        expected = {200} if edits else {403} if seen else {404}
        check(f"GET {url}", _get(client, url), expected)
    assert not wrong, f"{caller} on {app_name}/{record}:\n" + "\n".join(wrong)


# --- one representative write per app ------------------------------------------------------


def _write(world: World, app_name: str, obj: Any) -> tuple[str, str, dict[str, Any]]:
    """(method, url, body) of a write that never succeeds (an incomplete form, or a status step
    the lifecycle refuses: published → new), so the answer shows only the permission
    decision: 403/404/login, or the form/validation error."""
    if app_name == "needs":
        return "api", reverse("api:transition_need", kwargs={"need_id": obj.pk}), {
            "to": "new", "comment": ""}  # fmt: skip
    app = world.apps[app_name]
    return "post", reverse(app.edit[0], kwargs=app.key(obj)), {}


WRITE_CASES = [
    (caller, app, record)
    for caller in CALLERS
    for app in ("needs", "education", "meetings", "portal", "goals")
    for record in APP_RECORDS[app]
]


@pytest.mark.django_db
@pytest.mark.parametrize(("caller", "app_name", "record"), WRITE_CASES)
def test_write(world: World, caller: str, app_name: str, record: str) -> None:
    app = world.apps[app_name]
    obj = app.records[record]
    seen, edits = _expect(world, caller, app, record)
    if app_name == "needs":
        edits = seen and permissions.can_transition_need(_user(world, caller), obj, "new")
    method, url, body = _write(world, app_name, obj)
    client = client_for(world, caller)
    if method == "api":
        status = client.post(url, json.dumps(body), content_type="application/json").status_code
        expected = {401} if caller == "anonymous" else {409} if edits else (
            {403} if seen else {404})  # fmt: skip
    else:
        status = client.post(url, body).status_code
        expected = {302} if caller == "anonymous" else {200, 422} if edits else (
            {403} if seen else {404})  # fmt: skip
    assert status in expected, f"{caller} POST {url}: {status}, expected {sorted(expected)}"
    obj.refresh_from_db()  # nothing changed, whoever asked


# --- lists never show what the caller may not read ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_lists_hide_unreadable_records(world: World, caller: str) -> None:
    client = client_for(world, caller)
    wrong: list[str] = []
    for app in world.apps.values():
        hidden = [
            _label(obj)
            for record, obj in app.records.items()
            if not _expect(world, caller, app, record)[0]
        ]
        shown = [
            _label(obj)
            for record, obj in app.records.items()
            if _expect(world, caller, app, record)[0] and record == "public"
        ]
        for name in app.lists:
            response = client.get(reverse(name))
            if response.status_code != 200:
                wrong.append(f"{name}: {response.status_code}")
                continue
            text = response.content.decode()
            if response["Content-Type"].startswith("application/json"):
                text = json.dumps(response.json(), ensure_ascii=False)
            wrong += [f"{name} shows {title!r}" for title in hidden if title in text]
            if name.startswith("api:"):
                wrong += [f"{name} lacks {title!r}" for title in shown if title not in text]
    assert not wrong, f"{caller}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_matching_hides_internal_projects(world: World, caller: str) -> None:
    """Matching searches one index across partnerships: internal records only for callers who
    read every partnership's internal records (none of these callers)."""
    from kunnskapsbro.search import matching

    assert permissions.match_public_only(_user(world, caller))  # hand-written: nobody here
    matching.reset_for_tests()
    client = client_for(world, caller)
    wrong: list[str] = []
    for url in (
        reverse("api:match") + "?q=velferdsteknologi&kind=project&limit=50",
        reverse("needs:match") + "?q=velferdsteknologi&kind=project",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = response.content.decode()
        if url.startswith("/api/"):
            text = json.dumps(response.json(), ensure_ascii=False)
            if world.projects["public"].title not in text:
                wrong.append(f"{url} lacks the public project")
        for record in ("internal", "foreign"):
            if world.projects[record].title in text:
                wrong.append(f"{url} shows the {record} project")
    matching.reset_for_tests()
    assert not wrong, f"{caller}:\n" + "\n".join(wrong)


# --- pages of a partnership, and create pages ------------------------------------------------

# Pages about a partnership as a whole: seen with the partnership (B is hidden: 404);
# name → (query string, signed-in callers only).
PARTNERSHIP_PAGES: dict[str, tuple[str, bool]] = {
    "goals:overview": ("", False),
    "goals:action_plans": ("", False),
    "reports:dashboard": ("", False),
    "reports:annual_html": ("?year={last_year}&language=nb&output_format=pdf", True),
    "api:get_dashboard": ("", False),
}
# Create pages of a partnership (slug): login, 404 hidden, 403 without the right, 200.
PARTNERSHIP_CREATE: dict[str, Callable[[Any, Any], bool]] = {
    "goals:goal_create": lambda u, p: permissions.can_edit_goals(u, p.pk),
    "goals:action_plan_create": lambda u, p: permissions.can_edit_goals(u, p.pk),
}
# Create pages without a partnership in the URL: 200 for those who may create in at least one
# partnership, 403 for other signed-in callers, the login page for anonymous ones.
CREATE_PAGES: dict[str, Callable[[Any, Any], bool]] = {
    "needs:create": permissions.can_register_need,
    "education:placement_create": lambda u, p: permissions.can_edit_education(u, p.pk),
    "education:thesis_create": lambda u, p: permissions.can_edit_education(u, p.pk),
    "education:village_create": lambda u, p: permissions.can_edit_education(u, p.pk),
    "education:course_create": lambda u, p: permissions.can_edit_education(u, p.pk),
    "education:teaching_create": lambda u, p: permissions.can_edit_education(u, p.pk),
    "meetings:body_create": lambda u, p: permissions.can_edit_partnership_content(u, p.pk),
    "meetings:event_create": lambda u, p: permissions.can_edit_partnership_content(u, p.pk),
    "portal:article_create": lambda u, p: permissions.can_edit_article(u, p.pk),
    "interop:import_upload": permissions.can_manage_imports,
}
# Written by hand: who may create anything of this kind (docs/security.md).
CREATE_SANITY = {
    ("viewer", "needs:create"): False,
    ("contributor", "needs:create"): False,
    ("unit_editor", "needs:create"): True,
    ("committee_member", "education:thesis_create"): False,
    ("unit_editor", "education:thesis_create"): True,
    ("focus_area_leader", "meetings:body_create"): False,
    ("coordinator_b", "portal:article_create"): True,
    ("unit_editor", "interop:import_upload"): False,
    ("administrator", "interop:import_upload"): True,
}


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_partnership_and_create_pages(world: World, caller: str) -> None:
    client = client_for(world, caller)
    user = _user(world, caller)
    wrong: list[str] = []

    def check(label: str, got: int, expected: set[int]) -> None:
        if got not in expected:
            wrong.append(f"{label}: {got}, expected {sorted(expected)}")

    for partnership in (world.trd, world.vest):
        seen = permissions.can_view_partnership(user, partnership)
        if caller == "anonymous" or caller not in ("coordinator_b",):
            assert seen == (partnership is world.trd)  # B is hidden from all but its members
        for name, (query, login) in PARTNERSHIP_PAGES.items():
            last_year = timezone.localdate().year - 1
            url = reverse(name, kwargs={"slug": partnership.slug}) + query.format(
                last_year=last_year
            )
            expected = {302} if login and caller == "anonymous" else {200} if seen else {404}
            check(f"GET {url}", _get(client, url), expected)
        for name, allowed in PARTNERSHIP_CREATE.items():
            url = reverse(name, kwargs={"slug": partnership.slug})
            if caller == "anonymous":
                expected = {302}
            else:
                expected = {404} if not seen else {200} if allowed(user, partnership) else {403}
            check(f"GET {url}", _get(client, url), expected)
    for name, allowed_in in CREATE_PAGES.items():
        may = any(allowed_in(user, p) for p in (world.trd, world.vest))
        if caller in NEVER_EDITS:
            assert not may, f"{caller} may use {name} according to permissions.py"
        if (caller, name) in CREATE_SANITY:
            assert may == CREATE_SANITY[(caller, name)], (caller, name, may)
        url = reverse(name)
        expected = {302} if caller == "anonymous" else {200} if may else {403}
        check(f"GET {url}", _get(client, url), expected)
    # the import list is open to every signed-in user but lists only the jobs of partnerships
    # whose projects they may manage (tested in interop/tests/test_views.py)
    check("interop:import_list", _get(client, reverse("interop:import_list")),
          {302} if caller == "anonymous" else {200})  # fmt: skip
    assert not wrong, f"{caller}:\n" + "\n".join(wrong)


# --- every URL pattern of these apps has a row ----------------------------------------------

MATRIX = "checked in this file"
NOS = "not object-scoped: "
ELSEWHERE = "object-scoped, checked elsewhere: "
CLASSIFICATION: dict[str, str] = {
    "accounts:login": NOS + "sign-in and static pages, the same for everyone",
    "accounts:logout": NOS + "sign-in and static pages, the same for everyone",
    "accounts:oidc_start": NOS + "sign-in and static pages, the same for everyone",
    "accounts:oidc_callback": NOS + "sign-in and static pages, the same for everyone",
    "accounts:password_reset": NOS + "sign-in and static pages, the same for everyone",
    "accounts:password_reset_done": NOS + "sign-in and static pages, the same for everyone",
    "accounts:password_reset_confirm": NOS + "sign-in and static pages, the same for everyone",
    "accounts:password_reset_complete": NOS + "sign-in and static pages, the same for everyone",
    "accounts:my_page": NOS + "the caller's own account (their own data, tokens and roles)",
    "accounts:my_export": NOS + "the caller's own account (their own data, tokens and roles)",
    "accounts:token_revoke": NOS + "the caller's own account (their own data, tokens and roles)",
    "accounts:person_export": ELSEWHERE
    + "privacy officer actions on a person: test_privacy_and_keys.py",
    "accounts:person_erase": ELSEWHERE
    + "privacy officer actions on a person: test_privacy_and_keys.py",
    "accounts:privacy": NOS + "sign-in and static pages, the same for everyone",
    "accounts:accessibility": NOS + "sign-in and static pages, the same for everyone",
    "accounts:my_roles": NOS + "the caller's own account (their own data, tokens and roles)",
    "accounts:partnership_roles": ELSEWHERE
    + "role administration per partnership: test_permission_matrix.py",
    "accounts:role_end": ELSEWHERE
    + "role administration per partnership: test_permission_matrix.py",
    "goals:my_measurements": NOS + "the caller's own indicators (owner = their person)",
    "goals:overview": MATRIX,
    "goals:goal_create": MATRIX,
    "goals:action_plans": MATRIX,
    "goals:action_plan_create": MATRIX,
    "goals:goal_detail": MATRIX,
    "goals:goal_edit": MATRIX,
    "goals:indicator_create": ELSEWHERE
    + "goal editors of the goal's partnership, as goals:goal_edit: goals/tests/test_views_api.py",
    "goals:indicator_detail": ELSEWHERE
    + "seen with the goal's partnership, as goals:goal_detail: goals/tests/test_views_api.py",
    "goals:indicator_edit": ELSEWHERE
    + "goal editors, as goals:goal_edit: goals/tests/test_views_api.py",
    "goals:milestone_edit": ELSEWHERE
    + "goal editors of the milestone's partnership: goals/tests/test_views_api.py",
    "goals:action_plan_detail": ELSEWHERE
    + "seen with the plan's partnership: goals/tests/test_views_api.py",
    "goals:action_plan_edit": ELSEWHERE
    + "goal editors of the plan's partnership: goals/tests/test_views_api.py",
    "goals:activity_create": ELSEWHERE
    + "goal editors of the plan's partnership: goals/tests/test_views_api.py",
    "goals:activity_edit": ELSEWHERE
    + "goal editors of the plan's partnership: goals/tests/test_views_api.py",
    "reports:index": NOS
    + "a list of the partnerships' dashboards, filtered like partnerships:list",
    "reports:job": ELSEWHERE
    + "a report job is its orderer's: reports/tests/test_views.py and test_annual.py",
    "reports:job_file": ELSEWHERE
    + "a report job's file is its orderer's: reports/tests/test_views.py and test_annual.py",
    "reports:dashboard": MATRIX,
    "reports:chart_csv": ELSEWHERE
    + "one chart of reports:dashboard, same partnership check: reports/tests/test_views.py and test_annual.py",
    "reports:chart_svg": ELSEWHERE
    + "one chart of reports:dashboard, same partnership check: reports/tests/test_views.py and test_annual.py",
    "reports:annual_html": MATRIX,
    "reports:annual_order": ELSEWHERE
    + "POST of reports:annual_html, same partnership check: reports/tests/test_views.py and test_annual.py",
    "interop:portfolio_export": ELSEWHERE
    + "the public portfolio, filtered like projects:list: test_permission_matrix.py",
    "interop:import_list": MATRIX,
    "interop:import_upload": MATRIX,
    "interop:import_template": NOS + "an empty spreadsheet template, the same for everyone",
    "interop:duplicates": ELSEWHERE
    + "import managers (EDIT_ALL) of their partnerships: interop/tests/test_views.py and test_api.py",
    "interop:project_merge": ELSEWHERE
    + "import managers (EDIT_ALL) of both projects' partnership: interop/tests/test_views.py and test_api.py",
    "interop:import_detail": ELSEWHERE
    + "an import job of the caller's partnerships only: interop/tests/test_views.py and test_api.py",
    "interop:import_mapping": ELSEWHERE
    + "an import job of the caller's partnerships only: interop/tests/test_views.py and test_api.py",
    "interop:import_commit": ELSEWHERE
    + "an import job of the caller's partnerships only: interop/tests/test_views.py and test_api.py",
    "oai": NOS + "OAI-PMH serves public project metadata only: interop/tests/test_oai.py",
    "meetings:body_list": MATRIX,
    "meetings:annual_cycle": MATRIX,
    "meetings:deadline_create": ELSEWHERE
    + "partnership content editors, like meetings:body_create: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:my_actions": NOS + "the caller's own follow-up points",
    "meetings:action_status": ELSEWHERE
    + "the point's owner or a meeting editor (can_report_action): meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:action_edit": ELSEWHERE
    + "meeting editors of the point's partnership: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:body_create": MATRIX,
    "meetings:body_detail": MATRIX,
    "meetings:body_edit": MATRIX,
    "meetings:membership_create": MATRIX,
    "meetings:meeting_create": MATRIX,
    "meetings:body_ical": ELSEWHERE
    + "the body's meetings filtered like meetings:detail: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:membership_edit": ELSEWHERE
    + "partnership content editors of the body, as meetings:membership_create: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:person_ical": ELSEWHERE
    + "a person's meetings filtered like meetings:detail: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:agenda_item_edit": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:detail": MATRIX,
    "meetings:meeting_edit": MATRIX,
    "meetings:attendance": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:document_add": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:minutes_pdf": ELSEWHERE
    + "the minutes of a meeting seen as meetings:detail: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:event_list": MATRIX,
    "meetings:event_create": MATRIX,
    "meetings:event_detail": MATRIX,
    "meetings:event_edit": MATRIX,
    "meetings:session_create": ELSEWHERE
    + "event editors, as meetings:event_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:session_edit": ELSEWHERE
    + "event editors, as meetings:event_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:registration": NOS + "a registrant's own registration, reached by its signed token",
    "meetings:registration_cancel": ELSEWHERE
    + "event editors, as meetings:event_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "meetings:event_ical": ELSEWHERE
    + "one event seen as meetings:event_detail: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "needs:list": MATRIX,
    "needs:create": MATRIX,
    "needs:detail": MATRIX,
    "needs:transition": ELSEWHERE
    + "the page form of api:transition_need (can_transition_need): needs/tests/test_views.py and test_api.py",
    "needs:matches": ELSEWHERE
    + "matches of a need seen as needs:detail, public-only matching: needs/tests/test_views.py and test_api.py",
    "needs:answer_add": ELSEWHERE
    + "editors of a need seen as needs:detail: needs/tests/test_views.py and test_api.py",
    "needs:assignment_create": ELSEWHERE
    + "editors of a need seen as needs:detail: needs/tests/test_views.py and test_api.py",
    "needs:assignments": MATRIX,
    "needs:assignment": ELSEWHERE
    + "an assignment of a need seen as needs:detail: needs/tests/test_views.py and test_api.py",
    "needs:interest": ELSEWHERE
    + "signed-in callers on an assignment they see: needs/tests/test_views.py and test_api.py",
    "needs:interest_choose": ELSEWHERE
    + "editors of the assignment's need: needs/tests/test_views.py and test_api.py",
    "needs:thesis": ELSEWHERE
    + "education editors on an assignment they see: needs/tests/test_views.py and test_api.py",
    "needs:match": MATRIX,
    "needs:similar_projects": ELSEWHERE
    + "similar projects of a project seen as projects:detail, public-only matching: needs/tests/test_project_link.py",
    "education:index": MATRIX,
    "education:placement_list": ELSEWHERE
    + "placements are seen with their partnership, as education:village_list: education/tests/test_views.py and test_api.py",
    "education:placement_create": MATRIX,
    "education:placement_import": ELSEWHERE
    + "education editors, as education:placement_create: education/tests/test_views.py and test_api.py",
    "education:placement": ELSEWHERE
    + "seen with the partnership, as education:village: education/tests/test_views.py and test_api.py",
    "education:placement_edit": ELSEWHERE
    + "education editors, as education:village_edit: education/tests/test_views.py and test_api.py",
    "education:thesis_list": MATRIX,
    "education:thesis_create": MATRIX,
    "education:thesis": MATRIX,
    "education:thesis_edit": MATRIX,
    "education:village_list": MATRIX,
    "education:village_create": MATRIX,
    "education:village": MATRIX,
    "education:village_edit": MATRIX,
    "education:course_list": ELSEWHERE
    + "courses are seen with their partnership, as education:village_list: education/tests/test_views.py and test_api.py",
    "education:course_create": MATRIX,
    "education:course": ELSEWHERE
    + "seen with the partnership, as education:village: education/tests/test_views.py and test_api.py",
    "education:course_edit": ELSEWHERE
    + "education editors, as education:village_edit: education/tests/test_views.py and test_api.py",
    "education:teaching_list": ELSEWHERE
    + "seen with their partnership, as education:village_list: education/tests/test_views.py and test_api.py",
    "education:teaching_create": MATRIX,
    "education:teaching": ELSEWHERE
    + "seen with the partnership, as education:village: education/tests/test_views.py and test_api.py",
    "education:teaching_edit": ELSEWHERE
    + "education editors, as education:village_edit: education/tests/test_views.py and test_api.py",
    "portal:home": MATRIX,
    "portal:catalogue": ELSEWHERE
    + "the public project catalogue, filtered like projects:list: test_permission_matrix.py",
    "portal:feed_rss": ELSEWHERE
    + "public projects only, filtered like projects:list: portal/tests/test_views.py",
    "portal:feed_atom": ELSEWHERE
    + "public projects only, filtered like projects:list: portal/tests/test_views.py",
    "portal:network": ELSEWHERE
    + "who-worked-with-whom over public projects: portal/tests/test_views.py",
    "portal:article_list": MATRIX,
    "portal:article_create": MATRIX,
    "portal:article_detail": MATRIX,
    "portal:article_edit": MATRIX,
    "api:list_goals": MATRIX,
    "api:create_goal": ELSEWHERE
    + "goal editors, as goals:goal_create: goals/tests/test_views_api.py",
    "api:get_goal": MATRIX,
    "api:list_indicators": ELSEWHERE
    + "indicators of goals seen with their partnership, as api:list_goals: goals/tests/test_views_api.py",
    "api:get_indicator": ELSEWHERE
    + "seen with the goal's partnership, as api:get_goal: goals/tests/test_views_api.py",
    "api:create_measurement": ELSEWHERE
    + "the indicator's owner or a goal editor (can_measure): goals/tests/test_indicators.py",
    "api:list_milestones": ELSEWHERE
    + "seen with their partnership, as api:list_goals: goals/tests/test_views_api.py",
    "api:update_milestone": ELSEWHERE
    + "goal editors of the milestone's partnership: goals/tests/test_views_api.py",
    "api:list_action_plans": ELSEWHERE
    + "seen with their partnership, as api:list_goals: goals/tests/test_views_api.py",
    "api:match": MATRIX,
    "api:need_matches": ELSEWHERE
    + "matches of a need seen as api:get_need, public-only matching: needs/tests/test_views.py and test_api.py",
    "api:list_needs": MATRIX,
    "api:create_need": ELSEWHERE
    + "can_register_need in the payload's partnership, as needs:create: needs/tests/test_views.py and test_api.py",
    "api:get_need": MATRIX,
    "api:transition_need": MATRIX,
    "api:list_assignments": ELSEWHERE
    + "assignments of needs seen as api:list_needs: needs/tests/test_views.py and test_api.py",
    "api:get_assignment": ELSEWHERE
    + "an assignment of a need seen as api:get_need: needs/tests/test_views.py and test_api.py",
    "api:express_interest": ELSEWHERE
    + "signed-in callers on an assignment they see: needs/tests/test_views.py and test_api.py",
    "api:add_answer": ELSEWHERE
    + "editors of a need seen as api:get_need: needs/tests/test_views.py and test_api.py",
    "api:list_placements": ELSEWHERE
    + "seen with their partnership, as api:list_villages: education/tests/test_views.py and test_api.py",
    "api:get_placement": ELSEWHERE
    + "seen with the partnership, as api:get_village: education/tests/test_views.py and test_api.py",
    "api:import_placements": ELSEWHERE
    + "education editors, as education:placement_create: education/tests/test_views.py and test_api.py",
    "api:list_theses": MATRIX,
    "api:get_thesis": MATRIX,
    "api:list_villages": MATRIX,
    "api:get_village": MATRIX,
    "api:list_courses": ELSEWHERE
    + "seen with their partnership, as api:list_villages: education/tests/test_views.py and test_api.py",
    "api:get_course": ELSEWHERE
    + "seen with the partnership, as api:get_village: education/tests/test_views.py and test_api.py",
    "api:list_teaching": ELSEWHERE
    + "seen with their partnership, as api:list_villages: education/tests/test_views.py and test_api.py",
    "api:get_teaching": ELSEWHERE
    + "seen with the partnership, as api:get_village: education/tests/test_views.py and test_api.py",
    "api:create_placement": ELSEWHERE
    + "education editors of the payload's partnership (a hidden one answers as unknown), as education:placement_create: education/tests/test_api_write.py",
    "api:update_placement": ELSEWHERE
    + "education editors of a record seen as api:get_placement, as education:placement_edit: education/tests/test_api_write.py",
    "api:create_thesis": ELSEWHERE
    + "education editors of the payload's partnership (a hidden one answers as unknown), as education:thesis_create: education/tests/test_api_write.py",
    "api:update_thesis": ELSEWHERE
    + "education editors of a record seen as api:get_thesis, as education:thesis_edit: education/tests/test_api_write.py",
    "api:create_village": ELSEWHERE
    + "education editors of the payload's partnership (a hidden one answers as unknown), as education:village_create: education/tests/test_api_write.py",
    "api:update_village": ELSEWHERE
    + "education editors of a record seen as api:get_village, as education:village_edit: education/tests/test_api_write.py",
    "api:create_course": ELSEWHERE
    + "education editors of the payload's partnership (a hidden one answers as unknown), as education:course_create: education/tests/test_api_write.py",
    "api:update_course": ELSEWHERE
    + "education editors of a record seen as api:get_course, as education:course_edit: education/tests/test_api_write.py",
    "api:create_teaching": ELSEWHERE
    + "education editors of the payload's partnership (a hidden one answers as unknown), as education:teaching_create: education/tests/test_api_write.py",
    "api:update_teaching": ELSEWHERE
    + "education editors of a record seen as api:get_teaching, as education:teaching_edit: education/tests/test_api_write.py",
    "api:education_counts": NOS + "aggregate counts per partnership the caller sees, no records",
    "api:list_bodies": MATRIX,
    "api:get_body": MATRIX,
    "api:create_body": ELSEWHERE
    + "partnership content editors of a partnership the caller sees, as meetings:body_create: meetings/tests/test_api.py",
    "api:update_body": ELSEWHERE
    + "partnership content editors of the body, as meetings:body_edit: meetings/tests/test_api.py",
    "api:create_membership": ELSEWHERE
    + "partnership content editors of the body, as meetings:membership_create: meetings/tests/test_api.py",
    "api:update_membership": ELSEWHERE
    + "partnership content editors of the body, as meetings:membership_edit: meetings/tests/test_api.py",
    "api:list_meetings": MATRIX,
    "api:create_meeting": ELSEWHERE
    + "meeting editors of the body's partnership, as meetings:meeting_create: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:get_meeting": MATRIX,
    "api:update_meeting": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:list_events": MATRIX,
    "api:create_event": ELSEWHERE
    + "partnership content editors, as meetings:event_create: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:get_event": MATRIX,
    "api:update_event": ELSEWHERE
    + "event editors, as meetings:event_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:register": ELSEWHERE
    + "registration for an event seen as api:get_event: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:list_action_items": ELSEWHERE
    + "follow-up points are internal (readers of the partnership's internal records and the point's owner): meetings/tests/test_internal_details.py and test_hidden_records.py",
    "api:update_action_item": ELSEWHERE
    + "the point's owner or a meeting editor (can_report_action): meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:create_agenda_item": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:update_agenda_item": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:create_decision": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:update_decision": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:create_action_item": ELSEWHERE
    + "meeting editors, as meetings:meeting_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:record_attendance": ELSEWHERE
    + "meeting editors, as meetings:attendance: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:cancel_registration": ELSEWHERE
    + "event editors, as meetings:registration_cancel: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:create_session": ELSEWHERE
    + "event editors, as meetings:event_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:update_session": ELSEWHERE
    + "event editors, as meetings:event_edit: meetings/tests/test_views.py, test_api.py and test_internal_details.py",
    "api:list_articles": MATRIX,
    "api:get_article": MATRIX,
    "api:create_article": ELSEWHERE
    + "can_edit_article in the payload's partnership, as portal:article_create: portal/tests/test_api.py",
    "api:update_article": ELSEWHERE
    + "article editors, as portal:article_edit: portal/tests/test_api.py",
    "api:publish_article": ELSEWHERE
    + "article editors, as portal:article_edit: portal/tests/test_api.py",
    "api:get_dashboard": MATRIX,
    "api:order_annual_report": ELSEWHERE
    + "signed-in callers on a partnership seen as api:get_dashboard: reports/tests/test_views.py and test_annual.py",
    "api:list_report_jobs": ELSEWHERE
    + "the caller's own jobs of a partnership seen as api:get_dashboard: reports/tests/test_views.py and test_annual.py",
    "api:get_report_job": ELSEWHERE
    + "a report job is its orderer's: reports/tests/test_views.py and test_annual.py",
    "api:reindex": NOS
    + "an operation on the whole search index (superusers), no record: search/tests/test_services.py",
    "api:get_task": NOS
    + "a background task's state, the caller's own task: core/tests/test_tasks_api.py",
    "api:list_imports": ELSEWHERE
    + "import jobs of the caller's partnerships, as interop:import_list: interop/tests/test_views.py and test_api.py",
    "api:create_import": ELSEWHERE
    + "import managers, as interop:import_upload: interop/tests/test_views.py and test_api.py",
    "api:get_import": ELSEWHERE
    + "an import job of the caller's partnerships only: interop/tests/test_views.py and test_api.py",
    "api:set_mapping": ELSEWHERE
    + "an import job of the caller's partnerships only: interop/tests/test_views.py and test_api.py",
    "api:commit_import": ELSEWHERE
    + "an import job of the caller's partnerships only: interop/tests/test_views.py and test_api.py",
}
NAMESPACES = APP_NAMESPACES | {"accounts"}


def _app_routes() -> set[str]:
    names = set()
    for route, name in walk_urls():
        namespace = namespace_of(name)
        if (
            namespace in NAMESPACES
            or name == "oai"
            or (
                namespace == "api"
                and route.startswith("api/v1/")
                and api_prefix(route) in APP_API_PREFIXES
            )
        ):
            names.add(name)
    return names


def test_every_app_url_is_classified() -> None:
    routes = _app_routes()
    missing = sorted(routes - CLASSIFICATION.keys())
    assert not missing, (
        "URL patterns without a row in CLASSIFICATION "
        f"(accounts/tests/test_permission_matrix_apps.py): {missing}"
    )
    stale = sorted(CLASSIFICATION.keys() - routes)
    assert not stale, f"CLASSIFICATION names URL patterns that no longer exist: {stale}"
    for name, how in CLASSIFICATION.items():
        assert how == MATRIX or (
            how.startswith((NOS, ELSEWHERE)) and len(how) > len(ELSEWHERE) + 10
        ), f"{name}: a row must be {MATRIX!r} or carry a reason"


def test_matrix_rows_are_really_checked(world: World) -> None:
    """Every row marked as checked here is one of the URL names the tests above call."""
    used = {"needs:match", "api:match", "api:transition_need"}  # matching and the write
    for app in world.apps.values():
        used |= set(app.detail) | set(app.edit) | set(app.api_detail) | set(app.lists)
        used |= set(PARTNERSHIP_PAGES) | set(PARTNERSHIP_CREATE) | set(CREATE_PAGES)
    used.add("interop:import_list")
    marked = {name for name, how in CLASSIFICATION.items() if how == MATRIX}
    assert marked == used, (sorted(marked - used), sorted(used - marked))
