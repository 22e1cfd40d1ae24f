"""``kunnskapsbro accounts purge-inactive [--days N] [--apply]``: the retention rule."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kunnskapsbro.accounts.services import inactive_users, purge_inactive


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

    def handle(self, *args: Any, **options: Any) -> None:
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
