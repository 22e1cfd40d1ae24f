from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Deadline,
    Decision,
    Event,
    EventSession,
    Meeting,
    MeetingDocument,
    Registration,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("number", "title", "kind", "order")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("person",)


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ("title", "owner", "due_date", "status")
    autocomplete_fields = ("owner",)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "body", "starts_at", "status", "is_public")
    list_filter = ("status", "is_public", "body__partnership")
    search_fields = ("title",)
    list_select_related = ("body",)
    inlines = [AgendaItemInline, AttendanceInline, ActionItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "meeting", "kind")
    search_fields = ("title",)
    list_select_related = ("meeting",)


admin.site.register(Decision, SimpleHistoryAdmin)
admin.site.register(MeetingDocument, SimpleHistoryAdmin)
admin.site.register(Deadline, SimpleHistoryAdmin)


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owner", "due_date", "status")
    list_filter = ("status",)
    list_select_related = ("owner",)


class EventSessionInline(admin.TabularInline):
    model = EventSession
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "starts_at", "capacity", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("title",)
    inlines = [EventSessionInline]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "event", "status", "waitlist_position")
    list_filter = ("status",)
    list_select_related = ("event",)
