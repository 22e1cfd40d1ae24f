"""Minutes as PDF with WeasyPrint; external fetches are refused so rendering never leaves the host."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from .models import Meeting


def blocking_fetcher() -> Any:
    """A WeasyPrint URL fetcher that allows only ``data:`` URIs (no network, no files)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), fail_on_errors=False)


def minutes_pdf(*, meeting: Meeting, show_actions: bool = False) -> bytes:
    """Render the meeting's minutes (agenda, decisions, attendance and, with
    ``show_actions``, follow-up) to PDF."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    context = {"meeting": meeting, "show_actions": show_actions}
    html = render_to_string("meetings/minutes_pdf.html", context)
    return HTML(string=html, base_url="about:blank", url_fetcher=blocking_fetcher()).write_pdf()
