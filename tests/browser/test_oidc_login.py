"""Signing in through OpenID Connect against a real provider process (django-oauth-toolkit).

Two providers side by side on the login page; ID-porten requires a substantial acr; the
national identity number (``pid``) the provider sends must not end up anywhere in the database.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.browser.conftest import axe_check
from tests.oidc_provider.constants import TEST_PID
from tests.oidc_provider.fixtures import oidc_provider, oidc_settings  # noqa: F401, F811


def _provider_login(page: Any, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Logg inn hos leverandøren").click()


def _database_contains(value: str) -> list[str]:
    """Every model (history tables included) with a text column holding ``value``."""
    from django.db import models

    hits = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue  # e.g. the SQLite-only full-text table
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                found = model._default_manager.filter(**{f"{field.name}__contains": value}).exists()
            elif isinstance(field, models.JSONField):
                rows = model._default_manager.values_list(field.name, flat=True)
                found = any(value in str(row) for row in rows)
            else:
                continue
            if found:
                hits.append(f"{model._meta.label}.{field.name}")
    from django.contrib.sessions.models import Session

    for session in Session.objects.all():
        if value in str(session.get_decoded()):
            hits.append("sessions.Session")
    return hits


def test_idporten_login_lands_signed_in_and_stores_no_pid(page: Any, oidc_settings: Any) -> None:  # noqa: F811
    page.goto("/konto/logg-inn/?next=/konto/min-side/")
    expect(page.get_by_role("link", name="ID-porten")).to_be_visible()
    expect(page.get_by_role("link", name="Feide")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="ID-porten").click()
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/accounts/login/"))
    _provider_login(page, "kari", "kari-passord-1")
    expect(page).to_have_url(re.compile(r"/konto/min-side/$"))
    expect(page.get_by_role("heading", name="Min side")).to_be_visible()
    expect(page.get_by_text("idporten", exact=True)).to_be_visible()
    axe_check(page)

    from kunnskapsbro.accounts.models import OidcIdentity

    identity = OidcIdentity.objects.get(provider="idporten")
    assert identity.user.is_active and not identity.user.has_usable_password()
    assert identity.user.person.full_name == "Kari Nordmann"
    assert _database_contains(TEST_PID) == []


def test_feide_login_with_consent_links_the_person_by_email(page: Any, oidc_settings: Any) -> None:  # noqa: F811
    from kunnskapsbro.organizations.models import Affiliation
    from kunnskapsbro.tests_support.factories import OrganizationFactory, PersonFactory

    person = PersonFactory(
        first_name="Kari", last_name="Nordmann", email="kari.nordmann@kommune.example.no"
    )
    OrganizationFactory(name="Trondheim kommune", orgnr="974760673")
    page.goto("/konto/logg-inn/")
    page.get_by_role("link", name="Feide").click()
    _provider_login(page, "kari", "kari-passord-1")
    page.get_by_role("button", name=re.compile("Authorize", re.I)).click()
    expect(page).to_have_url(re.compile(r"/prosjekter/"))
    person.refresh_from_db()
    assert person.user is not None and person.user.oidc_identities.get().provider == "feide"
    affiliation = Affiliation.objects.get(person=person)
    assert affiliation.organization.orgnr == "974760673"
    assert "employee" in affiliation.title


def test_idporten_low_acr_is_refused_with_a_clear_page(page: Any, oidc_settings: Any) -> None:  # noqa: F811
    page.goto("/konto/logg-inn/")
    page.get_by_role("link", name="ID-porten").click()
    _provider_login(page, "lav", "lav-passord-1")
    expect(page.get_by_role("heading", name="Innloggingen mislyktes")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("for lavt sikkerhetsnivå")
    axe_check(page)
    from kunnskapsbro.accounts.models import OidcIdentity

    assert not OidcIdentity.objects.exists()
    page.goto("/konto/min-side/")
    expect(page).to_have_url(re.compile(r"/konto/logg-inn/"))


def test_denied_consent_gives_the_error_page(page: Any, oidc_settings: Any) -> None:  # noqa: F811
    page.goto("/konto/logg-inn/")
    page.get_by_role("link", name="Feide").click()
    _provider_login(page, "kari", "kari-passord-1")
    page.get_by_role("button", name=re.compile("Cancel", re.I)).click()
    expect(page.get_by_role("alert")).to_contain_text("avbrutt")


pytestmark = pytest.mark.browser
