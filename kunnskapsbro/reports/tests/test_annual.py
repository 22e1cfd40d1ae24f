"""The annual report: PDF text (sections, figures, Norwegian formats), blocked fetches, the
command, the background job and its page."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from kunnskapsbro.reports import annual, services
from kunnskapsbro.reports.models import ReportJob

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def report_pdf(portfolio, goals) -> tuple[bytes, list[str]]:
    blocked: list[str] = []
    content = annual.annual_report_pdf(partnership=portfolio.trd, year=2024, blocked=blocked)
    return content, blocked


def test_pdf_has_cover_summary_sections_indicators_charts_and_appendix(report_pdf):
    content, blocked = report_pdf
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    # Cover
    assert "ÅRSRAPPORT" in text.upper() and "TRD test" in text and "2024" in text
    # Summary figures: p1 and p2 ran in 2024; p2 started; the EU grant started in 2024.
    assert "Prosjekter som pågikk i året 2" in text
    assert "Startet i året 1" in text
    assert "Innvilget i året 1" in text
    # Norwegian money formatting, NOK and EUR apart (year filter: p1 and p2's lines).
    assert "1 000 000 kr" in text
    assert "EUR 200 000" in text
    # One section per focus area and per cross-cutting element.
    assert "Fokusområde: Helse og velferd" in text
    assert "Fokusområde: Oppvekst og utdanning" in text
    assert "Tverrgående element: Utdanningssamarbeid" in text
    # Goals and milestones (Norwegian long date), indicators against targets.
    assert "Flere søknader med kommunen som partner" in text
    assert "Handlingsplan for helse vedtatt" in text and "17. mai 2024" in text
    assert "Indikatorer mot mål" in text and "Søknader sendt per år" in text
    # Charts with their tables, and the appendix lists every project of the year.
    assert "Diagrammer" in text and "Portefølje etter status" in text
    assert "Vedlegg: alle prosjektene" in text
    for title in ("Velferdsteknologi i hjemmetjenesten", "Sykehjem og søvn", "Leksehjelp digitalt"):
        assert title in text
    assert "Bedre skolestart for alle" not in text.split("Vedlegg")[-1]  # ended in 2022
    # One line per project: status, period (Norwegian short dates), focus areas, partners.
    assert (
        "Velferdsteknologi i hjemmetjenesten – Pågående · 01.01.2023–31.12.2024 · "
        "Helse og velferd · NTNU, Trondheim kommune"
    ) in text
    assert "Leksehjelp digitalt – Søknad sendt · – · Oppvekst og utdanning · NTNU, SINTEF" in text
    assert blocked == []


def test_english_on_request(portfolio, goals):
    content = annual.annual_report_pdf(partnership=portfolio.trd, year=2024, language="en")
    text = pdf_text(content)
    assert "17 May 2024" in text


def test_external_fetches_are_blocked(settings):
    blocked: list[str] = []
    html = (
        '<html><head><link rel="stylesheet" href="https://example.com/evil.css"></head><body>'
        '<img src="http://169.254.169.254/latest/meta-data/" alt="">'
        '<img src="file:///etc/passwd" alt=""><img src="/prosjekter/" alt="">'
        f'<img src="{settings.STATIC_URL}kunnskapsbro/favicon.svg" alt="">'
        "<p>Hei</p></body></html>"
    )
    content = annual.html_to_pdf(html, blocked=blocked)
    assert content.startswith(b"%PDF")
    assert "https://example.com/evil.css" in blocked
    assert "http://169.254.169.254/latest/meta-data/" in blocked
    assert "file:///etc/passwd" in blocked
    assert any(url.endswith("/prosjekter/") for url in blocked)
    assert not any("favicon.svg" in url for url in blocked)


def test_command_writes_pdf(portfolio, tmp_path):
    output = tmp_path / "arsrapport.pdf"
    call_command(
        "report", "annual", "--partnership", "trd", "--year", "2024", "--output", str(output)
    )
    assert "Fokusområde: Helse og velferd" in pdf_text(output.read_bytes())


def test_command_writes_html(portfolio, tmp_path):
    output = tmp_path / "arsrapport.html"
    call_command(
        "report",
        "annual",
        "--partnership",
        "trd",
        "--year",
        "2024",
        "--output",
        str(output),
        "--language",
        "en",
    )
    html = output.read_text()
    assert '<html lang="en">' in html and "Annual report" in html or "Årsrapport" in html


def test_command_names_a_bad_partnership(db, tmp_path):
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="partnership: Fant ikke partnerskapet «nope»"):
        call_command(
            "report", "annual", "--partnership", "nope", "--year", "2024", "--output", str(output)
        )
    assert not output.exists()


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_job_runs_in_the_background_and_is_downloadable(
    portfolio, client_as, coordinator_user, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(coordinator_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:annual_order", args=["trd"]),
            {"year": 2024, "language": "nb", "output_format": "pdf"},
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:job", args=[job.pk]
    )
    job.refresh_from_db()
    assert (job.status, job.progress, job.requested_by) == ("done", 100, coordinator_user)
    assert job.history.count() >= 2 and job.history.first().history_user == coordinator_user
    page = client.get(
        reverse("reports:job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Rapporten er ferdig." in page and "hx-trigger" not in page
    download = client.get(reverse("reports:job_file", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_unfinished_job_page_polls(portfolio, client_as, coordinator_user):
    job = services.report_job_create(partnership=portfolio.trd, year=2024, actor=coordinator_user)
    html = client_as(coordinator_user).get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "<progress" in html


def test_bad_order_names_the_field_and_creates_nothing(portfolio, client_as, coordinator_user):
    response = client_as(coordinator_user).post(
        reverse("reports:annual_order", args=["trd"]),
        {"year": "1850", "language": "nb", "output_format": "pdf"},
    )
    assert response.status_code == 422
    assert "År" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_anonymous_cannot_order(portfolio, client):
    response = client.post(reverse("reports:annual_order", args=["trd"]), {"year": 2024})
    assert response.status_code == 302 and "logg-inn" in response["Location"]
    assert not ReportJob.objects.exists()


def test_html_report_page(portfolio, client_as, coordinator_user):
    response = client_as(coordinator_user).get(
        reverse("reports:annual_html", args=["trd"]),
        {"year": 2024, "language": "nb", "output_format": "html"},
    )
    assert response.status_code == 200
    assert "Vedlegg: alle prosjektene" in response.content.decode()
