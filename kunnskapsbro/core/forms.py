"""Form helpers shared by the apps' pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

T = TypeVar("T")


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


def save_and_redirect(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    to: str | Callable[[T], str],
) -> HttpResponse | None:
    """A create or edit page's POST: when the form is valid, call the service through
    ``save(form.cleaned_data)``; on success flash ``success`` and redirect to ``to`` (either
    may be computed from what ``save`` returned). ``None`` means «show the form again»: a GET,
    an invalid form, or a service ``ValidationError``, which is put on the form's fields."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        attach_service_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(to(result) if callable(to) else to)
