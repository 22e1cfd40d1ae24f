from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, Activity, Goal, Indicator, Measurement, Milestone


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "method", "computed_kind", "unit", "target_value", "target_date", "owner"]
    raw_id_fields = ["owner"]
    show_change_link = True


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ["date", "value", "source", "recorded_by"]
    raw_id_fields = ["recorded_by"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["title", "responsible", "due_date", "status", "goal", "order"]
    raw_id_fields = ["responsible", "goal"]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "scope", "partnership"]
    list_filter = ["kind", "scope", "partnership"]
    search_fields = ["title", "description"]
    raw_id_fields = ["focus_area", "element", "project"]
    list_select_related = ["partnership"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "goal", "method", "computed_kind", "reporting_period", "owner"]
    list_filter = ["method", "computed_kind", "reporting_period"]
    search_fields = ["name", "goal__title"]
    raw_id_fields = ["goal", "owner", "partner"]
    list_select_related = ["goal", "owner"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "date", "value", "recorded_by"]
    date_hierarchy = "date"
    search_fields = ["indicator__name", "source", "comment"]
    raw_id_fields = ["indicator", "recorded_by"]
    list_select_related = ["indicator", "recorded_by"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "due_date", "status", "achieved_on"]
    list_filter = ["status", "partnership"]
    search_fields = ["title", "description", "evidence"]
    raw_id_fields = ["goal", "owner"]
    list_select_related = ["partnership"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "focus_area", "element", "status", "start_date"]
    list_filter = ["status", "partnership"]
    search_fields = ["title", "description"]
    list_select_related = ["partnership", "focus_area", "element"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "responsible", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    raw_id_fields = ["plan", "responsible", "goal"]
    list_select_related = ["plan", "responsible"]
