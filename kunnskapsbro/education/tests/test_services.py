"""Education services: the placement CSV import (preview, row errors, all-or-nothing,
idempotent), theses, courses and the counts for the dashboard."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kunnskapsbro.education.models import Placement
from kunnskapsbro.education.selectors import education_counts
from kunnskapsbro.education.services import (
    course_create,
    eit_village_create,
    normalize_semester,
    placements_import,
    teaching_contribution_create,
    thesis_create,
)
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    UniversityFactory,
)


@pytest.fixture
def setup(db):
    partnership = PartnershipFactory()
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(
        partnership=partnership, organization=municipality, role="municipality"
    )
    ntnu = UniversityFactory(name="NTNU", short_name="NTNU", orgnr="974767880")
    unit = OrgUnitFactory(organization=municipality, name="Byåsen sykehjem")
    other_unit = OrgUnitFactory(organization=municipality, name="Lade helsehus")
    area = FocusAreaFactory(partnership=partnership, name="Helse og velferd")
    return partnership, ntnu, unit, other_unit, area


EXPORT = (
    "\ufeffEnhet;Studieprogram;Utdanningsinstitusjon;Organisasjonsnummer;Periode;Antall studenter;Fokusområde\n"
    "Byåsen sykehjem;Bachelor i sykepleie;NTNU;974 767 880;Høst 2026;12;Helse og velferd\n"
    "Lade helsehus;Bachelor i vernepleie;NTNU;974767880;V2027;4;\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Høst 2026", "H2026"), ("v27", "V2027"), ("2026H", "H2026"), ("H2026", "H2026")],
)
def test_semester_forms(text, expected):
    assert normalize_semester(text) == expected


def test_import_previews_then_commits_and_reimport_changes_nothing(setup):
    partnership, *_ = setup
    preview = placements_import(partnership=partnership, content=EXPORT.encode())
    assert preview.is_valid and not preview.committed
    assert preview.count("create") == 2
    assert not Placement.objects.exists()
    placements_import(partnership=partnership, content=EXPORT.encode(), commit=True)
    assert Placement.objects.count() == 2
    first = Placement.objects.get(programme="Bachelor i sykepleie")
    assert (first.semester, first.year, first.student_count) == ("H2026", 2026, 12)
    assert first.focus_area.name == "Helse og velferd"
    again = placements_import(partnership=partnership, content=EXPORT.encode(), commit=True)
    assert again.count("unchanged") == 2
    assert Placement.objects.count() == 2
    changed = EXPORT.replace(";12;", ";14;")
    result = placements_import(partnership=partnership, content=changed.encode(), commit=True)
    assert result.count("update") == 1
    assert Placement.objects.get(programme="Bachelor i sykepleie").student_count == 14


def test_bad_rows_are_named_and_nothing_is_written(setup):
    partnership, *_ = setup
    bad = EXPORT + ("Ukjent enhet;Bachelor;NTNU;974767881;Sommer 2026;mange;\n")
    result = placements_import(partnership=partnership, content=bad.encode(), commit=True)
    assert not result.is_valid and not result.committed
    row = result.rows[-1]
    assert row.line == 4
    joined = " ".join(row.errors)
    assert "Enhet: «Ukjent enhet»" in joined
    assert "Organisasjonsnummer" in joined
    assert "Semester: «Sommer 2026»" in joined
    assert "Antall studenter: «mange»" in joined
    assert not Placement.objects.exists()


def test_missing_column_and_duplicate_rows(setup):
    partnership, *_ = setup
    result = placements_import(partnership=partnership, content="Enhet;Semester\nx;H2026\n")
    assert "Studieprogram" in " ".join(result.errors)
    duplicate = EXPORT + "Byåsen sykehjem;Bachelor i sykepleie;NTNU;974767880;H2026;3;\n"
    result = placements_import(partnership=partnership, content=duplicate)
    assert "linje 2" in " ".join(result.rows[-1].errors)


def test_thesis_finished_needs_nva_link(setup):
    partnership, ntnu, unit, _o, area = setup
    with pytest.raises(ValidationError) as error:
        thesis_create(
            partnership=partnership,
            title="T",
            level="master",
            student_name="S",
            year=2026,
            status="finished",
        )
    assert "nva_url" in error.value.message_dict


def test_counts_per_year_unit_and_focus_area(setup):
    partnership, ntnu, unit, other_unit, area = setup
    placements_import(partnership=partnership, content=EXPORT, commit=True)
    thesis_create(
        partnership=partnership,
        title="T",
        level="master",
        student_name="S",
        year=2026,
        unit=unit,
        focus_area=area,
    )
    course_create(
        partnership=partnership,
        title="Demensomsorg",
        institution=ntnu,
        semester="H2026",
        focus_area=area,
        participants={unit: 8, other_unit: 4},
    )
    eit_village_create(
        partnership=partnership,
        title="Velferdsteknologi",
        semester="V2026",
        student_count=30,
        focus_area=area,
    )
    teaching_contribution_create(
        partnership=partnership,
        person=PersonFactory(),
        institution=ntnu,
        kind="lecture",
        semester="H2026",
        hours=6,
    )
    counts = education_counts(partnership=partnership)
    assert {(r["year"], r["students"]) for r in counts["placements"]} == {(2026, 12), (2027, 4)}
    assert counts["theses"][0]["count"] == 1
    assert counts["courses"][0]["participants"] == 12
    assert counts["eit_villages"][0]["students"] == 30
    assert counts["teaching"][0]["hours"] == 6


def test_import_command_dry_runs_unless_commit(setup, tmp_path):
    from django.core.management import call_command

    partnership, *_ = setup
    path = tmp_path / "praksis.csv"
    path.write_text(EXPORT, encoding="utf-8")
    call_command("import_placements", partnership.slug, str(path))
    assert not Placement.objects.exists()
    call_command("import_placements", partnership.slug, str(path), "--commit")
    assert Placement.objects.count() == 2


def test_counts_totals_and_dimensions(setup):
    partnership, ntnu, unit, other_unit, area = setup
    other_area = FocusAreaFactory(partnership=partnership, name="Oppvekst")
    placements_import(partnership=partnership, content=EXPORT, commit=True)
    # A unit of the same name in another municipality is a different unit.
    elsewhere = OrgUnitFactory(organization=MunicipalityFactory(), name="Byåsen sykehjem")
    PartnershipParty.objects.create(
        partnership=partnership, organization=elsewhere.organization, role="municipality"
    )
    from kunnskapsbro.education.services import placement_create

    placement_create(
        partnership=partnership,
        unit=elsewhere,
        programme="Bachelor i sykepleie",
        institution=ntnu,
        semester="H2026",
        student_count=3,
    )
    course_create(
        partnership=partnership,
        title="Demensomsorg",
        institution=ntnu,
        semester="H2026",
        focus_area=area,
        participants={unit: 8, other_unit: 4},
    )
    course_create(
        partnership=partnership,
        title="Lese og skrive",
        institution=ntnu,
        semester="V2027",
        focus_area=other_area,
        participants={unit: 2},
    )
    thesis_create(
        partnership=partnership,
        title="T",
        level="master",
        student_name="S",
        year=2026,
        unit=unit,
        focus_area=area,
        visibility="internal",
    )
    teaching_contribution_create(
        partnership=partnership,
        person=PersonFactory(),
        institution=ntnu,
        kind="supervision",
        semester="H2026",
        hours=2.5,
        unit=other_unit,
    )
    counts = education_counts(partnership=partnership)
    totals = counts["totals"]
    # A course with participants from two units counts once; its participants are summed.
    assert totals["courses"] == 2 and totals["course_participants"] == 14
    assert totals["placements"] == 3 and totals["placement_students"] == 19
    assert totals["theses"] == 1 and totals["teaching_hours"] == 2.5
    by_unit = {row["unit_id"]: row for row in counts["by_unit"]}
    assert by_unit[unit.pk]["courses"] == 2 and by_unit[unit.pk]["course_participants"] == 10
    assert by_unit[other_unit.pk]["courses"] == 1 and by_unit[other_unit.pk]["teaching"] == 1
    assert by_unit[unit.pk]["placement_students"] == 12
    assert by_unit[elsewhere.pk]["placement_students"] == 3
    by_year = {row["year"]: row for row in counts["by_year"]}
    assert by_year[2026]["courses"] == 1 and by_year[2027]["course_participants"] == 2
    by_area = {row["focus_area"]: row for row in counts["by_focus_area"]}
    assert by_area["Helse og velferd"]["placement_students"] == 12
    assert by_area["Oppvekst"]["courses"] == 1
    assert by_area[None]["placements"] == 2  # the rows without a focus area
    # Filters narrow every count.
    only_2027 = education_counts(partnership=partnership, year=2027)["totals"]
    assert only_2027["placements"] == 1 and only_2027["courses"] == 1
    assert only_2027["theses"] == 0 and only_2027["teaching"] == 0
    health = education_counts(partnership=partnership, focus_area=area.pk)["totals"]
    assert health["courses"] == 1 and health["course_participants"] == 12
    assert health["placements"] == 1 and health["teaching"] == 0
    # Another partnership's records are not counted.
    assert education_counts(partnership=PartnershipFactory())["totals"]["placements"] == 0


def test_update_services_keep_the_year_and_check_links(setup):
    partnership, ntnu, unit, other_unit, area = setup
    from kunnskapsbro.education.services import (
        eit_village_update,
        placement_update,
        teaching_contribution_update,
    )
    from kunnskapsbro.tests_support.factories import OrganizationFactory

    placements_import(partnership=partnership, content=EXPORT, commit=True)
    placement = Placement.objects.get(programme="Bachelor i sykepleie")
    placement_update(placement=placement, data={"semester": "V2028"})
    placement.refresh_from_db()
    assert (placement.semester, placement.year) == ("V2028", 2028)
    foreign_area = FocusAreaFactory(partnership=PartnershipFactory())
    with pytest.raises(ValidationError) as error:
        placement_update(placement=placement, data={"focus_area": foreign_area})
    assert "focus_area" in error.value.message_dict
    company_unit = OrgUnitFactory(organization=OrganizationFactory(kind="company"))
    village = eit_village_create(partnership=partnership, title="V", semester="V2026")
    with pytest.raises(ValidationError) as error:
        eit_village_update(village=village, data={"unit": company_unit})
    assert "unit" in error.value.message_dict
    village.refresh_from_db()
    assert village.unit is None
    contribution = teaching_contribution_create(
        partnership=partnership,
        person=PersonFactory(),
        institution=ntnu,
        kind="lecture",
        semester="H2026",
    )
    with pytest.raises(ValidationError) as error:
        teaching_contribution_update(
            contribution=contribution, data={"institution": OrganizationFactory(kind="company")}
        )
    assert "institution" in error.value.message_dict
    teaching_contribution_update(contribution=contribution, data={"semester": "V2027"})
    contribution.refresh_from_db()
    assert contribution.year == 2027
