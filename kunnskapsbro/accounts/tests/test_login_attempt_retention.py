"""The privacy notice's promise: failed sign-in attempts are kept for at most a day."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from kunnskapsbro.accounts.services import LOGIN_ATTEMPT_RETENTION, login_attempts_purge
from kunnskapsbro.tests_support.factories import UserFactory


def _fail(client: Client, username: str, times: int = 1) -> None:
    for _ in range(times):
        client.post("/konto/logg-inn/", {"username": username, "password": "feil"})


def _age(username: str, hours: float) -> None:
    then = timezone.now() - dt.timedelta(hours=hours)
    AccessAttempt.objects.filter(username=username).update(attempt_time=then)


def test_command_deletes_attempts_older_than_the_retention_and_keeps_newer(
    db: Any, settings: Any
) -> None:
    UserFactory(username="ola", password="riktig-passord-1")
    UserFactory(username="kari", password="riktig-passord-1")
    client = Client()
    _fail(client, "ola", settings.AXES_FAILURE_LIMIT)  # locked out yesterday
    _fail(client, "kari", 2)  # two failures just now
    _age("ola", 25)
    AccessFailureLog.objects.create(username="ola", ip_address="10.0.0.1", user_agent="x")
    AccessFailureLog.objects.create(username="kari", ip_address="10.0.0.2", user_agent="x")
    AccessFailureLog.objects.filter(username="ola").update(
        attempt_time=timezone.now() - dt.timedelta(days=2)
    )
    AccessLog.objects.create(username="ola", ip_address="10.0.0.1", user_agent="x")
    AccessLog.objects.filter(username="ola").update(
        attempt_time=timezone.now() - dt.timedelta(days=2)
    )

    out = StringIO()
    call_command("accounts", "purge-login-attempts", stdout=out)

    assert not AccessAttempt.objects.filter(username="ola").exists()
    assert AccessAttempt.objects.get(username="kari").failures_since_start == 2
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == ["kari"]
    assert not AccessLog.objects.exists()
    assert "older than 23 hours: 1 accessattempt, 1 accessfailurelog, 1 accesslog" in (
        out.getvalue()
    )
    # Ola's old lockout ended with its rows; Kari's recent failures still count.
    assert (
        client.post(
            "/konto/logg-inn/", {"username": "ola", "password": "riktig-passord-1"}
        ).status_code
        == 302
    )


def test_nothing_kept_longer_than_a_day_when_run_hourly(db: Any) -> None:
    """With an hour between runs, the oldest row a run leaves is younger than a day."""
    assert LOGIN_ATTEMPT_RETENTION + dt.timedelta(hours=1) <= dt.timedelta(days=1)
    now = timezone.now()
    for hours in (0.5, 22.9, 23.1, 30):
        AccessAttempt.objects.create(
            username=f"u{hours}", ip_address="10.0.0.3", user_agent="x", failures_since_start=1
        )
        AccessAttempt.objects.filter(username=f"u{hours}").update(
            attempt_time=now - dt.timedelta(hours=hours)
        )
    assert login_attempts_purge(now=now)["accessattempt"] == 2
    assert sorted(AccessAttempt.objects.values_list("username", flat=True)) == ["u0.5", "u22.9"]


def test_purge_inactive_apply_purges_attempts_too_dry_run_does_not(db: Any) -> None:
    AccessAttempt.objects.create(
        username="old", ip_address="10.0.0.4", user_agent="x", failures_since_start=3
    )
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(days=3))
    call_command("accounts", "purge-inactive", stdout=StringIO())
    assert AccessAttempt.objects.exists()
    call_command("accounts", "purge-inactive", "--apply", stdout=StringIO())
    assert not AccessAttempt.objects.exists()


def test_a_non_positive_retention_is_refused_and_deletes_nothing(db: Any) -> None:
    AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.5", user_agent="x", failures_since_start=1
    )
    with pytest.raises(ValidationError) as raised:
        login_attempts_purge(older_than=dt.timedelta(0))
    assert "older_than" in raised.value.message_dict
    with pytest.raises(CommandError):
        call_command("accounts", "purge-login-attempts", "--hours", "0", stdout=StringIO())
    assert AccessAttempt.objects.count() == 1
