"""Writes for education collaboration, and the CSV import of a placement-system export.

Services are keyword-only and atomic, validate with ``full_clean()`` and raise
``ValidationError`` keyed by field name; the acting user is stamped on history rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.no import orgnr as stdnum_orgnr

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.utils import apply_fields
from kunnskapsbro.organizations.models import Organization, OrgUnit
from kunnskapsbro.partnerships.models import FocusArea, Partnership

from .models import (
    Course,
    CourseParticipation,
    EitVillage,
    Placement,
    TeachingContribution,
    Thesis,
    semester_year,
)

THESIS_FIELDS = {
    "title",
    "summary",
    "level",
    "status",
    "student_name",
    "student_user",
    "institution",
    "academic_supervisor",
    "municipal_supervisor",
    "unit",
    "focus_area",
    "discipline",
    "year",
    "data_used",
    "nva_url",
    "visibility",
    "source",
    "source_id",
}


def _stamp(instance: Any, actor: Any) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


MUNICIPAL_KINDS = ("municipality", "county")
EDUCATION_KINDS = ("university", "university_college")


def _check_links(instance: Any, *, unit_field: str = "unit") -> None:
    """Cross-record rules shared by every education record: the focus area belongs to the
    record's partnership, the unit is a municipal unit, the institution educates students."""
    errors: dict[str, str] = {}
    area = getattr(instance, "focus_area", None)
    if area is not None and area.partnership_id != instance.partnership_id:
        errors["focus_area"] = _("Fokusområdet hører til et annet partnerskap.")
    unit = getattr(instance, unit_field, None)
    if unit is not None and unit.organization.kind not in MUNICIPAL_KINDS:
        errors[unit_field] = _("«%(n)s» er ikke en kommunal enhet.") % {"n": unit.name}
    institution = getattr(instance, "institution", None)
    if institution is not None and institution.kind not in EDUCATION_KINDS:
        errors["institution"] = _("«%(n)s» er ikke et universitet eller en høgskole.") % {
            "n": institution.name
        }
    if errors:
        raise ValidationError(errors)


def _semester_fields(instance: Any) -> None:
    """Keep the stored year in step with the semester code (``H2026`` → 2026)."""
    instance.year = semester_year(instance.semester) or 0


def _save(instance: Any, actor: Any) -> None:
    instance.full_clean()
    _stamp(instance, actor)
    instance.save()


def _checked_save(instance: Any, actor: Any, *, check: Any = None) -> None:
    """Check and save a changed record; on bad input reload it, so the caller's object shows
    what is stored rather than the refused values."""
    try:
        (check or _check_links)(instance)
        _save(instance, actor)
    except ValidationError:
        instance.refresh_from_db()
        raise


def _authorize(actor: Any, partnership_id: int | None) -> None:
    """Refuse (PermissionDenied) an actor who may not edit the partnership's education records
    (no partnership: nothing is saved, the record's validation names the field)."""
    if partnership_id is not None:
        permissions.authorize(actor, permissions.can_edit_education, partnership_id)


def _touch_matching() -> None:
    # Theses feed people's expertise in the matching index.
    from kunnskapsbro.needs.services import match_index_touch

    match_index_touch()


def normalize_semester(value: str) -> str:
    """``Høst 2026``, ``h26``, ``2026H`` and ``H2026`` all become ``H2026``; else ValueError."""
    text = " ".join(str(value or "").split()).lower()
    match = re.fullmatch(r"(høst|haust|h|vår|v)\s*-?\s*(\d{2}|\d{4})", text) or re.fullmatch(
        r"(\d{4})\s*-?\s*(høst|haust|h|vår|v)", text
    )
    if not match:
        raise ValueError(text)
    season, year = match.groups()
    if season.isdigit():
        season, year = year, season
    year = f"20{year}" if len(year) == 2 else year
    return ("H" if season.startswith("h") else "V") + year


# --- placements ---------------------------------------------------------------------------


@transaction.atomic
def placement_create(
    *,
    partnership: Partnership,
    unit: OrgUnit,
    programme: str,
    institution: Organization,
    semester: str,
    student_count: int,
    focus_area: FocusArea | None = None,
    actor: Any = None,
    source: str = "",
    source_id: str = "",
) -> Placement:
    """Register students in practice placement at a unit for one semester."""
    _authorize(actor, getattr(partnership, "pk", None))
    placement = Placement(
        partnership=partnership,
        unit=unit,
        programme=programme.strip(),
        institution=institution,
        semester=semester,
        year=semester_year(semester) or 0,
        student_count=student_count,
        focus_area=focus_area,
        source=source,
        source_id=source_id,
    )
    _check_links(placement)
    _save(placement, actor)
    return placement


PLACEMENT_FIELDS = {"unit", "programme", "institution", "semester", "student_count", "focus_area"}


@transaction.atomic
def placement_update(
    *, placement: Placement, actor: Any = None, data: Mapping[str, Any]
) -> Placement:
    """Change a placement; the year follows the semester."""
    _authorize(actor, placement.partnership_id)
    data = dict(data)
    if "programme" in data:
        data["programme"] = str(data["programme"] or "").strip()
    if not apply_fields(placement, data, PLACEMENT_FIELDS):
        return placement
    _semester_fields(placement)
    _checked_save(placement, actor)
    return placement


PLACEMENT_COLUMNS = {
    # The header a placement system exports → our field. Lower-cased, spaces collapsed.
    "enhet": "unit",
    "praksissted": "unit",
    "studieprogram": "programme",
    "program": "programme",
    "utdanningsinstitusjon": "institution",
    "institusjon": "institution",
    "organisasjonsnummer": "orgnr",
    "orgnr": "orgnr",
    "semester": "semester",
    "periode": "semester",
    "antall studenter": "student_count",
    "antall": "student_count",
    "fokusområde": "focus_area",
}
REQUIRED_COLUMNS = ("unit", "programme", "semester", "student_count")


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    resolved: dict[str, Any] = field(default_factory=dict)
    action: str = ""  # "create", "update" or "unchanged"


@dataclass
class PlacementImport:
    rows: list[ImportRow]
    errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _read_csv(content: bytes | str) -> tuple[list[str], list[list[str]]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return [], []
    return rows[0], rows[1:]


def placements_import(
    *,
    partnership: Partnership,
    content: bytes | str,
    commit: bool = False,
    actor: Any = None,
) -> PlacementImport:
    """Parse and validate a placement export; with ``commit`` write every row or none.

    Columns (semicolon or comma, UTF-8): Enhet; Studieprogram; Utdanningsinstitusjon;
    Organisasjonsnummer; Semester (``Høst 2026`` or ``H2026``); Antall studenter;
    Fokusområde (optional). Re-importing the same file changes nothing.
    """
    _authorize(actor, getattr(partnership, "pk", None))
    try:
        header, body = _read_csv(content)
    except UnicodeDecodeError:
        return PlacementImport(rows=[], errors=[_("Filen må være en CSV-fil i UTF-8.")])
    columns = [PLACEMENT_COLUMNS.get(" ".join(name.lower().split())) for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if "institution" not in columns and "orgnr" not in columns:
        missing.append("institution")
    if missing:
        labels = {
            "unit": "Enhet",
            "programme": "Studieprogram",
            "semester": "Semester",
            "student_count": "Antall studenter",
            "institution": "Utdanningsinstitusjon eller Organisasjonsnummer",
        }
        return PlacementImport(
            rows=[],
            errors=[_("Filen mangler kolonnen %(c)s.") % {"c": labels[name]} for name in missing],
        )
    units = _municipal_units(partnership)
    areas = {area.name.lower(): area for area in FocusArea.objects.filter(partnership=partnership)}
    rows: list[ImportRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for offset, raw in enumerate(body, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        values = {
            column: raw[i].strip() for i, column in enumerate(columns) if column and i < len(raw)
        }
        row = ImportRow(line=offset, values=values)
        _resolve_placement_row(row, units=units, areas=areas)
        if not row.errors:
            key = (
                row.resolved["unit"].pk,
                row.resolved["programme"].lower(),
                row.resolved["institution"].pk,
                row.resolved["semester"],
            )
            if key in seen:
                row.errors.append(
                    _("Samme enhet, studieprogram og semester som linje %(n)s.") % {"n": seen[key]}
                )
            seen[key] = row.line
        rows.append(row)
    result = PlacementImport(rows=rows)
    if not rows:
        result.errors.append(_("Filen har ingen rader."))
    if not result.is_valid:
        return result
    existing = {
        (p.unit_id, p.programme.lower(), p.institution_id, p.semester): p
        for p in Placement.objects.filter(partnership=partnership)
    }
    for row in rows:
        r = row.resolved
        current = existing.get(
            (r["unit"].pk, r["programme"].lower(), r["institution"].pk, r["semester"])
        )
        r["existing"] = current
        if current is None:
            row.action = "create"
        elif current.student_count != r["student_count"] or (
            r["focus_area"] is not None and current.focus_area_id != r["focus_area"].pk
        ):
            row.action = "update"
        else:
            row.action = "unchanged"
    if commit:
        _commit_placements(partnership=partnership, rows=rows, actor=actor)
        result.committed = True
    return result


def _municipal_units(partnership: Partnership) -> dict[str, OrgUnit]:
    orgs = Organization.objects.filter(
        partnership_links__partnership=partnership, kind__in=("municipality", "county")
    )
    return {
        unit.name.lower(): unit
        for unit in OrgUnit.objects.filter(organization__in=orgs).select_related("organization")
    }


def _resolve_placement_row(
    row: ImportRow, *, units: Mapping[str, OrgUnit], areas: Mapping[str, FocusArea]
) -> None:
    v = row.values
    unit = units.get(v.get("unit", "").lower())
    if unit is None:
        row.errors.append(
            _("Enhet: «%(v)s» er ikke en enhet i kommunen.") % {"v": v.get("unit", "")}
        )
    programme = v.get("programme", "")
    if not programme:
        row.errors.append(_("Studieprogram mangler."))
    institution = None
    number = re.sub(r"\s", "", v.get("orgnr", ""))
    if number:
        if not stdnum_orgnr.is_valid(number):
            row.errors.append(
                _("Organisasjonsnummer: «%(v)s» er ikke et gyldig organisasjonsnummer.")
                % {"v": v.get("orgnr")}
            )
        else:
            institution = Organization.objects.filter(orgnr=number).first()
            if institution is None:
                row.errors.append(
                    _("Organisasjonsnummer: ingen organisasjon har nummeret %(v)s.") % {"v": number}
                )
    elif v.get("institution"):
        name = v["institution"]
        institution = (
            Organization.objects.filter(name__iexact=name).first()
            or Organization.objects.filter(short_name__iexact=name).first()
        )
        if institution is None:
            row.errors.append(_("Utdanningsinstitusjon: «%(v)s» er ikke registrert.") % {"v": name})
    else:
        row.errors.append(_("Utdanningsinstitusjon mangler."))
    if institution is not None and institution.kind not in EDUCATION_KINDS:
        row.errors.append(
            _("Utdanningsinstitusjon: «%(v)s» er ikke et universitet eller en høgskole.")
            % {"v": institution.name}
        )
        institution = None
    try:
        semester = normalize_semester(v.get("semester", ""))
    except ValueError:
        semester = ""
        row.errors.append(
            _("Semester: «%(v)s» skal være f.eks. «Høst 2026» eller «V2027».")
            % {"v": v.get("semester", "")}
        )
    count_text = v.get("student_count", "")
    try:
        count = int(count_text)
        if not 1 <= count <= 10_000:
            raise ValueError(count_text)
    except ValueError:
        count = 0
        row.errors.append(
            _("Antall studenter: «%(v)s» må være et helt tall fra 1 til 10 000.")
            % {"v": count_text}
        )
    area = None
    if v.get("focus_area"):
        area = areas.get(v["focus_area"].lower())
        if area is None:
            row.errors.append(
                _("Fokusområde: «%(v)s» finnes ikke i partnerskapet.") % {"v": v["focus_area"]}
            )
    row.resolved = {
        "unit": unit,
        "programme": programme,
        "institution": institution,
        "semester": semester,
        "student_count": count,
        "focus_area": area,
    }


@transaction.atomic
def _commit_placements(*, partnership: Partnership, rows: Sequence[ImportRow], actor: Any) -> None:
    for row in rows:
        r = row.resolved
        if row.action == "create":
            placement_create(
                partnership=partnership,
                unit=r["unit"],
                programme=r["programme"],
                institution=r["institution"],
                semester=r["semester"],
                student_count=r["student_count"],
                focus_area=r["focus_area"],
                actor=actor,
                source="placement_csv",
            )
        elif row.action == "update":
            placement: Placement = r["existing"]
            placement.student_count = r["student_count"]
            if r["focus_area"] is not None:
                placement.focus_area = r["focus_area"]
            placement.full_clean()
            _stamp(placement, actor)
            placement.save()


# --- theses, EiT, courses, teaching --------------------------------------------------------


@transaction.atomic
def thesis_create(
    *, partnership: Partnership, title: str, actor: Any = None, **fields: Any
) -> Thesis:
    """Register a student thesis written with the municipality."""
    _authorize(actor, getattr(partnership, "pk", None))
    thesis = Thesis(partnership=partnership, title=title.strip())
    apply_fields(thesis, fields, THESIS_FIELDS)
    _check_thesis(thesis)
    thesis.full_clean()
    _stamp(thesis, actor)
    thesis.save()
    _touch_matching()
    return thesis


def _check_thesis(thesis: Thesis) -> None:
    if thesis.status == "finished" and not thesis.nva_url:
        raise ValidationError(
            {"nva_url": _("En levert oppgave trenger lenken til den ferdige teksten (NVA).")}
        )
    _check_links(thesis)


@transaction.atomic
def thesis_update(*, thesis: Thesis, actor: Any = None, data: Mapping[str, Any]) -> Thesis:
    """Change a thesis; finishing it requires the NVA link."""
    _authorize(actor, thesis.partnership_id)
    changed = apply_fields(thesis, dict(data), THESIS_FIELDS)
    if not changed:
        return thesis
    _checked_save(thesis, actor, check=_check_thesis)
    _touch_matching()
    return thesis


@transaction.atomic
def eit_village_create(
    *, partnership: Partnership, title: str, semester: str, actor: Any = None, **fields: Any
) -> EitVillage:
    """Register an Eksperter i team village working on a municipal problem."""
    _authorize(actor, getattr(partnership, "pk", None))
    village = EitVillage(
        partnership=partnership,
        title=title.strip(),
        semester=semester,
        year=semester_year(semester) or 0,
    )
    apply_fields(village, fields, VILLAGE_FIELDS - {"title", "semester"})
    _check_links(village)
    _save(village, actor)
    return village


VILLAGE_FIELDS = {"title", "code", "semester", "unit", "focus_area", "student_count", "description"}


@transaction.atomic
def eit_village_update(
    *, village: EitVillage, actor: Any = None, data: Mapping[str, Any]
) -> EitVillage:
    """Change an EiT village; the year follows the semester."""
    _authorize(actor, village.partnership_id)
    data = dict(data)
    if "title" in data:
        data["title"] = str(data["title"] or "").strip()
    if not apply_fields(village, data, VILLAGE_FIELDS):
        return village
    _semester_fields(village)
    _checked_save(village, actor)
    return village


@transaction.atomic
def course_create(
    *,
    partnership: Partnership,
    title: str,
    institution: Organization,
    semester: str,
    actor: Any = None,
    participants: Mapping[OrgUnit, int] | None = None,
    **fields: Any,
) -> Course:
    """Register an EVU course developed together, with participants per municipal unit."""
    _authorize(actor, getattr(partnership, "pk", None))
    course = Course(
        partnership=partnership,
        title=title.strip(),
        institution=institution,
        semester=semester,
        year=semester_year(semester) or 0,
    )
    apply_fields(course, fields, {"description", "credits", "focus_area"})
    _check_links(course)
    _save(course, actor)
    _set_participants(course, participants or {}, actor=actor)
    return course


COURSE_FIELDS = {"title", "description", "institution", "credits", "semester", "focus_area"}


def _set_participants(course: Course, participants: Mapping[OrgUnit, int], *, actor: Any) -> None:
    """Make the course's participations exactly ``participants`` (unit → count)."""
    for unit, count in participants.items():
        if unit.organization.kind not in MUNICIPAL_KINDS:
            raise ValidationError(
                {"participants": _("«%(n)s» er ikke en kommunal enhet.") % {"n": unit.name}}
            )
        if not isinstance(count, int) or count < 1:
            raise ValidationError(
                {
                    "participants": _("Antall deltakere fra «%(n)s» må være minst 1.")
                    % {"n": unit.name}
                }
            )
    existing = {row.unit_id: row for row in course.participations.all()}
    wanted = {unit.pk: (unit, count) for unit, count in participants.items()}
    for unit_id, row in existing.items():
        if unit_id not in wanted:
            _stamp(row, actor)
            row.delete()
    for unit_id, (unit, count) in wanted.items():
        row = existing.get(unit_id) or CourseParticipation(course=course, unit=unit)
        if row.pk and row.participant_count == count:
            continue
        row.participant_count = count
        _save(row, actor)


@transaction.atomic
def course_update(
    *,
    course: Course,
    actor: Any = None,
    data: Mapping[str, Any],
    participants: Mapping[OrgUnit, int] | None = None,
) -> Course:
    """Change an EVU course; ``participants`` (when given) replaces the units' counts."""
    _authorize(actor, course.partnership_id)
    data = dict(data)
    if "title" in data:
        data["title"] = str(data["title"] or "").strip()
    if apply_fields(course, data, COURSE_FIELDS):
        _semester_fields(course)
        _checked_save(course, actor)
    if participants is not None:
        _set_participants(course, participants, actor=actor)
    return course


@transaction.atomic
def teaching_contribution_create(
    *,
    partnership: Partnership,
    person: Any,
    institution: Organization,
    kind: str,
    semester: str,
    actor: Any = None,
    **fields: Any,
) -> TeachingContribution:
    """Record teaching or supervision at the university by municipal staff."""
    _authorize(actor, getattr(partnership, "pk", None))
    contribution = TeachingContribution(
        partnership=partnership,
        person=person,
        institution=institution,
        kind=kind,
        semester=semester,
        year=semester_year(semester) or 0,
    )
    apply_fields(contribution, fields, {"unit", "course_name", "hours"})
    _check_links(contribution)
    _save(contribution, actor)
    return contribution


TEACHING_FIELDS = {"person", "unit", "institution", "kind", "course_name", "semester", "hours"}


@transaction.atomic
def teaching_contribution_update(
    *, contribution: TeachingContribution, actor: Any = None, data: Mapping[str, Any]
) -> TeachingContribution:
    """Change a record of teaching or supervision by municipal staff."""
    _authorize(actor, contribution.partnership_id)
    if not apply_fields(contribution, dict(data), TEACHING_FIELDS):
        return contribution
    _semester_fields(contribution)
    _checked_save(contribution, actor)
    return contribution
