"""Reads for education collaboration: lists and the counts the dashboard's indicators use."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from kunnskapsbro.partnerships.models import Partnership

from .models import Course, EitVillage, Placement, TeachingContribution, Thesis


def thesis_list(
    *, partnership: Partnership | None = None, public_only: bool = False
) -> QuerySet[Thesis]:
    """Theses with their unit, institution and supervisors (no query per row)."""
    queryset = Thesis.objects.select_related(
        "unit", "institution", "academic_supervisor", "municipal_supervisor", "focus_area"
    )
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    if public_only:
        queryset = queryset.filter(visibility="public")
    return queryset


def placement_list(*, partnership: Partnership) -> QuerySet[Placement]:
    return Placement.objects.filter(partnership=partnership).select_related(
        "unit", "institution", "focus_area"
    )


def education_counts(*, partnership: Partnership) -> dict[str, list[dict[str, Any]]]:
    """Counts per focus area, unit and year for the dashboard's indicators (one query each)."""
    placements = (
        Placement.objects.filter(partnership=partnership)
        .values("year", "unit__name", "focus_area__name")
        .annotate(placements=Count("id"), students=Sum("student_count"))
        .order_by("year", "unit__name")
    )
    theses = (
        Thesis.objects.filter(partnership=partnership)
        .values("year", "level", "unit__name", "focus_area__name")
        .annotate(count=Count("id"))
        .order_by("year", "level")
    )
    courses = (
        Course.objects.filter(partnership=partnership)
        .values("year", "focus_area__name")
        .annotate(
            count=Count("id", distinct=True), participants=Sum("participations__participant_count")
        )
        .order_by("year")
    )
    villages = (
        EitVillage.objects.filter(partnership=partnership)
        .values("year", "focus_area__name")
        .annotate(count=Count("id"), students=Sum("student_count"))
        .order_by("year")
    )
    teaching = (
        TeachingContribution.objects.filter(partnership=partnership)
        .values("year", "kind", "unit__name")
        .annotate(count=Count("id"), hours=Sum("hours"))
        .order_by("year", "kind")
    )
    return {
        "placements": list(placements),
        "theses": list(theses),
        "courses": list(courses),
        "eit_villages": list(villages),
        "teaching": list(teaching),
    }
