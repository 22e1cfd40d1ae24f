from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    FundingLine,
    Project,
    ProjectIdentifier,
    ProjectParticipant,
    ProjectPartner,
    StatusTransition,
)


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    raw_id_fields = ["organization"]


class ParticipantInline(admin.TabularInline):
    model = ProjectParticipant
    extra = 0
    raw_id_fields = ["person", "organization"]


class FundingInline(admin.TabularInline):
    model = FundingLine
    extra = 0
    raw_id_fields = ["funder"]


class IdentifierInline(admin.TabularInline):
    model = ProjectIdentifier
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    """Also the benchmark's peer: its changelist does the same filters and search."""

    list_display = ["title", "acronym", "status", "partnership", "start_date", "end_date"]
    list_filter = ["status", "kind", "visibility", "partnership", "focus_areas"]
    search_fields = ["title", "title_en", "acronym", "summary"]
    raw_id_fields = ["municipal_units", "created_by"]
    readonly_fields = ["status", "status_changed_at"]
    inlines = [PartnerInline, ParticipantInline, FundingInline, IdentifierInline]
    list_select_related = ["partnership"]


@admin.register(StatusTransition)
class StatusTransitionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    raw_id_fields = ["project", "actor"]
