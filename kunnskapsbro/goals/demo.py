"""Goals, indicators, measurements, milestones, action plans, relevance assessments and an
outcome for the demo partnership (TRD3.0). Idempotent: a second load changes nothing.

The goals are illustrative (the partnership's evaluation says phase one had none); they follow
the seed's own ambitions: relevance before volume, NTNU in about 90 % of the portfolio,
capacity in the units, and knowledge put to use in the municipality.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import CrossCuttingElement, FocusArea, Partnership
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import OutcomeInPractice, Project, RelevanceAssessment

from . import services
from .models import ActionPlan, Goal, Milestone


def _goal(partnership: Partnership, title: str, actor: Any, **kwargs: Any) -> Goal:
    existing = Goal.objects.filter(partnership=partnership, title=title).first()
    return existing or services.goal_create(
        partnership=partnership, title=title, actor=actor, **kwargs
    )


def _indicator(goal: Goal, name: str, actor: Any, **fields: Any) -> Any:
    existing = goal.indicators.filter(name=name).first()
    return existing or services.indicator_create(goal=goal, name=name, actor=actor, **fields)


def _measure(indicator: Any, values: list[tuple[dt.date, str]], actor: Any) -> None:
    for day, value in values:
        if day <= timezone.localdate() and not indicator.measurements.filter(date=day).exists():
            services.measurement_create(
                indicator=indicator, value=value, date=day, actor=actor,
                source="Demo: spørreundersøkelse",
            )  # fmt: skip


def load_goals_demo(partnership: Partnership, *, actor: Any = None) -> dict[str, int]:
    """Load the goals demo into ``partnership``; return how many rows of each kind exist."""
    areas = {a.name: a for a in FocusArea.objects.filter(partnership=partnership)}
    elements = {e.name: e for e in CrossCuttingElement.objects.filter(partnership=partnership)}
    ntnu = Organization.objects.filter(orgnr="974767880").first()
    owner = Person.objects.filter(user=actor).first() if actor is not None else None
    owner = owner or Person.objects.order_by("id").first()
    year = timezone.localdate().year

    overall = _goal(partnership, "FoU-porteføljen er relevant for kommunens planer", actor,
                    kind="result")  # fmt: skip
    _indicator(overall, "Pågående FoU-prosjekter", actor, method="computed",
               computed_kind="active_projects", unit="prosjekter", target_value=40,
               target_date=dt.date(year + 2, 12, 31), baseline_value=25,
               baseline_date=dt.date(year - 1, 12, 31))  # fmt: skip
    if ntnu is not None:
        _indicator(overall, "Andel av porteføljen med NTNU", actor, method="computed",
                   computed_kind="partner_share", partner=ntnu, unit="%")  # fmt: skip
    _indicator(overall, "Søknader sendt i år", actor, method="computed",
               computed_kind="applications_submitted", unit="søknader")  # fmt: skip
    _indicator(overall, "Andel innvilgede søknader", actor, method="computed",
               computed_kind="application_success_rate", unit="%", target_value=30,
               target_date=dt.date(year + 1, 12, 31), baseline_value=20,
               baseline_date=dt.date(year - 1, 12, 31))  # fmt: skip
    _indicator(overall, "Ekstern finansiering innvilget", actor, method="computed",
               computed_kind="external_funding", unit="kr")  # fmt: skip

    health = areas.get("Helse og velferd")
    effect = None
    if health is not None:
        effect = _goal(partnership, "Flere eldre bor trygt hjemme lenger", actor, kind="effect",
                       focus_area=health)  # fmt: skip
        satisfaction = _indicator(
            effect, "Ansatte som bruker forskningsbasert praksis", actor, unit="%",
            owner=owner, reporting_period="quarterly", baseline_value=35,
            baseline_date=dt.date(year - 1, 1, 1), target_value=60,
            target_date=dt.date(year + 2, 12, 31),
        )  # fmt: skip
        _measure(satisfaction, [(dt.date(year - 1, 6, 30), "38"),
                                (dt.date(year - 1, 12, 31), "42.5")], actor)  # fmt: skip
        _indicator(effect, "Pågående prosjekter i Helse og velferd", actor, method="computed",
                   computed_kind="active_projects", unit="prosjekter")  # fmt: skip
    education = elements.get("Utdanningssamarbeid")
    if education is not None:
        edu_goal = _goal(partnership, "Flere studenter i praksis i kommunen", actor,
                         kind="result", element=education)  # fmt: skip
        _indicator(edu_goal, "Studenter i praksis", actor, method="computed",
                   computed_kind="students_in_placement", unit="studenter")  # fmt: skip

    for title, due, status, evidence in (
        ("Mål og indikatorer vedtatt i styringsgruppen", dt.date(year - 1, 11, 1), "achieved",
         "Vedtak i styringsgruppen (demo)"),
        ("Handlingsplaner for alle fokusområder", dt.date(year, 3, 1), "missed", ""),
        ("Kapasitet registrert for alle enheter i Helse og velferd", dt.date(year, 9, 1),
         "at_risk", ""),
        ("Første årsrapport med indikatorer", dt.date(year + 1, 2, 1), "on_track", ""),
        ("Midtveisevaluering", dt.date(year + 2, 6, 1), "planned", ""),
    ):  # fmt: skip
        if not Milestone.objects.filter(partnership=partnership, title=title).exists():
            services.milestone_create(partnership=partnership, title=title, due_date=due,
                                      status=status, evidence=evidence, goal=overall,
                                      actor=actor)  # fmt: skip

    for name, area in areas.items():
        title = f"Handlingsplan {name} {year}"
        if not ActionPlan.objects.filter(partnership=partnership, title=title).exists():
            plan = services.action_plan_create(
                partnership=partnership, title=title, focus_area=area, status="adopted",
                start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31), actor=actor,
            )  # fmt: skip
            services.activity_create(plan=plan, title="Frokostmøte om kunnskapsbehov",
                                     due_date=dt.date(year, 10, 1), responsible=area.leader,
                                     actor=actor)  # fmt: skip
            services.activity_create(plan=plan, title="Prioritere kunnskapsbehov i utvalget",
                                     due_date=dt.date(year, 5, 1), status="done",
                                     goal=effect if area == health else None,
                                     actor=actor)  # fmt: skip
    for name, element in elements.items():
        title = f"Handlingsplan {name} {year}"
        if not ActionPlan.objects.filter(partnership=partnership, title=title).exists():
            plan = services.action_plan_create(partnership=partnership, title=title,
                                               element=element, actor=actor)  # fmt: skip
            services.activity_create(plan=plan, title="Kartlegge dagens samarbeid",
                                     actor=actor)  # fmt: skip

    # Relevance assessments for projects in `assessment`, by their first municipal unit.
    for project in Project.objects.filter(partnership=partnership, status="assessment").order_by(
        "id"
    )[:3]:
        unit = project.municipal_units.select_related("organization").first()
        if unit is None or RelevanceAssessment.objects.filter(project=project).exists():
            continue
        project_services.relevance_assess(
            project=project, unit=unit, relevance=4, recommendation="participate_with_conditions",
            comment="Deltar hvis datainnsamlingen legges utenom ferieavvikling.",
            staff_hours=Decimal("150"), months=18, students_collecting_data=2,
            plan_goal=effect, actor=actor,
        )  # fmt: skip
    completed = (
        Project.objects.filter(partnership=partnership, status__in=["completed", "active"])
        .order_by("status", "id")
        .first()
    )
    if completed is not None and not OutcomeInPractice.objects.filter(project=completed).exists():
        unit = completed.municipal_units.select_related("organization").first()
        if unit is None:
            unit = OrgUnit.objects.filter(organization__kind="municipality").first()
        project_services.outcome_create(
            project=completed, kind="practice", unit=unit, date=timezone.localdate(),
            description="Ny rutine for tverrfaglige møter tatt i bruk (demo).",
            evidence="Referat fra enhetens ledermøte (demo)", effect_goal=effect, actor=actor,
        )  # fmt: skip
    return {
        "goals": Goal.objects.filter(partnership=partnership).count(),
        "milestones": Milestone.objects.filter(partnership=partnership).count(),
        "action_plans": ActionPlan.objects.filter(partnership=partnership).count(),
    }
