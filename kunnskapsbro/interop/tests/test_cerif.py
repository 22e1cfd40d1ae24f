"""OpenAIRE CERIF XML: every record of the demo validates against the official schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from kunnskapsbro.core.demo import load_demo
from kunnskapsbro.interop.exporters import cerif
from kunnskapsbro.interop.exporters import selectors as export_selectors
from kunnskapsbro.tests_support.factories import (
    FundingLineFactory,
    OrganizationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectIdentifierFactory,
    ProjectParticipantFactory,
    ProjectPartnerFactory,
)

NS = {"c": cerif.CERIF_NS}


def assert_valid(element) -> None:
    errors = cerif.validation_errors(element)
    assert errors == [], cerif.to_bytes(element).decode() + "\n" + "\n".join(errors)


def test_schema_loads_offline_from_the_shared_folder():
    schema = cerif.cerif_schema()
    assert isinstance(schema, etree.XMLSchema)
    assert (cerif.schema_dir() / "openaire-cerif-profile.xsd").is_file()


def test_official_samples_validate_with_our_loader():
    """The validator itself is right: the 64 official sample records pass."""
    samples = cerif.schema_dir().parent / "samples"
    count = 0
    for path in sorted(samples.glob("openaire_cerif_xml_example_*.xml")):
        document = etree.parse(str(path))
        for metadata in document.iterfind(".//{http://www.openarchives.org/OAI/2.0/}metadata"):
            record = next(child for child in metadata if isinstance(child.tag, str))
            assert cerif.validation_errors(record) == [], path.name
            count += 1
    assert count == 64


def test_missing_schema_fails_loudly(settings, tmp_path):
    settings.OPENAIRE_CERIF_DIR = str(tmp_path)
    with pytest.raises(cerif.SchemaMissing, match="openaire-cerif-profile.xsd"):
        cerif.schema_dir()


@pytest.mark.django_db
def test_a_full_project_validates_with_consortium_team_funding_and_identifiers():
    project = ProjectFactory(
        title="+CityxChange",
        title_en="Positive City ExChange",
        acronym="+CityxChange",
        visibility="public",
        status="completed",
        summary="Positive energiblokker i Trondheim.",
        keywords=["energi", "smartby"],
        start_date="2018-11-01",
        end_date="2023-10-31",
    )
    ntnu = OrganizationFactory(
        name="Norges teknisk-naturvitenskapelige universitet",
        short_name="NTNU",
        kind="university",
        orgnr="974767880",
        ror_id="05xg72x27",
        cristin_id="194",
        website="https://www.ntnu.no",
    )
    kommune = OrganizationFactory(name="Trondheim kommune", kind="municipality", orgnr="942110464")
    eu = OrganizationFactory(name="Europakommisjonen", orgnr=None, country="BE", kind="other")
    ProjectPartnerFactory(project=project, organization=ntnu, role="coordinator")
    ProjectPartnerFactory(
        project=project, organization=kommune, role="partner", contribution=Decimal("1803281.25")
    )
    ProjectIdentifierFactory(project=project, scheme="eu_grant", value="824260")
    person = PersonFactory(first_name="Ola", last_name="Nordmann", orcid="0000-0002-1825-0097")
    ProjectParticipantFactory(
        project=project, person=person, role="project_manager", organization=ntnu
    )
    ProjectParticipantFactory(project=project, role="researcher")
    line = FundingLineFactory(
        project=project,
        funder=eu,
        programme="H2020-SCC-1-2018-2019-2020",
        grant_id="824260",
        status="granted",
        amount_granted=Decimal("1803281.25"),
        currency="EUR",
    )
    project = export_selectors.public_projects_for_cerif().get(pk=project.pk)
    element = cerif.project_element(project)
    assert_valid(element)
    assert element.get("id") == f"Projects/{project.pk}"
    assert element.findtext("c:Identifier", namespaces=NS) == "824260"
    assert element.find("c:Identifier", NS).get("type") == cerif.PROJECT_REFERENCE
    coordinator = element.find("c:Consortium/c:Coordinator/c:OrgUnit", NS)
    assert coordinator.findtext("c:Acronym", namespaces=NS) == "NTNU"
    assert coordinator.findtext("c:RORID", namespaces=NS) == "https://ror.org/05xg72x27"
    pi = element.find("c:Team/c:PrincipalInvestigator/c:Person", NS)
    assert pi.findtext("c:ORCID", namespaces=NS) == "https://orcid.org/0000-0002-1825-0097"
    assert element.find("c:Funded/c:As/c:Funding", NS).get("id") == f"Fundings/{line.pk}"

    funding = cerif.funding_element(export_selectors.public_fundings_for_cerif().get(pk=line.pk))
    assert_valid(funding)
    assert funding.findtext("c:GrantDOI", namespaces=NS) == "10.3030/824260"
    assert funding.find("c:Amount", NS).get("currency") == "EUR"
    assert funding.findtext("c:Amount", namespaces=NS) == "1803281.25"

    org = cerif.orgunit_element(ntnu)
    assert_valid(org)
    identifiers = {i.get("type"): i.text for i in org.findall("c:Identifier", NS)}
    assert identifiers[cerif.ORGNR_TYPE] == "974767880"
    assert identifiers[cerif.CRISTIN_INSTITUTION_TYPE] == "194"
    assert org.find("c:Type", NS).text.endswith("#University")

    person_el = cerif.person_element(person, [ntnu])
    assert_valid(person_el)
    assert person_el.findtext("c:PersonName/c:FamilyNames", namespaces=NS) == "Nordmann"
    assert b"@" not in cerif.to_bytes(person_el)  # no e-mail in a public record


@pytest.mark.django_db
def test_text_with_control_characters_and_odd_identifiers_still_validates():
    project = ProjectFactory(title="Tittel med \x1a kontrolltegn", visibility="public")
    org = OrganizationFactory(name="Org\x1a AS", ror_id="not-a-ror", website="")
    ProjectPartnerFactory(project=project, organization=org, role="in_kind_contributor")
    person = PersonFactory(orcid="0000-0001-0000-0009")  # valid checksum, outside the schema range
    ProjectParticipantFactory(project=project, person=person, role="student")
    project = export_selectors.public_projects_for_cerif().get(pk=project.pk)
    assert_valid(cerif.project_element(project))
    assert_valid(cerif.orgunit_element(org))
    assert_valid(cerif.person_element(person))


@pytest.mark.django_db
def test_every_demo_record_validates():
    load_demo()
    counts = {"projects": 0, "orgunits": 0, "persons": 0, "fundings": 0}
    for project in export_selectors.public_projects_for_cerif():
        assert_valid(cerif.project_element(project))
        counts["projects"] += 1
    for org in export_selectors.public_organizations_for_cerif():
        assert_valid(cerif.orgunit_element(org))
        counts["orgunits"] += 1
    for person in export_selectors.public_persons_for_cerif():
        assert_valid(cerif.person_element(person, cerif.person_affiliations(person)))
        counts["persons"] += 1
    for line in export_selectors.public_fundings_for_cerif():
        assert_valid(cerif.funding_element(line))
        counts["fundings"] += 1
    assert all(counts.values()), counts


@pytest.mark.django_db
def test_the_whole_rcn_eu_import_exports_as_valid_cerif(run_import):
    """Done-when of issue 4: every record of the real rcn-eu import (1,957 projects, their
    organisations and EU fundings) exported as CERIF validates against the OpenAIRE schema."""
    from kunnskapsbro.interop.tests.conftest import RCN_EU
    from kunnskapsbro.projects.models import FundingLine, Project

    job = run_import("rcn-eu", RCN_EU.read_bytes(), filename="dataset.csv")
    assert job.status == "committed", job.errors[:3]
    schema = cerif.cerif_schema()
    errors: list[str] = []
    counts = {"projects": 0, "orgunits": 0, "persons": 0, "fundings": 0}

    def check(kind: str, element) -> None:
        counts[kind] += 1
        found = cerif.validation_errors(element, schema)
        if found:
            errors.append(f"{element.get('id')}: {found[0]}")

    for project in export_selectors.public_projects_for_cerif():
        check("projects", cerif.project_element(project))
    for org in export_selectors.public_organizations_for_cerif():
        check("orgunits", cerif.orgunit_element(org))
    for person in export_selectors.public_persons_for_cerif():
        check("persons", cerif.person_element(person, cerif.person_affiliations(person)))
    for line in export_selectors.public_fundings_for_cerif():
        check("fundings", cerif.funding_element(line))
    assert errors == [], f"{len(errors)} invalid records, first: {errors[:5]}"
    assert counts["projects"] == Project.objects.filter(source="rcn-eu").count() == 1957
    assert counts["fundings"] == FundingLine.objects.filter(source="rcn-eu").count()
    assert counts["fundings"] >= 1957
    # 692 Norwegian organisations with an orgnr, plus the European Commission as funder.
    assert counts["orgunits"] >= 693
    city = export_selectors.public_projects_for_cerif().get(
        identifiers__scheme="eu_grant", identifiers__value="824260"
    )
    element = cerif.project_element(city)
    assert element.findtext("c:Acronym", namespaces=NS) == "CityxChange"
    partners = element.findall("c:Consortium/*/c:OrgUnit", NS)
    assert len(partners) >= 2
