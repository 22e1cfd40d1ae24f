"""RFC 9457 problem details for the API: every error, one shape, fields named as in the body.

``kunnskapsbro/api.py`` registers ``install_problem_handlers`` once; endpoints just raise
(Django ``ValidationError`` from services, ``Http404`` from selectors, ``Problem`` for the rest).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://kunnskapsbro.no/problems/"
# Where pydantic puts a value; the first element of an error's ``loc`` and then the parameter
# name, which the client never sees (the body is the object itself), are dropped.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}
_PARAM_NAMES = {"payload", "filters", "page"}

# Lazy: the title is put into words in the request's language when a problem is answered.
TITLES = {
    400: gettext_lazy("Ugyldig forespørsel"),
    401: gettext_lazy("Innlogging kreves"),
    403: gettext_lazy("Ingen tilgang"),
    404: gettext_lazy("Finnes ikke"),
    405: gettext_lazy("Metoden er ikke tillatt"),
    409: gettext_lazy("Konflikt"),
    422: gettext_lazy("Ugyldige data"),
    429: gettext_lazy("For mange forespørsler"),
}
SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    422: "validation",
    429: "throttled",
}


class Problem(Exception):
    """Raise from an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: Iterable[dict[str, Any]] = (),
        title: str = "",
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.title = title


def field_problem(field: str, message: str, status: int = 422) -> Problem:
    """A problem about one field of the request body: ``detail`` "field: message" and the same
    message under ``errors``."""
    return Problem(status, f"{field}: {message}", errors=[{"field": field, "message": message}])


def problem_response(
    status: int,
    detail: str = "",
    *,
    errors: Iterable[dict[str, Any]] = (),
    title: str = "",
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + SLUGS.get(status, str(status)),
        "title": str(title or TITLES.get(status) or pgettext("API error title", "Feil")),
        "status": status,
        "detail": str(detail or title or TITLES.get(status, "")),
        "errors": list(errors),
    }
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kunnskapsbro"'
    return response


def django_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """Service errors keyed by field name, as ``[{"field", "message"}]``; ``None`` = whole object."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if name == NON_FIELD_ERRORS else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in exc.messages]


def pydantic_field(loc: Iterable[Any]) -> str | None:
    parts = list(loc)
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    if parts and parts[0] in _PARAM_NAMES:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or None


def ninja_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    return [
        {"field": pydantic_field(error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]


def validation_problem(exc: DjangoValidationError, *, status: int = 422) -> Problem:
    errors = django_errors(exc)
    detail = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
    )
    return Problem(status, detail, errors=errors)


def install_problem_handlers(api: NinjaAPI) -> None:
    """Make every error the API raises a problem document (the one place errors are shaped)."""

    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(exc.status, exc.detail, errors=exc.errors, title=exc.title)

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return on_problem(request, validation_problem(exc))

    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = ninja_errors(exc)
        detail = "; ".join(f"{e['field'] or '–'}: {e['message']}" for e in errors)
        return problem_response(422, detail, errors=errors)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(404, _("Ressursen finnes ikke, eller du har ikke tilgang til den."))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if isinstance(exc, AuthenticationError) and str(exc) == "Unauthorized":
            detail = _("Logg inn, eller send «Authorization: Bearer <API-nøkkel>».")
        elif isinstance(exc, AuthorizationError) and str(exc) == "Forbidden":
            detail = TITLES[403]
        else:
            detail = str(exc)
        return problem_response(status, detail)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem_response(403, str(exc) or TITLES[403])

    def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Services check uniqueness first; this is the race between two writers.
        logger.warning("API integrity error: %s", exc)
        return problem_response(409, _("Endringen kolliderer med data som er lagret samtidig."))

    def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # A value the database cannot store (too long, out of range) that validation missed.
        logger.warning("API data error: %s", exc)
        return problem_response(
            422, _("En verdi kan ikke lagres (for lang eller utenfor gyldig område).")
        )

    api.add_exception_handler(Problem, on_problem)
    api.add_exception_handler(DataError, on_data_error)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(NinjaValidationError, on_ninja_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(IntegrityError, on_integrity_error)


class ProblemFieldError(Schema):
    field: str | None
    message: str


class ProblemDocument(Schema):
    """The documented shape of every error response (RFC 9457 plus ``errors``)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemFieldError] = []


# For ``response={...}`` on endpoints, so the OpenAPI lists what can go wrong.
READ_PROBLEMS = {404: ProblemDocument, 422: ProblemDocument}
WRITE_PROBLEMS = {
    401: ProblemDocument,
    403: ProblemDocument,
    404: ProblemDocument,
    409: ProblemDocument,
    422: ProblemDocument,
}
