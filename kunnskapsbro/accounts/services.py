"""Writes for accounts: API tokens (only a SHA-256 digest is stored; the token is shown once)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken

TOKEN_PREFIX = "kb_"  # noqa: S105 (a marker for secret scanners, not a secret)
# How many leading characters are kept in clear so a person can tell their tokens apart.
PREFIX_LENGTH = 12


def api_token_digest(token: str) -> str:
    """The SHA-256 hex digest a token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str = "", can_write: bool = True) -> tuple[ApiToken, str]:
    """Issue a bearer token for ``user``; the returned string is the only copy of the secret."""
    if user is None or not getattr(user, "is_active", False):
        raise ValidationError({"user": _("API-nøkler kan bare lages for aktive brukere.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=token[:PREFIX_LENGTH],
        digest=api_token_digest(token),
        can_write=can_write,
    )
    api_token.full_clean()
    api_token._history_user = user
    api_token.save()
    return api_token, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    """Withdraw a token; it stops working at once. Revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        if actor is not None and getattr(actor, "is_authenticated", False):
            token._history_user = actor
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken, every_seconds: int = 60) -> None:
    """Record use, at most once a minute, without a history row (last_used_at is excluded)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= every_seconds:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
