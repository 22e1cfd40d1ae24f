"""API shapes for the dashboard's figures and for annual-report jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema


class DashboardQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Prosjekter som pågår i året")
    focus_area: int | None = Field(None, ge=1, le=2**63 - 1, description="Fokusområdets id")


class ChartOut(Schema):
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[dict[str, Any]]
    list_url: str
    csv_url: str


class DashboardOut(Schema):
    partnership: str
    year: int | None
    focus_area: int | None
    total: int
    active: int
    applications: dict[str, Any]
    funding_totals: dict[str, float]
    charts: list[ChartOut]


class ReportJobIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    language: Literal["nb", "en"] = "nb"
    output_format: Literal["pdf", "html"] = "pdf"


class ReportJobOut(Schema):
    id: int
    partnership: str
    year: int
    language: str
    output_format: str
    status: str
    progress: int
    step: str
    error: str
    file_url: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


class ReportJobList(Schema):
    items: list[ReportJobOut]
    count: int
