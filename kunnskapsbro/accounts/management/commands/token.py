"""``kunnskapsbro token create|list|revoke``: API tokens for scripts and integrations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kunnskapsbro.accounts.selectors import api_token_by_prefix, api_token_list
from kunnskapsbro.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Lag, vis eller trekk tilbake API-nøkler."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Lag en nøkkel; skriver bare nøkkelen.")
        create.add_argument("username")
        create.add_argument("--name", default="")
        create.add_argument(
            "--scope", choices=["read", "write"], default="write", help="Tilgang (standard: write)."
        )
        create.add_argument("--read-only", action="store_true", help="Det samme som --scope read.")
        listing = sub.add_parser("list", help="Vis en brukers nøkler (uten hemmeligheten).")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Trekk tilbake nøkkelen med dette prefikset.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            try:
                _, secret = api_token_create(
                    user=user,
                    name=options["name"],
                    scope="read" if options["read_only"] else options["scope"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            # Only the token, so `TOKEN=$(kunnskapsbro token create ola)` works.
            self.stdout.write(secret)
        elif action == "list":
            user = self._user(options["username"])
            for token in api_token_list(user=user):
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                access = token.scope
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.prefix}\t{access}\t{state}\tlast used {used}\t{token.name}"
                )
        elif action == "revoke":
            tokens = list(api_token_by_prefix(options["prefix"]))
            if not tokens:
                raise CommandError(f"No token with prefix {options['prefix']!r}.")
            if len(tokens) > 1:
                raise CommandError(f"{len(tokens)} tokens share that prefix; revoke in the admin.")
            api_token_revoke(token=tokens[0])
            self.stdout.write(f"Revoked {tokens[0].prefix} ({tokens[0].user}).")

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
