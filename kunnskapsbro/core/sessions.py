"""The database session store, refusing session keys that are not plain letters and digits.

A cookie value with a NUL byte made PostgreSQL raise on the session lookup (a 500 on every
page); Django generates lowercase alphanumeric keys, so anything else is treated as no session.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore


class SessionStore(DbSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(super()._validate_session_key(key) and key and key.isascii() and key.isalnum())
