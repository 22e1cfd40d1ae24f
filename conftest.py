"""Fixtures shared by every test: named personas, API clients and tokens.

Personas carry real roles (accounts.permissions): the coordinator coordinates every
partnership, the unit leader reads every partnership (scoped unit-editor roles are granted per
test with ``grant_role``), researcher and student are contributors, the outsider has no role.
Nothing is stubbed: search, history and tasks run for real.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kunnskapsbro.tests_support.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def grant_role(db: Any) -> Callable[..., Any]:
    """``grant_role(user, "unit_editor", partnership=p, org_unit=u)``: an active role."""

    def grant(user: Any, role: str, **scope: Any) -> Any:
        from kunnskapsbro.accounts.permissions import forget

        forget(user)
        return RoleAssignmentFactory(user=user, role=role, **scope)

    return grant


@pytest.fixture
def coordinator_user(db: Any) -> Any:
    """Coordinates every partnership of the installation (koordinator)."""
    user = UserFactory(username="kari.koordinator", first_name="Kari", last_name="Koordinator")
    RoleAssignmentFactory(user=user, role="coordinator", partnership=None)
    return user


@pytest.fixture
def unit_leader_user(db: Any) -> Any:
    """Leads a municipal unit (enhetsleder): reads every partnership; a test that is about
    writing for a unit grants ``unit_editor`` for that unit with ``grant_role``."""
    user = UserFactory(username="ulf.enhetsleder", first_name="Ulf", last_name="Enhetsleder")
    RoleAssignmentFactory(user=user, role="viewer", partnership=None)
    return user


@pytest.fixture
def researcher_user(db: Any) -> Any:
    """A researcher at the university: a contributor in every partnership."""
    user = UserFactory(username="rita.forsker", first_name="Rita", last_name="Forsker")
    RoleAssignmentFactory(user=user, role="contributor", partnership=None)
    return user


@pytest.fixture
def student_user(db: Any) -> Any:
    """A student: a contributor in every partnership."""
    user = UserFactory(username="siri.student", first_name="Siri", last_name="Student")
    RoleAssignmentFactory(user=user, role="contributor", partnership=None)
    return user


@pytest.fixture
def outsider_user(db: Any) -> Any:
    """Signed in, but part of no partnership (no role)."""
    return UserFactory(username="olav.utenfor", first_name="Olav", last_name="Utenfor")


@pytest.fixture
def client_as() -> Callable[[Any], Client]:
    """``client_as(user)``: a test client signed in as ``user`` (no password hashing)."""

    def make(user: Any, **kwargs: Any) -> Client:
        client = Client(**kwargs)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client() -> Client:
    """An anonymous client; pass ``headers={"Authorization": f"Bearer {token}"}`` per call."""
    return Client()


@pytest.fixture
def api_token_for(db: Any) -> Callable[..., str]:
    """``api_token_for(user, can_write=True)``: a fresh bearer token string for ``user``."""
    from kunnskapsbro.accounts.services import api_token_create

    def make(user: Any, *, can_write: bool = True, name: str = "test") -> str:
        scope = "write" if can_write else "read"
        return api_token_create(user=user, name=name, scope=scope)[1]

    return make


@pytest.fixture
def coordinator_token(coordinator_user: Any, api_token_for: Callable[..., str]) -> str:
    return api_token_for(coordinator_user)
