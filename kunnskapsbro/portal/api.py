"""The articles API: experience-sharing articles; anonymous callers see published ones only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from kunnskapsbro.accounts.auth import api_user
from kunnskapsbro.core.api_common import Page, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS

from . import selectors
from .models import ArticleStatus

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
