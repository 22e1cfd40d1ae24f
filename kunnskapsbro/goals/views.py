"""Goals pages: the overview per partnership, a goal, an indicator (with its measurements and a
form to add one), milestone editing, action plans, and «Mine målinger» for indicator owners."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import MeasurementForm, MilestoneForm


def _attach_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _partnership(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_by_slug(slug)
    if not partnership.is_public and not request.user.is_authenticated:
        raise Http404
    return partnership


def goals_overview(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    groups = selectors.goals_overview(partnership=partnership, user=request.user)
    return render(
        request,
        "goals/goals_overview.html",
        {
            "partnership": partnership,
            "groups": groups,
            "milestone_counts": selectors.milestone_counts(partnership=partnership),
            "milestones": list(selectors.milestone_list(partnership=partnership)),
            "section": "partnerships",
        },
    )


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_detail(user=request.user, pk=pk)
    if not goal.partnership.is_public and not request.user.is_authenticated:
        raise Http404
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "rows": selectors.indicator_rows(list(goal.indicators.all())),
            "section": "partnerships",
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_detail(user=request.user, pk=pk)
    if not indicator.goal.partnership.is_public and not request.user.is_authenticated:
        raise Http404
    form = None
    status = 200
    if request.user.is_authenticated and not indicator.is_computed:
        if request.method == "POST":
            form = MeasurementForm(request.POST)
            if form.is_valid():
                try:
                    services.measurement_create(
                        indicator=indicator, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("Målingen er registrert."))
                    return redirect(indicator.get_absolute_url() + "#malinger")
                except ValidationError as exc:
                    _attach_errors(form, exc)
            status = 422
        else:
            form = MeasurementForm()
    elif request.method == "POST":
        raise Http404
    row = selectors.indicator_rows([indicator])[0]
    due = None
    if not indicator.is_computed:
        measurements = list(indicator.measurements.all())
        due = selectors.next_measurement_due(
            period=indicator.reporting_period,
            last=measurements[0].date if measurements else None,
        )
    return render(
        request,
        "goals/indicator_detail.html",
        {"indicator": indicator, "row": row, "form": form, "due": due, "section": "partnerships"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_detail(pk=pk)
    status = 200
    if request.method == "POST":
        form = MilestoneForm(request.POST, instance=milestone)
        if form.is_valid():
            try:
                services.milestone_update(
                    milestone=milestone, actor=request.user, data=form.cleaned_data
                )
                messages.success(request, _("Milepælen er lagret."))
                return redirect("goals:overview", slug=milestone.partnership.slug)
            except ValidationError as exc:
                _attach_errors(form, exc)
        status = 422
        milestone.refresh_from_db()
    else:
        form = MilestoneForm(instance=milestone)
    return render(
        request,
        "goals/milestone_form.html",
        {"milestone": milestone, "form": form, "section": "partnerships"},
        status=status,
    )


def action_plans(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    return render(
        request,
        "goals/action_plans.html",
        {
            "partnership": partnership,
            "plans": list(selectors.action_plan_list(partnership=partnership)),
            "section": "partnerships",
        },
    )


def action_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.action_plan_detail(pk=pk)
    if not plan.partnership.is_public and not request.user.is_authenticated:
        raise Http404
    return render(
        request, "goals/action_plan_detail.html", {"plan": plan, "section": "partnerships"}
    )


@login_required
def my_measurements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "goals/my_measurements.html",
        {"rows": selectors.indicators_due_for(user=request.user), "section": "goals"},
    )
