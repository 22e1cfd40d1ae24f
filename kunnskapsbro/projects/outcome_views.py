"""Register an outcome in practice on a project (signed-in users)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kunnskapsbro.accounts import permissions
from kunnskapsbro.goals import selectors as goal_selectors

from . import selectors, services
from .outcome_forms import OutcomeForm


@login_required
@require_http_methods(["GET", "POST"])
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(user=request.user, pk=pk)
    permissions.require(permissions.can_assess_relevance(request.user, project))
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        units=selectors.assessable_units(project=project, user=request.user),
        goals=goal_selectors.goal_choices(partnership_id=project.partnership_id, kind="effect"),
        initial={"unit": next(iter(project.municipal_units.all()), None)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.outcome_create(project=project, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Resultatet i praksis er registrert."))
                return redirect(project.get_absolute_url() + "#relevans")
        status = 422
    return render(
        request,
        "projects/outcome_form.html",
        {
            "project": project,
            "form": form,
            "outcomes": list(selectors.outcomes_for(project=project)),
            "section": "projects",
        },
        status=status,
    )
