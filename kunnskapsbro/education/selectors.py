"""Reads for education collaboration: lists with filters, single records, and the counts the
dashboard's indicators use."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from kunnskapsbro.partnerships.models import Partnership

from .models import (
    Course,
    CourseParticipation,
    EitVillage,
    Placement,
    TeachingContribution,
    Thesis,
    Visibility,
)

EDIT_CAPS = ("edit_all", "edit_focus_area", "edit_unit")


def can_see_internal(user: Any, partnership_id: int | None = None) -> bool:
    """Whether ``user`` reads internal records (of one partnership, or of any)."""
    from kunnskapsbro.accounts import permissions

    if partnership_id is None:
        return permissions.reads_internal_anywhere(user)
    return permissions.can_read_internal(user, partnership_id)


def can_edit_education(user: Any, partnership_id: int | None) -> bool:
    """Who registers and edits education records of a partnership: its administrators and
    coordinators, and editors of one of its focus areas or units."""
    from kunnskapsbro.accounts import permissions

    return permissions.can_edit_education(user, partnership_id)


def editable_partnerships(user: Any) -> QuerySet[Partnership]:
    """The partnerships whose education records ``user`` may register."""
    return Partnership.objects.order_by("name").filter(
        pk__in=[p.pk for p in Partnership.objects.all() if can_edit_education(user, p.pk)]
    )


def _visible(queryset: QuerySet[Any], user: Any, *, visibility: str | None) -> QuerySet[Any]:
    """Only what ``user`` may see: public records of public partnerships (and of those the
    user belongs to), everything of partnerships whose internal records the user reads.
    ``user=None`` is a trusted caller (commands, the dashboard's own checks)."""
    if user is None:
        return queryset
    from kunnskapsbro.accounts import permissions

    condition = permissions.record_visibility_q(user, visibility=visibility)
    return queryset if condition is None else queryset.filter(condition)


@dataclass(frozen=True)
class EducationFilters:
    """Filters shared by the education lists; each list applies those its records have."""

    partnership: int | None = None
    year: int | None = None
    semester: str = ""
    unit: int | None = None
    focus_area: int | None = None
    institution: int | None = None
    level: str = ""  # theses
    status: str = ""  # theses
    kind: str = ""  # teaching contributions
    q: str = ""


def _common(queryset: QuerySet[Any], filters: EducationFilters, *, unit: str | None) -> Any:
    if filters.partnership:
        queryset = queryset.filter(partnership_id=filters.partnership)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.focus_area:
        queryset = queryset.filter(focus_area_id=filters.focus_area)
    if filters.unit and unit:
        queryset = queryset.filter(**{f"{unit}_id": filters.unit})
    return queryset


def placement_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[Placement]:
    """Placements with unit, institution and focus area (no query per row)."""
    filters = filters or EducationFilters()
    queryset = _visible(
        Placement.objects.select_related("unit", "institution", "focus_area", "partnership"),
        user,
        visibility=None,
    )
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    queryset = _common(queryset, filters, unit="unit")
    if filters.semester:
        queryset = queryset.filter(semester=filters.semester)
    if filters.institution:
        queryset = queryset.filter(institution_id=filters.institution)
    if filters.q:
        queryset = queryset.filter(programme__icontains=filters.q)
    return queryset


def placement_detail(*, pk: int, user: Any = None) -> Placement:
    placement = placement_list(user=user).filter(pk=pk).first()
    if placement is None:
        raise Http404("Praksisplassen finnes ikke.")
    return placement


def thesis_list(
    *,
    partnership: Partnership | None = None,
    public_only: bool = False,
    user: Any = None,
    filters: EducationFilters | None = None,
) -> QuerySet[Thesis]:
    """Theses with their unit, institution and supervisors (no query per row). Anonymous
    users (``user`` given and not signed in) and ``public_only`` see public theses only."""
    filters = filters or EducationFilters()
    queryset = Thesis.objects.select_related(
        "unit",
        "institution",
        "academic_supervisor",
        "municipal_supervisor",
        "focus_area",
        "partnership",
    )
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    if public_only:
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    queryset = _visible(queryset, user, visibility="visibility")
    queryset = _common(queryset, filters, unit="unit")
    if filters.institution:
        queryset = queryset.filter(institution_id=filters.institution)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q:
        queryset = queryset.filter(
            Q(title__icontains=filters.q)
            | Q(student_name__icontains=filters.q)
            | Q(discipline__icontains=filters.q)
        )
    return queryset


def _answers_visible_to(user: Any) -> Prefetch:
    """The record's answers to needs, limited to the needs this user may see (an internal or
    unpublished need's title does not show on a public thesis or course page)."""
    from kunnskapsbro.needs.models import NeedAnswer
    from kunnskapsbro.needs.selectors import need_visible_to

    return Prefetch(
        "need_answers",
        queryset=NeedAnswer.objects.filter(need__in=need_visible_to(user))
        .select_related("need")
        .order_by("id"),
    )


def thesis_detail(*, user: Any, pk: int) -> Thesis:
    """One thesis with the needs it answers, or 404 if this user may not see it."""
    thesis = (
        thesis_list(user=user).prefetch_related(_answers_visible_to(user)).filter(pk=pk).first()
    )
    if thesis is None:
        raise Http404("Oppgaven finnes ikke.")
    return thesis


def eit_village_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[EitVillage]:
    filters = filters or EducationFilters()
    queryset = _visible(
        EitVillage.objects.select_related("unit", "focus_area", "partnership"),
        user,
        visibility=None,
    )
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    queryset = _common(queryset, filters, unit="unit")
    if filters.semester:
        queryset = queryset.filter(semester=filters.semester)
    if filters.q:
        queryset = queryset.filter(Q(title__icontains=filters.q) | Q(code__icontains=filters.q))
    return queryset


def eit_village_detail(*, pk: int, user: Any = None) -> EitVillage:
    village = eit_village_list(user=user).filter(pk=pk).first()
    if village is None:
        raise Http404("EiT-landsbyen finnes ikke.")
    return village


def course_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[Course]:
    """Courses with their participations and the total number of participants."""
    filters = filters or EducationFilters()
    queryset = (
        Course.objects.select_related("institution", "focus_area", "partnership")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=CourseParticipation.objects.select_related("unit").order_by("unit__name"),
            )
        )
        .annotate(participant_total=Sum("participations__participant_count"))
        .order_by("-year", "title", "id")
    )
    queryset = _visible(queryset, user, visibility=None)
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    queryset = _common(queryset, filters, unit=None)
    if filters.unit:
        queryset = queryset.filter(
            pk__in=CourseParticipation.objects.filter(unit_id=filters.unit).values("course_id")
        )
    if filters.semester:
        queryset = queryset.filter(semester=filters.semester)
    if filters.institution:
        queryset = queryset.filter(institution_id=filters.institution)
    if filters.q:
        queryset = queryset.filter(title__icontains=filters.q)
    return queryset


def course_detail(*, pk: int, user: Any = None) -> Course:
    """One course with its participants and the needs it answers that ``user`` may see."""
    course = course_list().prefetch_related(_answers_visible_to(user)).filter(pk=pk).first()
    if course is None:
        raise Http404("Kurset finnes ikke.")
    return course


def teaching_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[TeachingContribution]:
    filters = filters or EducationFilters()
    queryset = _visible(
        TeachingContribution.objects.select_related("person", "unit", "institution", "partnership"),
        user,
        visibility=None,
    )
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    if filters.partnership:
        queryset = queryset.filter(partnership_id=filters.partnership)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.unit:
        queryset = queryset.filter(unit_id=filters.unit)
    if filters.semester:
        queryset = queryset.filter(semester=filters.semester)
    if filters.institution:
        queryset = queryset.filter(institution_id=filters.institution)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        queryset = queryset.filter(
            Q(course_name__icontains=filters.q)
            | Q(person__first_name__icontains=filters.q)
            | Q(person__last_name__icontains=filters.q)
        )
    return queryset


def teaching_detail(*, pk: int, user: Any = None) -> TeachingContribution:
    contribution = teaching_list(user=user).filter(pk=pk).first()
    if contribution is None:
        raise Http404("Undervisningsbidraget finnes ikke.")
    return contribution


def education_years(*, partnership: Partnership | None = None) -> list[int]:
    """Every year with any education record, newest first (for the year filters)."""
    years: set[int] = set()
    for model in (Placement, Thesis, EitVillage, Course, TeachingContribution):
        queryset = model.objects.all()
        if partnership is not None:
            queryset = queryset.filter(partnership=partnership)
        years.update(queryset.order_by().values_list("year", flat=True).distinct())
    return sorted((year for year in years if year), reverse=True)


def education_counts(
    *,
    partnership: Partnership,
    year: int | None = None,
    focus_area: int | None = None,
) -> dict[str, Any]:
    """Counts per focus area, unit and year for the dashboard's indicators.

    The lists (``placements``, ``theses``, ``courses``, ``course_units``, ``eit_villages``,
    ``teaching``) are grouped rows, one query each; ``totals`` sums them over everything that
    matched and ``by_year`` / ``by_unit`` / ``by_focus_area`` sum them along one dimension, so
    a dashboard need not add rows itself. ``year`` and ``focus_area`` (an id) narrow every
    count. A course's participants are counted per unit through its participations, so a
    course with participants from two units appears under both units (once in the totals).
    Internal theses are counted: the figures are aggregates and show no names.
    """

    def scoped(queryset: QuerySet[Any], *, prefix: str = "") -> QuerySet[Any]:
        queryset = queryset.filter(**{f"{prefix}partnership": partnership})
        if year is not None:
            queryset = queryset.filter(**{f"{prefix}year": year})
        if focus_area is not None:
            queryset = queryset.filter(**{f"{prefix}focus_area_id": focus_area})
        return queryset.order_by()

    placements = list(
        scoped(Placement.objects.all())
        .values("year", "unit_id", "unit__name", "focus_area_id", "focus_area__name")
        .annotate(placements=Count("id"), students=Sum("student_count"))
        .order_by("year", "unit__name", "focus_area__name")
    )
    theses = list(
        scoped(Thesis.objects.all())
        .values("year", "level", "unit_id", "unit__name", "focus_area_id", "focus_area__name")
        .annotate(count=Count("id"))
        .order_by("year", "level", "unit__name")
    )
    # Courses and their participants are two queries: summing participations in the same
    # GROUP BY as counting courses would count a course once per participating unit.
    courses = list(
        scoped(Course.objects.all())
        .values("year", "focus_area_id", "focus_area__name")
        .annotate(count=Count("id"))
        .order_by("year", "focus_area__name")
    )
    course_units = list(
        scoped(CourseParticipation.objects.all(), prefix="course__")
        .values(
            "course__year",
            "unit_id",
            "unit__name",
            "course__focus_area_id",
            "course__focus_area__name",
        )
        .annotate(courses=Count("course_id", distinct=True), participants=Sum("participant_count"))
        .order_by("course__year", "unit__name")
    )
    participants_by_course_group: dict[tuple[Any, Any], int] = defaultdict(int)
    for row in course_units:
        participants_by_course_group[(row["course__year"], row["course__focus_area_id"])] += row[
            "participants"
        ]
    for row in courses:
        row["participants"] = participants_by_course_group.get(
            (row["year"], row["focus_area_id"]), 0
        )
    villages = list(
        scoped(EitVillage.objects.all())
        .values("year", "unit_id", "unit__name", "focus_area_id", "focus_area__name")
        .annotate(count=Count("id"), students=Sum("student_count"))
        .order_by("year", "focus_area__name")
    )
    teaching_qs = TeachingContribution.objects.filter(partnership=partnership)
    if year is not None:
        teaching_qs = teaching_qs.filter(year=year)
    if focus_area is not None:
        # Teaching has no focus area of its own; with a focus-area filter it is not counted.
        teaching_qs = teaching_qs.none()
    teaching = list(
        teaching_qs.order_by()
        .values("year", "kind", "unit_id", "unit__name")
        .annotate(count=Count("id"), hours=Sum("hours"))
        .order_by("year", "kind", "unit__name")
    )

    def empty() -> dict[str, Any]:
        return {
            "placements": 0,
            "placement_students": 0,
            "theses": 0,
            "courses": 0,
            "course_participants": 0,
            "eit_villages": 0,
            "eit_students": 0,
            "teaching": 0,
            "teaching_hours": 0,
        }

    totals = empty()
    by_year: dict[Any, dict[str, Any]] = defaultdict(empty)
    by_unit: dict[Any, dict[str, Any]] = defaultdict(empty)
    by_area: dict[Any, dict[str, Any]] = defaultdict(empty)
    unit_names: dict[Any, str | None] = {}
    area_names: dict[Any, str | None] = {}

    def add(
        values: dict[str, Any], *, year_: Any, unit: Any = None, area: Any = None, units: bool
    ) -> None:
        for key, value in values.items():
            by_year[year_][key] += value
            if units:
                by_unit[unit][key] += value
            if area != "-":
                by_area[area][key] += value

    for r in placements:
        unit_names[r["unit_id"]], area_names[r["focus_area_id"]] = (
            r["unit__name"],
            r["focus_area__name"],
        )
        values = {"placements": r["placements"], "placement_students": r["students"] or 0}
        add(values, year_=r["year"], unit=r["unit_id"], area=r["focus_area_id"], units=True)
    for r in theses:
        unit_names[r["unit_id"]], area_names[r["focus_area_id"]] = (
            r["unit__name"],
            r["focus_area__name"],
        )
        add(
            {"theses": r["count"]},
            year_=r["year"],
            unit=r["unit_id"],
            area=r["focus_area_id"],
            units=True,
        )
    for r in courses:
        area_names[r["focus_area_id"]] = r["focus_area__name"]
        values = {"courses": r["count"], "course_participants": r["participants"]}
        add(values, year_=r["year"], area=r["focus_area_id"], units=False)
    for r in course_units:
        unit_names[r["unit_id"]] = r["unit__name"]
        by_unit[r["unit_id"]]["courses"] += r["courses"]
        by_unit[r["unit_id"]]["course_participants"] += r["participants"] or 0
    for r in villages:
        unit_names[r["unit_id"]], area_names[r["focus_area_id"]] = (
            r["unit__name"],
            r["focus_area__name"],
        )
        values = {"eit_villages": r["count"], "eit_students": r["students"] or 0}
        add(values, year_=r["year"], unit=r["unit_id"], area=r["focus_area_id"], units=True)
    for r in teaching:
        unit_names[r["unit_id"]] = r["unit__name"]
        values = {"teaching": r["count"], "teaching_hours": r["hours"] or 0}
        add(values, year_=r["year"], unit=r["unit_id"], area="-", units=True)
    for row in by_year.values():
        for key, value in row.items():
            totals[key] += value
    return {
        "placements": placements,
        "theses": theses,
        "courses": courses,
        "course_units": course_units,
        "eit_villages": villages,
        "teaching": teaching,
        "totals": totals,
        "by_year": [{"year": y, **by_year[y]} for y in sorted(by_year)],
        "by_unit": sorted(
            ({"unit_id": u, "unit": unit_names.get(u), **v} for u, v in by_unit.items()),
            key=lambda row: (row["unit"] is None, row["unit"] or ""),
        ),
        "by_focus_area": sorted(
            (
                {"focus_area_id": a, "focus_area": area_names.get(a), **v}
                for a, v in by_area.items()
            ),
            key=lambda row: (row["focus_area"] is None, row["focus_area"] or ""),
        ),
    }
