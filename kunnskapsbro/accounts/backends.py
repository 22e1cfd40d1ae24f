"""Authentication backends: django-axes throttling in front of Django's model backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login made through a request (the login page, the
    admin, password forms). Logins without a request (code: ``Client.login`` in tests, the
    shell) have no IP address to throttle on and pass through to the next backend instead of
    failing, as ``AxesStandaloneBackend`` would."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
