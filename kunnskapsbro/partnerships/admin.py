from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    CrossCuttingElement,
    FocusArea,
    GovernanceBody,
    Membership,
    Partnership,
    PartnershipParty,
)


class PartyInline(admin.TabularInline):
    model = PartnershipParty
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "is_public"]
    inlines = [PartyInline]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "status", "start_date", "end_date"]
    list_filter = ["status", "partnership"]


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "is_cross_sectoral", "order"]
    list_filter = ["partnership"]


@admin.register(CrossCuttingElement)
class ElementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "order"]
    list_filter = ["partnership"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person", "represents"]


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    inlines = [MembershipInline]
