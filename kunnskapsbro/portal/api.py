"""The articles API: experience-sharing articles; anonymous callers see published ones only.

Writes take a session or a bearer token that may write and go through the same services as the
pages: articles are written by the partnership's content editors (``can_edit_article``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import DbId, Page, Text, paginate, plain_data
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, field_problem
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.api import partnership_named

from . import selectors, services
from .models import Article, ArticleStatus

router = Router(tags=["portal"])


class AuthorOut(Schema):
    id: int
    name: str
    slug: str


class ArticleOut(Schema):
    id: int
    slug: str
    title: str
    lead: str
    body: str
    partnership: str
    status: ArticleStatus
    published_on: dt.date | None
    authors: list[AuthorOut]
    url: str


class ArticleList(Schema):
    items: list[ArticleOut]
    count: int


class ArticleIn(Schema):
    partnership: Text = Field(description="Partnerskapets lenkenavn (slug)")
    title: Text = Field(max_length=300)
    slug: Text = Field("", max_length=120, description="Tomt: laget av tittelen")
    lead: Text = ""
    body: Text
    status: ArticleStatus = ArticleStatus.DRAFT
    published_on: dt.date | None = Field(None, description="Tomt: dagens dato ved publisering")
    authors: list[DbId] = Field([], max_length=100, description="Forfatternes person-id-er")


class ArticlePatch(Schema):
    """The fields to change; the link name (slug) stays, so links keep working."""

    title: Text | None = Field(None, max_length=300)
    lead: Text | None = None
    body: Text | None = None
    status: ArticleStatus | None = None
    published_on: dt.date | None = None
    authors: list[DbId] | None = Field(
        None, max_length=100, description="Erstatter forfatterlisten (person-id-er)"
    )


def _article(request: HttpRequest, article: Any) -> dict[str, Any]:
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "partnership": article.partnership.slug,
        "status": article.status,
        "published_on": article.published_on,
        "authors": [
            {"id": p.pk, "name": p.full_name, "slug": p.slug} for p in article.authors.all()
        ],
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }


@router.get("/articles", response=ArticleList, summary="Erfaringsdeling: artikler, nyeste først")
def list_articles(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    result = paginate(selectors.article_list(user=api_user(request)), page)
    result["items"] = [_article(request, a) for a in result["items"]]
    return result


@router.get("/articles/{slug}", response={200: ArticleOut, **READ_PROBLEMS}, summary="En artikkel")
def get_article(
    request: HttpRequest,
    slug: str = Path(..., max_length=120, pattern=r"^[-a-zA-Z0-9_]+$"),  # noqa: B008
) -> dict[str, Any]:
    return _article(request, selectors.article_detail(user=api_user(request), slug=slug))


# --- writes ----------------------------------------------------------------------------------


_unprocessable = field_problem


def _authors(ids: list[int]) -> list[Person]:
    people = Person.objects.in_bulk(ids)
    unknown = [pk for pk in ids if pk not in people]
    if unknown:
        raise _unprocessable("authors", _("Ukjent person %(id)s.") % {"id": unknown[0]})
    return [people[pk] for pk in dict.fromkeys(ids)]


def _editable_article(request: HttpRequest, slug: str) -> Article:
    """404 for an article the caller may not see, 403 for one they may not change."""
    article = selectors.article_detail(user=request.auth, slug=slug)
    permissions.require(permissions.can_edit_article(request.auth, article.partnership_id))
    return article


@router.post(
    "/articles",
    auth=write_auth,
    response={201: ArticleOut, **WRITE_PROBLEMS},
    summary="Ny artikkel (partnerskapets redaktører)",
)
def create_article(request: HttpRequest, payload: ArticleIn) -> tuple[int, dict[str, Any]]:
    # A hidden partnership is as unknown as one that does not exist (422, never 404 or 403).
    partnership = partnership_named(request.auth, payload.partnership)
    permissions.require(permissions.can_edit_article(request.auth, partnership.pk))
    data = plain_data(payload.dict(exclude={"partnership", "authors"}))
    article = services.article_create(
        partnership=partnership,
        authors=_authors(payload.authors),
        actor=request.auth,
        **data,
    )
    return 201, _article(request, selectors.article_detail(user=request.auth, slug=article.slug))


@router.patch(
    "/articles/{slug}",
    auth=write_auth,
    response={200: ArticleOut, **WRITE_PROBLEMS},
    summary="Endre en artikkel (tekst, status, dato, forfattere)",
)
def update_article(
    request: HttpRequest,
    payload: ArticlePatch,
    slug: str = Path(..., max_length=120, pattern=r"^[-a-zA-Z0-9_]+$"),  # noqa: B008
) -> dict[str, Any]:
    article = _editable_article(request, slug)
    data = plain_data(payload.dict(exclude_unset=True))
    authors = data.pop("authors", None)
    if data.get("lead", "") is None:
        data["lead"] = ""
    if "status" in data and data["status"] is None:
        data.pop("status")
    services.article_update(
        article=article,
        data=data,
        authors=None if authors is None else _authors(authors),
        actor=request.auth,
    )
    return _article(request, selectors.article_detail(user=request.auth, slug=slug))


@router.post(
    "/articles/{slug}/publish",
    auth=write_auth,
    response={200: ArticleOut, **WRITE_PROBLEMS},
    summary="Publiser en artikkel (datert i dag om den ikke har dato)",
)
def publish_article(
    request: HttpRequest,
    slug: str = Path(..., max_length=120, pattern=r"^[-a-zA-Z0-9_]+$"),  # noqa: B008
) -> dict[str, Any]:
    article = _editable_article(request, slug)
    services.article_publish(article=article, actor=request.auth)
    return _article(request, selectors.article_detail(user=request.auth, slug=slug))
