"""Partnership pages: the list and one partnership with its agreements, areas and governance."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kunnskapsbro.projects import selectors as project_selectors

from . import selectors
from .models import Partnership


def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.with_project_counts(
        selectors.partnership_list(user=request.user, with_counts=False), user=request.user
    )
    return render(request, "partnerships/partnership_list.html", {"partnerships": partnerships})


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        partnership = selectors.partnership_detail(slug=slug, user=request.user)
    except Partnership.DoesNotExist as exc:
        raise Http404 from exc
    projects = project_selectors.project_visible_to(request.user).filter(partnership=partnership)
    status_counts = project_selectors.status_counts(projects)
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "status_counts": status_counts,
            "project_total": sum(count for _s, _label, count in status_counts),
            "recent_projects": projects.order_by("-updated_at")[:8],
        },
    )
