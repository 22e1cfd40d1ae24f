"""Shared by the XSS and SQL-injection tests: a data set that touches every domain model, and a
crawler that finds the site's pages from the URL conf and the links on the pages themselves.

The data set is built generically: every concrete model of the domain apps gets one row, every
user-writable text field of it is filled by ``text_for(field)`` (the XSS test passes payloads,
the SQL test plain words). Rows are written with the ORM, like the factories
(``tests_support/factories.py``); the project search index is rebuilt afterwards.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from kunnskapsbro.tests_support.factories import valid_orgnr

DOMAIN_APPS = (
    "organizations",
    "partnerships",
    "projects",
    "needs",
    "education",
    "goals",
    "meetings",
    "portal",
)

# Rows that are bookkeeping of the system itself, never written by a user.
INTERNAL_MODELS = {"needs.MatchIndexState"}

# Among a field's choices, the first of these is taken, so that the row is as visible as
# possible (public, published, in force …); otherwise the first choice.
PREFERRED_CHOICES = (
    "public",
    "published",
    "active",
    "in_force",
    "held",
    "open",
    "confirmed",
    "present",
    "finished",
    "adopted",
    "on_track",
    "project",
    "partnership",
    "manual",
)

# Constraints a generic builder cannot guess (check constraints tie a choice to foreign keys).
OVERRIDES: dict[str, dict[str, Any]] = {
    "goals.Goal": {"scope": "partnership", "focus_area": None, "element": None, "project": None},
    "goals.Indicator": {"method": "manual", "computed_kind": "", "partner": None},
    "goals.ActionPlan": {"element": None},
    "needs.NeedAnswer": {"kind": "project", "thesis": None, "course": None},
    "projects.RelevanceAssessment": {"relevance": 3},
    "meetings.Deadline": {"month": 5, "day": 17},
    "meetings.Registration": {"waitlist_position": None},
    "organizations.Organization": {"parent": None},
    "organizations.OrgUnit": {"parent": None},
    "partnerships.Agreement": {"renews": None},
}


def domain_models() -> list[type[models.Model]]:
    found = []
    for app in DOMAIN_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or label(model) in INTERNAL_MODELS:
                continue
            found.append(model)
    return found


def label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """Concrete CharField/TextField (and subclasses) declared on the model."""
    return [
        f
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and not f.auto_created
        and isinstance(f, models.CharField | models.TextField)
    ]


@dataclass
class Dataset:
    objects: dict[str, models.Model] = field(default_factory=dict)
    superuser: Any = None
    values: dict[str, str] = field(default_factory=dict)  # "app.Model.field" -> value written

    def get(self, model_label: str) -> Any:
        return self.objects[model_label]


class Builder:
    """Creates one row of every domain model; ``text_for(field, label)`` fills text fields
    (returning ``None`` means "not user text: use a valid neutral value")."""

    def __init__(self, text_for: Callable[[models.Field, str], str | None]) -> None:
        self.text_for = text_for
        self.data = Dataset()
        self.counter = 0
        user_model = get_user_model()
        self.data.superuser = user_model.objects.create_superuser(
            username="sikkerhet.admin", email="sikkerhet.admin@example.no", password=None
        )
        self.plain_user = user_model.objects.create_user(
            username="sikkerhet.bruker", email="sikkerhet.bruker@example.no"
        )

    def build_all(self) -> Dataset:
        for model in domain_models():
            self.build(model)
        for model in domain_models():
            obj = self.data.objects[label(model)]
            for m2m in model._meta.many_to_many:
                target = m2m.related_model
                if label(target) in self.data.objects:
                    getattr(obj, m2m.name).add(self.data.objects[label(target)])
        from kunnskapsbro.search.services import index_projects

        index_projects()
        return self.data

    def build(self, model: type[models.Model]) -> models.Model:
        key = label(model)
        if key in self.data.objects:
            return self.data.objects[key]
        overrides = OVERRIDES.get(key, {})
        values: dict[str, Any] = {}
        for f in model._meta.get_fields():
            if not getattr(f, "concrete", False) or f.auto_created or f.many_to_many:
                continue
            if isinstance(f, models.AutoField) or getattr(f, "auto_now", False):
                continue
            if getattr(f, "auto_now_add", False):
                continue
            if f.name in overrides:
                values[f.name] = overrides[f.name]
                continue
            values[f.name] = self.value(model, f)
        obj = model(**values)
        obj.save()
        self.data.objects[key] = obj
        return obj

    def value(self, model: type[models.Model], f: models.Field) -> Any:
        key = f"{label(model)}.{f.name}"
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if target is model:
                return None
            if target is get_user_model():
                return self.plain_user if f.name != "user" else self._fresh_user()
            if target is ContentType:
                return ContentType.objects.get_for_model(apps.get_model("needs", "KnowledgeNeed"))
            if target._meta.app_label not in DOMAIN_APPS:
                return None if f.null else target.objects.first()
            return self.build(target)
        if f.name == "object_id":  # generic relation: the content type above is a need
            return self.build(apps.get_model("needs", "KnowledgeNeed")).pk
        if f.choices:
            choices = [c[0] for c in f.flatchoices]
            return next((c for c in PREFERRED_CHOICES if c in choices), choices[0])
        if isinstance(f, models.CharField | models.TextField):
            text = self.text_for(f, key)
            if text is not None:
                self.data.values[key] = text
                return text
            return self.neutral_text(f)
        if isinstance(f, models.BooleanField):
            return True
        if isinstance(f, models.DateTimeField):
            start = timezone.now() + dt.timedelta(days=7)
            return start + dt.timedelta(hours=2) if f.name.startswith("ends") else start
        if isinstance(f, models.DateField):
            return timezone.localdate()
        if isinstance(f, models.DecimalField):
            return Decimal("10")
        if isinstance(f, models.IntegerField):
            return timezone.localdate().year if f.name == "year" else 10
        if isinstance(f, models.JSONField):
            if f.name == "keywords":
                text = self.text_for(models.CharField(max_length=200), key)
                if text is not None:
                    self.data.values[key] = text
                    return [text]
            return f.get_default()
        if isinstance(f, models.FileField | models.BinaryField):
            return f.get_default()
        raise AssertionError(f"{key}: no value for {type(f).__name__}")

    def _fresh_user(self) -> Any:
        self.counter += 1
        return get_user_model().objects.create_user(username=f"sikkerhet.{self.counter}")

    def neutral_text(self, f: models.Field) -> str:
        self.counter += 1
        name = f.name
        if isinstance(f, models.SlugField):
            return f"sikkerhet-{self.counter}"
        if isinstance(f, models.EmailField):
            return f"sikkerhet{self.counter}@example.no"
        if isinstance(f, models.URLField):
            return "https://example.no/"
        if name == "orgnr":
            return valid_orgnr()
        if name == "municipality_number":
            return "5001"
        if name == "semester":
            return f"H{timezone.localdate().year}"
        if name == "country":
            return "NO"
        if name == "currency":
            return "NOK"
        if name in {"orcid"}:
            return ""
        return f"tekst {self.counter}"


# --- crawling ---------------------------------------------------------------------------------


def routes() -> Iterator[tuple[str, URLPattern]]:
    """Every (route, pattern) of the URL conf outside the admin and the API."""

    def walk(patterns: Iterable[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p

    for route, pattern in walk(get_resolver().url_patterns, ""):
        if route.startswith(("admin/", "api/v1/")):
            continue
        yield route, pattern


def route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


LINK_RE = re.compile(r"""\b(?:href|src|hx-get|action)\s*=\s*(["'])(.*?)\1""", re.I | re.S)
NEVER_FOLLOW = (
    "/static/",
    "/media/",
    "/admin/",
    "/api/",
    "/konto/logg-ut/",
    "/konto/oidc/",
    "/i18n/",
)


def links(body: str) -> list[str]:
    found = []
    for _, raw in LINK_RE.findall(body):
        url = html.unescape(raw).split("#")[0].strip()
        if not url.startswith("/") or url.startswith("//"):
            continue
        if url.startswith(NEVER_FOLLOW):
            continue
        found.append(url)
    return found


@dataclass
class Page:
    url: str
    route: str | None
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]


def fetch(client: Client, url: str) -> Page:
    response = client.get(url)
    ctype = response.get("Content-Type", "").split(";")[0].strip()
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    return Page(url, route_of(url), response.status_code, ctype, body, dict(response.headers))


def crawl(
    client: Client,
    seeds: Iterable[str],
    *,
    per_route: int = 3,
    skip_routes: Iterable[str] = (),
    max_pages: int = 600,
) -> list[Page]:
    """Breadth-first GET of ``seeds`` and the internal links found on HTML pages, at most
    ``per_route`` distinct URLs for each route of the URL conf."""
    skip = set(skip_routes)
    queue = list(dict.fromkeys(seeds))
    seen: set[str] = set()
    per: dict[str | None, int] = {}
    pages: list[Page] = []
    while queue and len(pages) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        route = route_of(url)
        if route in skip or per.get(route, 0) >= per_route:
            continue
        per[route] = per.get(route, 0) + 1
        page = fetch(client, url)
        pages.append(page)
        if page.status in (301, 302, 303, 307, 308):
            queue.append(page.headers["Location"])
        if page.content_type == "text/html":
            queue.extend(u for u in links(page.body.decode("utf-8", "replace")) if u not in seen)
    return pages


def parameterless_routes() -> list[str]:
    return ["/" + r for r, p in routes() if "<" not in r]
