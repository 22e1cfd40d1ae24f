"""Writes for the portal: experience-sharing articles written by partnerships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import Partnership

from .models import Article, ArticleStatus


def _stamp(instance: Any, actor: Any) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


@transaction.atomic
def article_create(
    *,
    partnership: Partnership,
    title: str,
    body: str,
    slug: str = "",
    lead: str = "",
    status: str = ArticleStatus.DRAFT,
    published_on: dt.date | None = None,
    authors: Iterable[Person] = (),
    actor: Any = None,
) -> Article:
    """Write an article; publishing without a date dates it today."""
    slug = slug or slugify(title)[:120]
    if slug and Article.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Lenkenavnet «%(s)s» er allerede i bruk.") % {"s": slug}})
    if status == ArticleStatus.PUBLISHED and published_on is None:
        published_on = timezone.localdate()
    article = Article(
        partnership=partnership,
        title=title,
        slug=slug,
        lead=lead,
        body=body,
        status=status,
        published_on=published_on,
    )
    article.full_clean()
    _stamp(article, actor)
    article.save()
    if authors:
        article.authors.set(list(authors))
    return article


@transaction.atomic
def article_publish(*, article: Article, actor: Any = None) -> Article:
    """Publish an article (dated today unless it already has a date)."""
    article.status = ArticleStatus.PUBLISHED
    article.published_on = article.published_on or timezone.localdate()
    article.full_clean()
    _stamp(article, actor)
    article.save()
    return article
