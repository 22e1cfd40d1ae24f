"""Shared pieces of the permission-matrix tests (accounts/tests/test_permission_matrix.py and
test_permission_matrix_apps.py): the two partnerships with a focus area and a unit, the callers
and their roles, a client signed in as one of them, and the walk over every URL pattern with
the namespaces and API prefixes of the apps beyond projects.

    base = partnerships_with_scopes(home_slug="trd", home_name="TRD3.0", ...)
    users = users_with_roles(CALLERS, home=base.home, other=base.other, ...)
    client = client_for(world, "viewer")  # any object with a ``users`` dict
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    RoleAssignmentFactory,
    UserFactory,
)

# --- the partnerships, callers and clients ---------------------------------------------------


@dataclass
class Partnerships:
    """A public home partnership (with a municipality, a focus area and a unit) and a hidden
    other one."""

    home: Any
    other: Any
    area: Any
    unit: Any


def partnerships_with_scopes(
    *,
    home_slug: str,
    home_name: str,
    other_slug: str,
    other_name: str,
    municipality: str,
    area: str,
    unit: str,
) -> Partnerships:
    home = PartnershipFactory(slug=home_slug, name=home_name)
    other = PartnershipFactory(slug=other_slug, name=other_name, is_public=False)
    owner = MunicipalityFactory(name=municipality)
    PartnershipParty.objects.create(partnership=home, organization=owner, role="municipality")
    return Partnerships(
        home=home,
        other=other,
        area=FocusAreaFactory(partnership=home, name=area),
        unit=OrgUnitFactory(organization=owner, name=unit),
    )


def users_with_roles(
    callers: list[str],
    *,
    username_prefix: str,
    home: Any,
    other: Any,
    focus_area: Any,
    unit: Any,
    other_coordinator: str,
) -> dict[str, Any]:
    """One user per caller (none for "anonymous"). "no_role" and "superuser" get no role;
    ``other_coordinator`` coordinates ``other``; every other caller holds the role of its name
    in ``home``, the focus-area leader scoped to ``focus_area`` and the unit editor to ``unit``."""
    users: dict[str, Any] = {}
    for caller in callers:
        if caller == "anonymous":
            continue
        user = UserFactory(
            username=f"{username_prefix}{caller}", is_superuser=caller == "superuser"
        )
        users[caller] = user
        if caller in ("no_role", "superuser"):
            continue
        if caller == other_coordinator:
            RoleAssignmentFactory(user=user, role="coordinator", partnership=other)
            continue
        scope: dict[str, Any] = {}
        if caller == "focus_area_leader":
            scope["focus_area"] = focus_area
        if caller == "unit_editor":
            scope["org_unit"] = unit
        RoleAssignmentFactory(user=user, role=caller, partnership=home, **scope)
    return users


class HasUsers(Protocol):
    users: dict[str, Any]


def client_for(world: HasUsers, caller: str) -> Client:
    """A test client signed in as the caller's user (not signed in for "anonymous")."""
    client = Client()
    if caller != "anonymous":
        client.force_login(world.users[caller])
    return client


# --- the URL patterns and their owners --------------------------------------------------------

# Namespaces and first API path segments of the apps beyond projects (goals, reports, interop,
# meetings, needs, education, portal, search/tasks).
APP_NAMESPACES = frozenset(
    {"goals", "reports", "interop", "meetings", "needs", "education", "portal"}
)
APP_API_PREFIXES = (
    "goals", "indicators", "milestones", "action-plans", "match", "needs", "assignments",
    "placements", "theses", "eit-villages", "courses", "teaching", "education", "bodies",
    "meetings", "events", "action-items", "agenda-items", "decisions", "articles", "reports",
    "report-jobs", "search", "tasks", "imports", "memberships",
)  # fmt: skip


def walk_urls(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str]]:
    """(route, namespaced name) of every URL pattern, by default of the whole project."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    rows: list[tuple[str, str]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            rows += walk_urls(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            rows.append((prefix + str(pattern.pattern), namespace + (pattern.name or "")))
    return rows


def namespace_of(name: str) -> str:
    return name.split(":", 1)[0] if ":" in name else ""


def api_prefix(route: str) -> str:
    """The first path segment after api/v1/ ("articles" for api/v1/articles/<slug>)."""
    return route.removeprefix("api/v1/").split("/", 1)[0]
