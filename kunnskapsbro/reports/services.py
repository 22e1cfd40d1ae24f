"""Writes for reports: ordering an annual report, running the job, writing a report file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunnskapsbro.partnerships.models import Partnership

from . import annual
from .models import ReportFormat, ReportJob, ReportJobStatus, ReportLanguage


@transaction.atomic
def report_job_create(
    *,
    partnership: Partnership,
    year: int,
    language: str = ReportLanguage.NB,
    output_format: str = ReportFormat.PDF,
    actor: Any = None,
) -> ReportJob:
    """Order an annual report; a background task makes it once the order is committed."""
    from .tasks import generate_annual_report

    job = ReportJob(
        partnership=partnership,
        year=year,
        language=language,
        output_format=output_format,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.full_clean()
    job._history_user = job.requested_by  # type: ignore[attr-defined]
    job.save()
    transaction.on_commit(lambda: generate_annual_report.enqueue(job_id=job.pk))
    return job


def _set_progress(job_id: int, percent: int, step: str) -> None:
    # A plain UPDATE, not a history row per step: progress is transient, the outcome is kept.
    ReportJob.objects.filter(pk=job_id).update(progress=min(percent, 99), step=step[:200])


def report_job_run(*, job_id: int) -> ReportJob:
    """Make the report a job ordered; idempotent (a finished job is left as it is)."""
    job = ReportJob.objects.select_related("partnership", "requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    job.status = ReportJobStatus.RUNNING
    job.progress = 1
    job._history_user = job.requested_by  # type: ignore[attr-defined]
    job.save(update_fields=["status", "progress", "updated_at"])

    def progress(percent: int, step: str) -> None:
        _set_progress(job.pk, percent, step)

    try:
        content = annual_report_bytes(
            partnership=job.partnership,
            year=job.year,
            language=job.language,
            output_format=job.output_format,
            progress=progress,
        )
    except Exception as exc:  # noqa: BLE001 - the job records any failure for the user
        with transaction.atomic():
            job.refresh_from_db()
            job.status = ReportJobStatus.FAILED
            job.error = f"{type(exc).__name__}: {exc}"[:2000]
            job.finished_at = timezone.now()
            job._history_user = job.requested_by  # type: ignore[attr-defined]
            job.save()
        raise
    with transaction.atomic():
        job.refresh_from_db()
        name = f"arsrapport-{job.partnership.slug}-{job.year}-{job.pk}.{job.output_format}"
        job.file.save(name, ContentFile(content), save=False)
        job.status = ReportJobStatus.DONE
        job.progress = 100
        job.step = ""
        job.finished_at = timezone.now()
        job._history_user = job.requested_by  # type: ignore[attr-defined]
        job.save()
    return job


def annual_report_bytes(
    *,
    partnership: Partnership,
    year: int,
    language: str = ReportLanguage.NB,
    output_format: str = ReportFormat.PDF,
    progress: Any = None,
) -> bytes:
    """The annual report as PDF or HTML bytes."""
    if language not in ReportLanguage.values:
        raise ValidationError({"language": [_("Ukjent språk: %(v)s") % {"v": language}]})
    if output_format == ReportFormat.HTML:
        return annual.annual_report_html(
            partnership=partnership, year=year, language=language, progress=progress
        ).encode("utf-8")
    if output_format != ReportFormat.PDF:
        raise ValidationError({"output_format": [_("Ukjent format: %(v)s") % {"v": output_format}]})
    return annual.annual_report_pdf(
        partnership=partnership, year=year, language=language, progress=progress
    )


def annual_report_write(
    *, slug: str, year: int, output: str | Path, language: str = ReportLanguage.NB
) -> int:
    """Write the annual report to a file (PDF, or HTML for a .html name); bytes written."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise ValidationError(
            {"partnership": [_("Fant ikke partnerskapet «%(v)s».") % {"v": slug}]}
        )
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Året må være mellom 2000 og 2100.")]})
    path = Path(output)
    output_format = ReportFormat.HTML if path.suffix.lower() in {".html", ".htm"} else "pdf"
    content = annual_report_bytes(
        partnership=partnership, year=year, language=language, output_format=output_format
    )
    path.write_bytes(content)
    return len(content)
