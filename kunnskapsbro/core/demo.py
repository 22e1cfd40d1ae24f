"""The demo installation: TRD3.0 – Universitetskommunen Trondheim.

Organisations and projects are real: the nine example projects and the accompanying research
(UniverCity) of the seed description of TRD3.0, plus Park4SUMP from the EU grant data. Their
identifiers and figures come from public registers (``/work/shared/data``, see its README):

* orgnr, EU contributions, roles and contract dates of the H2020 projects +CityxChange
  (824260) and Park4SUMP (769072): Forskningsrådet's open data set "Bevilgninger fra EU til
  norske forskningsmiljøer" (``bevilgningereu/dataset.csv``);
* Cristin institution ids: ``nva-cristin-institutions/all_institutions.json``;
* ROR ids: ``ror-records``; kommunenummer 5001 ↔ orgnr 942110464: SSB Klass 1236.

Everything about people is invented: names that announce themselves as made up, addresses
under example.org / example.com. The extra projects marked "Demoeksempel" are fictional too;
they exist so that filters, the lifecycle and capacity warnings have something to show.

``load_demo`` is idempotent: every record is looked up first (orgnr, source id, slug,
identifier, natural key) and only missing ones are created, always through the apps'
services. The only direct ORM write is the demo login (a Django user). Where the seed does
not give a real project's dates they are left empty rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.organizations.models import (
    Affiliation,
    Organization,
    OrganizationKind,
    OrgUnit,
    OrgUnitKind,
    Person,
)
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.partnerships.models import (
    Agreement,
    AgreementStatus,
    BodyKind,
    CrossCuttingElement,
    FocusArea,
    GovernanceBody,
    Membership,
    MembershipRole,
    Partnership,
    PartnershipParty,
    PartyRole,
)
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import (
    FundingLine,
    Project,
    ProjectIdentifier,
    ProjectParticipant,
    ProjectPartner,
    StatusTransition,
)

SOURCE = "demo"
PARTNERSHIP_SLUG = "trd30"
# Contact addresses of invented people live under the reserved example domains (RFC 2606).
MUNICIPALITY_MAIL_DOMAIN = "kommune.example.org"
UNIVERSITY_MAIL_DOMAIN = "universitet.example.com"
EXAMPLE_MAIL_DOMAINS = ("example.org", "example.com")

# The nine example projects named in the seed ("Noen eksempler på prosjektsamarbeid").
SEED_PROJECT_TITLES = (
    "+CityxChange – Positive City ExChange",
    "Sykehjemsprosjektet: søvn, aktivitet og ressursbruk i helse- og velferdssentra",
    "Trondheimsmodellen",
    "UngIT (Ung i Trondheim)",
    "Bedre skolestart for alle",
    "Autonom, elektrisk byferge (Zeabuz)",
    "Forankre innovative offentlige anskaffelser i kommunene",
    "Coordination, Response and Networked Resilience (CORNER)",
    "ENHANCE – driving responsible societal transformation",
)
DEMO_LABEL = "Demoeksempel (fiktivt prosjekt): "

# +CityxChange (H2020 824260): the Norwegian rows of bevilgningereu/dataset.csv.
# Contract 01.11.2018–31.10.2023, signed 19.11.2018, topic LC-SC3-SCC-1-2018-2019-2020.
CITYXCHANGE_GRANT = "824260"
CITYXCHANGE_NORWEGIAN_PARTNERS = (
    # (orgnr, name as registered, role in the data, EU contribution EUR rounded to cents)
    ("974767880", "NTNU", "COORDINATOR", Decimal("2518062.50")),
    ("942110464", "Trondheim kommune", "PARTICIPANT", Decimal("1803281.25")),
    ("980417824", "TrønderEnergi AS", "PARTICIPANT", Decimal("1266868.75")),
    ("976574958", "Volue Technology AS", "PARTICIPANT", Decimal("1021112.75")),
    ("980396002", "Statkraft Varme AS", "PARTICIPANT", Decimal("699618.50")),
    ("960605128", "RAC Norway AS", "PARTICIPANT", Decimal("587830.25")),
    ("982085160", "ABB AS", "PARTICIPANT", Decimal("545868.75")),
    ("912391906", "FourC AS", "PARTICIPANT", Decimal("512892.63")),
    ("989784803", "NHP Eiendom AS", "PARTICIPANT", Decimal("461618.50")),
    ("968777319", "R. Kjeldsberg AS", "PARTICIPANT", Decimal("224735.00")),
    ("994686011", "AtB AS", "PARTICIPANT", Decimal("90868.75")),
)
# Park4SUMP (H2020 769072): Trondheim kommune PARTICIPANT, 01.09.2018–28.02.2022.
PARK4SUMP_GRANT = "769072"
PARK4SUMP_TK_EUR = Decimal("165562.50")


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-")


class _Writer:
    """Looks a record up, creates it through a service when missing, counts what it made."""

    def __init__(self, stdout: TextIO | None) -> None:
        self.stdout = stdout
        self.created: Counter[str] = Counter()
        self.actor: Any = None
        self.units: dict[tuple[str, str], OrgUnit] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    # --- organisations ------------------------------------------------------------------

    def organization(self, key: str, *, name: str, kind: str, **fields: Any) -> Organization:
        orgnr = fields.get("orgnr")
        found = None
        if orgnr:
            found = Organization.objects.filter(orgnr=orgnr).first()
        if found is None:
            found = Organization.objects.filter(source=SOURCE, source_id=key).first()
        if found is None:
            found = Organization.objects.filter(slug=key).first()
        if found is not None:
            return found
        fields.setdefault("source", SOURCE)
        fields.setdefault("source_id", key)
        organization = org_services.organization_create(name=name, kind=kind, **fields)
        self.created["organizations"] += 1
        return organization

    def unit(
        self,
        organization: Organization,
        name: str,
        *,
        parent: OrgUnit | None = None,
        kind: str = OrgUnitKind.UNIT,
        name_en: str = "",
        capacity: int | None = None,
    ) -> OrgUnit:
        unit = OrgUnit.objects.filter(organization=organization, parent=parent, name=name).first()
        if unit is None:
            unit = org_services.orgunit_create(
                organization=organization,
                name=name,
                parent=parent,
                kind=kind,
                name_en=name_en,
                capacity_projects=capacity,
            )
            self.created["org_units"] += 1
        self.units[(organization.slug, name)] = unit
        return unit

    # --- people -------------------------------------------------------------------------

    def person(
        self, first_name: str, last_name: str, *, domain: str, expertise: str = ""
    ) -> Person:
        key = _ascii(f"{first_name} {last_name}")
        person = Person.objects.filter(source=SOURCE, source_id=key).first()
        if person is None:
            email = f"{_ascii(first_name)}.{_ascii(last_name)}@{domain}".replace("-", "")
            person = org_services.person_create(
                first_name=first_name,
                last_name=last_name,
                email=email,
                expertise=expertise,
                source=SOURCE,
                source_id=key,
            )
            self.created["people"] += 1
        return person

    def affiliation(
        self,
        person: Person,
        organization: Organization,
        *,
        unit: OrgUnit | None,
        title: str,
        share: int = 100,
    ) -> None:
        if Affiliation.objects.filter(person=person, organization=organization).exists():
            return
        org_services.affiliation_create(
            person=person,
            organization=organization,
            unit=unit,
            title=title,
            share_percent=share,
            start_date=_d("2018-01-01") if share < 100 else None,
        )
        self.created["affiliations"] += 1

    # --- partnership --------------------------------------------------------------------

    def party(self, partnership: Partnership, organization: Organization, role: str, order: int):
        if PartnershipParty.objects.filter(
            partnership=partnership, organization=organization
        ).exists():
            return
        partnership_services.partnership_add_party(
            partnership=partnership, organization=organization, role=role, order=order
        )
        self.created["parties"] += 1

    def agreement(self, partnership: Partnership, title: str, **fields: Any) -> Agreement:
        agreement = Agreement.objects.filter(partnership=partnership, title=title).first()
        if agreement is None:
            agreement = partnership_services.agreement_create(
                partnership=partnership, title=title, **fields
            )
            self.created["agreements"] += 1
        return agreement

    def focus_area(self, partnership: Partnership, name: str, **fields: Any) -> FocusArea:
        area = FocusArea.objects.filter(partnership=partnership, name=name).first()
        if area is None:
            area = partnership_services.focus_area_create(
                partnership=partnership, name=name, **fields
            )
            self.created["focus_areas"] += 1
        return area

    def element(self, partnership: Partnership, name: str, **fields: Any) -> CrossCuttingElement:
        element = CrossCuttingElement.objects.filter(partnership=partnership, name=name).first()
        if element is None:
            element = partnership_services.element_create(
                partnership=partnership, name=name, **fields
            )
            self.created["elements"] += 1
        return element

    def body(self, partnership: Partnership, name: str, **fields: Any) -> GovernanceBody:
        body = GovernanceBody.objects.filter(partnership=partnership, name=name).first()
        if body is None:
            body = partnership_services.body_create(partnership=partnership, name=name, **fields)
            self.created["bodies"] += 1
        return body

    def member(
        self,
        body: GovernanceBody,
        person: Person,
        role: str,
        *,
        title: str,
        represents: Organization,
    ) -> None:
        if Membership.objects.filter(body=body, person=person, role=role).exists():
            return
        partnership_services.membership_create(
            body=body,
            person=person,
            role=role,
            position_title=title,
            represents=represents,
            start_date=_d("2018-01-01"),
        )
        self.created["memberships"] += 1

    # --- projects -----------------------------------------------------------------------

    def project(
        self,
        partnership: Partnership,
        key: str,
        *,
        title: str,
        transitions: tuple[tuple[str, str], ...] = (),
        **fields: Any,
    ) -> Project:
        """Create the project unless it is there (by demo source id, identifier or title)."""
        project = Project.objects.filter(source=SOURCE, source_id=key).first()
        for scheme, value in (fields.get("identifiers") or {}).items():
            if project is None:
                row = ProjectIdentifier.objects.filter(scheme=scheme, value=value).first()
                project = row.project if row else None
        if project is None:
            project = Project.objects.filter(partnership=partnership, title=title).first()
        if project is not None:
            return project
        project = project_services.project_create(
            partnership=partnership,
            title=title,
            actor=self.actor,
            source=SOURCE,
            source_id=key,
            visibility=fields.pop("visibility", "public"),
            **fields,
        )
        self.created["projects"] += 1
        for to_status, comment in transitions:
            project_services.project_transition(
                project=project, to_status=to_status, actor=self.actor, comment=comment
            )
            self.created["transitions"] += 1
        return project


# --- the data ------------------------------------------------------------------------------

PARTNERSHIP_NAME = "TRD3.0 – Universitetskommunen Trondheim"
PARTNERSHIP_DESCRIPTION = (
    "TRD3.0 er et forpliktende, fullskala samarbeid mellom Trondheim kommune og NTNU, "
    "etablert som en nasjonal pilot for en universitetskommune. Kommunen og NTNU ble i 2017 "
    "enige om å forplikte seg sammen, med inspirasjon blant annet fra forskrift om "
    "universitetssykehus. Avtalen omfatter alle kommunens tjenesteområder og alle fagmiljø ved "
    "NTNU. Samarbeidet skal gi byen og landet langsiktig tilgang på kunnskap, kompetanse og "
    "teknologi som byggesteiner for gode og bærekraftige samfunn, og bygge bro mellom "
    "kommunens praksis og forskningens kunnskapsunivers gjennom eksperimentering og "
    "erfaringsdeling. Arbeidet er delt i fem fokusområder, hvert ledet av en prosjektleder i "
    "kombinert stilling, med innovasjonsutvalg og en felles styringsgruppe. Trondheim kommune "
    "har i tillegg en samarbeidsavtale med SINTEF med vekt på smartby og helse."
)
PARTNERSHIP_DESCRIPTION_EN = (
    "TRD3.0 is a binding, full-scale collaboration between Trondheim Municipality and NTNU, "
    "set up as a national pilot of a university municipality. The municipality and NTNU agreed "
    "in 2017 to commit to it together, inspired among other things by the Norwegian "
    "regulation on university hospitals. The agreement covers all the municipality's service "
    "areas and all academic communities at NTNU. Its purpose is to give the city and the "
    "country long-term access to knowledge, competence and technology as building blocks for "
    "good and sustainable communities, and to bridge municipal practice and research through "
    "experimentation and shared experience. The work is organised in five focus areas, each "
    "led by a project leader in a combined position, with innovation committees and a joint "
    "steering group. Trondheim Municipality also has a cooperation agreement with SINTEF "
    "focusing on smart city and health."
)

# Trondheim kommune: service areas and units (unit names below the areas are partly invented;
# capacity = how many R&D projects a unit can take part in at the same time).
TK_TREE: tuple[tuple[str, str, tuple[tuple[str, int | None], ...]], ...] = (
    (
        "Helse og velferd",
        "Health and Welfare",
        (
            ("Helse- og velferdssenter Østbyen", 5),
            ("Helse- og velferdssenter Solbrekka", 5),
            ("Helse- og velferdssenter Fjellvang", 3),
            ("Enhet for hjemmetjenester", 4),
            ("Enhet for ergoterapi og fysioterapi", 3),
        ),
    ),
    (
        "Oppvekst og utdanning",
        "Childhood and Education",
        (
            ("Barne- og familietjenesten (BFT)", 4),
            ("Pedagogisk-psykologisk tjeneste (PPT)", 2),
            ("Enhet for barnehager", 4),
            ("Østbyen skole", 3),
            ("Solbrekka ungdomsskole", 3),
            ("Fjellvang barneskole", 2),
        ),
    ),
    (
        "Byutvikling",
        "Urban Development",
        (
            ("Byplankontoret", 4),
            ("Miljøenheten", 4),
            ("Kommunalteknikk", 3),
            ("Trondheim eiendom", 2),
        ),
    ),
    (
        "Kultur og næring",
        "Culture and Business",
        (
            ("Kulturenheten", 3),
            ("Næringsavdelingen", 2),
            ("Trondheim folkebibliotek", 2),
        ),
    ),
    (
        "Kommunedirektørens stab",
        "Office of the Chief Municipal Executive",
        (
            ("Smartby og digitalisering", 4),
            ("FoU og innovasjon", 2),
            ("Økonomi og analyse", None),
        ),
    ),
)

NTNU_TREE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Fakultet for medisin og helsevitenskap",
        "Faculty of Medicine and Health Sciences",
        (
            "Institutt for samfunnsmedisin og sykepleie",
            "Institutt for nevromedisin og bevegelsesvitenskap",
            "Institutt for psykisk helse",
        ),
    ),
    (
        "Fakultet for samfunns- og utdanningsvitenskap",
        "Faculty of Social and Educational Sciences",
        (
            "Institutt for pedagogikk og livslang læring",
            "Institutt for lærerutdanning",
            "Institutt for sosiologi og statsvitenskap",
            "Institutt for psykologi",
        ),
    ),
    (
        "Fakultet for informasjonsteknologi og elektroteknikk",
        "Faculty of Information Technology and Electrical Engineering",
        (
            "Institutt for datateknologi og informatikk",
            "Institutt for teknisk kybernetikk",
            "Institutt for elkraftteknikk",
        ),
    ),
    (
        "Fakultet for arkitektur og design",
        "Faculty of Architecture and Design",
        ("Institutt for arkitektur og planlegging", "Institutt for design"),
    ),
    (
        "Fakultet for økonomi",
        "Faculty of Economics and Management",
        ("Institutt for industriell økonomi og teknologiledelse", "NTNU Handelshøyskolen"),
    ),
)

# Focus areas with their invented leaders (see ``_area``).


def _area(
    name: str,
    name_en: str,
    *,
    faculty: str,
    people: str,
    tk: tuple[str, ...],
    ntnu: tuple[str, ...],
    description: str,
    cross: bool = False,
    tk_area: str = "",
    director_title: str = "",
) -> dict[str, Any]:
    """One focus area: its names, whether it is cross-sectoral, the municipal service area (the
    area's own name unless given) and the faculty it is anchored in. ``people`` names the
    område-/stabsdirektør (by default «Områdedirektør for» the service area), the faculty's dean
    and the TRD3.0 project leader, «First Last» each; ``tk`` and ``ntnu`` the five further
    committee members of the municipality and NTNU as «position: unit»."""
    tk_area = tk_area or name
    director, dean, leader = (tuple(person.split(" ")) for person in people.split(", "))

    def members(party: str, rows: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        return tuple((party, *row.split(": ", 1)) for row in rows)

    return {
        "name": name,
        "name_en": name_en,
        "cross": cross,
        "tk_area": tk_area,
        "faculty": faculty,
        "director": (*director, director_title or f"Områdedirektør for {tk_area.lower()}"),
        "dean": (*dean, f"Dekan, {faculty}"),
        "leader": leader,
        "members": members("tk", tk) + members("ntnu", ntnu),
        "description": description,
    }


AREAS: tuple[dict[str, Any], ...] = (
    _area(
        "Helse og velferd",
        "Health and welfare",
        faculty="Fakultet for medisin og helsevitenskap",
        people="Solveig Fiktivdal, Ingrid Testrud, Nina Eksempeldal",
        tk=(
            "Enhetsleder: Helse- og velferdssenter Østbyen",
            "Enhetsleder: Helse- og velferdssenter Solbrekka",
            "Enhetsleder: Enhet for hjemmetjenester",
        ),
        ntnu=(
            "Instituttleder: Institutt for samfunnsmedisin og sykepleie",
            "Instituttleder: Institutt for nevromedisin og bevegelsesvitenskap",
        ),
        description="Helse- og velferdstjenester, helse- og velferdssentre og hjemmetjenester.",
    ),
    _area(
        "Oppvekst og utdanning",
        "Childhood and education",
        faculty="Fakultet for samfunns- og utdanningsvitenskap",
        people="Arne Prøvesen, Per Skisseberg, Jon Prøvedal",
        tk=(
            "Enhetsleder: Barne- og familietjenesten (BFT)",
            "Rektor: Solbrekka ungdomsskole",
            "Enhetsleder: Enhet for barnehager",
        ),
        ntnu=(
            "Instituttleder: Institutt for pedagogikk og livslang læring",
            "Instituttleder: Institutt for lærerutdanning",
        ),
        description="Barnehager, skoler, universitetsskoler og tjenester for barn og familier.",
    ),
    _area(
        "Byutvikling",
        "Urban development",
        faculty="Fakultet for arkitektur og design",
        people="Berit Oppdiktsen, Marte Tenktvold, Eva Fiktivsen",
        tk=(
            "Byplansjef: Byplankontoret",
            "Enhetsleder: Miljøenheten",
            "Enhetsleder: Kommunalteknikk",
        ),
        ntnu=(
            "Instituttleder: Institutt for arkitektur og planlegging",
            "Instituttleder: Institutt for design",
        ),
        description="Byplanlegging, miljø, mobilitet og kommunalteknikk.",
    ),
    _area(
        "Innovasjon og omstilling",
        "Innovation and transformation",
        cross=True,
        tk_area="Kultur og næring",
        faculty="Fakultet for økonomi",
        people="Knut Påfunnstad, Geir Innbiltsen, Ole Demoberg",
        tk=(
            "Enhetsleder: Kulturenheten",
            "Næringssjef: Næringsavdelingen",
            "Leder: FoU og innovasjon",
        ),
        ntnu=(
            "Instituttleder: Institutt for industriell økonomi og teknologiledelse",
            "Dekan: NTNU Handelshøyskolen",
        ),
        description="Tverrgående: innovasjon, omstilling og innovative anskaffelser på tvers "
        "av tjenesteområdene.",
    ),
    _area(
        "Smart by/kommune",
        "Smart city/municipality",
        cross=True,
        tk_area="Kommunedirektørens stab",
        director_title="Direktør for organisasjon og digitalisering",
        faculty="Fakultet for informasjonsteknologi og elektroteknikk",
        people="Hilde Utkastvik, Lars Prototypsen, Sara Testesen",
        tk=(
            "Leder: Smartby og digitalisering",
            "Leder: Økonomi og analyse",
            "Enhetsleder: Trondheim eiendom",
        ),
        ntnu=(
            "Instituttleder: Institutt for datateknologi og informatikk",
            "Instituttleder: Institutt for teknisk kybernetikk",
        ),
        description="Tverrgående: digitalisering, data, energi og teknologi for en smart og "
        "bærekraftig by og kommune.",
    ),
)

# 25 invented committee members: first names in order, surnames built from made-up parts.
MEMBER_FIRST_NAMES = (
    "Astrid Bjørn Camilla Dag Elin Fredrik Guro Henrik Ida Jørgen Kristin Magnus Linn "
    "Morten Nora Øystein Pia Rune Siri Tore Unni Vegard Wenche Yngve Åse"
).split()
MEMBER_SURNAME_PARTS = (
    ("Demo", "Eksempel", "Fiktiv", "Prøve", "Test"),
    ("haug", "lund", "nes", "mo", "eng"),
)

ELEMENTS = (
    (
        "Utdanningssamarbeid",
        "Educational collaboration",
        "Praksis for rundt 3000 studenter i året, masteroppgaver og prosjektoppgaver med empiri "
        "fra kommunen, Eksperter i team og kommunens ansatte som undervisere og veiledere.",
    ),
    (
        "Livslang læring",
        "Lifelong learning",
        "Innhold i EVU-emner, NTNUs satsinger på «Fremtidens studier» og strukturer som øker "
        "utbyttet av kunnskapen som utvikles.",
    ),
    (
        "Profesjonalisering av samarbeid for forskning og utvikling",
        "Professionalising collaboration on research and development",
        "Offentlig sektor-ph.d., delte stillinger og karriereveier, porteføljestyring og "
        "kommunen som forskningspartner.",
    ),
    (
        "Tematiske oppdrag",
        "Thematic assignments",
        "Oppdrag der kommunens store satsinger knyttes til forskning og utdanning.",
    ),
)


@transaction.atomic
def load_demo(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Load (or complete) the TRD3.0 demo; return the totals of what the demo consists of."""
    w = _Writer(stdout)
    user = _demo_user(w)
    w.actor = user
    orgs = _organizations(w)
    _org_trees(w, orgs)
    partnership = _partnership(w, orgs)
    leaders = _leaders(w, orgs)
    areas, elements = _areas_and_elements(w, partnership, leaders)
    people = _governance(w, partnership, orgs, areas, leaders)
    _link_user(w, user, people["coordinator_tk"])
    _roles(w, user, partnership, areas, people)
    _seed_projects(w, partnership, orgs, areas, elements, people)
    _fictional_projects(w, partnership, orgs, areas, elements, people)
    from kunnskapsbro.goals.demo import load_goals_demo  # goals build on the portfolio

    load_goals_demo(partnership, actor=user)
    from kunnskapsbro.meetings.demo import load_meetings_demo  # governance, events, network

    load_meetings_demo(actor=user)
    from kunnskapsbro.needs.demo import load_needs_demo  # needs, oppgavebank, education

    load_needs_demo(partnership, actor=user)
    counts = demo_counts(partnership)
    new = sum(w.created.values())
    w.say(
        "Demo: TRD3.0 lastet "
        + ("(ingen endringer, alt fantes fra før)." if not new else f"({new} nye poster).")
    )
    for name, value in counts.items():
        w.say(f"  {name}: {value}")
    w.say(f"Demobruker: {settings.DEMO_USERNAME} / {settings.DEMO_PASSWORD}")
    return counts


def demo_counts(partnership: Partnership | None = None) -> dict[str, int]:
    """Totals of the demo installation (the same numbers after a second load)."""
    partnership = partnership or Partnership.objects.filter(slug=PARTNERSHIP_SLUG).first()
    projects = Project.objects.filter(partnership=partnership)
    return {
        "organizations": Organization.objects.count(),
        "org_units": OrgUnit.objects.count(),
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "agreements": Agreement.objects.filter(partnership=partnership).count(),
        "focus_areas": FocusArea.objects.filter(partnership=partnership).count(),
        "elements": CrossCuttingElement.objects.filter(partnership=partnership).count(),
        "bodies": GovernanceBody.objects.filter(partnership=partnership).count(),
        "memberships": Membership.objects.filter(body__partnership=partnership).count(),
        "projects": projects.count(),
        "project_partners": ProjectPartner.objects.filter(project__in=projects).count(),
        "project_participants": ProjectParticipant.objects.filter(project__in=projects).count(),
        "funding_lines": FundingLine.objects.filter(project__in=projects).count(),
        "identifiers": ProjectIdentifier.objects.filter(project__in=projects).count(),
        "transitions": StatusTransition.objects.filter(project__in=projects).count(),
        "users": get_user_model().objects.count(),
        "roles": _role_count(partnership),
    }


def _role_count(partnership: Partnership | None) -> int:
    from kunnskapsbro.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(partnership=partnership).count()


# --- steps ----------------------------------------------------------------------------------


def _demo_user(w: _Writer):
    User = get_user_model()
    user = User.objects.filter(username=settings.DEMO_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(
            username=settings.DEMO_USERNAME,
            email=f"demo@{MUNICIPALITY_MAIL_DOMAIN}",
            password=settings.DEMO_PASSWORD,
            first_name="Kari",
            last_name="Demostrand",
        )
        w.created["users"] += 1
    elif not user.check_password(settings.DEMO_PASSWORD):
        # The login printed by `serve` must work, so an old demo password is replaced.
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _link_user(w: _Writer, user: Any, person: Person) -> None:
    if person.user_id is None and not Person.objects.filter(user=user).exists():
        org_services.person_update(person=person, data={"user": user})
        w.created["user_links"] += 1


def _roles(w: _Writer, user: Any, partnership: Partnership, areas, people) -> None:
    """Roles (accounts.permissions): the demo login administers TRD3.0; the focus-area
    leaders lead their area, the committees' members assess and prioritise (and edit for
    their municipal unit), the university's coordinator coordinates. The people get accounts
    without a password (they sign in with single sign-on in a real installation)."""
    from kunnskapsbro.accounts.models import RoleAssignment
    from kunnskapsbro.accounts.role_services import role_assign

    def grant(account: Any, role: str, **scope: Any) -> None:
        exists = RoleAssignment.objects.filter(
            user=account, partnership=partnership, role=role, valid_to__isnull=True, **scope
        ).exists()
        if not exists:
            role_assign(actor=None, user=account, role=role, partnership=partnership, **scope)
            w.created["roles"] += 1

    def account(person: Person) -> Any:
        if person.user_id:
            return person.user
        User = get_user_model()
        found = User.objects.filter(username=person.slug).first()
        if found is None:
            found = User(
                username=person.slug,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            found.set_unusable_password()
            found.save()
            w.created["users"] += 1
        _link_user(w, found, person)
        return found

    grant(user, "administrator")
    grant(account(people["coordinator_ntnu"]), "coordinator")
    for name, area in areas.items():
        leader = area.leader or people["leaders"].get(name)
        if leader is not None:
            grant(account(leader), "focus_area_leader", focus_area=area)
    committees = GovernanceBody.objects.filter(
        partnership=partnership, kind=BodyKind.INNOVATION_COMMITTEE
    ).prefetch_related("memberships__person__affiliations__unit")
    for committee in committees:
        for membership in committee.memberships.all():
            if membership.role != MembershipRole.MEMBER:
                continue
            member = account(membership.person)
            grant(member, "committee_member", body=committee)
            units = [a.unit for a in membership.person.affiliations.all() if a.unit_id]
            if units and units[0].organization.kind == "municipality":
                grant(member, "unit_editor", org_unit=units[0])


def _organizations(w: _Writer) -> dict[str, Organization]:
    K = OrganizationKind
    orgs: dict[str, Organization] = {}
    orgs["tk"] = w.organization(
        "trondheim-kommune",
        name="Trondheim kommune",
        name_en="Trondheim Municipality",
        kind=K.MUNICIPALITY,
        orgnr="942110464",
        municipality_number="5001",
        cristin_id="4601",
        website="https://www.trondheim.kommune.no/",
    )
    orgs["ntnu"] = w.organization(
        "ntnu",
        name="Norges teknisk-naturvitenskapelige universitet",
        name_en="Norwegian University of Science and Technology",
        short_name="NTNU",
        kind=K.UNIVERSITY,
        orgnr="974767880",
        ror_id="05xg72x27",
        cristin_id="194",
        website="https://www.ntnu.no/",
    )
    # Stiftelsen SINTEF is the party (ROR 01f677e56 "SINTEF"); Cristin 7401 is SINTEF AS,
    # a separate legal entity (orgnr 919303808), registered below as its child.
    orgs["sintef"] = w.organization(
        "sintef",
        name="Stiftelsen SINTEF",
        name_en="SINTEF",
        short_name="SINTEF",
        kind=K.RESEARCH_INSTITUTE,
        orgnr="948007029",
        ror_id="01f677e56",
        website="https://www.sintef.no/",
    )
    orgs["sintef_as"] = w.organization(
        "sintef-as",
        name="SINTEF AS",
        kind=K.RESEARCH_INSTITUTE,
        orgnr="919303808",
        cristin_id="7401",
        parent=orgs["sintef"],
    )
    orgs["rcn"] = w.organization(
        "forskningsradet",
        name="Norges forskningsråd",
        name_en="The Research Council of Norway",
        short_name="Forskningsrådet",
        kind=K.PUBLIC_AGENCY,
        orgnr="970141669",
        ror_id="00epmv149",
        cristin_id="5901",
        website="https://www.forskningsradet.no/",
    )
    orgs["ec"] = w.organization(
        "europakommisjonen",
        name="Europakommisjonen",
        name_en="European Commission",
        kind=K.PUBLIC_AGENCY,
        country="BE",
        website="https://commission.europa.eu/",
    )
    orgs["ks"] = w.organization(
        "ks",
        name="KS – Kommunesektorens organisasjon",
        name_en="KS – Norwegian Association of Local and Regional Authorities",
        short_name="KS",
        kind=K.OTHER,
        cristin_id="5711",
        website="https://www.ks.no/",
    )
    orgs["zeabuz"] = w.organization("zeabuz", name="Zeabuz AS", kind=K.COMPANY)
    orgs["kirken"] = w.organization(
        "kirken-i-trondheim", name="Den norske kirke i Trondheim", kind=K.NGO
    )
    enhance = (
        ("rwth", "RWTH Aachen University", "DE"),
        ("chalmers", "Chalmers tekniska högskola", "SE"),
        ("polimi", "Politecnico di Milano", "IT"),
        ("upv", "Universitat Politècnica de València", "ES"),
        ("pw", "Politechnika Warszawska", "PL"),
        ("tub", "Technische Universität Berlin", "DE"),
    )
    for key, name, country in enhance:
        orgs[key] = w.organization(key, name=name, kind=K.UNIVERSITY, country=country)
    # +CityxChange's Norwegian companies, with orgnr as in Forskningsrådet's EU grant data.
    for orgnr, name, _role, _eur in CITYXCHANGE_NORWEGIAN_PARTNERS:
        if orgnr in ("974767880", "942110464"):
            continue
        orgs[orgnr] = w.organization(
            _ascii(name),
            name=name,
            kind=K.COMPANY,
            orgnr=orgnr,
            source="forskningsradet_eu",
            source_id=orgnr,
        )
    return orgs


def _org_trees(w: _Writer, orgs: dict[str, Organization]) -> None:
    tk, ntnu = orgs["tk"], orgs["ntnu"]
    for area, area_en, units in TK_TREE:
        parent = w.unit(tk, area, kind=OrgUnitKind.SERVICE_AREA, name_en=area_en)
        for name, capacity in units:
            w.unit(tk, name, parent=parent, capacity=capacity)
    for faculty, faculty_en, departments in NTNU_TREE:
        parent = w.unit(ntnu, faculty, kind=OrgUnitKind.FACULTY, name_en=faculty_en)
        for name in departments:
            w.unit(ntnu, name, parent=parent, kind=OrgUnitKind.DEPARTMENT)
    ism = w.units[(ntnu.slug, "Institutt for samfunnsmedisin og sykepleie")]
    w.unit(ntnu, "HUNT forskningssenter", parent=ism, kind=OrgUnitKind.DIVISION)
    w.unit(ntnu, "Rektoratet", kind=OrgUnitKind.OTHER, name_en="Rector's office")


def _partnership(w: _Writer, orgs: dict[str, Organization]) -> Partnership:
    partnership = Partnership.objects.filter(slug=PARTNERSHIP_SLUG).first()
    if partnership is None:
        partnership = partnership_services.partnership_create(
            name=PARTNERSHIP_NAME,
            slug=PARTNERSHIP_SLUG,
            short_name="TRD3.0",
            description=PARTNERSHIP_DESCRIPTION,
            description_en=PARTNERSHIP_DESCRIPTION_EN,
            established=_d("2018-01-01"),
            is_public=True,
        )
        w.created["partnerships"] += 1
    w.party(partnership, orgs["tk"], PartyRole.MUNICIPALITY, 1)
    w.party(partnership, orgs["ntnu"], PartyRole.UNIVERSITY, 2)
    w.party(partnership, orgs["sintef"], PartyRole.ASSOCIATE, 3)

    first = w.agreement(
        partnership,
        "Partnerskapsavtale TRD3.0",
        status=AgreementStatus.EXPIRED,
        start_date=_d("2018-01-01"),
        end_date=_d("2021-12-31"),
        signed_date=None,
        signatories="Ordfører i Trondheim kommune og rektor ved NTNU",
        parties=[orgs["tk"], orgs["ntnu"]],
        notes=(
            "Signert januar 2018 av ordfører og rektor (eksakt dato er ikke registrert). "
            "Forankret i politisk sak om Universitetskommunen Trondheim TRD 3.0, vedtatt i "
            "formannskapet høsten 2017, med tilsvarende vedtak i NTNUs dekanmøte. Avtalen "
            "forplikter partene til å etablere en nasjonal pilot på en universitetskommune og "
            "dokumentere modellen gjennom en forskningsbasert evaluering."
        ),
    )
    w.agreement(
        partnership,
        "Forlengelse av TRD3.0 ut 2025",
        status=AgreementStatus.UNDER_NEGOTIATION,
        start_date=_d("2022-01-01"),
        end_date=_d("2025-12-31"),
        renews=first,
        parties=[orgs["tk"], orgs["ntnu"]],
        notes=(
            "Styringsgruppen drøfter grunnlaget for en forlengelse av avtalen ut 2025 "
            "(kilde: beskrivelsen av TRD3.0 fra 2021). Følgeforskningen anbefaler en "
            "målformulering med resultatmål, effektmål og milepæler i en videreføring. "
            "Status er ikke oppdatert etter 2021."
        ),
    )
    w.agreement(
        partnership,
        "Samarbeidsavtale Trondheim kommune – SINTEF",
        status=AgreementStatus.IN_FORCE,
        parties=[orgs["tk"], orgs["sintef"]],
        notes=(
            "Egen samarbeidsavtale ved siden av TRD3.0, med fokus på smartby og helse. "
            "Periode og signering er ikke registrert (status per 2021)."
        ),
    )
    return partnership


def _areas_and_elements(w: _Writer, partnership: Partnership, leaders: dict[str, Person]):
    areas = {}
    for order, spec in enumerate(AREAS, start=1):
        areas[spec["name"]] = w.focus_area(
            partnership,
            spec["name"],
            name_en=spec["name_en"],
            description=spec["description"],
            is_cross_sectoral=spec["cross"],
            order=order,
            leader=leaders[spec["name"]],
        )
    elements = {}
    for order, (name, name_en, description) in enumerate(ELEMENTS, start=1):
        elements[name] = w.element(
            partnership, name, name_en=name_en, description=description, order=order
        )
    return areas, elements


def _governance(w: _Writer, partnership, orgs, areas, leaders) -> dict[str, Any]:
    tk, ntnu = orgs["tk"], orgs["ntnu"]

    def unit(key: tuple[str, str]) -> OrgUnit:
        return w.units[key]

    TKD, NTD = MUNICIPALITY_MAIL_DOMAIN, UNIVERSITY_MAIL_DOMAIN
    people: dict[str, Any] = {"leaders": leaders, "members": {}}

    executive = w.person("Randi", "Demostad", domain=TKD)
    w.affiliation(
        executive, tk, unit=unit((tk.slug, "Kommunedirektørens stab")), title="Kommunedirektør"
    )
    prorector = w.person("Trond", "Eksempelsen", domain=NTD)
    w.affiliation(
        prorector, ntnu, unit=unit((ntnu.slug, "Rektoratet")), title="Prorektor for nyskaping"
    )

    steering = w.body(
        partnership,
        "Styringsgruppen for TRD3.0",
        kind=BodyKind.STEERING_GROUP,
        mandate=(
            "Styrer TRD3.0. Ledes av kommunedirektøren og prorektor for nyskaping; i tillegg "
            "sitter tre ledere på nivå 2 fra hver av partnerne. Drøfter blant annet grunnlaget "
            "for en forlengelse av samarbeidet ut 2025."
        ),
    )
    w.member(steering, executive, MembershipRole.CHAIR, title="Kommunedirektør", represents=tk)
    w.member(
        steering,
        prorector,
        MembershipRole.CO_CHAIR,
        title="Prorektor for nyskaping",
        represents=ntnu,
    )

    member_index = 0
    for order, spec in enumerate(AREAS):
        area = areas[spec["name"]]
        tk_area = unit((tk.slug, spec["tk_area"]))
        faculty = unit((ntnu.slug, spec["faculty"]))
        first, last, title = spec["director"]
        director = w.person(first, last, domain=TKD)
        w.affiliation(director, tk, unit=tk_area, title=title)
        first, last, dean_title = spec["dean"]
        dean = w.person(first, last, domain=NTD)
        w.affiliation(dean, ntnu, unit=faculty, title="Dekan")
        if order < 3:  # three level-2 leaders from each party in the steering group
            w.member(steering, director, MembershipRole.MEMBER, title=title, represents=tk)
            w.member(steering, dean, MembershipRole.MEMBER, title=dean_title, represents=ntnu)

        leader = leaders[spec["name"]]
        leader_title = f"Prosjektleder TRD3.0, {spec['name']}"

        committee = w.body(
            partnership,
            f"Innovasjonsutvalg for {spec['name'].lower()}",
            kind=BodyKind.INNOVATION_COMMITTEE,
            focus_area=area,
            mandate=(
                "Bidrar til å definere og prioritere oppgaver innenfor fokusområdet "
                f"{spec['name']}. Ledes av dekan og områdedirektør; består av ledere på nivå "
                "2 og 3 i kommunen og ved NTNU og sentrale fagpersoner."
            ),
        )
        w.member(committee, director, MembershipRole.CHAIR, title=title, represents=tk)
        w.member(committee, dean, MembershipRole.CO_CHAIR, title=dean_title, represents=ntnu)
        w.member(
            committee, leader, MembershipRole.PROJECT_LEADER, title=leader_title, represents=tk
        )
        members = []
        for party, position, unit_name in spec["members"]:
            first = MEMBER_FIRST_NAMES[member_index]
            prefixes, suffixes = MEMBER_SURNAME_PARTS
            last = prefixes[member_index % 5] + suffixes[member_index // 5]
            member_index += 1
            org = tk if party == "tk" else ntnu
            person = w.person(first, last, domain=TKD if party == "tk" else NTD)
            member_unit = unit((org.slug, unit_name))
            w.affiliation(person, org, unit=member_unit, title=position)
            w.member(
                committee,
                person,
                MembershipRole.MEMBER,
                title=f"{position}, {unit_name}",
                represents=org,
            )
            members.append(person)
        people["members"][spec["name"]] = members

    coordination = w.body(
        partnership,
        "Koordineringsgruppe for TRD3.0",
        kind=BodyKind.COORDINATION,
        mandate=(
            "De fem prosjektlederne og partenes koordinatorer. Prosjektlederne har faste "
            "koordineringsmøter; koordinatorene sikrer god kopling mellom styringsgruppe og "
            "prosjektledere/innovasjonsutvalg, og forbereder og følger opp saker til "
            "styringsgruppen."
        ),
    )
    for spec in AREAS:
        w.member(
            coordination,
            people["leaders"][spec["name"]],
            MembershipRole.PROJECT_LEADER,
            title=f"Prosjektleder, {spec['name']}",
            represents=tk,
        )
    coordinator_tk = w.person("Kari", "Demostrand", domain=TKD)
    w.affiliation(
        coordinator_tk,
        tk,
        unit=unit((tk.slug, "FoU og innovasjon")),
        title="Koordinator for TRD3.0",
    )
    coordinator_ntnu = w.person("Anders", "Eksempelvik", domain=NTD)
    w.affiliation(
        coordinator_ntnu, ntnu, unit=unit((ntnu.slug, "Rektoratet")), title="Koordinator for TRD3.0"
    )
    w.member(
        coordination, coordinator_tk, MembershipRole.COORDINATOR, title="Koordinator", represents=tk
    )
    w.member(
        coordination,
        coordinator_ntnu,
        MembershipRole.COORDINATOR,
        title="Koordinator",
        represents=ntnu,
    )
    people["coordinator_tk"] = coordinator_tk
    people["coordinator_ntnu"] = coordinator_ntnu
    return people


def _leaders(w: _Writer, orgs: dict[str, Organization]) -> dict[str, Person]:
    """The five TRD3.0 project leaders: combined positions, 50 % at each party."""
    tk, ntnu = orgs["tk"], orgs["ntnu"]
    leaders = {}
    for spec in AREAS:
        first, last = spec["leader"]
        leader = w.person(
            first,
            last,
            domain=MUNICIPALITY_MAIL_DOMAIN,
            expertise=f"Prosjektleder i TRD3.0 for fokusområdet {spec['name']}.",
        )
        title = f"Prosjektleder TRD3.0, {spec['name']}"
        w.affiliation(leader, tk, unit=w.units[(tk.slug, spec["tk_area"])], title=title, share=50)
        w.affiliation(
            leader, ntnu, unit=w.units[(ntnu.slug, spec["faculty"])], title=title, share=50
        )
        leaders[spec["name"]] = leader
    return leaders


def _partners(*items: tuple[Organization, str] | tuple[Organization, str, Decimal, str]):
    result = []
    for item in items:
        row: dict[str, Any] = {"organization": item[0], "role": item[1]}
        if len(item) > 2:
            row["contribution"] = item[2]
            row["currency"] = item[3]
        result.append(row)
    return result


def _seed_projects(w: _Writer, partnership, orgs, areas, elements, people) -> None:
    tk, ntnu = orgs["tk"], orgs["ntnu"]
    u = lambda name: w.units[(tk.slug, name)]  # noqa: E731
    lead = people["leaders"]

    def contact(area_name: str) -> list[dict[str, Any]]:
        return [
            {"person": lead[area_name], "role": "municipal_contact", "organization": tk},
        ]

    # +CityxChange: real data from Forskningsrådet's EU grant data set. Registered as granted,
    # then moved through the lifecycle so its timeline shows transitions with comments.
    cityx_partners = []
    for orgnr, _name, role, eur in CITYXCHANGE_NORWEGIAN_PARTNERS:
        org = Organization.objects.get(orgnr=orgnr)
        cityx_partners.append(
            {
                "organization": org,
                "role": "coordinator" if role == "COORDINATOR" else "partner",
                "contribution": eur,
                "currency": "EUR",
            }
        )
    cityx_partners.append({"organization": orgs["ec"], "role": "funder"})
    w.project(
        partnership,
        "cityxchange",
        title=SEED_PROJECT_TITLES[0],
        title_en="+CityxChange – Positive City ExChange",
        acronym="+CityxChange",
        kind="innovation",
        status="granted",
        start_date=_d("2018-11-01"),
        end_date=_d("2023-10-31"),
        summary=(
            "EU-fyrtårnprosjekt (Horisont 2020, Smart Cities and Communities). Sammen med "
            "byens næringsliv og borgere jobber Trondheim kommune og NTNU for å skape en "
            "grønnere, energipositiv by. NTNU koordinerer prosjektet. Samarbeidet om "
            "+CityxChange var en viktig grunn til at FN i 2019 utpekte Trondheim som "
            "foregangskommune for bærekraftig utvikling."
        ),
        summary_en=(
            "EU lighthouse project (Horizon 2020, Smart Cities and Communities). Together with "
            "local businesses and citizens, Trondheim Municipality and NTNU work to create a "
            "greener, energy-positive city. NTNU coordinates the project."
        ),
        focus_areas=[areas["Smart by/kommune"], areas["Byutvikling"]],
        elements=[elements["Tematiske oppdrag"]],
        municipal_units=[u("Smartby og digitalisering"), u("Byplankontoret"), u("Miljøenheten")],
        partners=cityx_partners,
        participants=contact("Smart by/kommune"),
        funding_lines=[
            {
                "funder": orgs["ec"],
                "programme": (
                    "Horisont 2020 – LC-SC3-SCC-1-2018-2019-2020 (Innovation action); "
                    "beløpet er EU-bidraget til de norske partnerne"
                ),
                "grant_id": CITYXCHANGE_GRANT,
                "status": "granted",
                "amount_granted": sum(p[3] for p in CITYXCHANGE_NORWEGIAN_PARTNERS),
                "currency": "EUR",
                "start_date": _d("2018-11-01"),
                "end_date": _d("2023-10-31"),
                "source": "forskningsradet_eu",
                "source_id": CITYXCHANGE_GRANT,
            }
        ],
        identifiers={"eu_grant": CITYXCHANGE_GRANT},
        links=[{"url": "https://cityxchange.eu/", "label": "cityxchange.eu"}],
        keywords=["energipositiv by", "positive energiblokker", "smartby", "fyrtårnprosjekt"],
        sdgs=[7, 11, 13],
        transitions=(
            (
                "active",
                "Kontrakten med Europakommisjonen ble signert 19.11.2018; oppstart 1.11.2018.",
            ),
            ("completed", "Kontraktsperioden endte 31.10.2023 (Forskningsrådets EU-data)."),
        ),
    )

    w.project(
        partnership,
        "park4sump",
        title="Park4SUMP",
        title_en="Park4SUMP – parking management in sustainable urban mobility plans",
        acronym="Park4SUMP",
        kind="innovation",
        status="completed",
        start_date=_d("2018-09-01"),
        end_date=_d("2022-02-28"),
        summary=(
            "EU-prosjekt (Horisont 2020, MG-4.1-2017) som viser hvordan innovativ "
            "parkeringsforvaltning kan bygges inn i planer for bærekraftig bymobilitet (SUMP). "
            "Trondheim kommune deltar som partner. Kilde: Forskningsrådets datasett over "
            "EU-bevilgninger til norske forskningsmiljøer."
        ),
        focus_areas=[areas["Byutvikling"]],
        municipal_units=[u("Byplankontoret"), u("Miljøenheten")],
        partners=_partners((tk, "partner", PARK4SUMP_TK_EUR, "EUR"), (orgs["ec"], "funder")),
        funding_lines=[
            {
                "funder": orgs["ec"],
                "programme": "Horisont 2020 – MG-4.1-2017; beløpet er Trondheim kommunes andel",
                "grant_id": PARK4SUMP_GRANT,
                "status": "granted",
                "amount_granted": PARK4SUMP_TK_EUR,
                "currency": "EUR",
                "start_date": _d("2018-09-01"),
                "end_date": _d("2022-02-28"),
                "source": "forskningsradet_eu",
                "source_id": PARK4SUMP_GRANT,
            }
        ],
        identifiers={"eu_grant": PARK4SUMP_GRANT},
        keywords=["parkering", "bærekraftig mobilitet", "SUMP"],
        sdgs=[11, 13],
    )

    both = _partners((tk, "partner"), (ntnu, "partner"))
    w.project(
        partnership,
        "sykehjemsprosjektet",
        title=SEED_PROJECT_TITLES[1],
        title_en="The nursing home project: sleep, activity and use of resources",
        kind="research",
        status="completed",
        summary=(
            "Søvn, aktivitet og ressursbruk i helse- og velferdssentra. Forskere og studenter "
            "knyttes til pågående utviklingsarbeid i helse- og velferdssentrene. Fra høsten "
            "2021 skal ca. 100 studenter gjøre datainnsamling knyttet til obligatorisk "
            "undervisning."
        ),
        summary_en=(
            "Sleep, activity and use of resources in the municipality's health and welfare "
            "centres. Researchers and students join ongoing development work; from autumn "
            "2021 about 100 students collect data as part of compulsory teaching."
        ),
        focus_areas=[areas["Helse og velferd"]],
        elements=[elements["Utdanningssamarbeid"], elements["Tematiske oppdrag"]],
        municipal_units=[
            u("Helse- og velferdssenter Østbyen"),
            u("Helse- og velferdssenter Solbrekka"),
        ],
        partners=both,
        participants=contact("Helse og velferd"),
        keywords=["søvn", "aktivitet", "ressursbruk", "sykehjem", "studentpraksis"],
        sdgs=[3],
    )
    w.project(
        partnership,
        "trondheimsmodellen",
        title=SEED_PROJECT_TITLES[2],
        title_en="The Trondheim model",
        kind="innovation",
        status="completed",
        summary=(
            "Erfaringer ansatte i kommunen har fra HUNT-datainnsamling formidles inn i praksis. "
            "Omfatter bruk av standardiserte verktøy og utvikling av en opplæringsplan for "
            "primærkontaktrollen."
        ),
        summary_en=(
            "Experience that municipal employees gained from HUNT data collection is brought "
            "into practice: standardised tools and a training plan for the primary contact role."
        ),
        focus_areas=[areas["Helse og velferd"]],
        elements=[elements["Livslang læring"]],
        municipal_units=[u("Enhet for hjemmetjenester"), u("Helse- og velferdssenter Fjellvang")],
        partners=both,
        participants=contact("Helse og velferd"),
        keywords=["HUNT", "primærkontakt", "standardiserte verktøy", "opplæringsplan"],
        sdgs=[3],
    )
    w.project(
        partnership,
        "ungit",
        title=SEED_PROJECT_TITLES[3],
        title_en="UngIT (Young in Trondheim)",
        acronym="UngIT",
        kind="pilot",
        status="completed",
        summary=(
            "Pilotering av frokostkafé for elever på 8. trinn i samarbeid mellom kirken, "
            "Kulturenheten og Barne- og familietjenesten (BFT). Følgeevaluering ved NTNUs "
            "Institutt for pedagogikk og livslang læring."
        ),
        summary_en=(
            "Pilot of a breakfast café for year-8 pupils run by the church, the municipal "
            "culture unit and the child and family service, with an accompanying evaluation by "
            "NTNU's Department of Education and Lifelong Learning."
        ),
        focus_areas=[areas["Oppvekst og utdanning"]],
        elements=[elements["Tematiske oppdrag"]],
        municipal_units=[u("Kulturenheten"), u("Barne- og familietjenesten (BFT)")],
        partners=_partners((tk, "partner"), (ntnu, "partner"), (orgs["kirken"], "partner")),
        participants=contact("Oppvekst og utdanning"),
        keywords=["frokostkafé", "ungdom", "8. trinn", "følgeevaluering"],
        sdgs=[3, 4, 10],
    )
    w.project(
        partnership,
        "bedre-skolestart",
        title=SEED_PROJECT_TITLES[4],
        title_en="A better school start for all",
        kind="pilot",
        status="completed",
        summary=(
            "Pilotering av tre modeller for bedre skolestart for alle. Deler av arbeidet skal "
            "følgeevalueres."
        ),
        summary_en="Pilot of three models for a better school start for all children; "
        "parts of the work are evaluated.",
        focus_areas=[areas["Oppvekst og utdanning"]],
        elements=[elements["Tematiske oppdrag"]],
        municipal_units=[u("Østbyen skole"), u("Fjellvang barneskole"), u("Enhet for barnehager")],
        partners=both,
        participants=contact("Oppvekst og utdanning"),
        keywords=["skolestart", "overgang barnehage–skole", "følgeevaluering"],
        sdgs=[4],
    )
    w.project(
        partnership,
        "byferge-zeabuz",
        title=SEED_PROJECT_TITLES[5],
        title_en="Autonomous, electric city ferry (Zeabuz)",
        kind="innovation",
        status="completed",
        summary=(
            "Autonom, elektrisk byferge over kanalen i Trondheim. Teknologien er utviklet ved "
            "NTNU, og fergen er bygget i Trondheim. Det planlegges en testperiode med publikum "
            "i Trondheim i løpet av 2021/22. Zeabuz AS er selskapet bak løsningen."
        ),
        summary_en=(
            "Autonomous, electric city ferry. The technology was developed at NTNU and the "
            "ferry was built in Trondheim; a test period with passengers was planned for "
            "2021/22. Zeabuz AS is the company behind the solution."
        ),
        focus_areas=[
            areas["Smart by/kommune"],
            areas["Byutvikling"],
            areas["Innovasjon og omstilling"],
        ],
        elements=[elements["Tematiske oppdrag"]],
        municipal_units=[u("Smartby og digitalisering"), u("Kommunalteknikk")],
        partners=_partners((tk, "partner"), (ntnu, "partner"), (orgs["zeabuz"], "partner")),
        participants=contact("Smart by/kommune"),
        keywords=["autonom ferge", "byferge", "elektrisk ferge", "mobilitet"],
        sdgs=[9, 11, 13],
    )
    w.project(
        partnership,
        "forankre-ioa",
        title=SEED_PROJECT_TITLES[6],
        title_en="Anchoring innovative public procurement in municipalities",
        kind="research",
        status="completed",
        summary=(
            "Målet er å øke kvaliteten på og kvantiteten av innovative offentlige anskaffelser "
            "(IOA) i Norge gjennom å styrke kommunenes innovasjonskapabilitet på anskaffelser, "
            "og dermed bidra til økt tjenestekvalitet for innbyggerne, reduserte kostnader for "
            "kommunen, verdiskaping for leverandørene og et mer bærekraftig samfunn og "
            "næringsliv."
        ),
        summary_en=(
            "Aims to raise the quality and number of innovative public procurements in Norway "
            "by strengthening municipalities' innovation capability in procurement."
        ),
        focus_areas=[areas["Innovasjon og omstilling"]],
        elements=[elements["Profesjonalisering av samarbeid for forskning og utvikling"]],
        municipal_units=[u("FoU og innovasjon"), u("Økonomi og analyse")],
        partners=both,
        participants=contact("Innovasjon og omstilling"),
        keywords=["innovative offentlige anskaffelser", "IOA", "innovasjonskapabilitet"],
        sdgs=[9, 12],
    )
    w.project(
        partnership,
        "corner",
        title=SEED_PROJECT_TITLES[7],
        title_en="Coordination, Response and Networked Resilience",
        acronym="CORNER",
        kind="research",
        status="completed",
        summary=(
            "Utgangspunktet for CORNER er at kriseledelse, politikk og rollen til eksperter og "
            "forskere siden starten av koronapandemien har foregått i en situasjon som kan "
            "kalles «post-normal». CORNER bidrar med en sammenlignende studie i Norge, Sverige "
            "og Italia. Hensikten er å forbedre evnen til å tilpasse seg og lede den pågående "
            "krisen, og forbedre motstandsdyktigheten ved en fremtidig krise."
        ),
        summary_en=(
            "A comparative study in Norway, Sweden and Italy of crisis management, policy and "
            "the role of experts during the COVID-19 pandemic, to improve adaptation and "
            "resilience in future crises."
        ),
        focus_areas=[areas["Innovasjon og omstilling"]],
        municipal_units=[u("Økonomi og analyse")],
        partners=both,
        keywords=["kriseledelse", "koronapandemien", "resiliens", "komparativ studie"],
        sdgs=[3, 16],
    )
    enhance_partners = [(tk, "partner"), (ntnu, "partner")] + [
        (orgs[key], "partner") for key in ("rwth", "chalmers", "polimi", "upv", "pw", "tub")
    ]
    w.project(
        partnership,
        "enhance",
        title=SEED_PROJECT_TITLES[8],
        title_en="ENHANCE – driving responsible societal transformation",
        acronym="ENHANCE",
        kind="education",
        status="active",
        summary=(
            "Erasmus+-prosjekt der universitetskommunen Trondheim deltar sammen med seks andre "
            "teknologiske universiteter og deres byer: Aachen, Göteborg, Milano, Valencia, "
            "Warszawa og Berlin."
        ),
        summary_en=(
            "Erasmus+ project in which the university municipality of Trondheim takes part "
            "together with six other technical universities and their cities: Aachen, "
            "Gothenburg, Milan, Valencia, Warsaw and Berlin."
        ),
        focus_areas=[areas["Innovasjon og omstilling"]],
        elements=[elements["Utdanningssamarbeid"], elements["Livslang læring"]],
        municipal_units=[u("FoU og innovasjon")],
        partners=_partners(*enhance_partners, (orgs["ec"], "funder")),
        funding_lines=[
            {
                "funder": orgs["ec"],
                "programme": "Erasmus+ (European Universities)",
                "status": "granted",
                "currency": "EUR",
            }
        ],
        participants=contact("Innovasjon og omstilling"),
        keywords=["europeisk universitetsallianse", "Erasmus+", "samfunnsansvar"],
        sdgs=[4, 17],
    )
    w.project(
        partnership,
        "univercity",
        title="UniverCity – følgeforskning på TRD3.0",
        title_en="UniverCity – accompanying research on TRD3.0",
        acronym="UniverCity",
        kind="evaluation",
        status="completed",
        summary=(
            "Følgeforskningsprosjektet UniverCity, ledet av SINTEF, evaluerer TRD3.0. "
            "Midtveisrapporten kom våren 2021: TRD3.0 representerer en systeminnovasjon, og "
            "måloppnåelse vil vanskelig kunne leses av innen utgangen av pilotperioden i 2021. "
            "Følgeforskningen anbefaler en tydeligere målformulering i en videreføring."
        ),
        summary_en=(
            "UniverCity, led by SINTEF, evaluates TRD3.0. Its mid-term report (spring 2021) "
            "describes TRD3.0 as a system innovation whose results will be hard to read before "
            "the pilot period ends."
        ),
        elements=[elements["Profesjonalisering av samarbeid for forskning og utvikling"]],
        municipal_units=[u("FoU og innovasjon")],
        partners=_partners((orgs["sintef"], "coordinator"), (tk, "partner"), (ntnu, "partner")),
        participants=[
            {"person": people["coordinator_tk"], "role": "municipal_contact", "organization": tk}
        ],
        keywords=["følgeforskning", "evaluering", "universitetskommune", "systeminnovasjon"],
        sdgs=[17],
    )


def _fictional_projects(w: _Writer, partnership, orgs, areas, elements, people) -> None:
    """Invented projects, labelled as such, that give filters and the lifecycle substance."""
    tk, ntnu, rcn = orgs["tk"], orgs["ntnu"], orgs["rcn"]
    u = lambda name: w.units[(tk.slug, name)]  # noqa: E731
    lead = people["leaders"]
    members = people["members"]
    both = _partners((tk, "partner"), (ntnu, "partner"))

    def team(area_name: str, researcher_index: int = 3) -> list[dict[str, Any]]:
        return [
            {"person": lead[area_name], "role": "municipal_contact", "organization": tk},
            {
                "person": members[area_name][researcher_index],
                "role": "project_manager",
                "organization": ntnu,
            },
        ]

    def rcn_line(programme: str, status: str, applied: int, granted: int | None = None):
        return [
            {
                "funder": rcn,
                "programme": programme,
                "status": status,
                "amount_applied": Decimal(applied),
                "amount_granted": None if granted is None else Decimal(granted),
                "currency": "NOK",
            }
        ]

    to_submitted = (
        ("assessment", "Meldt inn til innovasjonsutvalget."),
        ("preparing", "Innovasjonsutvalget prioriterer prosjektet; søknadsarbeid starter."),
        ("submitted", "Søknaden er sendt til Forskningsrådet."),
    )
    projects: tuple[dict[str, Any], ...] = (
        {
            "key": "demo-nattilsyn",
            "title": "Digitalt nattilsyn i helse- og velferdssentre",
            "kind": "innovation",
            "summary": "Prøver ut digitalt tilsyn om natten som supplement til fysisk tilsyn, "
            "med vekt på søvnkvalitet og ressursbruk. Søknad venter på svar.",
            "start_date": _d("2026-09-01"),
            "end_date": _d("2029-08-31"),
            "focus_areas": [areas["Helse og velferd"], areas["Smart by/kommune"]],
            "elements": [elements["Tematiske oppdrag"]],
            "municipal_units": [
                u("Helse- og velferdssenter Østbyen"),
                u("Helse- og velferdssenter Solbrekka"),
            ],
            "partners": _partners(
                (tk, "responsible_institution"), (ntnu, "partner"), (orgs["sintef"], "partner")
            ),
            "participants": team("Helse og velferd"),
            "funding_lines": rcn_line(
                "Innovasjonsprosjekt i offentlig sektor (fiktivt beløp)", "applied", 9_800_000
            ),
            "keywords": ["velferdsteknologi", "nattilsyn", "søvn"],
            "sdgs": [3],
            "transitions": to_submitted,
        },
        {
            "key": "demo-lavinntekt-phd",
            "title": "Offentlig sektor-ph.d.: samordnede tjenester for barn i lavinntektsfamilier",
            "kind": "public_sector_phd",
            "summary": "En ansatt i Barne- og familietjenesten tar doktorgrad på hvordan "
            "tjenestene kan samordnes rundt barn i familier med lav inntekt. Søknad under "
            "arbeid.",
            "focus_areas": [areas["Oppvekst og utdanning"]],
            "elements": [elements["Profesjonalisering av samarbeid for forskning og utvikling"]],
            "municipal_units": [u("Barne- og familietjenesten (BFT)")],
            "partners": both,
            "participants": team("Oppvekst og utdanning"),
            "funding_lines": rcn_line(
                "Offentlig sektor-ph.d. (fiktivt beløp)", "planned", 2_400_000
            ),
            "keywords": ["barnefattigdom", "samordning", "offentlig sektor-ph.d."],
            "sdgs": [1, 10],
            "transitions": to_submitted[:2],
        },
        {
            "key": "demo-overvann",
            "title": "Naturbaserte løsninger for overvann i nye boligområder",
            "kind": "research",
            "summary": "Idé fra Kommunalteknikk om å teste regnbed og grønne tak i to nye "
            "boligområder. Til vurdering i innovasjonsutvalget.",
            "focus_areas": [areas["Byutvikling"]],
            "municipal_units": [u("Kommunalteknikk"), u("Byplankontoret")],
            "partners": both,
            "participants": team("Byutvikling"),
            "keywords": ["overvann", "klimatilpasning", "naturbaserte løsninger"],
            "sdgs": [6, 11, 13],
            "transitions": (("assessment", "Meldt inn av Kommunalteknikk."),),
        },
        {
            "key": "demo-ki-byggesak",
            "title": "Kunstig intelligens som støtte i byggesaksbehandling",
            "kind": "innovation",
            "summary": "Idé om å bruke språkmodeller til å sjekke at byggesøknader er "
            "komplette før saksbehandling. Ikke vurdert ennå.",
            "focus_areas": [areas["Smart by/kommune"], areas["Byutvikling"]],
            "municipal_units": [u("Byplankontoret"), u("Smartby og digitalisering")],
            "partners": both,
            "participants": team("Smart by/kommune"),
            "keywords": ["kunstig intelligens", "byggesak", "digitalisering"],
            "sdgs": [9, 16],
        },
        {
            "key": "demo-laeringsmiljo",
            "title": "Læringsmiljø og mestring på ungdomstrinnet",
            "kind": "research",
            "summary": "Forskningsprosjekt om hvordan ungdomsskoler kan bygge læringsmiljø som "
            "gir mestring for alle elever. Innvilget, starter høsten 2026.",
            "start_date": _d("2026-08-01"),
            "end_date": _d("2029-07-31"),
            "focus_areas": [areas["Oppvekst og utdanning"]],
            "elements": [elements["Utdanningssamarbeid"]],
            "municipal_units": [u("Solbrekka ungdomsskole"), u("Østbyen skole")],
            "partners": both,
            "participants": team("Oppvekst og utdanning", 4),
            "funding_lines": rcn_line(
                "FORKOMMUNE – forskning for kommunesektoren (fiktivt beløp)",
                "granted",
                8_000_000,
                7_500_000,
            ),
            "keywords": ["læringsmiljø", "mestring", "ungdomsskole"],
            "sdgs": [4],
            "transitions": to_submitted + (("granted", "Innvilget med redusert budsjett."),),
        },
        {
            "key": "demo-demens",
            "title": "Velferdsteknologi for hjemmeboende personer med demens",
            "kind": "innovation",
            "summary": "Prøver ut sensorer og digitale hjelpemidler som gjør det tryggere å bo "
            "hjemme med demens, sammen med pårørende.",
            "start_date": _d("2024-01-01"),
            "end_date": _d("2027-12-31"),
            "focus_areas": [areas["Helse og velferd"]],
            "elements": [elements["Livslang læring"]],
            "municipal_units": [
                u("Enhet for hjemmetjenester"),
                u("Enhet for ergoterapi og fysioterapi"),
            ],
            "partners": both,
            "participants": team("Helse og velferd", 4),
            "funding_lines": rcn_line(
                "FORKOMMUNE – forskning for kommunesektoren (fiktivt beløp)",
                "granted",
                4_000_000,
                4_000_000,
            ),
            "keywords": ["demens", "velferdsteknologi", "hjemmetjenester"],
            "sdgs": [3],
            "transitions": (("active", "Startet uten egen søknadsrunde (finansiert internt)."),),
        },
        {
            "key": "demo-sirkulaere-anskaffelser",
            "title": "Sirkulære anskaffelser i bygg og anlegg",
            "kind": "research",
            "summary": "Søknad om et prosjekt om ombruk og sirkulære krav i kommunens bygg- og "
            "anleggsanskaffelser. Fikk avslag og er under omarbeiding for ny runde.",
            "focus_areas": [areas["Innovasjon og omstilling"], areas["Byutvikling"]],
            "elements": [elements["Tematiske oppdrag"]],
            "municipal_units": [u("Trondheim eiendom")],
            "partners": both,
            "participants": team("Innovasjon og omstilling"),
            "funding_lines": rcn_line(
                "Innovasjonsprosjekt i offentlig sektor (fiktivt beløp)", "rejected", 6_000_000
            ),
            "keywords": ["sirkulærøkonomi", "ombruk", "anskaffelser"],
            "sdgs": [12, 13],
            "transitions": to_submitted
            + (
                (
                    "rejected",
                    "Avslag: søknaden fikk 5 av 7 på relevans, for svak på gjennomføring.",
                ),
                ("preparing", "Omarbeides med sterkere gjennomføringsplan for ny søknadsfrist."),
            ),
        },
        {
            "key": "demo-mobilitetsdata",
            "title": "Mobilitetsdata for et bedre kollektivtilbud",
            "kind": "research",
            "summary": "Forslag fra et forskningsmiljø om å analysere anonymiserte "
            "mobilitetsdata. Kommunen takket nei av kapasitetshensyn.",
            "focus_areas": [areas["Smart by/kommune"]],
            "municipal_units": [u("Kommunalteknikk")],
            "partners": both,
            "keywords": ["mobilitet", "kollektivtransport", "data"],
            "sdgs": [11],
            "transitions": (
                ("assessment", "Forespørsel fra NTNU."),
                ("declined", "Byutvikling har ikke kapasitet til nye prosjekter dette året."),
            ),
        },
        {
            "key": "demo-fou-kapasitet",
            "title": "Kartlegging av FoU-kapasitet i kommunens enheter",
            "kind": "other",
            "visibility": "internal",
            "summary": "Intern kartlegging av hvor mange FoU-prosjekter enhetene kan delta i, "
            "som grunnlag for porteføljestyring. Kun synlig for innloggede.",
            "start_date": _d("2025-01-01"),
            "focus_areas": [areas["Innovasjon og omstilling"]],
            "elements": [elements["Profesjonalisering av samarbeid for forskning og utvikling"]],
            "municipal_units": [u("FoU og innovasjon")],
            "partners": _partners((tk, "responsible_institution")),
            "participants": [
                {
                    "person": people["coordinator_tk"],
                    "role": "project_manager",
                    "organization": tk,
                }
            ],
            "keywords": ["kapasitet", "porteføljestyring"],
            "status": "active",
        },
        {
            "key": "demo-eit-landsby",
            "title": "Eksperter i team-landsby: inkluderende nærmiljø",
            "kind": "education",
            "summary": "Studentgrupper i Eksperter i team jobbet med oppgaver fra Kulturenheten "
            "om inkluderende møteplasser i nærmiljøet.",
            "start_date": _d("2025-01-06"),
            "end_date": _d("2025-05-31"),
            "focus_areas": [areas["Innovasjon og omstilling"]],
            "elements": [elements["Utdanningssamarbeid"]],
            "municipal_units": [u("Kulturenheten")],
            "partners": both,
            "keywords": ["Eksperter i team", "studenter", "nærmiljø"],
            "sdgs": [10, 11],
            "transitions": (
                ("active", "Landsbyen startet i vårsemesteret."),
                ("completed", "Rapportene er levert og presentert for Kulturenheten."),
            ),
        },
        {
            "key": "demo-skolebibliotek",
            "title": "Skolebiblioteket som læringsarena",
            "kind": "pilot",
            "summary": "Idé om et samarbeid mellom skoler og folkebiblioteket. Trukket av "
            "initiativtakerne.",
            "focus_areas": [areas["Oppvekst og utdanning"]],
            "municipal_units": [u("Trondheim folkebibliotek"), u("Fjellvang barneskole")],
            "partners": both,
            "keywords": ["skolebibliotek", "lesing"],
            "sdgs": [4],
            "transitions": (
                ("assessment", "Meldt inn av Trondheim folkebibliotek."),
                ("withdrawn", "Trukket: initiativtakerne prioriterer et annet prosjekt."),
            ),
        },
    )
    for spec in projects:
        spec = dict(spec)
        key = spec.pop("key")
        spec["summary"] = DEMO_LABEL + spec["summary"]
        spec["keywords"] = [*spec.get("keywords", []), "demoeksempel"]
        spec["identifiers"] = {"internal": f"DEMO-{key.removeprefix('demo-').upper()}"}
        w.project(partnership, key, **spec)
