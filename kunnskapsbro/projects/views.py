"""Portfolio pages: the list (htmx-enhanced), a project, create/edit and status transitions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.forms import attach_service_errors
from kunnskapsbro.core.pagination import CachedCountPaginator
from kunnskapsbro.partnerships.models import Partnership

from . import lifecycle, selectors, services
from .forms import (
    FundingFormSet,
    ParticipantFormSet,
    PartnerFormSet,
    PortfolioFilterForm,
    ProjectForm,
    TransitionForm,
)
from .models import Project


def project_list(request: HttpRequest) -> HttpResponse:
    """The portfolio with filters in the URL; htmx requests get only the results fragment."""
    partnership_id = selectors.portfolio_scope(
        slug=request.GET.get("partnership") or "",
        focus_area=request.GET.get("focus_area") or "",
        element=request.GET.get("element") or "",
    )
    options = selectors.portfolio_filter_options(partnership_id=partnership_id)
    form = PortfolioFilterForm(request.GET or None, options=options)
    filters = form.to_filters(partnership_ids=options["partnership_ids"])
    queryset = selectors.project_list_for_display(
        selectors.project_list(user=request.user, filters=filters)
    )
    paginator = CachedCountPaginator(queryset, selectors_page_size(), allow_empty_first_page=True)
    page = paginator.get_page(request.GET.get("side"))
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "options": options,
        "has_filters": any(key in request.GET for key in form.fields if request.GET.get(key)),
    }
    if request.htmx and request.htmx.trigger_name == "partnership":
        # Focus areas, elements and units depend on the partnership: reload the whole form.
        return HttpResponseClientRedirect(request.get_full_path())
    if request.htmx and not request.htmx.boosted:
        return render(request, "projects/_results.html", context)
    return render(request, "projects/project_list.html", context)


def selectors_page_size() -> int:
    from django.conf import settings

    return settings.PORTFOLIO_PAGE_SIZE


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(user=request.user, pk=pk)
    context: dict[str, Any] = {
        "project": project,
        "timeline": selectors.project_timeline(project=project),
        "identifiers": {i.scheme: i for i in project.identifiers.all()},
    }
    context.update(_permission_context(request, project))
    if context["can_transition"]:
        context["transition_form"] = TransitionForm(
            project=project, allowed=context["allowed_transitions"]
        )
    return render(request, "projects/project_detail.html", context)


def _permission_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    """What the page offers this user: edit button, lifecycle steps, relevance links."""
    allowed = permissions.allowed_transitions(
        request.user, project, lifecycle.allowed_targets(project.status)
    )
    return {
        "can_edit": permissions.can_edit_project(request.user, project),
        "can_transition": bool(allowed),
        "allowed_transitions": allowed,
        "can_assess_relevance": permissions.can_assess_relevance(request.user, project),
    }


def _initial_rows(project: Project | None) -> dict[str, list[dict[str, Any]]]:
    if project is None:
        return {"partners": [], "participants": [], "funding": []}

    def org_label(org: Any) -> str:
        if org is None:
            return ""
        return f"{org.name} ({org.orgnr})" if org.orgnr else f"{org.name} [{org.slug}]"

    return {
        "partners": [
            {
                "organization": org_label(p.organization),
                "role": p.role,
                "contribution": p.contribution,
                "currency": p.currency,
            }
            for p in project.partners.all()
        ],
        "participants": [
            {
                "person": f"{p.person.full_name} [{p.person.slug}]",
                "role": p.role,
                "organization": org_label(p.organization),
            }
            for p in project.participants.all()
        ],
        "funding": [
            {
                "id": f.pk,
                "funder": org_label(f.funder),
                "programme": f.programme,
                "grant_id": f.grant_id,
                "status": f.status,
                "amount_applied": f.amount_applied,
                "amount_granted": f.amount_granted,
                "currency": f.currency,
            }
            for f in project.funding_lines.all()
        ],
    }


def _rows(formset: Any, key: str) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get(key):
            rows.append(data)
    return rows


def _edit(request: HttpRequest, partnership: Partnership, project: Project | None) -> HttpResponse:
    initial = _initial_rows(project)
    if request.method == "POST":
        form = ProjectForm(
            request.POST, instance=project, partnership=partnership, user=request.user
        )
        partners = PartnerFormSet(request.POST, prefix="partners")
        participants = ParticipantFormSet(request.POST, prefix="participants")
        funding = FundingFormSet(request.POST, prefix="funding")
        formsets_valid = all(fs.is_valid() for fs in (partners, participants, funding))
        if form.is_valid() and formsets_valid:
            kwargs: dict[str, Any] = {
                "focus_areas": list(form.cleaned_data["focus_areas"]),
                "elements": list(form.cleaned_data["elements"]),
                "municipal_units": list(form.cleaned_data["municipal_units"]),
                "partners": _rows(partners, "organization"),
                "participants": _rows(participants, "person"),
                "funding_lines": _rows(funding, "funder"),
                "identifiers": form.identifiers(),
            }
            try:
                if project is None:
                    fields = form.service_fields()
                    saved = services.project_create(
                        partnership=partnership,
                        title=fields.pop("title"),
                        actor=request.user,
                        **fields,
                        **kwargs,
                    )
                    messages.success(request, _("Prosjektet er registrert."))
                else:
                    saved = services.project_update(
                        project=project, actor=request.user, data=form.service_fields(), **kwargs
                    )
                    messages.success(request, _("Endringene er lagret."))
                from kunnskapsbro.needs.services import answers_set

                answers_set(
                    kind="project",
                    target=saved,
                    needs=form.cleaned_data["answers_needs"],
                    actor=request.user,
                    field="answers_needs",
                )
                request.session["kb_draft_clear"] = (
                    f"project-{project.pk}" if project else f"project-new-{partnership.slug}"
                )
                return redirect(saved.get_absolute_url())
            except ValidationError as exc:
                attach_service_errors(form, exc)
    else:
        form = ProjectForm(instance=project, partnership=partnership, user=request.user)
        partners = PartnerFormSet(prefix="partners", initial=initial["partners"])
        participants = ParticipantFormSet(prefix="participants", initial=initial["participants"])
        funding = FundingFormSet(prefix="funding", initial=initial["funding"])
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "partners": partners,
            "participants": participants,
            "funding": funding,
            "formsets_list": [partners, participants, funding],
            "project": project,
            "partnership": partnership,
            "draft_key": f"project-{project.pk}" if project else f"project-new-{partnership.slug}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    visible = permissions.visible_partnerships(request.user, Partnership.objects.all())
    partnerships = list(permissions.creatable_partnerships(request.user, visible).order_by("name"))
    slug = request.GET.get("partnership") or request.POST.get("partnership_slug")
    if slug:
        partnership = get_object_or_404(visible, slug=slug)
        permissions.require(permissions.can_create_project(request.user, partnership))
    elif not partnerships:
        raise PermissionDenied
    elif len(partnerships) == 1:
        partnership = partnerships[0]
    else:
        return render(request, "projects/choose_partnership.html", {"partnerships": partnerships})
    return _edit(request, partnership, None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_for_edit(user=request.user, pk=pk)
    return _edit(request, project.partnership, project)


@login_required
@require_POST
def project_transition(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_transition(request.user, project))
    allowed = permissions.allowed_transitions(
        request.user, project, lifecycle.allowed_targets(project.status)
    )
    form = TransitionForm(request.POST, project=project, allowed=allowed)
    if form.is_valid() and not permissions.can_transition(
        request.user, project, form.cleaned_data["to"]
    ):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.project_transition(
                project=project,
                to_status=form.cleaned_data["to"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
            project.refresh_from_db()
            messages.success(
                request,
                _("Status er endret til «%(s)s».") % {"s": project.get_status_display()},
            )
            return redirect(reverse("projects:detail", kwargs={"pk": project.pk}) + "#status")
        except ValidationError as exc:
            attach_service_errors(form, exc)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "timeline": selectors.project_timeline(project=project),
            "identifiers": {i.scheme: i for i in project.identifiers.all()},
            **_permission_context(request, project),
            "transition_form": form,
        },
        status=422,
    )
