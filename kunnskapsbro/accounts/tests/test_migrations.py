"""Migration 0003 turns the ``can_write`` flag of existing tokens (and their history) into
``scope``, and back when reversed. Runs the real migrations on the test database."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0002_roles")]
AFTER = [("accounts", "0003_oidc_identity_token_scope")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_0003_converts_existing_token_rows_both_ways() -> None:
    try:
        old = _migrate(BEFORE)
        user_model = old.get_model(settings.AUTH_USER_MODEL)
        token = old.get_model("accounts", "ApiToken")
        historical = old.get_model("accounts", "HistoricalApiToken")
        user = user_model.objects.create(username="migrering", password="!")
        reader = token.objects.create(
            user=user, name="leser", prefix="kb_leser", digest="a" * 64, can_write=False
        )
        writer = token.objects.create(
            user=user, name="skriver", prefix="kb_skriv", digest="b" * 64, can_write=True
        )
        now = timezone.now()
        for row in (reader, writer):
            historical.objects.create(
                id=row.id,
                user_id=user.id,
                name=row.name,
                prefix=row.prefix,
                digest=row.digest,
                can_write=row.can_write,
                created_at=row.created_at,
                history_date=now,
                history_type="+",
            )

        new = _migrate(AFTER)
        token = new.get_model("accounts", "ApiToken")
        historical = new.get_model("accounts", "HistoricalApiToken")
        assert dict(token.objects.values_list("name", "scope")) == {
            "leser": "read",
            "skriver": "write",
        }
        assert dict(historical.objects.values_list("name", "scope")) == {
            "leser": "read",
            "skriver": "write",
        }
        # Nothing else about the rows changed.
        kept = token.objects.get(name="skriver")
        assert (kept.pk, kept.digest, kept.user_id) == (writer.pk, "b" * 64, user.id)
        # A token that became read-only after the migration goes back as can_write=False.
        token.objects.filter(name="skriver").update(scope="read")

        back = _migrate(BEFORE)
        token = back.get_model("accounts", "ApiToken")
        assert dict(token.objects.values_list("name", "can_write")) == {
            "leser": False,
            "skriver": False,
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
