from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"SITE_NAME": "Kunnskapsbro", "DEBUG": settings.DEBUG}
    # A form saved successfully: tell app.js to forget the browser-side draft of it.
    session = getattr(request, "session", None)
    if session is not None and "kb_draft_clear" in session:
        context["draft_clear"] = session.pop("kb_draft_clear")
    return context
