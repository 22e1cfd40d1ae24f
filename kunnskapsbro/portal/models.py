"""The network and public portal: experience-sharing articles written by partnerships."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import Partnership


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class Article(TimeStampedModel):
    """An experience-sharing article (erfaringsdeling) written by a partnership."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="articles",
    )
    title = models.CharField(_("tittel"), max_length=300)
    slug = models.SlugField(_("lenkenavn"), max_length=120, unique=True)
    lead = models.TextField(_("ingress"), blank=True)
    body = models.TextField(_("tekst"))
    authors = models.ManyToManyField(
        Person, verbose_name=_("forfattere"), related_name="articles", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_on = models.DateField(_("publisert"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("artikkel")
        verbose_name_plural = _("artikler")
        indexes = [models.Index(fields=["status", "-published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:article_detail", kwargs={"slug": self.slug})
