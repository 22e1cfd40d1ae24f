"""Reports: the background job that produces an annual report (the dashboard owns no rows)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.partnerships.models import Partnership


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Lages")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    HTML = "html", _("HTML")


class ReportLanguage(models.TextChoices):
    NB = "nb", _("Norsk bokmål")
    EN = "en", _("Engelsk")


class ReportJob(TimeStampedModel):
    """One annual report being made in the background; the page polls its progress."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    language = models.CharField(
        _("språk"), max_length=5, choices=ReportLanguage.choices, default=ReportLanguage.NB
    )
    output_format = models.CharField(
        _("format"), max_length=5, choices=ReportFormat.choices, default=ReportFormat.PDF
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("framdrift (prosent)"), default=0, validators=[MaxValueValidator(100)]
    )
    step = models.CharField(_("steg"), max_length=200, blank=True)
    file = models.FileField(_("fil"), upload_to="reports/", blank=True)
    error = models.TextField(_("feilmelding"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rapportjobb")
        verbose_name_plural = _("rapportjobber")
        indexes = [models.Index(fields=["partnership", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ReportJobStatus.DONE, ReportJobStatus.FAILED}
