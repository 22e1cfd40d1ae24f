"""API tokens: the services, the bearer authentication and the `token` command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kunnskapsbro.accounts.models import ApiToken
from kunnskapsbro.accounts.selectors import api_token_for_secret
from kunnskapsbro.accounts.services import api_token_create, api_token_digest, api_token_revoke
from kunnskapsbro.tests_support.factories import UserFactory


def test_token_is_stored_as_digest_only(coordinator_user):
    token, secret = api_token_create(user=coordinator_user, name="Skript")
    assert secret.startswith("kb_") and len(secret) > 40
    assert token.digest == api_token_digest(secret)
    assert token.prefix == secret[:12]
    assert secret not in {token.digest, token.prefix, token.name}
    assert api_token_for_secret(secret) == token


def test_revoked_token_is_not_found(coordinator_user):
    token, secret = api_token_create(user=coordinator_user)
    api_token_revoke(token=token)
    first = token.revoked_at
    api_token_revoke(token=token)
    assert token.revoked_at == first
    assert api_token_for_secret(secret) is None


def test_token_of_inactive_user_is_not_found(db):
    user = UserFactory(is_active=True)
    _, secret = api_token_create(user=user)
    user.is_active = False
    user.save()
    assert api_token_for_secret(secret) is None


def test_last_used_is_updated_at_most_once_a_minute(api_client, coordinator_user):
    token, secret = api_token_create(user=coordinator_user)
    headers = {"Authorization": f"Bearer {secret}"}
    assert api_client.get("/api/v1/projects", headers=headers).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api_client.get("/api/v1/projects", headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    api_client.get("/api/v1/projects", headers=headers)
    token.refresh_from_db()
    assert token.last_used_at > first - dt.timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


def test_malformed_authorization_header_is_401(api_client, db):
    response = api_client.get("/api/v1/projects", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_command_create_prints_only_the_token(coordinator_user):
    out = StringIO()
    call_command("token", "create", coordinator_user.username, "--name", "CI", stdout=out)
    secret = out.getvalue().strip()
    assert "\n" not in secret
    token = api_token_for_secret(secret)
    assert token is not None and token.can_write and token.name == "CI"


def test_command_read_only_list_and_revoke(coordinator_user):
    out = StringIO()
    call_command("token", "create", coordinator_user.username, "--read-only", stdout=out)
    token = api_token_for_secret(out.getvalue().strip())
    assert token is not None and not token.can_write
    out = StringIO()
    call_command("token", "list", coordinator_user.username, stdout=out)
    assert token.prefix in out.getvalue() and "\tread\t" in out.getvalue()
    call_command("token", "revoke", token.prefix, stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_command_errors(db):
    with pytest.raises(CommandError):
        call_command("token", "create", "nobody", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("token", "revoke", "kb_missing", stdout=StringIO())
