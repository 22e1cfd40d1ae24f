"""API shapes for import jobs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from kunnskapsbro.core.api_common import Text

from .importers.spreadsheet import COLUMNS
from .models import ImportFormat, ImportStatus

ImportFormatName = Literal[tuple(ImportFormat.values)]  # type: ignore[valid-type]
ImportStatusName = Literal[tuple(ImportStatus.values)]  # type: ignore[valid-type]


class RowErrorOut(Schema):
    row: int = Field(description="Radnummer slik regnearket viser det (0 = hele filen)")
    column: str
    message: str


class PreviewItemOut(Schema):
    row: int
    action: Literal["created", "updated", "unchanged"]
    source_id: str
    title: str
    project_id: int | None = None
    changes: list[str] = []
    possible_duplicates: list[int] = []


class ImportJobSummary(Schema):
    id: int
    url: str
    format: ImportFormatName
    partnership: str = Field(description="Partnerskapets lenkenavn (slug)")
    original_name: str
    status: ImportStatusName
    row_count: int
    created_count: int
    updated_count: int
    unchanged_count: int
    error_count: int
    organizations_created: int
    progress: int = Field(description="Framdrift 0–100 mens importen lagres")
    created_at: dt.datetime
    committed_at: dt.datetime | None


class ImportJobOut(ImportJobSummary):
    headers: list[str]
    mapping: dict[str, str]
    errors: list[RowErrorOut]
    preview: list[PreviewItemOut]


class ImportJobList(Schema):
    items: list[ImportJobSummary]
    count: int


class MappingIn(Schema):
    mapping: dict[Text, Text] = Field(
        description="Vårt felt → kolonnenavnet i filen. Felt: " + ", ".join(COLUMNS)
    )
