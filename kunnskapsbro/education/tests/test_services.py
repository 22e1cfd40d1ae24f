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
