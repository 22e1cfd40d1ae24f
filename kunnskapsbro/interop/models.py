"""Import jobs: one uploaded file, its parse/validate/preview result and its commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kunnskapsbro.core.models import TimeStampedModel
from kunnskapsbro.partnerships.models import Partnership


class ImportFormat(models.TextChoices):
    XLSX = "xlsx", _("Regneark (.xlsx)")
    CSV = "csv", _("CSV (.csv)")
    RCN_EU = "rcn-eu", _("Forskningsrådet: EU-bevilgninger (CSV)")
    RCN_APPLICATIONS = "rcn-applications", _("Forskningsrådet: søknader (CSV)")
    CORDIS = "cordis", _("CORDIS prosjekter og organisasjoner (JSON)")
    NVA = "nva", _("Cristin/NVA prosjekter (JSON)")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Lastet opp")
    PARSED = "parsed", _("Lest")
    VALIDATED = "validated", _("Kontrollert")
    PREVIEWED = "previewed", _("Klar til import")
    COMMITTING = "committing", _("Importeres")
    COMMITTED = "committed", _("Importert")
    FAILED = "failed", _("Avvist")


class ImportJob(TimeStampedModel):
    """An upload on its way in: nothing reaches the portfolio before ``import_job_commit``."""

    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    file = models.FileField(_("fil"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    # Several files (CORDIS project.json + organization.json) travel as one zip-free bundle.
    extra_file = models.FileField(_("tilleggsfil"), upload_to="imports/%Y/%m/", blank=True)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnerskap"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    source = models.CharField(_("kilde"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    # Our field -> the header in the user's own sheet (spreadsheet formats only).
    mapping = models.JSONField(_("kolonnekobling"), default=dict, blank=True)
    headers = models.JSONField(_("kolonner i filen"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("rader"), default=0)
    created_count = models.PositiveIntegerField(_("nye"), default=0)
    updated_count = models.PositiveIntegerField(_("endrede"), default=0)
    unchanged_count = models.PositiveIntegerField(_("uendrede"), default=0)
    error_count = models.PositiveIntegerField(_("feil"), default=0)
    organizations_created = models.PositiveIntegerField(_("nye organisasjoner"), default=0)
    # [{"row": 12, "column": "Startdato", "message": "..."}]
    errors = models.JSONField(_("feil"), default=list, blank=True)
    # [{"row", "action": created|updated|unchanged, "source_id", "title", "changes": [...]}]
    preview = models.JSONField(_("forhåndsvisning"), default=list, blank=True)
    progress = models.PositiveSmallIntegerField(_("fremdrift (%)"), default=0)
    task_id = models.CharField(_("bakgrunnsjobb"), max_length=64, blank=True)
    committed_at = models.DateTimeField(_("importert"), null=True, blank=True)
    duration_seconds = models.FloatField(_("varighet (sekunder)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("importjobb")
        verbose_name_plural = _("importjobber")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_format_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("interop:import_detail", kwargs={"pk": self.pk})

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and self.error_count == 0

    @property
    def is_running(self) -> bool:
        return self.status == ImportStatus.COMMITTING


class MunicipalityCode(models.Model):
    """A kommunenummer with the years it was in force (SSB classification 131).

    Codes change with municipal reforms (2018, 2020, 2024): Halden was 0101 until 2019, 3001 in
    2020–2023 and is 3101 since. ``successor`` is the code in force now; it is empty for the
    municipalities that were divided between several (no single successor).
    """

    code = models.CharField(_("kommunenummer"), max_length=4)
    name = models.CharField(_("navn"), max_length=200)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    successor = models.CharField(_("gjeldende kommunenummer"), max_length=4, blank=True)
    successor_name = models.CharField(_("gjeldende kommune"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "valid_from"]
        verbose_name = _("kommunenummer")
        verbose_name_plural = _("kommunenumre")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="municipality_code_period")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def is_valid_on(self, day: Any) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
