"""Retention rules: ``kunnskapsbro accounts purge-inactive [--days N] [--apply]`` (accounts
unused for ACCOUNT_RETENTION_DAYS) and ``kunnskapsbro accounts purge-login-attempts [--hours N]``
(failed sign-in attempts, kept at most a day: run it hourly). ``purge-inactive --apply`` purges
the sign-in attempts too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kunnskapsbro.accounts.services import (
    LOGIN_ATTEMPT_RETENTION,
    inactive_users,
    login_attempts_purge,
    purge_inactive,
)


class Command(BaseCommand):
    help = "Kontoer: slett personopplysningene til kontoer som ikke har vært brukt."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser(
            "purge-inactive",
            help="Deaktiver og slett kontoer uten innlogging på ACCOUNT_RETENTION_DAYS dager.",
        )
        purge.add_argument("--days", type=int, default=None)
        purge.add_argument("--apply", action="store_true", help="Slett (uten: vis bare hvem).")
        attempts = sub.add_parser(
            "purge-login-attempts",
            help="Slett mislykkede innloggingsforsøk (django-axes) eldre enn --hours timer.",
        )
        attempts.add_argument(
            "--hours", type=int, default=int(LOGIN_ATTEMPT_RETENTION.total_seconds() // 3600)
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "purge-login-attempts":
            self._purge_attempts(timedelta(hours=options["hours"]))
            return
        days = options["days"] or settings.ACCOUNT_RETENTION_DAYS
        if not options["apply"]:
            users = list(inactive_users(days=days))
            for user in users:
                self.stdout.write(
                    f"would erase {user.get_username()} (last login {user.last_login or 'never'})"
                )
            self.stdout.write(
                f"{len(users)} account(s) inactive for {days} days; dry run, add --apply."
            )
            return
        try:
            erased = purge_inactive(days=days)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Erased {len(erased)} account(s) inactive for {days} days.")
        self._purge_attempts(LOGIN_ATTEMPT_RETENTION)

    def _purge_attempts(self, older_than: timedelta) -> None:
        try:
            deleted = login_attempts_purge(older_than=older_than)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        hours = int(older_than.total_seconds() // 3600)
        counts = ", ".join(f"{count} {kind}" for kind, count in deleted.items())
        self.stdout.write(f"Deleted sign-in attempt rows older than {hours} hours: {counts}.")
