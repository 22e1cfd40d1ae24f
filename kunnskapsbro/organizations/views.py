"""Pages for organisations and people, and the type-ahead suggestions the forms use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.forms import attach_service_errors
from kunnskapsbro.projects import selectors as project_selectors

from . import selectors, services
from .forms import OrganizationForm, PersonForm
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


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Register an organisation (or change one): orgnr is checked before anything is saved."""
    organization = get_object_or_404(Organization, slug=slug) if slug else None
    permissions.require(permissions.can_edit_registry(request.user))
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            if organization is None:
                data = form.service_data()
                saved = services.organization_create(
                    name=data.pop("name"), kind=data.pop("kind"), **data
                )
                messages.success(request, _("Organisasjonen er registrert."))
            else:
                saved = services.organization_update(
                    organization=organization, data=form.service_data()
                )
                messages.success(request, _("Endringene er lagret."))
            return redirect(saved.get_absolute_url())
        except ValidationError as exc:
            attach_service_errors(form, exc)
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Register a person (or change one). No national identity numbers, ever."""
    person = get_object_or_404(Person, slug=slug) if slug else None
    permissions.require(
        permissions.can_edit_person(request.user, person)
        if person is not None
        else permissions.can_edit_registry(request.user)
    )
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                data = form.service_data()
                saved = services.person_create(
                    first_name=data.pop("first_name"), last_name=data.pop("last_name"), **data
                )
                messages.success(request, _("Personen er registrert."))
            else:
                saved = services.person_update(person=person, data=form.service_data())
                messages.success(request, _("Endringene er lagret."))
            return redirect(saved.get_absolute_url())
        except ValidationError as exc:
            attach_service_errors(form, exc)
    return render(
        request,
        "organizations/person_form.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )
