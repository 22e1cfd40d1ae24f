"""The front page and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kunnskapsbro.partnerships import selectors as partnership_selectors
from kunnskapsbro.projects import selectors as project_selectors


def home(request: HttpRequest) -> HttpResponse:
    partnerships = partnership_selectors.partnership_list(user=request.user)
    visible = project_selectors.project_visible_to(request.user)
    return render(
        request,
        "core/home.html",
        {
            "partnerships": partnerships[:20],
            "status_counts": project_selectors.status_counts(visible),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Load balancers ask this; it answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
