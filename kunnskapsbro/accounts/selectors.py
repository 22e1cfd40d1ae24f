"""Reads for accounts: API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ApiToken
from .services import api_token_digest


def api_token_for_secret(token: str) -> ApiToken | None:
    """The live (not revoked) token with this secret, with its user, or None."""
    if not token:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=api_token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """A user's tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_by_prefix(prefix: str) -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user").filter(prefix=prefix)
