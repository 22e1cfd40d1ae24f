"""API authentication: ``Authorization: Bearer kb_...`` tokens beside Django sessions.

Reads are open (anonymous callers see public data); writes need a session (with CSRF) or a
token that may write. ``api_user`` gives the acting user on endpoints without required auth.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer, django_auth

from .selectors import api_token_for_secret
from .services import api_token_touch

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiTokenAuth(HttpBearer):
    """Bearer tokens looked up by SHA-256 digest; revoked tokens and inactive users fail."""

    openapi_description = "API-nøkkel: `kunnskapsbro token create BRUKERNAVN`"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_for_secret(token)
        if api_token is None:
            # A wrong token is an error, never a silent fall-back to anonymous or a session.
            raise AuthenticationError(message="Ugyldig eller tilbakekalt API-nøkkel.")
        if request.method not in SAFE_METHODS and not api_token.can_write:
            # 403 problem+json: the token is valid, its scope is ``read``.
            raise AuthorizationError(
                message="API-nøkkelen har bare lesetilgang (scope «read»), ikke skrivetilgang."
            )
        api_token_touch(token=api_token)
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


token_auth = ApiTokenAuth()
# Writes: a bearer token first (no CSRF for it), else the session with Django's CSRF check.
write_auth = [token_auth, django_auth]


def api_user(request: HttpRequest) -> Any:
    """The caller on read endpoints: the token's user, the session user or AnonymousUser."""
    auth = getattr(request, "auth", None)
    if auth is not None and getattr(auth, "is_authenticated", False):
        return auth
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthenticationError(message="Bruk «Authorization: Bearer <API-nøkkel>».")
        return token_auth.authenticate(request, secret.strip())
    return request.user
