"""The relevance and capacity assessment page of a project (signed-in users)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kunnskapsbro.accounts import permissions
from kunnskapsbro.goals.models import Goal

from . import selectors, services
from .relevance_forms import RelevanceForm


@login_required
@require_http_methods(["GET", "POST"])
def relevance_assess(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_assess_relevance(request.user, project))
    units = selectors.assessable_units(project=project, user=request.user)
    goals = Goal.objects.filter(partnership=project.partnership).order_by("scope", "order", "id")
    form = RelevanceForm(
        request.POST or None,
        project=project,
        units=units,
        goals=goals,
        initial={"unit": next(iter(project.municipal_units.all()), None)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.relevance_assess(project=project, actor=request.user, **data)
                messages.success(request, _("Vurderingen er lagret."))
                return redirect(project.get_absolute_url() + "#relevans")
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
        status = 422
    unit_list = list(units)
    loads = selectors.unit_loads(unit_list, exclude_project=project.pk)
    chosen = form.data.get("unit") if form.is_bound else None
    chosen_units = [u for u in unit_list if str(u.pk) == str(chosen)] or list(
        project.municipal_units.all()
    )
    warnings = selectors.capacity_warnings(project=project, units=chosen_units)
    return render(
        request,
        "projects/relevance_form.html",
        {
            "project": project,
            "form": form,
            "loads": [
                load
                for load in loads.values()
                if load.projects
                or load.unit.capacity_projects is not None
                or load.unit.capacity_person_months is not None
            ],
            "warnings": warnings,
            "assessments": list(selectors.relevance_assessments_for(project=project)),
            "can_assess": project.status == "assessment",
        },
        status=status,
    )
