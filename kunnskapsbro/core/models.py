"""Shared model bases. Domain models live in their own apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every domain row knows when it was made and last changed (history holds the rest)."""

    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        abstract = True


class SourceTrackedModel(models.Model):
    """Records that may come from an external register keep where they came from."""

    source = models.CharField(_("kilde"), max_length=40, blank=True, default="")
    source_id = models.CharField(_("kilde-ID"), max_length=200, blank=True, default="")

    class Meta:
        abstract = True
