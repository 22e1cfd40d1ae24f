"""A real OAI-PMH client (sickle, from PyPI) harvests every set to the end over HTTP,
following resumption tokens; every record is schema-valid CERIF XML. (The demo's records are
validated one by one in ``test_cerif.py``.)"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sickle import Sickle

from kunnskapsbro.interop import oai
from kunnskapsbro.interop.exporters import cerif
from kunnskapsbro.interop.exporters import selectors as export_selectors
from kunnskapsbro.tests_support.factories import (
    FundingLineFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    ProjectParticipantFactory,
    ProjectPartnerFactory,
)

OAI = "{http://www.openarchives.org/OAI/2.0/}"


@pytest.fixture
def demo_server(live_server, settings):
    partnership = PartnershipFactory()
    for n in range(7):
        visibility = "internal" if n == 6 else "public"
        project = ProjectFactory(
            partnership=partnership, visibility=visibility, title=f"Prosjekt {n}", status="active"
        )
        org = OrganizationFactory(kind="university", ror_id="05xg72x27" if n == 0 else "")
        ProjectPartnerFactory(project=project, organization=org, role="coordinator")
        person = PersonFactory(orcid="0000-0002-1825-0097" if n == 0 else "")
        ProjectParticipantFactory(
            project=project, person=person, role="project_manager", organization=org
        )
        FundingLineFactory(project=project, status="granted", amount_granted=Decimal(n * 1000))
    settings.OAI_PAGE_SIZE = 4  # several pages per set, so the tokens are exercised
    return live_server


def test_harvester_gets_every_public_record_as_valid_cerif(demo_server):
    client = Sickle(f"{demo_server.url}/oai", max_retries=1, timeout=60)
    identify = client.Identify()
    assert identify.protocolVersion == "2.0"
    assert {s.setSpec for s in client.ListSets()} == {s.spec for s in oai.SETS}

    expected = {
        "openaire_cris_projects": export_selectors.public_projects(),
        "openaire_cris_orgunits": export_selectors.public_organizations(),
        "openaire_cris_persons": export_selectors.public_persons(),
        "openaire_cris_funding": export_selectors.public_fundings(),
    }
    for spec, queryset in expected.items():
        harvested = []
        for record in client.ListRecords(metadataPrefix="oai_cerif_openaire", set=spec):
            metadata = record.xml.find(f"{OAI}metadata")
            element = next(child for child in metadata if isinstance(child.tag, str))
            assert cerif.validation_errors(element) == [], record.header.identifier
            assert record.header.setSpecs == [spec]
            harvested.append(record.header.identifier)
        wanted = [oai.oai_identifier(obj) for obj in queryset.order_by("pk")]
        assert harvested == wanted, spec
        assert len(wanted) > 4, spec  # more than one page

    headers = list(client.ListIdentifiers(metadataPrefix="oai_dc"))
    assert len(headers) == sum(q.count() for q in expected.values())
    internal = export_selectors.public_projects().model.objects.filter(visibility="internal")
    assert internal.exists()  # the demo has internal projects, and none was harvested
    harvested_ids = {h.identifier for h in headers}
    assert not any(oai.oai_identifier(project) in harvested_ids for project in internal)
