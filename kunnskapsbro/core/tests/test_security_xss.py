"""Stored and reflected XSS: script payloads in every user-writable text field of the domain
models, then every page, API response, export, feed and calendar that shows them.

Which text fields get a payload is discovered, not listed: every concrete CharField/TextField
of the models of the domain apps (``security_support.DOMAIN_APPS``). These are left out, and
``test_fields_without_payload_are_the_documented_ones`` keeps this comment true:

* choices (``kind``, ``status``, ``role``, ``visibility`` …): only the listed values are stored;
* slugs: ``SlugField`` accepts ``[-a-zA-Z0-9_]`` only;
* URL and e-mail fields: their validators refuse every payload, ``javascript:alert(1)``
  included (asserted in ``test_url_and_email_fields_refuse_payloads``);
* ``organizations.Organization.orgnr`` (mod-11 organisation number),
  ``organizations.Organization.municipality_number`` (four digits),
  ``organizations.Person.orcid`` (ORCID pattern) and every ``semester`` (``H2026``/``V2027``):
  their validators refuse the payload;
* ``organizations.Organization.country`` (2 characters) and the ``currency`` fields
  (3 characters): too short to hold markup;
* ``needs.MatchIndexState`` is the matching index's bookkeeping, not user data.

Fields too short for the longest payload get a shorter one (``"'><img …>`` or ``'"><x7>``).
PDF pages (meeting minutes, the annual report file) are not fetched: WeasyPrint renders text,
never script, and each takes seconds.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import icalendar
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from kunnskapsbro.core.tests import security_support as sec

FULL = "javascript:alert(1)//<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
IMG = "\"'><img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
SHORT = "'\"><x7>"
PAYLOADS = (FULL, IMG, SCRIPT, SHORT)
# Any of these in an HTML response means a payload reached the page unescaped.
NEEDLES = ("<script>alert(1)", "<img src=x onerror", "<x7>", "\"'><")
JS_URL = re.compile(
    r"""\b(?:href|src|action|formaction|hx-get|hx-post|data-url)\s*=\s*["']?\s*javascript:""",
    re.I,
)
MARKER_ROOM = 6  # " ~123" keeps each value unique and traceable to its field

DOCUMENTED_SKIPS = {
    "organizations.Organization.orgnr": "validator",
    "organizations.Organization.municipality_number": "validator",
    "organizations.Organization.country": "too short",
    "organizations.Person.orcid": "validator",
    "needs.Assignment.semester": "validator",
    "education.Placement.semester": "validator",
    "education.EitVillage.semester": "validator",
    "education.Course.semester": "validator",
    "education.TeachingContribution.semester": "validator",
    "projects.ProjectPartner.currency": "too short",
    "projects.FundingLine.currency": "too short",
}


def classify(f: models.Field) -> str:
    """'inject', or why the field gets no payload."""
    if f.choices:
        return "choices"
    if isinstance(f, models.SlugField):
        return "slug"
    if isinstance(f, models.URLField | models.EmailField):
        return "url/email"
    for payload in {payload_for(f), SHORT}:
        try:
            f.run_validators(payload)
        except ValidationError as error:
            if any(e.code != "max_length" for e in error.error_list):
                return "validator"
    if f.max_length is not None and f.max_length < len(SHORT) + MARKER_ROOM:
        return "too short"
    return "inject"


def payload_for(f: models.Field) -> str:
    room = (f.max_length or 10_000) - MARKER_ROOM
    return next((p for p in PAYLOADS if len(p) <= room), SHORT)


class Payloads:
    def __init__(self) -> None:
        self.n = 0
        self.skipped: dict[str, str] = {}

    def __call__(self, f: models.Field, key: str) -> str | None:
        reason = classify(f)
        if reason != "inject":
            if reason in {"validator", "too short"}:
                self.skipped[key] = reason
            return None
        self.n += 1
        return f"{payload_for(f)} ~{self.n}"


@pytest.fixture
def xss(db: Any) -> tuple[sec.Dataset, Payloads]:
    payloads = Payloads()
    data = sec.Builder(payloads).build_all()
    return data, payloads


# --- checks -------------------------------------------------------------------------------------


def check_html(page: sec.Page) -> None:
    text = page.body.decode("utf-8")
    for needle in NEEDLES:
        assert needle not in text, f"{page.url}: unescaped {needle!r} near {_around(text, needle)}"
    assert not JS_URL.search(text), f"{page.url}: javascript: URL {_around(text, 'javascript:')}"
    check_scripts(page, text)
    csp = page.headers.get("Content-Security-Policy", "")
    assert "script-src" in csp or "default-src" in csp, page.url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (page.url, csp)


def check_scripts(page: sec.Page, text: str) -> None:
    """Only our own external scripts (``/static/…``, empty) and data blocks (JSON, JSON-LD:
    not executed, and the CSP would refuse them anyway)."""
    try:
        tree = lxml_html.fromstring(text)
    except etree.ParserError:  # an empty htmx fragment
        assert not text.strip(), page.url
        return
    for script in tree.iter("script"):
        src = script.get("src")
        kind = (script.get("type") or "").lower()
        if src is not None:
            assert src.startswith("/static/"), (page.url, src)
            assert not (script.text or "").strip(), (page.url, "script with src and a body")
        else:
            assert kind in {"application/json", "application/ld+json"}, (
                page.url,
                f"inline script: {lxml_html.tostring(script)[:200]!r}",
            )
            json.loads(script.text or "null")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in element.attrib:
            assert not attribute.lower().startswith("on"), (
                page.url,
                f"inline event handler {attribute} on <{element.tag}>",
            )


def check_body(page: sec.Page) -> str:
    """Checks by content type; returns the kind checked."""
    ctype = page.content_type
    if ctype == "text/html":
        check_html(page)
        return "html"
    if ctype in {"application/json", "application/problem+json", "application/ld+json"}:
        json.loads(page.body)
        return "json"
    if ctype == "text/csv":
        list(csv.reader(io.StringIO(page.body.decode("utf-8-sig"))))
        return "csv"
    if ctype.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(page.body), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    # A formula-looking cell would be a CSV/Excel injection.
                    assert not (isinstance(value, str) and value.startswith("=")), page.url
        return "xlsx"
    if ctype in {"application/xml", "text/xml", "application/rss+xml", "application/atom+xml"}:
        root = etree.fromstring(page.body, parser=etree.XMLParser(resolve_entities=False))
        names = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
        assert not names & {"script", "img", "x7"}, (page.url, names & {"script", "img", "x7"})
        return "xml"
    if ctype == "text/calendar":
        icalendar.Calendar.from_ical(page.body)
        return "ical"
    if ctype == "image/svg+xml":
        root = etree.fromstring(page.body, parser=etree.XMLParser(resolve_entities=False))
        names = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
        assert not names & {"script", "img", "x7", "foreignObject"}, page.url
        return "svg"
    if ctype == "application/pdf":
        return "pdf"
    return ctype


def _around(text: str, needle: str) -> str:
    i = text.find(needle)
    return repr(text[max(0, i - 200) : i + 80])


def check_all(pages: list[sec.Page]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for page in pages:
        assert page.status < 500, (page.url, page.status, page.body[:500])
        if page.status == 200:
            kind = check_body(page)
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


# --- the data set and the fields ---------------------------------------------------------------


def test_fields_without_payload_are_the_documented_ones(xss: Any) -> None:
    data, payloads = xss
    assert payloads.skipped == DOCUMENTED_SKIPS
    # Every domain model has a row and at least one field carrying a payload (or none to carry).
    for model in sec.domain_models():
        key = sec.label(model)
        injectable = [f for f in sec.text_fields(model) if classify(f) == "inject"]
        assert key in data.objects, key
        for f in injectable:
            assert f"{key}.{f.name}" in data.values, f"{key}.{f.name}"
    assert len(data.values) > 100


def test_url_and_email_fields_refuse_payloads(db: Any) -> None:
    checked = []
    for model in sec.domain_models():
        for f in sec.text_fields(model):
            if isinstance(f, models.URLField | models.EmailField):
                for payload in (*PAYLOADS, "javascript:alert(1)", "data:text/html,<script>"):
                    with pytest.raises(ValidationError):
                        f.run_validators(payload)
                checked.append(f"{sec.label(model)}.{f.name}")
    assert "projects.Project.website" in checked and "meetings.EventSession.slides_url" in checked


def test_services_refuse_javascript_urls(db: Any) -> None:
    """The same refusal end to end, through a service as a page or the API calls it."""
    from kunnskapsbro.projects import services as project_services
    from kunnskapsbro.tests_support.factories import ProjectFactory

    project = ProjectFactory()
    with pytest.raises(ValidationError) as raised:
        project_services.project_update(project=project, data={"website": "javascript:alert(1)"})
    assert "website" in raised.value.message_dict
    project.refresh_from_db()
    assert project.website == ""


# --- pages --------------------------------------------------------------------------------------

# Routes a GET crawl does not (and need not) reach, with the reason.
NOT_CRAWLED = {
    "konto/logg-ut/": "POST only, signs out",
    "konto/oidc/<slug:provider_id>/": "redirects to an identity provider",
    "konto/oidc/<slug:provider_id>/tilbake/": "callback from an identity provider",
    "i18n/setlang/": "POST only",
    "konto/passord/ny/<uidb64>/<token>/": "needs a mailed token; shows no domain text",
    "moter/<int:pk>/referat.pdf": "PDF (WeasyPrint renders text, not script; seconds per page)",
    "rapporter/jobb/<int:pk>/": "report jobs are not domain text (reports app)",
    "rapporter/jobb/<int:pk>/fil/": "PDF file of a report job",
    "data/import/<int:pk>/": "import jobs belong to interop, not the domain apps",
    "data/import/<int:pk>/kolonner/": "import jobs belong to interop, not the domain apps",
    "data/import/<int:pk>/lagre/": "import jobs belong to interop, not the domain apps",
    "konto/api-nokler/<int:pk>/trekk-tilbake/": "POST only; API tokens are not domain text",
    "konto/roller/<slug:slug>/<int:pk>/avslutt/": "POST only (ends a role)",
    "moter/oppfolging/<int:pk>/status/": "POST only, linked from the owner's own list",
}


def linked_nowhere(data: sec.Dataset) -> list[str]:
    """Pages no link leads a superuser to (they are reached from e-mails, other accounts' pages
    or a selection), fetched directly."""
    from django.urls import reverse

    from kunnskapsbro.meetings.selectors import registration_token
    from kunnskapsbro.tests_support.factories import ProjectFactory

    partnership = data.get("partnerships.Partnership")
    project = data.get("projects.Project")
    twin = ProjectFactory(partnership=partnership, title=f"{FULL} ~twin", summary=FULL)
    person = data.get("organizations.Person")
    registration = data.get("meetings.Registration")
    year = timezone.localdate().year
    return [
        reverse("accounts:partnership_roles", args=[partnership.slug]),
        reverse("accounts:person_export", args=[person.slug]),
        reverse("accounts:person_erase", args=[person.slug]),
        f"{reverse('reports:annual_html', args=[partnership.slug])}?year={year}&language=nb&output_format=html",
        reverse("needs:thesis", args=[data.get("needs.Assignment").pk]),
        reverse(
            "meetings:registration",
            args=[registration.event.slug, registration_token(registration)],
        ),
        f"{reverse('interop:project_merge')}?first={project.pk}&second={twin.pk}",
    ]


FEEDS_AND_EXPORTS = [
    "/data/eksport/portefolje.csv",
    "/data/eksport/portefolje.xlsx",
    "/data/eksport/portefolje.json",
    "/portal/nye-prosjekter.rss",
    "/portal/nye-prosjekter.atom",
    "/oai?verb=Identify",
    "/oai?verb=ListSets",
    "/oai?verb=ListMetadataFormats",
    *(
        f"/oai?verb=ListRecords&metadataPrefix={prefix}&set={spec}"
        for prefix in ("oai_cerif_openaire", "oai_dc")
        for spec in (
            "openaire_cris_projects",
            "openaire_cris_orgunits",
            "openaire_cris_persons",
            "openaire_cris_funding",
        )
    ),
]


def reflected_urls(pages: list[sec.Page]) -> list[str]:
    """Every GET form on the crawled pages, its text inputs filled with the longest payload."""
    from urllib.parse import urlencode, urlsplit

    urls = []
    for page in pages:
        if page.content_type != "text/html" or page.status != 200 or not page.body.strip():
            continue
        tree = lxml_html.fromstring(page.body.decode("utf-8"))
        for form in tree.iter("form"):
            if (form.get("method") or "get").lower() != "get":
                continue
            names = [
                i.get("name")
                for i in form.iter("input")
                if i.get("name") and (i.get("type") or "text") in {"text", "search"}
            ]
            if not names:
                continue
            action = form.get("action") or urlsplit(page.url).path
            urls.append(f"{action}?{urlencode(dict.fromkeys(names, FULL))}")
    return sorted(set(urls))


def test_every_page_escapes_stored_payloads_as_superuser(xss: Any) -> None:
    data, _ = xss
    client = Client()
    client.force_login(data.superuser)
    pages = sec.crawl(
        client, sec.parameterless_routes(), per_route=3, skip_routes=NOT_CRAWLED, max_pages=900
    )
    pages += [sec.fetch(client, url) for url in FEEDS_AND_EXPORTS + linked_nowhere(data)]
    # The person's own export, as the person.
    own = Client()
    own.force_login(data.get("organizations.Person").user)
    pages.append(sec.fetch(own, "/konto/min-side/mine-data.json"))
    pages += [sec.fetch(client, url) for url in reflected_urls(pages)]
    kinds = check_all(pages)

    reached = {p.route for p in pages if p.status == 200}
    every = {route for route, _ in sec.routes()}
    post_only = {p.route for p in pages if p.status == 405}
    missing = every - reached - post_only - set(NOT_CRAWLED)
    statuses = {r: sorted({(p.status, p.url) for p in pages if p.route == r}) for r in missing}
    assert not missing, f"pages the crawl did not reach with 200: {statuses}"
    assert kinds.get("html", 0) > 100 and kinds.get("xml", 0) >= 10, kinds
    assert {"csv", "xlsx", "json", "ical"} <= set(kinds), kinds

    # The payloads really were on the pages (escaped), so the checks above had work to do.
    shown = b"".join(p.body for p in pages if p.content_type == "text/html")
    escaped = sum(1 for v in data.values.values() if _escaped(v).encode() in shown)
    assert escaped >= 0.8 * len(data.values), (escaped, len(data.values))


def _escaped(value: str) -> str:
    from django.utils.html import escape

    return escape(value)


def test_public_pages_escape_stored_payloads_anonymously(xss: Any) -> None:
    client = Client()
    pages = sec.crawl(
        client, sec.parameterless_routes(), per_route=3, skip_routes=NOT_CRAWLED, max_pages=600
    )
    pages += [sec.fetch(client, url) for url in FEEDS_AND_EXPORTS]
    pages += [sec.fetch(client, url) for url in reflected_urls(pages)]
    kinds = check_all(pages)
    public = {p.route for p in pages if p.status == 200}
    for route in (
        "portal/",
        "portal/prosjekter/",
        "erfaringsdeling/<slug:slug>/",
        "arrangementer/<slug:slug>/",
    ):
        assert route in public, (route, sorted(r for r in public if r))
    assert kinds.get("html", 0) > 10, kinds


# --- the API ------------------------------------------------------------------------------------

PATH_OBJECTS = {
    "project_id": "projects.Project",
    "goal_id": "goals.Goal",
    "indicator_id": "goals.Indicator",
    "organization_id": "organizations.Organization",
    "person_id": "organizations.Person",
    "need_id": "needs.KnowledgeNeed",
    "assignment_id": "needs.Assignment",
    "placement_id": "education.Placement",
    "thesis_id": "education.Thesis",
    "village_id": "education.EitVillage",
    "course_id": "education.Course",
    "contribution_id": "education.TeachingContribution",
    "body_id": "partnerships.GovernanceBody",
    "meeting_id": "meetings.Meeting",
}
SLUG_OBJECTS = {
    "partnerships": "partnerships.Partnership",
    "reports": "partnerships.Partnership",
    "events": "meetings.Event",
    "articles": "portal.Article",
}
API_NOT_FETCHED = {
    "/api/v1/report-jobs/{job_id}": "report jobs (reports app) hold no domain text",
    "/api/v1/tasks/{task_id}": "task status, no domain text",
    "/api/v1/imports/{job_id}": "import jobs belong to interop",
}


def _strings(value: Any) -> Any:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def api_get_urls(data: sec.Dataset) -> list[str]:
    from kunnskapsbro.api import api

    urls = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations or path in API_NOT_FETCHED:
            continue
        url = path
        required = [
            p["name"]
            for p in operations["get"].get("parameters", [])
            if p["in"] == "query" and p.get("required")
        ]
        fill = {"partnership": data.get("partnerships.Partnership").slug, "q": "alert"}
        if required:
            url += "?" + "&".join(f"{name}={fill[name]}" for name in required)
        for name in re.findall(r"{(\w+)}", path):
            if name == "slug":
                obj = data.get(SLUG_OBJECTS[path.split("/")[3]])
                url = url.replace("{slug}", obj.slug)
            else:
                url = url.replace(f"{{{name}}}", str(data.get(PATH_OBJECTS[name]).pk))
        urls.append(url)
    return urls


def test_api_returns_valid_json_with_payloads_as_data(xss: Any) -> None:
    from kunnskapsbro.accounts.services import api_token_create

    data, _ = xss
    token = api_token_create(user=data.superuser, name="xss", scope="read")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    urls = api_get_urls(data)
    assert len(urls) >= 40
    strings: set[str] = set()
    for url in urls:
        page = sec.fetch(client, url)
        assert page.status == 200, (url, page.status, page.body[:300])
        if page.content_type == "application/json":
            strings |= set(_strings(json.loads(page.body)))
        else:
            check_body(page)
    carried = [key for key, value in data.values.items() if value in strings]
    # JSON carries the text as data, unchanged (escaping is the HTML layer's job).
    assert len(carried) >= 0.5 * len(data.values), (len(carried), len(data.values))
    anonymous = Client()
    for url in urls:
        page = sec.fetch(anonymous, url)
        assert page.status < 500, url
        check_body(page)


def test_the_checks_catch_what_they_look_for() -> None:
    """The HTML checks fail on a raw payload, an inline script or handler, and unsafe-inline."""
    from django.utils.html import escape

    def page(body: str, csp: str = "default-src 'self'; script-src 'self'") -> sec.Page:
        html_body = f"<!doctype html><html><body>{body}</body></html>".encode()
        return sec.Page("/x/", None, 200, "text/html", html_body, {"Content-Security-Policy": csp})

    check_html(page(f"<p>{escape(FULL)}</p><script src='/static/app.js'></script>"))
    for bad in (
        f"<p>{FULL}</p>",
        f'<input value="{IMG}">',
        f"<p>{SHORT}</p>",
        '<a href="javascript:alert(1)">x</a>',
        "<script>console.log(1)</script>",
        '<button onclick="go()">x</button>',
        "<script src='https://cdn.example.com/x.js'></script>",
    ):
        with pytest.raises(AssertionError):
            check_html(page(bad))
    with pytest.raises(AssertionError):
        check_html(page("<p>ok</p>", csp="script-src 'self' 'unsafe-inline'"))
