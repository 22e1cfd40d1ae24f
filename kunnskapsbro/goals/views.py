"""Goals pages: the overview per partnership, a goal, an indicator (with its measurements and a
form to add one), milestone editing, action plans, and «Mine målinger» for indicator owners;
forms (signed-in users) to create and edit goals, indicators, action plans and activities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.forms import attach_service_errors

from . import selectors, services
from .forms import (
    ActionPlanForm,
    ActivityForm,
    GoalEditForm,
    GoalForm,
    IndicatorForm,
    MeasurementForm,
    MilestoneForm,
)


def _partnership(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.partnership_by_slug(slug)
    if not permissions.can_view_partnership(request.user, partnership):
        raise Http404
    return partnership


def _require_goal_editor(request: HttpRequest, partnership: Any) -> None:
    """404 for a partnership the caller may not see, 403 where they may not edit goals."""
    if not permissions.can_view_partnership(request.user, partnership):
        raise Http404
    permissions.require(permissions.can_edit_goals(request.user, partnership.pk))


def _milestone_filters(request: HttpRequest, partnership: Any) -> dict[str, Any]:
    """The milestone table's filters from the dashboard's links (``status``, ``year``,
    ``focus_area``); a value that is not valid drops only its own filter."""
    from kunnskapsbro.partnerships.models import FocusArea

    from .models import MilestoneStatus

    status = [v for v in request.GET.getlist("status") if v in MilestoneStatus.values]
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1900 <= int(year_text) <= 2100 else None
    area_text = request.GET.get("focus_area", "")
    area = (
        FocusArea.objects.filter(partnership=partnership, pk=int(area_text)).first()
        if area_text.isdigit()
        else None
    )
    return {
        "status": status,
        "status_labels": [str(MilestoneStatus(v).label) for v in status],
        "year": year,
        "focus_area": area,
    }


def goals_overview(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    groups = selectors.goals_overview(partnership=partnership, user=request.user)
    filters = _milestone_filters(request, partnership)
    area_id = filters["focus_area"].pk if filters["focus_area"] else None
    return render(
        request,
        "goals/goals_overview.html",
        {
            "partnership": partnership,
            "groups": groups,
            "milestone_filters": filters,
            "milestones_filtered": bool(filters["status"] or filters["year"] or area_id),
            "milestone_counts": selectors.milestone_counts(
                partnership=partnership, year=filters["year"], focus_area=area_id
            ),
            "milestones": list(
                selectors.milestone_list(
                    partnership=partnership,
                    status=filters["status"],
                    year=filters["year"],
                    focus_area=area_id,
                )
            ),
            "section": "partnerships",
        },
    )


def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_detail(user=request.user, pk=pk)
    if not permissions.can_view_partnership(request.user, goal.partnership):
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
    if not permissions.can_view_partnership(request.user, indicator.goal.partnership):
        raise Http404
    form = None
    status = 200
    may_measure = permissions.can_measure(request.user, indicator, indicator.goal.partnership_id)
    if may_measure and not indicator.is_computed:
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
                    attach_service_errors(form, exc)
            status = 422
        else:
            form = MeasurementForm()
    elif request.method == "POST":
        if request.user.is_authenticated and not indicator.is_computed:
            raise PermissionDenied
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
    _require_goal_editor(request, milestone.partnership)
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
                attach_service_errors(form, exc)
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
    if not permissions.can_view_partnership(request.user, plan.partnership):
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


# --- create and edit forms (signed-in users) ---------------------------------------------


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    context: dict[str, Any],
    instance: Any = None,
) -> HttpResponse:
    """Render ``goals/edit_form.html``; on a valid POST call the service and redirect.

    Errors from the service land on the field they name; nothing is saved (the services are
    atomic), and the page answers 422 so tools and tests can tell.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = save(dict(form.cleaned_data))
            except ValidationError as exc:
                attach_service_errors(form, exc)
                if instance is not None:
                    # The service set the fields before refusing; show the saved row's title.
                    instance.refresh_from_db()
            else:
                messages.success(request, success)
                return redirect(obj.get_absolute_url())
        status = 422
    return render(
        request,
        "goals/edit_form.html",
        {"form": form, "section": "partnerships", **context},
        status=status,
    )


def _edit_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    heading: str,
    context: dict[str, Any],
    cancel_url: str | None = None,
) -> HttpResponse:
    """``_form_page`` for editing ``form.instance``: «Lagre», cancel back to the record."""
    record = form.instance
    return _form_page(
        request,
        form=form,
        save=save,
        success=success,
        instance=record,
        context={
            **context,
            "heading": heading,
            "submit": _("Lagre"),
            "cancel_url": cancel_url or record.get_absolute_url(),
        },
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    permissions.require(permissions.can_edit_goals(request.user, partnership.pk))
    form = GoalForm(_data(request), partnership_id=partnership.pk)

    def save(data: dict[str, Any]) -> Any:
        data.pop("scope")
        return services.goal_create(partnership=partnership, actor=request.user, **data)

    return _form_page(
        request,
        form=form,
        save=save,
        success=_("Målet er opprettet."),
        context={
            "partnership": partnership,
            "heading": _("Nytt mål"),
            "submit": _("Opprett målet"),
            "cancel_url": reverse("goals:overview", kwargs={"slug": partnership.slug}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_detail(user=request.user, pk=pk)
    _require_goal_editor(request, goal.partnership)
    return _edit_page(
        request,
        form=GoalEditForm(_data(request), instance=goal),
        save=lambda data: services.goal_update(goal=goal, actor=request.user, data=data),
        success=_("Målet er lagret."),
        heading=_("Rediger mål"),
        context={"partnership": goal.partnership, "parent": goal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_detail(user=request.user, pk=pk)
    _require_goal_editor(request, goal.partnership)
    form = IndicatorForm(_data(request), partnership_id=goal.partnership_id)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.indicator_create(goal=goal, actor=request.user, **data),
        success=_("Indikatoren er opprettet."),
        context={
            "partnership": goal.partnership,
            "parent": goal,
            "heading": _("Ny indikator"),
            "submit": _("Opprett indikatoren"),
            "cancel_url": goal.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_detail(user=request.user, pk=pk)
    goal = indicator.goal
    _require_goal_editor(request, goal.partnership)
    return _edit_page(
        request,
        form=IndicatorForm(_data(request), instance=indicator, partnership_id=goal.partnership_id),
        save=lambda data: services.indicator_update(
            indicator=indicator, actor=request.user, data=data
        ),
        success=_("Indikatoren er lagret."),
        heading=_("Rediger indikator"),
        context={"partnership": goal.partnership, "parent": goal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    permissions.require(permissions.can_edit_goals(request.user, partnership.pk))
    form = ActionPlanForm(_data(request), partnership_id=partnership.pk)
    return _form_page(
        request,
        form=form,
        save=lambda data: services.action_plan_create(
            partnership=partnership, actor=request.user, **data
        ),
        success=_("Handlingsplanen er opprettet."),
        context={
            "partnership": partnership,
            "heading": _("Ny handlingsplan"),
            "submit": _("Opprett handlingsplanen"),
            "cancel_url": reverse("goals:action_plans", kwargs={"slug": partnership.slug}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.action_plan_detail(pk=pk)
    _require_goal_editor(request, plan.partnership)
    return _edit_page(
        request,
        form=ActionPlanForm(_data(request), instance=plan, partnership_id=plan.partnership_id),
        save=lambda data: services.action_plan_update(plan=plan, actor=request.user, data=data),
        success=_("Handlingsplanen er lagret."),
        heading=_("Rediger handlingsplan"),
        context={"partnership": plan.partnership, "plan": plan},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.action_plan_detail(pk=pk)
    _require_goal_editor(request, plan.partnership)
    form = ActivityForm(_data(request), partnership_id=plan.partnership_id)

    def save(data: dict[str, Any]) -> Any:
        services.activity_create(plan=plan, actor=request.user, **data)
        return plan

    return _form_page(
        request,
        form=form,
        save=save,
        success=_("Tiltaket er lagt til."),
        context={
            "partnership": plan.partnership,
            "plan": plan,
            "heading": _("Nytt tiltak"),
            "submit": _("Legg til tiltaket"),
            "cancel_url": plan.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_detail(pk=pk)
    plan = activity.plan
    _require_goal_editor(request, plan.partnership)

    def save(data: dict[str, Any]) -> Any:
        services.activity_update(activity=activity, actor=request.user, data=data)
        return plan

    return _edit_page(
        request,
        form=ActivityForm(_data(request), instance=activity, partnership_id=plan.partnership_id),
        save=save,
        success=_("Tiltaket er lagret."),
        heading=_("Rediger tiltak"),
        context={"partnership": plan.partnership, "plan": plan},
        cancel_url=plan.get_absolute_url(),
    )
