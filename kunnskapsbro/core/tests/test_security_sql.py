"""SQL meta-characters and odd input in every filter and search parameter.

The parameters are discovered, not listed: for the API, every query parameter of every GET
operation in the OpenAPI schema; for pages, every field of every GET form on the pages of the
URL conf (plus ``page``), crawled as a superuser. Each parameter gets each value of ``ODD``
alone; the answer must be 200 or 4xx (never 5xx) without traceback text, and
``' OR 1=1 --`` must not widen the result: no more results than without the filter, and for a
search exactly the results of the same words without the SQL punctuation.

The data set is two rows of every domain model (``security_support.Builder``): the first with
plain letter words, the second with ``' OR 1=1 --`` inside its text, so a search for it has
something to find and something it must not find. Runs on SQLite and on PostgreSQL
(``DATABASE_URL``), whose NUL-byte and integer-overflow rules differ.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import models
from django.test import Client
from lxml import etree
from lxml import html as lxml_html

from kunnskapsbro.core.tests import security_support as sec

INJECTION = "' OR 1=1 --"
LITERAL_WORDS = "OR 1=1"  # the same words, as a search for the literal text sees them
ODD = (
    INJECTION,
    "%",
    "_",
    "\\",
    '"',
    ";",
    "\x00",
    "1; DROP TABLE projects_project; --",
    "x" * 5000,
    "abc",
    "-1",
    "0",
    "99999999999999999999999",
    "ÆØÅ æøå 🙂 ﷽",
    "1e400",
)
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/|django\.db\.utils", re.I)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _word(n: int) -> str:
    """Digit-free words, so that a search for ``1=1`` matches only the planted text."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = LETTERS[r] + out
    return f"ord{out}"


class PlainText:
    def __init__(self, *, planted: bool) -> None:
        self.planted = planted
        self.n = 0 if not planted else 500

    def __call__(self, f: models.Field, key: str) -> str | None:
        if f.choices or isinstance(f, models.SlugField | models.URLField | models.EmailField):
            return None
        if f.validators and any(v.__class__.__name__ != "MaxLengthValidator" for v in f.validators):
            return None
        if f.max_length is not None and f.max_length < 30:
            return None
        self.n += 1
        text = f"Tekst {_word(self.n)}"
        return f"{text} {INJECTION} slutt" if self.planted else text


class SecondBuilder(sec.Builder):
    """A second row of every model, its own users and a disjoint slug range."""

    def __init__(self, text_for: Any, superuser: Any) -> None:
        self.text_for = text_for
        self.data = sec.Dataset(superuser=superuser)
        self.counter = 1000
        from django.contrib.auth import get_user_model

        self.plain_user = get_user_model().objects.create_user(username="sikkerhet.bruker2")

    def _fresh_user(self) -> Any:
        from django.contrib.auth import get_user_model

        self.counter += 1
        return get_user_model().objects.create_user(username=f"sikkerhet.to.{self.counter}")


@pytest.fixture
def sql_data(db: Any) -> sec.Dataset:
    first = sec.Builder(PlainText(planted=False)).build_all()
    SecondBuilder(PlainText(planted=True), first.superuser).build_all()
    return first


def _get(client: Client, url: str, query: dict[str, str]) -> tuple[int, bytes]:
    response = client.get(url, query)
    if response.streaming:
        return response.status_code, b"".join(response.streaming_content)
    return response.status_code, response.content


def _problems(url: str, status: int, body: bytes) -> list[str]:
    problems = []
    if status >= 500:
        problems.append(f"{url}: {status}")
    text = body.decode("utf-8", "replace")
    if TRACEBACK.search(text):
        problems.append(f"{url}: traceback text")
    return problems


# --- the API ------------------------------------------------------------------------------------


def api_list_operations(data: sec.Dataset) -> list[tuple[str, list[str], dict[str, str]]]:
    """(url, query parameter names, required values) of every GET without path parameters
    or with path parameters filled from the data set."""
    from kunnskapsbro.api import api
    from kunnskapsbro.core.tests.test_security_xss import PATH_OBJECTS, SLUG_OBJECTS

    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        params = [p for p in get.get("parameters", []) if p["in"] == "query"]
        if not params:
            continue
        url = path
        for name in re.findall(r"{(\w+)}", path):
            if name == "slug":
                url = url.replace("{slug}", data.get(SLUG_OBJECTS[path.split("/")[3]]).slug)
            else:
                url = url.replace(f"{{{name}}}", str(data.get(PATH_OBJECTS[name]).pk))
        required = {
            p["name"]: (data.get("partnerships.Partnership").slug if p["name"] != "q" else "tekst")
            for p in params
            if p.get("required")
        }
        found.append((url, [p["name"] for p in params], required))
    return found


def _count(page_body: bytes) -> int | None:
    try:
        payload = json.loads(page_body)
    except ValueError:
        return None
    if isinstance(payload, dict) and isinstance(payload.get("count"), int):
        return payload["count"]
    if isinstance(payload, dict) and isinstance(payload.get("items"), list):
        return len(payload["items"])
    if isinstance(payload, list):
        return len(payload)
    return None


def _ids(page_body: bytes) -> set[Any]:
    payload = json.loads(page_body)
    items = payload.get("items", payload) if isinstance(payload, dict) else payload
    return (
        {json.dumps(item, sort_keys=True) for item in items} if isinstance(items, list) else set()
    )


def test_api_filters_and_search_take_odd_input(sql_data: sec.Dataset) -> None:
    from kunnskapsbro.accounts.services import api_token_create

    token = api_token_create(user=sql_data.superuser, name="sql", scope="read")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    operations = api_list_operations(sql_data)
    assert len(operations) >= 25
    problems: list[str] = []
    checked = searched = 0
    for url, names, required in operations:
        status, base = _get(client, url, required)
        assert status == 200, (url, status, base[:300])
        baseline = _count(base)
        for name in names:
            for value in ODD:
                status, body = _get(client, url, {**required, name: value})
                shown = f"{url}?{name}={value[:40]!r}"
                problems += _problems(shown, status, body)
                checked += 1
                if value != INJECTION or status != 200:
                    continue
                count = _count(body)
                if baseline is not None and count is not None and count > baseline:
                    problems.append(f"{shown}: {count} results > {baseline} unfiltered")
                if name == "q" and "export" not in url and name not in required:
                    searched += 1
                    _, literal = _get(client, url, {**required, name: LITERAL_WORDS})
                    if _ids(body) != _ids(literal):
                        problems.append(f"{shown}: differs from the literal words")
                    if baseline and baseline > 1 and count == baseline:
                        problems.append(f"{shown}: matched everything ({count})")
    assert not problems, "\n".join(problems[:50])
    assert checked > 1000 and searched >= 5, (checked, searched)


def test_project_search_finds_the_literal_text_only(sql_data: sec.Dataset) -> None:
    """The API's full-text search treats the payload as words: exactly the planted project."""
    from kunnskapsbro.accounts.services import api_token_create
    from kunnskapsbro.projects.models import Project

    token = api_token_create(user=sql_data.superuser, name="sql", scope="read")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    planted = {p.pk for p in Project.objects.all() if INJECTION in p.title}
    assert planted and Project.objects.count() > len(planted)
    response = client.get("/api/v1/projects", {"q": INJECTION})
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["items"]} == planted


# --- pages --------------------------------------------------------------------------------------

NOT_FUZZED = {
    "konto/logg-ut/",
    "i18n/setlang/",
    "konto/oidc/<slug:provider_id>/",
    "konto/oidc/<slug:provider_id>/tilbake/",
}


def get_forms(pages: list[sec.Page]) -> dict[str, set[str]]:
    """path -> names of the fields of the GET forms on the page (and ``page``)."""
    found: dict[str, set[str]] = {}
    for page in pages:
        if page.status != 200 or page.content_type != "text/html" or not page.body.strip():
            continue
        tree = lxml_html.fromstring(page.body.decode("utf-8"))
        for form in tree.iter("form"):
            if (form.get("method") or "get").lower() != "get":
                continue
            action = form.get("action") or urlsplit(page.url).path
            names = {
                e.get("name")
                for e in form.iter("input", "select", "textarea")
                if e.get("name") and e.get("type") not in {"submit", "hidden"}
            }
            if names:
                found.setdefault(urlsplit(action).path, set()).update(names | {"page"})
    return found


def _links_to_records(body: bytes) -> set[str]:
    """The detail links on a page: what a filter narrows."""
    if not body.strip():
        return set()
    text = body.decode("utf-8", "replace")
    return {
        link
        for link in sec.links(text)
        if (route := sec.route_of(link)) and "<" in route and "?" not in link
    }


def test_page_filters_and_search_take_odd_input(sql_data: sec.Dataset) -> None:
    client = Client()
    client.force_login(sql_data.superuser)
    seeds = [r for r in sec.parameterless_routes() if r.lstrip("/") not in NOT_FUZZED]
    pages = sec.crawl(client, seeds, per_route=2, skip_routes=NOT_FUZZED, max_pages=400)
    forms = get_forms(pages)
    assert len(forms) >= 10, sorted(forms)
    for expected in ("/prosjekter/", "/behov/", "/utdanning/oppgaver/", "/portal/prosjekter/"):
        assert expected in forms, sorted(forms)
    problems: list[str] = []
    searched = 0
    for path, names in sorted(forms.items()):
        base = client.get(path)
        if base.status_code != 200:
            problems.append(f"{path}: {base.status_code} without parameters")
            continue
        baseline = _links_to_records(base.content)
        for name in sorted(names):
            for value in ODD:
                response = client.get(path, {name: value})
                shown = f"{path}?{urlencode({name: value[:40]})}"
                problems += _problems(shown, response.status_code, response.content)
                if value != INJECTION or response.status_code != 200:
                    continue
                found = _links_to_records(response.content)
                # A search page may show nothing until asked (matching, network): for a search
                # the measure is the literal words, for a filter the unfiltered page.
                if name != "q" and len(found) > len(baseline):
                    problems.append(f"{shown}: {len(found)} records > {len(baseline)}")
                if name == "q":
                    searched += 1
                    literal = client.get(path, {name: LITERAL_WORDS})
                    if found != _links_to_records(literal.content):
                        problems.append(f"{shown}: differs from the literal words")
    assert not problems, "\n".join(problems[:50])
    assert searched >= 3, searched


def test_oai_takes_odd_arguments(sql_data: sec.Dataset) -> None:
    """OAI-PMH answers bad arguments with an OAI error document, never a server error."""
    client = Client()
    for argument in ("verb", "metadataPrefix", "set", "identifier", "from", "until"):
        for value in (*ODD, "\x01", "a\x1fb"):
            query = {"verb": "ListRecords", "metadataPrefix": "oai_dc", argument: value}
            response = client.get("/oai", query)
            assert response.status_code < 500, (argument, value[:40])
            assert not TRACEBACK.search(response.content.decode("utf-8", "replace"))
            if "\x00" in value:  # refused before any view (RejectNulMiddleware)
                assert response.status_code == 400
                continue
            root = etree.fromstring(
                response.content, parser=etree.XMLParser(resolve_entities=False)
            )
            if value in {"\x01", "a\x1fb"}:
                error = root.find("{http://www.openarchives.org/OAI/2.0/}error")
                assert error is not None and error.get("code") == "badArgument"


def test_a_nul_character_in_the_query_string_is_a_clear_400(db: Any) -> None:
    client = Client()
    page = client.get("/prosjekter/", {"q": "a\x00b"})
    assert page.status_code == 400
    assert "Adressen inneholder tegn vi ikke kan behandle" in page.content.decode()
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    api = client.get("/api/v1/projects", {"q": "\x00"})
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert "NUL" in api.json()["detail"]
    assert client.get("/prosjekter/", {"q": "a b"}).status_code in (200, 302)
