"""Problem documents answer in the caller's language: the language cookie, as on the pages,
or, for API clients only, an explicit ``Accept-Language``.

The messages are looked up with gettext when the error is answered. To prove that without
depending on what the English catalogue holds today, the tests put a small catalogue of their
own in front of the real ones (``LOCALE_PATHS``): a message built with an f-string, or looked
up once at import time, would still come out in bokmål and fail them.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

PROBLEM = "application/problem+json"

# msgid → the English the test catalogue gives it (what the lead is asked to put in en.po).
ENGLISH = {
    "Ukjent partnerskap «%(slug)s».": "Unknown partnership “%(slug)s”.",
    "Ugyldige data": "Invalid data",
    "Finnes ikke": "Not found",
    "Ressursen finnes ikke, eller du har ikke tilgang til den.": (
        "The resource does not exist, or you do not have access to it."
    ),
}


def _write_mo(path: Path, messages: dict[str, str]) -> None:
    """A GNU .mo file (the format gettext reads), without needing msgfmt."""
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    entries = sorted({"": header, **messages}.items())
    ids = [key.encode() for key, _value in entries]
    strs = [value.encode() for _key, value in entries]
    start = 7 * 4 + 16 * len(entries)  # header, then the two tables of (length, offset)
    id_table, str_table, data = [], [], b""
    for item in ids:
        id_table.append((len(item), start + len(data)))
        data += item + b"\0"
    for item in strs:
        str_table.append((len(item), start + len(data)))
        data += item + b"\0"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        struct.pack("<7I", 0x950412DE, 0, len(entries), 28, 28 + 8 * len(entries), 0, 0)
        + b"".join(struct.pack("<2I", *pair) for pair in id_table + str_table)
        + data
    )


@pytest.fixture
def english_catalogue(tmp_path: Path) -> Any:
    _write_mo(tmp_path / "en" / "LC_MESSAGES" / "django.mo", ENGLISH)
    # The first path wins; changing LOCALE_PATHS makes Django drop its loaded catalogues.
    with override_settings(LOCALE_PATHS=[tmp_path, *settings.LOCALE_PATHS]):
        yield


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()


def test_a_422_problem_answers_in_english_with_the_language_cookie(
    client: Any, db: Any, english_catalogue: Any
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/api/v1/goals", {"partnership": "nope"})
    problem = _problem(response, 422)
    assert response["Content-Language"] == "en"
    assert problem["title"] == "Invalid data"
    assert problem["detail"] == "partnership: Unknown partnership “nope”."
    assert problem["errors"] == [{"field": "partnership", "message": "Unknown partnership “nope”."}]


def test_a_404_problem_answers_in_english_with_the_language_cookie(
    client: Any, db: Any, english_catalogue: Any
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    problem = _problem(client.get("/api/v1/projects/999999"), 404)
    assert problem["title"] == "Not found"
    assert problem["detail"] == ("The resource does not exist, or you do not have access to it.")


def test_an_api_client_may_ask_for_english_with_accept_language(
    client: Any, db: Any, english_catalogue: Any
) -> None:
    # API clients are programs: an explicit Accept-Language is followed under /api/.
    response = client.get(
        "/api/v1/goals", {"partnership": "nope"}, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"
    )
    problem = _problem(response, 422)
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    assert problem["title"] == "Invalid data"


@pytest.mark.parametrize("header", ["", "nb-NO,nb;q=0.9", "de-DE,de;q=0.9", "*", "no"])
def test_problems_are_bokmal_unless_a_language_we_have_is_asked_for(
    client: Any, db: Any, english_catalogue: Any, header: str
) -> None:
    response = client.get("/api/v1/goals", {"partnership": "nope"}, HTTP_ACCEPT_LANGUAGE=header)
    problem = _problem(response, 422)
    assert response["Content-Language"] == "nb"
    assert problem["title"] == "Ugyldige data"
    assert problem["detail"] == "partnership: Ukjent partnerskap «nope»."


def test_the_cookie_wins_over_accept_language(client: Any, db: Any, english_catalogue: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    response = client.get("/api/v1/goals", {"partnership": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _problem(response, 422)["title"] == "Ugyldige data"


def test_pages_do_not_follow_accept_language(client: Any, db: Any) -> None:
    # A Norwegian with an English browser still gets bokmål pages (docs/architecture.md).
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "nb"
