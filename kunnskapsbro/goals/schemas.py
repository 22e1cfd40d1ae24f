"""API shapes for goals, indicators, measurements, milestones and action plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kunnskapsbro.core.api_common import Text


class IndicatorOut(Schema):
    id: int
    goal_id: int
    name: str
    unit: str
    method: str
    computed_kind: str
    partner_id: int | None
    baseline_value: Decimal | None
    baseline_date: dt.date | None
    target_value: Decimal | None
    target_date: dt.date | None
    owner: str | None
    reporting_period: str
    value: Decimal | None = Field(description="Siste måling, eller beregnet verdi")
    value_date: dt.date | None
    available: bool = Field(description="Usann når systemet ikke kan vite verdien ennå")
    note: str
    progress: int | None = Field(description="Prosent av veien fra utgangsverdi til mål")
    breakdown: dict[str, Any]


class MeasurementOut(Schema):
    id: int
    value: Decimal
    date: dt.date
    source: str
    comment: str


class IndicatorDetail(IndicatorOut):
    measurements: list[MeasurementOut]
    next_due: dt.date | None


class IndicatorList(Schema):
    items: list[IndicatorOut]
    count: int


class MilestoneOut(Schema):
    id: int
    partnership: str
    goal_id: int | None
    title: str
    due_date: dt.date
    status: str
    evidence: str
    evidence_url: str
    achieved_on: dt.date | None


class MilestoneList(Schema):
    items: list[MilestoneOut]
    count: int


class GoalOut(Schema):
    id: int
    partnership: str
    kind: str
    scope: str
    focus_area_id: int | None
    element_id: int | None
    project_id: int | None
    title: str
    description: str
    indicators: list[IndicatorOut]
    milestones: list[MilestoneOut]


class GoalList(Schema):
    items: list[GoalOut]
    count: int


class GoalIn(Schema):
    partnership: Text = Field(description="Partnerskapets lenkenavn (slug)")
    kind: str = Field(description="result | effect")
    title: Text = Field(min_length=1, max_length=300)
    description: Text = ""
    focus_area: int | None = None
    element: int | None = None
    project: int | None = None


class MeasurementIn(Schema):
    value: Decimal
    date: dt.date
    source: Text = Field("", max_length=300)
    comment: Text = ""


class MilestonePatch(Schema):
    title: Text | None = Field(None, max_length=300)
    due_date: dt.date | None = None
    status: str | None = None
    evidence: Text | None = None
    evidence_url: Text | None = None
    achieved_on: dt.date | None = None


class ActivityOut(Schema):
    id: int
    title: str
    responsible: str | None
    due_date: dt.date | None
    status: str
    goal_id: int | None


class ActionPlanOut(Schema):
    id: int
    title: str
    focus_area_id: int | None
    element_id: int | None
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    activities: list[ActivityOut]


class ActionPlanList(Schema):
    items: list[ActionPlanOut]
    count: int
