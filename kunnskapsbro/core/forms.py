"""Form helpers shared by the apps' pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def attach_service_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form field of the same name, or on the form
    itself when the service names something the form has no field for (e.g. ``identifiers``),
    so the page shows the error where the API names it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)
