"""The goals API: goals, indicators (with computed values), measurements, milestones, plans.

Reads are open like the pages (goals of internal projects are hidden from anonymous callers);
writes take a session or a bearer token and go through the same services as the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Page, paginate
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership

from . import selectors, services
from .models import Goal, Indicator, Milestone
from .schemas import (
    ActionPlanList,
    GoalIn,
    GoalList,
    GoalOut,
    IndicatorDetail,
    IndicatorList,
    MeasurementIn,
    MeasurementOut,
    MilestoneList,
    MilestoneOut,
    MilestonePatch,
)

router = Router(tags=["goals"])


class GoalFilters(Schema):
    partnership: str = ""
    kind: str = ""


class IndicatorFilters(Schema):
    partnership: str = ""
    method: str = ""


class MilestoneFilters(Schema):
    partnership: str
    status: list[str] = []


def _partnership(slug: str) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        message = _("Ukjent partnerskap «%(slug)s».") % {"slug": slug}
        raise Problem(
            422,
            f"partnership: {message}",
            errors=[{"field": "partnership", "message": message}],
        )
    return partnership


def _indicator(row: selectors.IndicatorRow) -> dict[str, Any]:
    i = row.indicator
    return {
        "id": i.pk,
        "goal_id": i.goal_id,
        "name": i.name,
        "unit": i.unit,
        "method": i.method,
        "computed_kind": i.computed_kind,
        "partner_id": i.partner_id,
        "baseline_value": i.baseline_value,
        "baseline_date": i.baseline_date,
        "target_value": i.target_value,
        "target_date": i.target_date,
        "owner": i.owner.full_name if i.owner else None,
        "reporting_period": i.reporting_period,
        "value": row.value,
        "value_date": row.value_date,
        "available": row.available,
        "note": row.note,
        "progress": row.progress,
        "breakdown": _plain(row.breakdown),
    }


def _plain(value: Any) -> Any:
    """Breakdown values as JSON numbers/strings (Decimal amounts become strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value if isinstance(value, int) else str(value)


def _milestone(m: Milestone, slug: str) -> dict[str, Any]:
    return {
        "id": m.pk,
        "partnership": slug,
        "goal_id": m.goal_id,
        "title": m.title,
        "due_date": m.due_date,
        "status": m.status,
        "evidence": m.evidence,
        "evidence_url": m.evidence_url,
        "achieved_on": m.achieved_on,
    }


def _goals(goals: list[Goal]) -> list[dict[str, Any]]:
    indicators = [i for g in goals for i in g.indicators.all()]
    rows = {r.indicator.pk: r for r in selectors.indicator_rows(indicators)}
    return [
        {
            "id": g.pk,
            "partnership": g.partnership.slug,
            "kind": g.kind,
            "scope": g.scope,
            "focus_area_id": g.focus_area_id,
            "element_id": g.element_id,
            "project_id": g.project_id,
            "title": g.title,
            "description": g.description,
            "indicators": [_indicator(rows[i.pk]) for i in g.indicators.all()],
            "milestones": [_milestone(m, g.partnership.slug) for m in g.milestones.all()],
        }
        for g in goals
    ]


@router.get("/goals", response={200: GoalList, **READ_PROBLEMS}, summary="Mål med indikatorer")
def list_goals(
    request: HttpRequest, filters: Query[GoalFilters], page: Query[Page]
) -> dict[str, Any]:
    user = api_user(request)
    queryset = selectors.goal_visible_to(user)
    if filters.partnership:
        queryset = queryset.filter(partnership=_partnership(filters.partnership))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    queryset = (
        queryset.select_related("partnership", "focus_area", "element", "project")
        .prefetch_related(
            Prefetch("indicators", queryset=selectors.indicator_queryset()),
            "milestones",
        )
        .order_by("partnership_id", "scope", "order", "id")
    )
    result = paginate(queryset, page)
    result["items"] = _goals(result["items"])
    return result


@router.get("/goals/{int:goal_id}", response={200: GoalOut, **READ_PROBLEMS}, summary="Ett mål")
def get_goal(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    return _goals([selectors.goal_detail(user=api_user(request), pk=goal_id)])[0]


@router.post(
    "/goals", auth=write_auth, response={201: GoalOut, **WRITE_PROBLEMS}, summary="Nytt mål"
)
def create_goal(request: HttpRequest, payload: GoalIn) -> tuple[int, dict[str, Any]]:
    partnership = _partnership(payload.partnership)
    if not permissions.can_view_partnership(request.auth, partnership):
        raise Http404("partnership not found")
    permissions.require(permissions.can_edit_goals(request.auth, partnership.pk))

    def pick(model: type[Any], pk: int | None, field: str) -> Any:
        if pk is None:
            return None
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            message = _("Finnes ikke: %(ids)s.") % {"ids": pk}
            raise Problem(422, f"{field}: {message}", errors=[{"field": field, "message": message}])
        return obj

    from kunnskapsbro.projects.models import Project

    goal = services.goal_create(
        partnership=partnership,
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        focus_area=pick(FocusArea, payload.focus_area, "focus_area"),
        element=pick(CrossCuttingElement, payload.element, "element"),
        project=pick(Project, payload.project, "project"),
        actor=request.auth,
    )
    return 201, _goals([selectors.goal_detail(user=request.auth, pk=goal.pk)])[0]


@router.get("/indicators", response={200: IndicatorList, **READ_PROBLEMS}, summary="Indikatorer")
def list_indicators(
    request: HttpRequest, filters: Query[IndicatorFilters], page: Query[Page]
) -> dict[str, Any]:
    partnership = _partnership(filters.partnership) if filters.partnership else None
    queryset = selectors.indicator_list(
        user=api_user(request), partnership=partnership, method=filters.method
    )
    result = paginate(queryset, page)
    result["items"] = [_indicator(r) for r in selectors.indicator_rows(result["items"])]
    return result


def _indicator_detail(indicator: Indicator) -> dict[str, Any]:
    row = selectors.indicator_rows([indicator])[0]
    measurements = list(indicator.measurements.all())
    next_due = None
    if not indicator.is_computed:
        next_due = selectors.next_measurement_due(
            period=indicator.reporting_period,
            last=measurements[0].date if measurements else None,
        )
    return {
        **_indicator(row),
        "measurements": [
            {"id": m.pk, "value": m.value, "date": m.date, "source": m.source, "comment": m.comment}
            for m in measurements
        ],
        "next_due": next_due,
    }


@router.get(
    "/indicators/{int:indicator_id}",
    response={200: IndicatorDetail, **READ_PROBLEMS},
    summary="Én indikator med målinger",
)
def get_indicator(request: HttpRequest, indicator_id: int) -> dict[str, Any]:
    return _indicator_detail(selectors.indicator_detail(user=api_user(request), pk=indicator_id))


@router.post(
    "/indicators/{int:indicator_id}/measurements",
    auth=write_auth,
    response={201: MeasurementOut, **WRITE_PROBLEMS},
    summary="Registrer en måling (bare manuelle indikatorer)",
)
def create_measurement(
    request: HttpRequest, indicator_id: int, payload: MeasurementIn
) -> tuple[int, dict[str, Any]]:
    indicator = selectors.indicator_detail(user=request.auth, pk=indicator_id)
    if not permissions.can_view_partnership(request.auth, indicator.goal.partnership):
        raise Http404("indicator not found")
    permissions.require(
        permissions.can_measure(request.auth, indicator, indicator.goal.partnership_id)
    )
    m = services.measurement_create(indicator=indicator, actor=request.auth, **payload.dict())
    return 201, {
        "id": m.pk,
        "value": m.value,
        "date": m.date,
        "source": m.source,
        "comment": m.comment,
    }


@router.get("/milestones", response={200: MilestoneList, **READ_PROBLEMS}, summary="Milepæler")
def list_milestones(
    request: HttpRequest, filters: Query[MilestoneFilters], page: Query[Page]
) -> dict[str, Any]:
    partnership = _partnership(filters.partnership)
    result = paginate(
        selectors.milestone_list(partnership=partnership, status=filters.status), page
    )
    result["items"] = [_milestone(m, partnership.slug) for m in result["items"]]
    return result


@router.patch(
    "/milestones/{int:milestone_id}",
    auth=write_auth,
    response={200: MilestoneOut, **WRITE_PROBLEMS},
    summary="Endre en milepæl (status, dokumentasjon, frist)",
)
def update_milestone(
    request: HttpRequest, milestone_id: int, payload: MilestonePatch
) -> dict[str, Any]:
    milestone = selectors.milestone_detail(pk=milestone_id)
    if not permissions.can_view_partnership(request.auth, milestone.partnership):
        raise Http404("milestone not found")
    permissions.require(permissions.can_edit_goals(request.auth, milestone.partnership_id))
    data = dict(payload.dict(exclude_unset=True))
    for text in ("evidence", "evidence_url"):
        if text in data and data[text] is None:
            data[text] = ""
    if ("title" in data and not data["title"]) or ("due_date" in data and data["due_date"] is None):
        raise Problem(422, _("Tittel og frist kan ikke være tomme."))
    if data.get("status", "") is None:
        data.pop("status")
    services.milestone_update(milestone=milestone, actor=request.auth, data=data)
    return _milestone(selectors.milestone_detail(pk=milestone_id), milestone.partnership.slug)


@router.get(
    "/action-plans", response={200: ActionPlanList, **READ_PROBLEMS}, summary="Handlingsplaner"
)
def list_action_plans(
    request: HttpRequest, filters: Query[MilestoneFilters], page: Query[Page]
) -> dict[str, Any]:
    partnership = _partnership(filters.partnership)
    result = paginate(selectors.action_plan_list(partnership=partnership), page)
    result["items"] = [
        {
            "id": p.pk,
            "title": p.title,
            "focus_area_id": p.focus_area_id,
            "element_id": p.element_id,
            "status": p.status,
            "start_date": p.start_date,
            "end_date": p.end_date,
            "activities": [
                {
                    "id": a.pk,
                    "title": a.title,
                    "responsible": a.responsible.full_name if a.responsible else None,
                    "due_date": a.due_date,
                    "status": a.status,
                    "goal_id": a.goal_id,
                }
                for a in p.activities.all()
            ],
        }
        for p in result["items"]
    ]
    return result
