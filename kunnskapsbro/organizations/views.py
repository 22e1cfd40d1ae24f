"""Pages for organisations and people, and the type-ahead suggestions the forms use."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kunnskapsbro.projects import selectors as project_selectors

from . import selectors
from .models import Organization, OrganizationKind, Person


def organization_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    if kind not in OrganizationKind.values:
        kind = ""
    page = Paginator(selectors.organization_list(q=q, kind=kind), 50).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "organizations/organization_list.html",
        {"page": page, "q": q, "kind": kind, "kinds": OrganizationKind.choices},
    )


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organization = selectors.organization_detail(slug=slug)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc
    projects = (
        project_selectors.project_visible_to(request.user)
        .filter(partners__organization=organization)
        .distinct()
        .select_related("partnership")
        .order_by("-start_date", "title")
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "projects": projects[:100],
            "project_count": projects.count(),
            "units": selectors.orgunit_tree(organization=organization),
        },
    )


def person_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.person_list(q=q), 50).get_page(request.GET.get("side"))
    return render(request, "organizations/person_list.html", {"page": page, "q": q})


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        person = selectors.person_detail(slug=slug)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    participations = (
        person.participations.filter(project__in=project_selectors.project_visible_to(request.user))
        .select_related("project", "organization")
        .order_by("-project__start_date")
    )
    return render(
        request,
        "organizations/person_detail.html",
        {"person": person, "participations": participations},
    )


def organization_suggest(request: HttpRequest) -> HttpResponse:
    """<option>s for a <datalist>; reads whichever lookup field sent the request."""
    q = _lookup_value(request)
    return render(
        request,
        "organizations/_org_options.html",
        {"organizations": selectors.organization_suggest(q=q)},
    )


def person_suggest(request: HttpRequest) -> HttpResponse:
    q = _lookup_value(request)
    people = list(selectors.person_list(q=q)[:10]) if len(q) >= 2 else []
    return render(request, "organizations/_person_options.html", {"people": people})


def _lookup_value(request: HttpRequest) -> str:
    if "q" in request.GET:
        return request.GET["q"].strip()[:200]
    # htmx sends the triggering input under its own (formset-prefixed) name.
    trigger = request.headers.get("HX-Trigger-Name", "")
    return request.GET.get(trigger, "").strip()[:200] if trigger else ""
