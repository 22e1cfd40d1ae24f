"""Fixtures shared by every test: named personas, API clients and tokens.

Personas are plain signed-in users until roles land (accounts issue); the names say who they
will be. Nothing is stubbed: search, history and tasks run for real.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kunnskapsbro.tests_support.factories import UserFactory


@pytest.fixture
def coordinator_user(db: Any) -> Any:
    """Coordinates the partnership (koordinator)."""
    return UserFactory(username="kari.koordinator", first_name="Kari", last_name="Koordinator")


@pytest.fixture
def unit_leader_user(db: Any) -> Any:
    """Leads a municipal unit (enhetsleder)."""
    return UserFactory(username="ulf.enhetsleder", first_name="Ulf", last_name="Enhetsleder")


@pytest.fixture
def researcher_user(db: Any) -> Any:
    """A researcher at the university."""
    return UserFactory(username="rita.forsker", first_name="Rita", last_name="Forsker")


@pytest.fixture
def student_user(db: Any) -> Any:
    return UserFactory(username="siri.student", first_name="Siri", last_name="Student")


@pytest.fixture
def outsider_user(db: Any) -> Any:
    """Signed in, but part of no partnership."""
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
        return api_token_create(user=user, name=name, can_write=can_write)[1]

    return make


@pytest.fixture
def coordinator_token(coordinator_user: Any, api_token_for: Callable[..., str]) -> str:
    return api_token_for(coordinator_user)
