"""Background work for reports: making an annual report ordered on the dashboard."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_annual_report(job_id: int) -> int:
    """Make the report for a ReportJob; returns the job id."""
    from .services import report_job_run

    return report_job_run(job_id=job_id).pk
