"""Imports end to end through the services: real sources, re-import, refusal, merge."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from kunnskapsbro.interop import bulk, services
from kunnskapsbro.interop.models import ImportStatus
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.projects.models import (
    FundingLine,
    Project,
    ProjectIdentifier,
    ProjectPartner,
    StatusTransition,
)
from kunnskapsbro.tests_support.factories import (
    FundingLineFactory,
    OrganizationFactory,
    ProjectFactory,
    ProjectIdentifierFactory,
    ProjectPartnerFactory,
)

from .conftest import (
    CORDIS_ORGANIZATIONS,
    CORDIS_PROJECTS,
    NVA_DIR,
    RCN_APPLICATIONS,
    RCN_EU,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        Organization.objects.count(),
        ProjectPartner.objects.count(),
        FundingLine.objects.count(),
        ProjectIdentifier.objects.count(),
        Person.objects.count(),
    )


def test_rcn_eu_imports_every_project_and_reimport_is_a_noop(
    run_import: Any, coordinator_user: Any
) -> None:
    data = RCN_EU.read_bytes()
    job = run_import("rcn-eu", data, filename="dataset.csv", actor=coordinator_user)
    assert job.status == ImportStatus.COMMITTED, job.errors[:5]
    assert job.row_count == 2931
    assert job.created_count == 1957
    assert Project.objects.filter(source="rcn-eu").count() == 1957
    with RCN_EU.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    orgnrs = {r["Organisasjonsnummer"] for r in rows if r["Organisasjonsnummer"]}
    # 693 organisations in the data set: 692 with an orgnr and one named "ukjent" (3 rows,
    # no orgnr), whose projects are imported without a partner nobody can identify.
    assert len(orgnrs) == 692
    assert Organization.objects.filter(orgnr__in=orgnrs).count() == 692
    assert not Organization.objects.filter(name__iexact="ukjent").exists()

    city = Project.objects.get(identifiers__scheme="eu_grant", identifiers__value="824260")
    assert city.acronym == "CityxChange"
    assert city.source == "rcn-eu" and city.source_id == "824260"
    trondheim = city.partners.get(organization__orgnr="942110464")
    assert trondheim.role == "partner"
    assert trondheim.contribution == Decimal("1803281.25")
    assert trondheim.currency == "EUR"
    assert trondheim.organization.kind == "municipality"
    assert trondheim.organization.municipality_number == "5001"
    assert city.partners.get(organization__orgnr="974767880").role == "coordinator"  # NTNU
    total = sum(
        Decimal(r["Innvilget beløp organisasjon EUR"]) for r in rows if r["Prosjektnr"] == "824260"
    )
    line = city.funding_lines.get()
    assert line.amount_granted == total.quantize(Decimal("0.01"))
    assert line.currency == "EUR" and line.grant_id == "824260"
    assert city.history.first().history_user == coordinator_user

    before = _snapshot()
    history_before = Project.history.count()
    again = run_import("rcn-eu", data, filename="dataset.csv")
    assert again.status == ImportStatus.COMMITTED
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1957)
    assert _snapshot() == before
    assert Project.history.count() == history_before


def test_broken_file_changes_nothing_and_names_every_bad_row(run_import: Any) -> None:
    lines = RCN_EU.read_bytes().split(b"\r\n")
    header, rows = lines[0], [line.split(b";") for line in lines[1:21]]
    rows[3][27] = b"91930380X"  # Organisasjonsnummer, file row 5
    rows[5][21] = b"31.02.2020 00:00"  # Kontrakt startdato, file row 7
    rows[7][43] = b"mange"  # Innvilget beløp organisasjon EUR, file row 9
    rows = [b";".join(row) for row in rows]
    before = _snapshot()
    job = run_import("rcn-eu", b"\r\n".join([header, *rows]), filename="broken.csv")
    assert job.status == ImportStatus.FAILED
    assert job.error_count >= 3
    named = {(e["row"], e["column"]) for e in job.errors}
    assert (5, "Organisasjonsnummer") in named
    assert (7, "Kontrakt startdato") in named
    assert (9, "Innvilget beløp organisasjon EUR") in named
    assert _snapshot() == before
    with pytest.raises(ValidationError):
        services.import_job_commit(job=job)
    assert _snapshot() == before


def test_failure_during_commit_rolls_back_everything(run_import: Any, partnership: Any) -> None:
    # A failure found only while writing (here: the database refuses the funding lines after
    # the projects, their partners and history rows are in) rolls every row back.
    lines = RCN_EU.read_bytes().split(b"\r\n")
    job = run_import("rcn-eu", b"\r\n".join(lines[:30]), filename="part.csv", commit=False)
    assert job.status == ImportStatus.PREVIEWED
    before = _snapshot()
    history_before = Project.history.count()
    original = bulk._insert
    calls: list[str] = []

    def failing(objects: Any, model: Any, *args: Any) -> None:
        original(objects, model, *args)
        calls.append(model.__name__)
        if model is FundingLine:
            raise IntegrityError("tenkt feil")

    bulk._insert = failing
    try:
        job = services.import_job_commit(job=job)
    finally:
        bulk._insert = original
    assert calls[:3] == ["Project", "ProjectPartner", "FundingLine"]
    assert job.status == ImportStatus.FAILED
    assert "tenkt feil" in job.errors[0]["message"]
    assert _snapshot() == before
    assert Project.history.count() == history_before


def test_failure_while_updating_rolls_back_everything(run_import: Any, partnership: Any) -> None:
    # Projects the file changes go through projects.services one by one; a refusal there on
    # the third changed project undoes the first two and every new project too.
    lines = RCN_EU.read_bytes().split(b"\r\n")
    first = run_import("rcn-eu", b"\r\n".join(lines[:30]), filename="part.csv")
    assert first.status == ImportStatus.COMMITTED
    Project.objects.filter(source="rcn-eu").update(title="Gammel tittel")
    # Lost identifiers make these collection changes, which go through projects.services.
    ProjectIdentifier.objects.filter(project__source="rcn-eu").delete()
    job = run_import("rcn-eu", b"\r\n".join(lines[:60]), filename="more.csv", commit=False)
    assert job.updated_count >= 3 and job.created_count >= 1
    number = [p for p in job.preview if p["action"] == "updated"][2]["source_id"]
    before = _snapshot()
    original = services._apply_item
    calls = {"n": 0}

    def failing(item: Any, *args: Any) -> None:
        calls["n"] += 1
        if item.record.source_id == number:
            raise ValidationError({"title": ["Tenkt feil"]})
        original(item, *args)

    services._apply_item = failing
    try:
        job = services.import_job_commit(job=job)
    finally:
        services._apply_item = original
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["column"] == "title"
    assert calls["n"] == 3
    assert _snapshot() == before
    assert set(Project.objects.filter(source="rcn-eu").values_list("title", flat=True)) == {
        "Gammel tittel"
    }
    assert not ProjectIdentifier.objects.filter(project__source="rcn-eu").exists()


def test_changed_fields_and_status_are_written_in_bulk_with_history(
    run_import: Any, coordinator_user: Any
) -> None:
    header = "ID;Tittel;Status;Startdato;Sluttdato\n"
    first = header + "S-1;Første tittel;Idé;01.01.2025;\nS-2;Andre;Idé;;\nS-3;Tredje;Idé;;\n"
    job = run_import("csv", first.encode(), filename="a.csv", actor=coordinator_user)
    assert job.status == ImportStatus.COMMITTED and job.created_count == 3
    one = Project.objects.get(source_id="S-1")
    history_before = one.history.count()
    changed = (
        header
        + "S-1;Velferdsteknologi i hjemmet;Til vurdering;01.01.2025;\nS-2;Andre;Idé;;\nS-3;Tredje;Idé;;\n"
    )
    job = run_import("csv", changed.encode(), filename="b.csv", actor=coordinator_user)
    assert job.status == ImportStatus.COMMITTED, job.errors
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 2)
    one.refresh_from_db()
    assert (one.title, one.status) == ("Velferdsteknologi i hjemmet", "assessment")
    latest = one.history.first()
    assert one.history.count() == history_before + 1
    assert latest.history_type == "~" and latest.history_user == coordinator_user
    assert latest.title == "Velferdsteknologi i hjemmet" and latest.status == "assessment"
    transition = one.transitions.order_by("-pk").first()
    assert (transition.from_status, transition.to_status) == ("idea", "assessment")
    assert transition.actor == coordinator_user and "spreadsheet" in transition.comment
    from kunnskapsbro.projects.selectors import PortfolioFilters, project_list

    found = project_list(user=coordinator_user, filters=PortfolioFilters(q="velferdsteknologi"))
    assert one.pk in set(found.values_list("pk", flat=True))  # the search index follows
    again = run_import("csv", changed.encode(), filename="c.csv", actor=coordinator_user)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert one.history.count() == history_before + 1


def test_a_grant_number_of_another_partnerships_project_refuses_the_file(
    run_import: Any, partnership: Any
) -> None:
    # The third project's EU grant number is already on a project of another partnership:
    # that row is named, and none of the 30 rows is written.
    lines = RCN_EU.read_bytes().split(b"\r\n")
    job = run_import("rcn-eu", b"\r\n".join(lines[:30]), filename="part.csv", commit=False)
    number = job.preview[2]["source_id"]
    row = job.preview[2]["row"]
    other = ProjectFactory(title="Et annet partnerskaps prosjekt")
    ProjectIdentifierFactory(project=other, scheme="eu_grant", value=number)
    before = _snapshot()
    job = run_import("rcn-eu", b"\r\n".join(lines[:30]), filename="part.csv")
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(row, "eu_grant")]
    assert number in job.errors[0]["message"]
    assert _snapshot() == before


def test_rcn_applications_amounts_and_phases(run_import: Any) -> None:
    job = run_import("rcn-applications", RCN_APPLICATIONS.read_bytes(), filename="sample.csv")
    assert job.status == ImportStatus.COMMITTED, job.errors[:5]
    assert job.created_count == 171
    projects = Project.objects.filter(source="rcn-applications")
    assert projects.filter(status="rejected").count() == 107
    assert projects.filter(status="completed").count() == 62
    assert projects.filter(status="active").count() == 2
    first = projects.get(source_id="225873")
    line = first.funding_lines.get()
    assert line.amount_applied == Decimal("8000000.00")
    assert line.amount_granted == Decimal("6978124.00")
    assert line.funder.orgnr == "970141669"
    assert first.identifiers.get(scheme="rcn_project").value == "225873"
    assert first.partners.get().organization.orgnr == "962986633"
    again = run_import("rcn-applications", RCN_APPLICATIONS.read_bytes(), filename="sample.csv")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 171)


def test_cordis_projects_with_all_partners(run_import: Any) -> None:
    job = run_import(
        "cordis",
        CORDIS_PROJECTS.read_bytes(),
        filename="project.json",
        extra_data=CORDIS_ORGANIZATIONS.read_bytes(),
        extra_filename="organization.json",
    )
    assert job.status == ImportStatus.COMMITTED, job.errors[:5]
    assert job.created_count == 26
    assert Project.objects.filter(identifiers__scheme="eu_grant").count() == 26
    sintef = Organization.objects.get(orgnr="919303808")
    assert sintef.cordis_pic
    project = Project.objects.get(source="cordis", source_id="662192")
    assert project.partners.filter(role="coordinator").count() == 1
    assert project.funding_lines.get().currency == "EUR"
    again = run_import(
        "cordis",
        CORDIS_PROJECTS.read_bytes(),
        filename="project.json",
        extra_data=CORDIS_ORGANIZATIONS.read_bytes(),
    )
    assert again.unchanged_count == 26 and again.created_count == again.updated_count == 0


def test_cordis_adds_to_a_project_already_imported_from_rcn_eu(run_import: Any) -> None:
    rcn = b"\r\n".join(RCN_EU.read_bytes().split(b"\r\n")[:1]) + b"\r\n"
    rows = [
        line
        for line in RCN_EU.read_bytes().split(b"\r\n")[1:]
        if line.split(b";")[10:11] == [b"737417"]
    ]
    if rows:  # 737417 is in both sources only if the RCN data set lists it
        run_import("rcn-eu", rcn + b"\r\n".join(rows), filename="one.csv")
    job = run_import(
        "cordis",
        CORDIS_PROJECTS.read_bytes(),
        filename="project.json",
        extra_data=CORDIS_ORGANIZATIONS.read_bytes(),
    )
    assert job.status == ImportStatus.COMMITTED
    assert ProjectIdentifier.objects.filter(scheme="eu_grant").count() == 26


@pytest.mark.parametrize(
    "name", ["cristinGetProjectResponse.json", "nvaApiGetResponseOneNvaProject.json"]
)
def test_nva_and_cristin_project(run_import: Any, name: str) -> None:
    job = run_import("nva", (NVA_DIR / name).read_bytes(), filename=name)
    assert job.status == ImportStatus.COMMITTED, job.errors
    project = Project.objects.get(source="nva", source_id="456789")
    assert project.identifiers.get(scheme="cristin_project").value == "456789"
    coordinator = project.partners.get(role="coordinator").organization
    assert coordinator.cristin_id == "1234"
    managers = project.participants.filter(role="project_manager")
    assert managers.get().person.last_name == "Nordmann"
    line = project.funding_lines.get()
    assert line.funder.orgnr == "970141669"
    assert line.grant_id == "654321"
    assert line.amount_granted == Decimal("5660000.00")
    again = run_import("nva", (NVA_DIR / name).read_bytes(), filename=name)
    assert again.unchanged_count == 1


def test_spreadsheet_upsert_by_id(run_import: Any) -> None:
    header = "ID;Tittel;Startdato;Status;Innvilget beløp;Finansiør\n"
    first = run_import("csv", (header + "A-1;Første;01.01.2025;Pågående;10,5;RFF Midt\n").encode())
    assert first.created_count == 1
    project = Project.objects.get(source="spreadsheet", source_id="A-1")
    assert project.status == "active"
    assert project.funding_lines.get().amount_granted == Decimal("10.50")
    changed = run_import(
        "csv", (header + "A-1;Første, endret;01.01.2025;Pågående;10,5;RFF Midt\n").encode()
    )
    assert (changed.created_count, changed.updated_count) == (0, 1)
    assert changed.preview[0]["changes"] == ["title"]
    project.refresh_from_db()
    assert project.title == "Første, endret"


def test_duplicates_in_one_file_are_refused(run_import: Any) -> None:
    header = "ID;Tittel\n"
    job = run_import("csv", (header + "A-1;En\nA-1;To\n").encode())
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 3, "column": "ID", "message": "Samme ID («A-1») som rad 2."}]


def test_possible_duplicate_is_flagged_in_the_preview(run_import: Any, partnership: Any) -> None:
    existing = ProjectFactory(partnership=partnership, title="Klimatilpasning i kommunale bygg")
    job = run_import("csv", b"ID;Tittel\nK-1;Klimatilpasning i kommunale bygg\n", commit=False)
    assert job.preview[0]["possible_duplicates"] == [existing.pk]


def test_merge_keeps_both_histories(partnership: Any, coordinator_user: Any) -> None:
    keep = ProjectFactory(partnership=partnership, title="Positive City ExChange", status="active")
    merge = ProjectFactory(
        partnership=partnership, title="+CityxChange", status="active", summary="S"
    )
    org = OrganizationFactory()
    ProjectPartnerFactory(project=merge, organization=org, role="partner")
    FundingLineFactory(project=merge, grant_id="824260")
    ProjectIdentifierFactory(project=merge, scheme="eu_grant", value="824260")
    result = services.project_merge(keep=keep, merge=merge, actor=coordinator_user)
    assert result.partners.filter(organization=org).exists()
    assert result.funding_lines.filter(grant_id="824260").exists()
    assert result.identifiers.get(scheme="eu_grant").value == "824260"
    assert result.summary == "S"
    merge.refresh_from_db()
    assert merge.status == "withdrawn"
    assert merge.source == "merged" and merge.source_id == str(keep.pk)
    assert merge.partners.filter(organization=org).exists()  # its own history stays intact
    assert StatusTransition.objects.filter(project=merge, to_status="withdrawn").exists()
    assert StatusTransition.objects.filter(project=keep, comment__contains="+CityxChange").exists()
    with pytest.raises(ValidationError):
        services.project_merge(keep=keep, merge=merge)
    with pytest.raises(ValidationError):
        services.project_merge(keep=keep, merge=keep)


def test_commit_right_after_preview_reads_the_file_once(run_import: Any, monkeypatch: Any) -> None:
    services._PARSED.clear()
    calls: list[str] = []
    original = services.parser_for

    def counting(fmt: str) -> Any:
        parse = original(fmt)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            calls.append(fmt)
            return parse(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(services, "parser_for", counting)
    job = run_import("csv", b"ID;Tittel\nP-1;En\nP-2;To\n", filename="a.csv")
    assert job.status == ImportStatus.COMMITTED and job.created_count == 2
    assert calls == ["csv"]
    # Another file (or mapping) is parsed on its own.
    run_import("csv", b"ID;Tittel\nP-3;Tre\n", filename="b.csv")
    assert calls == ["csv", "csv"]
