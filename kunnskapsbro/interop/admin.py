"""Import jobs in the admin: read-only (jobs change only through ``interop.services``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import ImportJob, MunicipalityCode


@admin.register(ImportJob)
class ImportJobAdmin(SimpleHistoryAdmin):
    list_display = (
        "original_name",
        "format",
        "partnership",
        "status",
        "row_count",
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "created_at",
        "created_by",
    )
    list_filter = ("status", "format", "partnership")
    search_fields = ("original_name",)
    list_select_related = ("partnership", "created_by")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing only: the change form renders read-only and cannot be saved.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MunicipalityCode)
class MunicipalityCodeAdmin(SimpleHistoryAdmin):
    """The kommunenummer history (loaded by migration from ``interop/data``): read-only."""

    list_display = ("code", "name", "valid_from", "valid_to", "successor", "successor_name")
    search_fields = ("code", "name", "successor", "successor_name")
    list_filter = ("valid_to",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
