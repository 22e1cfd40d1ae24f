"""The OAI-PMH endpoint: every verb, every error code, from/until, resumption tokens, and that
nothing internal ever leaves (projects, their organisations, people and funding)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from kunnskapsbro.interop import oai
from kunnskapsbro.interop.exporters import cerif
from kunnskapsbro.projects.models import Project
from kunnskapsbro.tests_support.factories import (
    FundingLineFactory,
    OrganizationFactory,
    PersonFactory,
    ProjectFactory,
    ProjectParticipantFactory,
    ProjectPartnerFactory,
)

NS = {"o": oai.OAI_NS, "c": cerif.CERIF_NS, "dc": oai.DC_NS}


def harvest(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    schema = cerif.oai_envelope_schema()
    if params.get("metadataPrefix") != "oai_dc":  # no oai_dc schema offline; checked below
        assert schema.validate(root), "\n".join(str(e) for e in schema.error_log)
    return root


def error_code(root) -> str | None:
    error = root.find("o:error", NS)
    return error.get("code") if error is not None else None


@pytest.fixture
def portfolio(db):
    """Two public projects and one internal, each with its own partner, person and funding."""
    public = []
    for n in range(2):
        project = ProjectFactory(title=f"Offentlig {n}", visibility="public", status="active")
        org = OrganizationFactory(name=f"Offentlig partner {n}", kind="university")
        ProjectPartnerFactory(project=project, organization=org, role="coordinator")
        person = PersonFactory(first_name="Ola", last_name=f"Offentlig{n}")
        ProjectParticipantFactory(
            project=project, person=person, role="project_manager", organization=org
        )
        FundingLineFactory(
            project=project, status="granted", amount_granted=Decimal("1000000"), grant_id=f"G{n}"
        )
        public.append(project)
    internal = ProjectFactory(title="Hemmelig", visibility="internal")
    secret_org = OrganizationFactory(name="Bare intern partner")
    ProjectPartnerFactory(project=internal, organization=secret_org)
    secret_person = PersonFactory(first_name="Skjult", last_name="Person")
    ProjectParticipantFactory(project=internal, person=secret_person)
    secret_funding = FundingLineFactory(project=internal, status="granted")
    applied = FundingLineFactory(project=public[0], status="applied")
    return {
        "public": public,
        "internal": internal,
        "secret_org": secret_org,
        "secret_person": secret_person,
        "secret_funding": secret_funding,
        "applied": applied,
    }


def identifiers(client, **params) -> list[str]:
    found: list[str] = []
    root = harvest(client, verb="ListIdentifiers", **params)
    while True:
        if error_code(root) == "noRecordsMatch":
            return found
        assert error_code(root) is None, etree.tostring(root)
        found += [e.text for e in root.iterfind(".//o:header/o:identifier", NS)]
        token = root.find(".//o:resumptionToken", NS)
        if token is None or not token.text:
            return found
        root = harvest(client, verb="ListIdentifiers", resumptionToken=token.text)


def test_identify(client, portfolio):
    root = harvest(client, verb="Identify")
    identify = root.find("o:Identify", NS)
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "no"
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_post_is_accepted_like_get(client, portfolio):
    response = client.post("/oai", {"verb": "Identify"})
    assert response.status_code == 200
    assert b"<Identify>" in response.content


def test_metadata_formats_and_sets(client, portfolio):
    root = harvest(client, verb="ListMetadataFormats")
    prefixes = [e.text for e in root.iterfind(".//o:metadataPrefix", NS)]
    assert {"oai_cerif_openaire", "oai_dc"} <= set(prefixes)
    root = harvest(client, verb="ListSets")
    assert [e.text for e in root.iterfind(".//o:setSpec", NS)] == [
        "openaire_cris_projects",
        "openaire_cris_orgunits",
        "openaire_cris_persons",
        "openaire_cris_funding",
    ]
    project_id = oai.oai_identifier(portfolio["public"][0])
    root = harvest(client, verb="ListMetadataFormats", identifier=project_id)
    assert error_code(root) is None
    internal_id = oai.oai_identifier(portfolio["internal"])
    root = harvest(client, verb="ListMetadataFormats", identifier=internal_id)
    assert error_code(root) == "idDoesNotExist"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-01-02T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-02-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "forfalsket"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:x.no:Projects/1"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "openaire_cris_events"},
            "noRecordsMatch",
        ),
    ],
)
def test_error_codes(client, portfolio, params, code):
    root = harvest(client, **params)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in {"badVerb", "badArgument"}:
        assert request.attrib == {}  # the protocol: no attributes echoed then


def test_repeated_argument_is_bad(client, portfolio):
    response = client.get("/oai?verb=ListSets&verb=ListSets")
    assert error_code(etree.fromstring(response.content)) == "badVerb"
    response = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc")
    assert error_code(etree.fromstring(response.content)) == "badArgument"


def test_tampered_token_is_refused(client, portfolio, settings):
    settings.OAI_PAGE_SIZE = 1
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_cerif_openaire")
    token = root.find(".//o:resumptionToken", NS).text
    root = harvest(client, verb="ListIdentifiers", resumptionToken=token[:-2] + "xx")
    assert error_code(root) == "badResumptionToken"


def test_only_public_records_are_exposed(client, portfolio):
    found = set(identifiers(client, metadataPrefix="oai_cerif_openaire"))
    expected = set()
    for project in portfolio["public"]:
        expected.add(oai.oai_identifier(project))
        for partner in project.partners.all():
            expected.add(oai.oai_identifier(partner.organization))
        for participant in project.participants.all():
            expected.add(oai.oai_identifier(participant.person))
        for line in project.funding_lines.filter(status="granted"):
            expected.add(oai.oai_identifier(line))
            expected.add(oai.oai_identifier(line.funder))
    assert found == expected
    for secret in ["internal", "secret_org", "secret_person", "secret_funding", "applied"]:
        identifier = oai.oai_identifier(portfolio[secret])
        assert identifier not in found
        root = harvest(
            client, verb="GetRecord", metadataPrefix="oai_cerif_openaire", identifier=identifier
        )
        assert error_code(root) == "idDoesNotExist"


def test_get_record_in_both_formats(client, portfolio):
    project = portfolio["public"][0]
    identifier = oai.oai_identifier(project)
    root = harvest(
        client, verb="GetRecord", metadataPrefix="oai_cerif_openaire", identifier=identifier
    )
    record = root.find("o:GetRecord/o:record", NS)
    assert record.findtext("o:header/o:identifier", namespaces=NS) == identifier
    assert record.findtext("o:header/o:setSpec", namespaces=NS) == "openaire_cris_projects"
    cerif_project = record.find("o:metadata/c:Project", NS)
    assert cerif_project.findtext("c:Title", namespaces=NS) == project.title
    root = harvest(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
    dc = root.find(f"o:GetRecord/o:record/o:metadata/{{{oai.OAI_DC_NS}}}dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == project.title
    assert f"http://testserver/prosjekter/{project.pk}/" in [
        e.text for e in dc.iterfind("dc:identifier", NS)
    ]


def test_from_and_until_select_by_datestamp(client, portfolio):
    old, recent = portfolio["public"]
    long_ago = timezone.now() - dt.timedelta(days=400)
    Project.objects.filter(pk=old.pk).update(updated_at=long_ago)
    stamp = oai.datestamp(long_ago)
    projects_set = {"set": "openaire_cris_projects", "metadataPrefix": "oai_cerif_openaire"}
    assert identifiers(client, until=stamp, **projects_set) == [oai.oai_identifier(old)]
    assert identifiers(client, **{"from": stamp}, **projects_set) == [
        oai.oai_identifier(old),
        oai.oai_identifier(recent),
    ]
    day_after = (long_ago + dt.timedelta(days=1)).date().isoformat()
    assert identifiers(client, **{"from": day_after}, **projects_set) == [
        oai.oai_identifier(recent)
    ]
    assert identifiers(client, until=long_ago.date().isoformat(), **projects_set) == [
        oai.oai_identifier(old)
    ]


def test_resumption_tokens_walk_every_set_without_gaps(client, portfolio, settings):
    settings.OAI_PAGE_SIZE = 1
    paged = identifiers(client, metadataPrefix="oai_cerif_openaire")
    settings.OAI_PAGE_SIZE = 1000
    whole = identifiers(client, metadataPrefix="oai_cerif_openaire")
    assert paged == whole
    assert len(paged) == len(set(paged)) == 10  # 2 projects, 4 orgs, 2 persons, 2 fundings


def test_last_page_carries_an_empty_token_with_size_and_cursor(client, portfolio, settings):
    settings.OAI_PAGE_SIZE = 1
    root = harvest(
        client,
        verb="ListRecords",
        metadataPrefix="oai_cerif_openaire",
        set="openaire_cris_projects",
    )
    token = root.find(".//o:resumptionToken", NS)
    assert token.get("completeListSize") == "2" and token.get("cursor") == "0"
    root = harvest(client, verb="ListRecords", resumptionToken=token.text)
    token = root.find(".//o:resumptionToken", NS)
    assert token.text is None and token.get("cursor") == "1"


def test_a_page_costs_the_same_queries_however_many_partners(client, portfolio, settings):
    settings.OAI_PAGE_SIZE = 50
    params = {
        "verb": "ListRecords",
        "metadataPrefix": "oai_cerif_openaire",
        "set": "openaire_cris_projects",
    }
    with CaptureQueriesContext(connection) as before:
        client.get("/oai", params)
    for project in portfolio["public"]:
        for _ in range(3):
            ProjectPartnerFactory(project=project)
            ProjectParticipantFactory(project=project, organization=OrganizationFactory())
    ProjectFactory(visibility="public")
    with CaptureQueriesContext(connection) as after:
        client.get("/oai", params)
    assert len(after) == len(before)
