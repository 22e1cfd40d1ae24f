"""Writes for the portal: experience-sharing articles written by partnerships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.utils import slugify_nb
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import Partnership

from .models import Article, ArticleStatus

# Paths under /erfaringsdeling/ that are pages, not articles.
RESERVED_ARTICLE_SLUGS = frozenset({"ny"})


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
    if partnership is not None:
        permissions.authorize(actor, permissions.can_edit_article, partnership.pk)
    slug = slug or slugify_nb(title)[:120].strip("-")
    if slug in RESERVED_ARTICLE_SLUGS:
        raise ValidationError({"slug": _("Lenkenavnet «%(s)s» er reservert.") % {"s": slug}})
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
    permissions.authorize(actor, permissions.can_edit_article, article.partnership_id)
    article.status = ArticleStatus.PUBLISHED
    article.published_on = article.published_on or timezone.localdate()
    article.full_clean()
    _stamp(article, actor)
    article.save()
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    data: dict[str, Any],
    authors: Iterable[Person] | None = None,
    actor: Any = None,
) -> Article:
    """Change an article's text, status or date; publishing without a date dates it today.

    ``authors`` replaces the list when given. The link name (slug) does not change, so links
    to a published article keep working.
    """
    permissions.authorize(actor, permissions.can_edit_article, article.partnership_id)
    allowed = {"title", "lead", "body", "status", "published_on"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: [_("Feltet kan ikke endres.")] for name in sorted(unknown)})
    for name, value in data.items():
        setattr(article, name, value)
    if article.status == ArticleStatus.PUBLISHED and article.published_on is None:
        article.published_on = timezone.localdate()
    article.full_clean()
    _stamp(article, actor)
    article.save()
    if authors is not None:
        article.authors.set(list(authors))
    return article
