"""OpenAIRE CERIF XML 1.2 (Guidelines for CRIS Managers) for projects, organisation units,
persons and fundings, built with lxml, and the offline validator for it.

Identifiers follow the vocabularies in the official samples: ``Projects/<id>``-style record
ids, the funder's reference as ``IdentifierTypes#ProjectReference`` (EU grant agreement number,
Forskningsrådet project number), ``GrantDOI`` 10.3030/<grant> for H2020 grants, ``RORID`` and
``FundRefID`` on organisations, ``ORCID`` on persons. Schemes CERIF has no element for (the
Norwegian organisation number, Cristin ids) use the generic ``Identifier`` with a type URI.

Persons carry their name, ORCID and the organisations they take part in public projects for —
never e-mail or phone (data minimisation: the harvest is public).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from lxml import etree

from kunnskapsbro.organizations.models import Organization, OrganizationKind, Person
from kunnskapsbro.projects.models import (
    FundingLine,
    ParticipantRole,
    PartnerRole,
    Project,
    ProjectStatus,
)

CERIF_NS = "https://www.openaire.eu/cerif-profile/1.2/"
FUNDING_TYPES_NS = "https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Funding_Types"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_URL = "https://www.openaire.eu/schema/cris/1.2/openaire-cerif-profile.xsd"

IDENTIFIER_TYPES = "https://w3id.org/cerif/vocab/IdentifierTypes#"
PROJECT_REFERENCE = IDENTIFIER_TYPES + "ProjectReference"
ORGANISATION_TYPES = "https://w3id.org/cerif/vocab/OrganisationTypes"
# Wikidata's property for the Norwegian organisation number names the scheme unambiguously.
ORGNR_TYPE = "https://www.wikidata.org/wiki/Property:P2333"
CRISTIN_INSTITUTION_TYPE = "https://api.cristin.no/v2/institutions"
CRISTIN_PROJECT_TYPE = "https://api.cristin.no/v2/projects"
NVA_PROJECT_TYPE = "https://api.nva.unit.no/cristin/project"
CORDIS_PIC_TYPE = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/pic"
PROJECT_IDENTIFIER_TYPES = {
    "eu_grant": PROJECT_REFERENCE,
    "rcn_project": PROJECT_REFERENCE,
    "cristin_project": CRISTIN_PROJECT_TYPE,
    "nva_project": NVA_PROJECT_TYPE,
    "doi": IDENTIFIER_TYPES + "DOI",
    "cordis_rcn": "https://cordis.europa.eu/project/rcn",
}

ORGANISATION_TYPE_BY_KIND = {
    OrganizationKind.UNIVERSITY: "University",
    OrganizationKind.UNIVERSITY_COLLEGE: "HigherEducation",
    OrganizationKind.RESEARCH_INSTITUTE: "ResearchInstitute",
    OrganizationKind.COMPANY: "Commercial",
    OrganizationKind.MUNICIPALITY: "Governmental",
    OrganizationKind.COUNTY: "Governmental",
    OrganizationKind.PUBLIC_AGENCY: "Governmental",
    OrganizationKind.HOSPITAL: "Healthcare",
    OrganizationKind.NGO: "NonProfit",
}

CONSORTIUM_ROLES = [  # schema order
    ("Coordinator", {PartnerRole.COORDINATOR, PartnerRole.RESPONSIBLE_INSTITUTION}),
    ("Partner", {PartnerRole.PARTNER}),
    ("Contractor", {PartnerRole.CONTRACTOR}),
    ("InkindContributor", {PartnerRole.IN_KIND_CONTRIBUTOR}),
]
TEAM_ROLES = [  # schema order
    ("PrincipalInvestigator", {ParticipantRole.PROJECT_MANAGER}),
    ("Contact", {ParticipantRole.MUNICIPAL_CONTACT, ParticipantRole.LOCAL_PROJECT_MANAGER}),
    (
        "Member",
        {
            ParticipantRole.RESEARCHER,
            ParticipantRole.PARTICIPANT,
            ParticipantRole.STUDENT,
            ParticipantRole.SUPERVISOR,
        },
    ),
]
PROJECT_STATUS_SCHEME = "https://kunnskapsbro.no/vocab/ProjectStatus"

# The patterns the schema enforces; values that miss them go in a generic Identifier instead.
ORCID_RE = re.compile(
    r"https://orcid\.org/0000-000((1-[5-9]|2-[0-9]|3-[0-4])[0-9]{3}-[0-9]{3}[0-9X]|3-5000-0001)"
    r"|https://orcid\.org/0009-00(0[0-9]-[0-9]{4}-[0-9]{3}[0-9X]|10-0000-0000)"
)
ROR_RE = re.compile(r"https://ror\.org/0[\da-hj-km-np-tv-zA-HJ-KM-NP-TV-Z]{6}\d{2}")
# Characters XML 1.0 cannot hold (the RCN data has a few 0x1A bytes).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class SchemaMissing(RuntimeError):
    """The OpenAIRE schema folder is not where the installation expects it."""


def record_id(obj: Any) -> str:
    """The CERIF id of a record, as in the samples: ``Projects/12``, ``OrgUnits/3``, …"""
    prefix = {
        Project: "Projects",
        Organization: "OrgUnits",
        Person: "Persons",
        FundingLine: "Fundings",
    }[type(obj)]
    return f"{prefix}/{obj.pk}"


def _text(value: Any) -> str:
    return _XML_ILLEGAL.sub("", str(value)).strip()


def _el(parent: etree._Element | None, tag: str, text: Any = None, **attrib: str) -> Any:
    name = tag if tag.startswith("{") else f"{{{CERIF_NS}}}{tag}"
    element = (
        etree.Element(name, nsmap={None: CERIF_NS})
        if parent is None
        else etree.SubElement(parent, name)
    )
    for key, value in attrib.items():
        element.set(XML_LANG if key == "lang" else key, value)
    if text is not None:
        element.text = _text(text)
    return element


def _has(value: Any) -> bool:
    return value is not None and _text(value) != ""


# --- OrgUnit ----------------------------------------------------------------------------


def ror_url(value: str) -> str:
    value = (value or "").strip()
    if value and not value.startswith("http"):
        value = f"https://ror.org/{value}"
    return value


def _orgunit_body(element: Any, org: Organization, *, full: bool) -> None:
    kind = ORGANISATION_TYPE_BY_KIND.get(org.kind)
    if full and kind:
        _el(element, "Type", f"{ORGANISATION_TYPES}#{kind}", scheme=ORGANISATION_TYPES)
    if _has(org.short_name):
        _el(element, "Acronym", org.short_name)
    _el(element, "Name", org.name, lang="nb" if org.country == "NO" else "und")
    if _has(org.name_en):
        _el(element, "Name", org.name_en, lang="en")
    ror = ror_url(org.ror_id)
    if ror and ROR_RE.fullmatch(ror):
        _el(element, "RORID", ror)
    if not full:
        return
    if ror and not ROR_RE.fullmatch(ror):
        _el(element, "Identifier", ror, type=IDENTIFIER_TYPES + "RORID")
    if _has(org.orgnr):
        _el(element, "Identifier", org.orgnr, type=ORGNR_TYPE)
    if _has(org.cristin_id):
        _el(element, "Identifier", org.cristin_id, type=CRISTIN_INSTITUTION_TYPE)
    if _has(org.cordis_pic):
        _el(element, "Identifier", org.cordis_pic, type=CORDIS_PIC_TYPE)
    if _has(org.website):
        _el(element, "ElectronicAddress", org.website)


def orgunit_element(org: Organization) -> Any:
    """A full ``<OrgUnit>`` record."""
    element = _el(None, "OrgUnit", id=record_id(org))
    _orgunit_body(element, org, full=True)
    return element


def _orgunit_ref(parent: Any, org: Organization) -> Any:
    element = _el(parent, "OrgUnit", id=record_id(org))
    _orgunit_body(element, org, full=False)
    return element


# --- Person -----------------------------------------------------------------------------


def orcid_url(value: str) -> str:
    value = (value or "").strip()
    if value and not value.startswith("http"):
        value = f"https://orcid.org/{value}"
    return value


def _person_body(element: Any, person: Person, *, full: bool) -> None:
    name = _el(element, "PersonName")
    if _has(person.last_name):
        _el(name, "FamilyNames", person.last_name)
    if _has(person.first_name):
        _el(name, "FirstNames", person.first_name)
    orcid = orcid_url(person.orcid)
    if orcid and ORCID_RE.fullmatch(orcid):
        _el(element, "ORCID", orcid)
    elif orcid and full:
        _el(element, "Identifier", orcid, type=IDENTIFIER_TYPES + "ORCID")


def person_element(person: Person, affiliations: Iterable[Organization] = ()) -> Any:
    """A full ``<Person>`` record; ``affiliations`` are the organisations to name."""
    element = _el(None, "Person", id=record_id(person))
    _person_body(element, person, full=True)
    seen: set[int] = set()
    for org in affiliations:
        if org.pk not in seen:
            seen.add(org.pk)
            _orgunit_ref(_el(element, "Affiliation"), org)
    return element


def person_affiliations(person: Person) -> list[Organization]:
    """From ``public_persons_for_cerif()``'s prefetch: where the person takes part publicly."""
    participations = getattr(person, "public_participations", [])
    return [p.organization for p in participations if p.organization is not None]


# --- Funding ----------------------------------------------------------------------------


def _funding_type(line: FundingLine) -> str:
    # A contract with the funder is what the EU signs; the rest are grants.
    kind = "Contract" if _eu_grant(line) else "Grant"
    return f"{FUNDING_TYPES_NS}#{kind}"


def _eu_grant(line: FundingLine) -> str:
    for identifier in line.project.identifiers.all():
        if identifier.scheme == "eu_grant" and identifier.value == line.grant_id:
            return identifier.value
    return ""


def _funding_name(line: FundingLine) -> str:
    title = line.project.acronym or line.project.title
    if line.programme:
        return f"{line.programme}: {title}"
    return f"{line.funder.name}: {title}"


def _funding_body(element: Any, line: FundingLine, *, full: bool) -> None:
    etree.SubElement(
        element, f"{{{FUNDING_TYPES_NS}}}Type", nsmap={None: FUNDING_TYPES_NS}
    ).text = _funding_type(line)
    _el(element, "Name", _funding_name(line), lang="nb")
    if not full:
        return
    amount = line.amount_granted
    if amount is not None:
        _el(element, "Amount", _amount(amount), currency=line.currency or "NOK")
    eu_grant = _eu_grant(line)
    if eu_grant.isdigit():
        _el(element, "GrantDOI", f"10.3030/{eu_grant}")
    if _has(line.grant_id):
        _el(element, "Identifier", line.grant_id, type=PROJECT_REFERENCE)
    if _has(line.programme):
        _el(element, "Description", line.programme, lang="nb")
    funder = _el(element, "Funder")
    _orgunit_ref(funder, line.funder)
    start, end = line.start_date or line.project.start_date, line.end_date or line.project.end_date
    if start or end:
        duration = _el(element, "Duration")
        if start:
            duration.set("startDate", start.isoformat())
        if end and (not start or end >= start):
            duration.set("endDate", end.isoformat())


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def funding_element(line: FundingLine) -> Any:
    """A full ``<Funding>`` record (needs ``funder``, ``project`` and its identifiers)."""
    element = _el(None, "Funding", id=record_id(line))
    _funding_body(element, line, full=True)
    return element


# --- Project ----------------------------------------------------------------------------


def project_element(project: Project) -> Any:
    """A full ``<Project>`` record (use ``public_projects_for_cerif()`` for the prefetches)."""
    element = _el(None, "Project", id=record_id(project))
    if _has(project.acronym):
        _el(element, "Acronym", project.acronym)
    _el(element, "Title", project.title, lang="nb")
    if _has(project.title_en):
        _el(element, "Title", project.title_en, lang="en")
    for identifier in project.identifiers.all():
        kind = PROJECT_IDENTIFIER_TYPES.get(identifier.scheme)
        if kind and _has(identifier.value):
            _el(element, "Identifier", identifier.value, type=kind)
    if project.start_date:
        _el(element, "StartDate", project.start_date.isoformat())
    if project.end_date:
        _el(element, "EndDate", project.end_date.isoformat())
    partners = list(project.partners.all())
    consortium_rows = [
        (tag, [p for p in partners if p.role in roles]) for tag, roles in CONSORTIUM_ROLES
    ]
    if any(rows for _tag, rows in consortium_rows):
        consortium = _el(element, "Consortium")
        for tag, rows in consortium_rows:
            for partner in rows:
                _orgunit_ref(_el(consortium, tag), partner.organization)
    participants = list(project.participants.all())
    team_rows = [(tag, [p for p in participants if p.role in roles]) for tag, roles in TEAM_ROLES]
    if any(rows for _tag, rows in team_rows):
        team = _el(element, "Team")
        for tag, rows in team_rows:
            seen: set[int] = set()
            for participant in rows:
                if participant.person_id in seen:
                    continue
                seen.add(participant.person_id)
                link = _el(team, tag)
                person = _el(link, "Person", id=record_id(participant.person))
                _person_body(person, participant.person, full=False)
                if participant.organization is not None:
                    _orgunit_ref(_el(link, "Affiliation"), participant.organization)
    for line in project.funding_lines.all():
        funded = _el(element, "Funded")
        _orgunit_ref(_el(funded, "By"), line.funder)
        funding = _el(_el(funded, "As"), "Funding", id=record_id(line))
        _funding_body(funding, line, full=False)
    for keyword in project.keywords or []:
        if _has(keyword):
            _el(element, "Keyword", keyword, lang="nb")
    if _has(project.summary):
        _el(element, "Abstract", project.summary, lang="nb")
    if _has(project.summary_en):
        _el(element, "Abstract", project.summary_en, lang="en")
    _el(
        element,
        "Status",
        f"{PROJECT_STATUS_SCHEME}#{ProjectStatus(project.status).value}",
        scheme=PROJECT_STATUS_SCHEME,
    )
    return element


def to_bytes(element: Any) -> bytes:
    return etree.tostring(element, encoding="UTF-8", xml_declaration=True, pretty_print=True)


# --- validation -------------------------------------------------------------------------


def schema_dir() -> Path:
    """``shared/data/openaire-cerif/schemas`` beside the checkout (or ``OPENAIRE_CERIF_DIR``)."""
    configured = getattr(settings, "OPENAIRE_CERIF_DIR", "") or os.environ.get(
        "KUNNSKAPSBRO_OPENAIRE_CERIF_DIR", ""
    )
    base = (
        Path(configured)
        if configured
        else Path(settings.BASE_DIR).parent.parent / "shared" / "data" / "openaire-cerif"
    )
    schemas = base / "schemas"
    if not (schemas / "openaire-cerif-profile.xsd").is_file():
        raise SchemaMissing(
            f"The OpenAIRE CERIF schema is missing: expected {schemas}/openaire-cerif-profile.xsd "
            "(set KUNNSKAPSBRO_OPENAIRE_CERIF_DIR to the openaire-cerif folder)."
        )
    return schemas


class _CatalogResolver(etree.Resolver):
    """Resolves the schema's imports (xml.xsd, OAI-PMH.xsd, …) from the cached copies, so
    validation never touches the network, even if libxml2 read its catalogs before we set
    XML_CATALOG_FILES."""

    def __init__(self, catalogs: list[Path]) -> None:
        super().__init__()
        self.mapping: dict[str, str] = {}
        ns = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
        for catalog in catalogs:
            root = etree.parse(str(catalog)).getroot()
            for entry in root:
                target = entry.get("uri")
                key = entry.get("systemId") or entry.get("publicId")
                if entry.tag in (f"{ns}system", f"{ns}public") and target and key:
                    path = (catalog.parent / target).resolve()
                    if path.is_file():
                        self.mapping.setdefault(key, str(path))

    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        path = self.mapping.get(url) or (self.mapping.get(pubid) if pubid else None)
        if path:
            return self.resolve_filename(path, context)
        return None


def _parser(schemas: Path) -> etree.XMLParser:
    catalogs = [schemas / "cached" / "catalog.xml", schemas / "catalog.xml"]
    # What the schema folder's README prescribes; the resolver below makes it certain.
    os.environ.setdefault("XML_CATALOG_FILES", " ".join(str(c) for c in catalogs))
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_CatalogResolver(catalogs))
    return parser


@lru_cache(maxsize=1)
def cerif_schema() -> etree.XMLSchema:
    """The OpenAIRE CERIF profile schema, loaded offline."""
    schemas = schema_dir()
    return etree.XMLSchema(
        etree.parse(str(schemas / "openaire-cerif-profile.xsd"), _parser(schemas))
    )


@lru_cache(maxsize=1)
def oai_envelope_schema() -> etree.XMLSchema:
    """OAI-PMH 2.0 with the CERIF profile and oai-identifier, so a whole response (whose
    ``<metadata>`` and ``<description>`` are validated strictly) can be checked at once."""
    schemas = schema_dir()
    imports = [
        ("http://www.openarchives.org/OAI/2.0/", schemas / "cached" / "OAI-PMH.xsd"),
        (
            "http://www.openarchives.org/OAI/2.0/oai-identifier",
            schemas / "cached" / "oai-identifier.xsd",
        ),
        (CERIF_NS, schemas / "openaire-cerif-profile.xsd"),
    ]
    driver = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="urn:kunnskapsbro:oai-envelope">'
        + "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>'
            for ns, path in imports
        )
        + "</xs:schema>"
    )
    document = etree.fromstring(
        driver.encode(), _parser(schemas), base_url=str(schemas / "envelope.xsd")
    )
    return etree.XMLSchema(document)


def validation_errors(element: Any, schema: etree.XMLSchema | None = None) -> list[str]:
    """Schema errors of one record (an empty list when it is valid)."""
    schema = schema or cerif_schema()
    document = (
        etree.ElementTree(element) if not isinstance(element, etree._ElementTree) else element
    )
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
