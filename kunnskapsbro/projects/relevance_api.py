"""The relevance API: a project's assessments (with capacity warnings) and its outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.auth import api_user, write_auth
from kunnskapsbro.core.api_common import Text
from kunnskapsbro.core.api_errors import READ_PROBLEMS, WRITE_PROBLEMS, Problem
from kunnskapsbro.organizations.models import OrgUnit

from . import selectors, services

router = Router(tags=["relevance"])


class AssessmentOut(Schema):
    id: int
    unit_id: int
    unit: str
    relevance: int
    plan_goal_id: int | None
    plan_goal_text: str
    staff_hours: Decimal | None
    months: int | None
    students_collecting_data: int | None
    recommendation: str
    comment: str
    assessed_at: dt.datetime


class UnitLoadOut(Schema):
    unit_id: int
    unit: str
    projects: int
    capacity_projects: int | None
    person_months: Decimal
    capacity_person_months: Decimal | None


class AssessmentList(Schema):
    items: list[AssessmentOut]
    count: int
    warnings: list[str] = Field(description="Kapasitetsadvarsler (blokkerer ikke)")
    unit_loads: list[UnitLoadOut]


class AssessmentIn(Schema):
    unit: int
    relevance: int = Field(ge=1, le=5)
    recommendation: str = Field(description="participate | participate_with_conditions | decline")
    plan_goal: int | None = None
    plan_goal_text: Text = Field("", max_length=500)
    staff_hours: Decimal | None = Field(None, ge=0, le=999999)
    months: int | None = Field(None, ge=1, le=600)
    students_collecting_data: int | None = Field(None, ge=0, le=10000)
    comment: Text = ""
    advance: bool = False


class AssessmentCreated(Schema):
    assessment: AssessmentOut
    project_status: str
    warnings: list[str]


class OutcomeOut(Schema):
    id: int
    kind: str
    description: str
    unit_id: int | None
    evidence: str
    evidence_url: str
    effect_goal_id: int | None
    date: dt.date


class OutcomeList(Schema):
    items: list[OutcomeOut]
    count: int


class OutcomeIn(Schema):
    kind: str = Field(description="practice | service | tool | decision")
    description: Text = Field(min_length=1)
    date: dt.date
    unit: int | None = None
    evidence: Text = ""
    evidence_url: Text = ""
    effect_goal: int | None = None


def _assessment(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit_id": a.unit_id,
        "unit": a.unit.name,
        "relevance": a.relevance,
        "plan_goal_id": a.plan_goal_id,
        "plan_goal_text": a.plan_goal_text,
        "staff_hours": a.staff_hours,
        "months": a.months,
        "students_collecting_data": a.students_collecting_data,
        "recommendation": a.recommendation,
        "comment": a.comment,
        "assessed_at": a.assessed_at,
    }


def _outcome(o: Any) -> dict[str, Any]:
    return {
        "id": o.pk,
        "kind": o.kind,
        "description": o.description,
        "unit_id": o.unit_id,
        "evidence": o.evidence,
        "evidence_url": o.evidence_url,
        "effect_goal_id": o.effect_goal_id,
        "date": o.date,
    }


def _field_problem(field: str, message: str) -> Problem:
    return Problem(422, f"{field}: {message}", errors=[{"field": field, "message": message}])


@router.get(
    "/projects/{int:project_id}/relevance-assessments",
    response={200: AssessmentList, **READ_PROBLEMS},
    summary="Relevansvurderinger, enhetenes belastning og kapasitetsadvarsler",
)
def list_assessments(request: HttpRequest, project_id: int) -> dict[str, Any]:
    user = api_user(request)
    if not getattr(user, "is_authenticated", False):
        raise Problem(401, _("Logg inn, eller send «Authorization: Bearer <API-nøkkel>»."))
    project = selectors.project_detail(user=user, pk=project_id)
    # Assessments and unit capacity are internal to the partnership.
    permissions.require(permissions.can_read_internal(user, project.partnership_id))
    items = [_assessment(a) for a in selectors.relevance_assessments_for(project=project)]
    units = list(project.municipal_units.all())
    loads = selectors.unit_loads(units, exclude_project=project.pk)
    return {
        "items": items,
        "count": len(items),
        "warnings": selectors.capacity_warnings(project=project, units=units),
        "unit_loads": [
            {
                "unit_id": load.unit.pk,
                "unit": load.unit.name,
                "projects": load.projects,
                "capacity_projects": load.capacity_projects,
                "person_months": load.person_months,
                "capacity_person_months": load.capacity_person_months,
            }
            for load in loads.values()
        ],
    }


@router.post(
    "/projects/{int:project_id}/relevance-assessments",
    auth=write_auth,
    response={201: AssessmentCreated, **WRITE_PROBLEMS},
    summary="Vurder relevans og kapasitet (prosjektet må ha status «Til vurdering»)",
)
def create_assessment(
    request: HttpRequest, project_id: int, payload: AssessmentIn
) -> tuple[int, dict[str, Any]]:
    from kunnskapsbro.goals.models import Goal

    project = selectors.project_detail(user=request.auth, pk=project_id)
    permissions.require(permissions.can_assess_relevance(request.auth, project))
    data = payload.dict()
    unit = OrgUnit.objects.select_related("organization").filter(pk=data.pop("unit")).first()
    if unit is None:
        raise _field_problem("unit", _("Finnes ikke: %(ids)s.") % {"ids": payload.unit})
    permissions.require(permissions.can_assess_relevance(request.auth, project, unit))
    goal_id = data.pop("plan_goal")
    plan_goal = Goal.objects.filter(pk=goal_id).first() if goal_id else None
    if goal_id and plan_goal is None:
        raise _field_problem("plan_goal", _("Finnes ikke: %(ids)s.") % {"ids": goal_id})
    if project.status != "assessment":
        raise Problem(
            409,
            "project: "
            + _("Relevans vurderes mens prosjektet har status «Til vurdering» (nå: «%(status)s»).")
            % {"status": project.get_status_display()},
            errors=[{"field": "project", "message": _("Prosjektet er ikke til vurdering.")}],
        )
    warnings = selectors.capacity_warnings(
        project=project, units=[unit], staff_hours=data["staff_hours"], months=data["months"]
    )
    assessment = services.relevance_assess(
        project=project, unit=unit, plan_goal=plan_goal, actor=request.auth, **data
    )
    project.refresh_from_db()
    return 201, {
        "assessment": _assessment(assessment),
        "project_status": project.status,
        "warnings": warnings,
    }


@router.get(
    "/projects/{int:project_id}/outcomes",
    response={200: OutcomeList, **READ_PROBLEMS},
    summary="Resultater i praksis",
)
def list_outcomes(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = selectors.project_detail(user=api_user(request), pk=project_id)
    items = [_outcome(o) for o in selectors.outcomes_for(project=project)]
    return {"items": items, "count": len(items)}


@router.post(
    "/projects/{int:project_id}/outcomes",
    auth=write_auth,
    response={201: OutcomeOut, **WRITE_PROBLEMS},
    summary="Registrer et resultat i praksis",
)
def create_outcome(
    request: HttpRequest, project_id: int, payload: OutcomeIn
) -> tuple[int, dict[str, Any]]:
    from kunnskapsbro.goals.models import Goal

    project = selectors.project_detail(user=request.auth, pk=project_id)
    permissions.require(permissions.can_assess_relevance(request.auth, project))
    data = payload.dict()
    unit = None
    if data["unit"] is not None:
        unit = OrgUnit.objects.select_related("organization").filter(pk=data["unit"]).first()
        if unit is None:
            raise _field_problem("unit", _("Finnes ikke: %(ids)s.") % {"ids": data["unit"]})
        permissions.require(permissions.can_assess_relevance(request.auth, project, unit))
    goal = None
    if data["effect_goal"] is not None:
        goal = Goal.objects.filter(pk=data["effect_goal"]).first()
        if goal is None:
            raise _field_problem(
                "effect_goal", _("Finnes ikke: %(ids)s.") % {"ids": data["effect_goal"]}
            )
    outcome = services.outcome_create(
        project=project,
        kind=data["kind"],
        description=data["description"],
        date=data["date"],
        unit=unit,
        evidence=data["evidence"],
        evidence_url=data["evidence_url"],
        effect_goal=goal,
        actor=request.auth,
    )
    return 201, _outcome(outcome)
