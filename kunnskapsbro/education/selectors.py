"""Reads for education collaboration: lists with filters, single records, and the counts the
dashboard's indicators use."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_
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


@dataclass(frozen=True)
class _Shape:
    """Which of ``EducationFilters`` one kind of record has (a field left out is ignored, as
    on the page: teaching has no focus area, theses no semester), and what ``q`` searches."""

    search: tuple[str, ...]
    unit: bool = True
    focus_area: bool = True
    semester: bool = True
    institution: bool = True
    choices: tuple[str, ...] = ()  # filters matched exactly by their name (level, kind …)
    visibility: str | None = None  # the record's own visibility field, if it has one


PLACEMENT_SHAPE = _Shape(search=("programme",))
THESIS_SHAPE = _Shape(
    search=("title", "student_name", "discipline"),
    semester=False,
    choices=("level", "status"),
    visibility="visibility",
)
VILLAGE_SHAPE = _Shape(search=("title", "code"), institution=False)
# A course's units are those of its participations (filtered in course_list).
COURSE_SHAPE = _Shape(search=("title",), unit=False)
TEACHING_SHAPE = _Shape(
    search=("course_name", "person__first_name", "person__last_name"),
    focus_area=False,
    choices=("kind",),
)


def _filtered(
    queryset: QuerySet[Any],
    shape: _Shape,
    *,
    partnership: Partnership | None,
    filters: EducationFilters | None,
    user: Any,
) -> QuerySet[Any]:
    """The one list shape: what ``user`` may see, of one partnership, narrowed by the filters
    this kind of record has."""
    filters = filters or EducationFilters()
    queryset = _visible(queryset, user, visibility=shape.visibility)
    if partnership is not None:
        queryset = queryset.filter(partnership=partnership)
    exact: dict[str, Any] = {"partnership_id": filters.partnership, "year": filters.year}
    if shape.focus_area:
        exact["focus_area_id"] = filters.focus_area
    if shape.unit:
        exact["unit_id"] = filters.unit
    if shape.semester:
        exact["semester"] = filters.semester
    if shape.institution:
        exact["institution_id"] = filters.institution
    for name in shape.choices:
        exact[name] = getattr(filters, name)
    queryset = queryset.filter(**{name: value for name, value in exact.items() if value})
    if filters.q:
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"{name}__icontains": filters.q}) for name in shape.search))
        )
    return queryset


def _one(queryset: QuerySet[Any], pk: int, missing: str) -> Any:
    """The record ``pk`` of a list, or 404 (also when the caller may not see it)."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404(missing)
    return record


def placement_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[Placement]:
    """Placements with unit, institution and focus area (no query per row)."""
    queryset = Placement.objects.select_related("unit", "institution", "focus_area", "partnership")
    return _filtered(queryset, PLACEMENT_SHAPE, partnership=partnership, filters=filters, user=user)


def placement_detail(*, pk: int, user: Any = None) -> Placement:
    return _one(placement_list(user=user), pk, "Praksisplassen finnes ikke.")


def thesis_list(
    *,
    partnership: Partnership | None = None,
    public_only: bool = False,
    user: Any = None,
    filters: EducationFilters | None = None,
) -> QuerySet[Thesis]:
    """Theses with their unit, institution and supervisors (no query per row). Anonymous
    users (``user`` given and not signed in) and ``public_only`` see public theses only."""
    queryset = Thesis.objects.select_related(
        "unit",
        "institution",
        "academic_supervisor",
        "municipal_supervisor",
        "focus_area",
        "partnership",
    )
    if public_only:
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    return _filtered(queryset, THESIS_SHAPE, partnership=partnership, filters=filters, user=user)


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


def with_visible_answers(queryset: QuerySet[Any], *, user: Any) -> QuerySet[Any]:
    """Theses or courses with ``need_answers`` holding only the needs ``user`` may see (one
    query for a whole page)."""
    return queryset.prefetch_related(_answers_visible_to(user))


def thesis_detail(*, user: Any, pk: int) -> Thesis:
    """One thesis with the needs it answers, or 404 if this user may not see it."""
    queryset = with_visible_answers(thesis_list(user=user), user=user)
    return _one(queryset, pk, "Oppgaven finnes ikke.")


def eit_village_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[EitVillage]:
    queryset = EitVillage.objects.select_related("unit", "focus_area", "partnership")
    return _filtered(queryset, VILLAGE_SHAPE, partnership=partnership, filters=filters, user=user)


def eit_village_detail(*, pk: int, user: Any = None) -> EitVillage:
    return _one(eit_village_list(user=user), pk, "EiT-landsbyen finnes ikke.")


def course_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[Course]:
    """Courses with their participations and the total number of participants."""
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
    queryset = _filtered(
        queryset, COURSE_SHAPE, partnership=partnership, filters=filters, user=user
    )
    if filters is not None and filters.unit:
        queryset = queryset.filter(
            pk__in=CourseParticipation.objects.filter(unit_id=filters.unit).values("course_id")
        )
    return queryset


def course_detail(*, pk: int, user: Any = None) -> Course:
    """One course with its participants and the needs it answers that ``user`` may see, or
    404 if this user may not see it (a hidden partnership's course)."""
    queryset = with_visible_answers(course_list(user=user), user=user)
    return _one(queryset, pk, "Kurset finnes ikke.")


def teaching_list(
    *,
    partnership: Partnership | None = None,
    filters: EducationFilters | None = None,
    user: Any = None,
) -> QuerySet[TeachingContribution]:
    queryset = TeachingContribution.objects.select_related(
        "person", "unit", "institution", "partnership"
    )
    return _filtered(queryset, TEACHING_SHAPE, partnership=partnership, filters=filters, user=user)


def teaching_detail(*, pk: int, user: Any = None) -> TeachingContribution:
    return _one(teaching_list(user=user), pk, "Undervisningsbidraget finnes ikke.")


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
