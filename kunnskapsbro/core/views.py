"""The front page and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kunnskapsbro.partnerships import selectors as partnership_selectors
from kunnskapsbro.projects import selectors as project_selectors


def home(request: HttpRequest) -> HttpResponse:
    # One remembered grouped count gives both the partnerships' counts and the statuses.
    summary = project_selectors.portfolio_summary(
        project_selectors.project_visible_to(request.user)
    )
    partnerships = partnership_selectors.with_project_counts(
        partnership_selectors.partnership_list(user=request.user, with_counts=False)[:20],
        user=request.user,
        summary=summary,
    )
    return render(
        request,
        "core/home.html",
        {"partnerships": partnerships, "status_counts": summary.by_status},
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Load balancers ask this; it answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
