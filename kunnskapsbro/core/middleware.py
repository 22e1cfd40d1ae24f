"""Language: bokmål unless the person has chosen another language; requests whose query
string holds a NUL character are refused (``RejectNulMiddleware``).

Django's LocaleMiddleware would follow the browser's Accept-Language, so a Norwegian with an
English browser would get English pages. A Norwegian public service starts in bokmål; the
language switcher (Django's set_language view) stores the choice in a cookie we honour here.
API clients are programs, not browsers: under ``/api/`` an explicit ``Accept-Language`` naming
a language we have (nb, nn, en; ``no`` and regional forms such as ``en-GB`` count) is followed
when no cookie is set, so a client can ask for English error messages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        api = request.path.startswith("/api/")
        if chosen in self.supported:
            language = chosen
        elif api:
            language = self.accepted(request.headers.get("Accept-Language", ""))
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie, Accept-Language" if api else "Cookie")
        return response

    def accepted(self, header: str) -> str:
        """The caller's most preferred language that we have, else bokmål."""
        from django.utils.translation.trans_real import parse_accept_lang_header

        for code, _quality in parse_accept_lang_header(header[:255]):
            if code == "*":
                break
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
        return settings.LANGUAGE_CODE


class RejectNulMiddleware:
    """400 for a NUL character in the query string (``?q=%00``).

    No real input holds one; PostgreSQL cannot store or compare it in text, so a filter or search
    that reached the database with it would be a server error. Forms already refuse NUL in
    posted fields (Django's ProhibitNullCharactersValidator); this covers the GET parameters of
    every page and API filter. API paths answer with problem+json.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                from kunnskapsbro.core.api_errors import problem_response

                return problem_response(
                    400, gettext("Parametrene i adressen kan ikke inneholde NUL-tegn.")
                )
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)
