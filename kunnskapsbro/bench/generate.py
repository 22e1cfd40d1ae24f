"""A synthetic national installation: every municipality, real research organisations,
~20 partnerships and N projects with people, partners, funding, identifiers and history.

Deterministic for a seed: one ``random.Random(seed)`` drives every choice, in a fixed order,
and every date is relative to ``ANCHOR`` (not today), so two runs with the same seed write the
same rows (ids included, on an empty database). Rows go in with ``bulk_create`` in batches;
the timestamps are written as generated (``auto_now`` is suspended for the duration) so the
portfolio has a realistic spread of "last changed" dates. The search index is then built with
``search.services.index_projects()``.

Knowledge needs follow the projects: about one per 40 projects, spread over the partnerships'
municipal units and focus areas in the proportions of a working oppgavebank (statuses from new
to answered, published needs offered as student assignments, answered needs linked to one of
the partnership's projects), each with its status changes and a ``+`` history record.
Not generated yet: education, goals, meetings; each issue that adds one extends this module.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.text import slugify
from stdnum.iso7064 import mod_11_2
from stdnum.no import orgnr as stdnum_orgnr

from kunnskapsbro.organizations.models import Affiliation, Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import (
    Agreement,
    CrossCuttingElement,
    FocusArea,
    Partnership,
    PartnershipParty,
)
from kunnskapsbro.projects.models import (
    FundingLine,
    Project,
    ProjectIdentifier,
    ProjectParticipant,
    ProjectPartner,
    StatusTransition,
)

from . import sources, vocabulary

ANCHOR = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
SOURCE = "bench"
TARGET_ORGANIZATIONS = 5000
PARTNERSHIP_COUNT = 20
PEOPLE_PER_PROJECT = 2
CHUNK = 5000
BATCH = 2000
NEEDS_PER_PROJECTS = 40
NEED_STATUS_WEIGHTS = {
    "new": 15,
    "prioritised": 15,
    "published": 25,
    "in_progress": 15,
    "answered": 20,
    "closed": 10,
}
BENCH_ADMIN = "bench-admin"
BENCH_COORDINATOR = "bench-coordinator"

# Share of projects per status in a mature portfolio: mostly completed and active work, a
# steady stream of applications (a third of them rejected) and ideas.
STATUS_WEIGHTS = {
    "completed": 34,
    "active": 22,
    "idea": 8,
    "assessment": 4,
    "declined": 3,
    "preparing": 4,
    "submitted": 6,
    "granted": 3,
    "rejected": 10,
    "withdrawn": 3,
    "terminated": 3,
}
KIND_WEIGHTS = {
    "research": 38,
    "innovation": 20,
    "phd": 6,
    "public_sector_phd": 8,
    "evaluation": 8,
    "pilot": 9,
    "education": 5,
    "network": 4,
    "other": 2,
}
_APPLICATION = ["idea", "assessment", "preparing", "submitted"]
STATUS_PATHS: dict[str, list[list[str]]] = {
    "idea": [["idea"]],
    "assessment": [["idea", "assessment"]],
    "declined": [["idea", "assessment", "declined"]],
    "preparing": [["idea", "assessment", "preparing"]],
    "submitted": [_APPLICATION],
    "granted": [[*_APPLICATION, "granted"]],
    "rejected": [[*_APPLICATION, "rejected"]],
    "withdrawn": [["idea", "assessment", "preparing", "withdrawn"]],
    "active": [[*_APPLICATION, "granted", "active"], ["idea", "active"]],
    "completed": [
        [*_APPLICATION, "granted", "active", "completed"],
        ["idea", "active", "completed"],
    ],
    "terminated": [[*_APPLICATION, "granted", "active", "terminated"]],
}
# (municipality, university orgnr, research institute orgnr or "") of the 20 partnerships,
# largest first; the nearest real university of each (RCN data).
PARTNERSHIPS = [
    ("Oslo", "971035854", "919303808"),
    ("Trondheim", "974767880", "919303808"),
    ("Bergen", "874789542", ""),
    ("Stavanger", "971564679", ""),
    ("Bærum", "997058925", ""),
    ("Kristiansand", "970546200", ""),
    ("Tromsø", "970422528", ""),
    ("Drammen", "911770709", ""),
    ("Lillestrøm", "997058925", ""),
    ("Fredrikstad", "971567376", ""),
    ("Bodø", "970940243", ""),
    ("Ålesund", "974767880", ""),
    ("Sandnes", "971564679", ""),
    ("Skien", "911770709", ""),
    ("Gjøvik", "918108467", ""),
    ("Arendal", "970546200", ""),
    ("Tønsberg", "911770709", ""),
    ("Haugesund", "917641404", ""),
    ("Ås", "969159570", ""),
    ("Narvik", "970422528", ""),
]
FORSKNINGSRADET_ORGNR = "970141669"


@dataclass
class GenerateResult:
    projects: int
    seed: int
    seconds: float
    index_seconds: float
    counts: dict[str, int] = field(default_factory=dict)


class GenerationRefused(Exception):
    """The database already holds projects."""


@contextmanager
def _timestamps_as_given(*model_classes: type[models.Model]) -> Iterator[None]:
    """Suspend ``auto_now``/``auto_now_add`` so generated created/updated dates are kept."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _weighted(rng: random.Random, weights: dict[str, int]) -> Callable[[], str]:
    keys = list(weights)
    cumulative = []
    total = 0
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    return lambda: rng.choices(keys, cum_weights=cumulative)[0]


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


class _Generator:
    def __init__(self, *, projects: int, seed: int, say: Callable[[str], None]) -> None:
        self.n = projects
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.say = say
        self.counts: dict[str, int] = {}
        self.slugs: set[str] = set()

    # --- helpers ------------------------------------------------------------------------

    def slug(self, text: str, limit: int = 100) -> str:
        base = slugify(text)[:limit] or "x"
        candidate, i = base, 1
        while candidate in self.slugs:
            i += 1
            candidate = f"{base}-{i}"
        self.slugs.add(candidate)
        return candidate

    def bulk(self, model: type[models.Model], objects: list[Any]) -> list[Any]:
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        key = model._meta.label
        self.counts[key] = self.counts.get(key, 0) + len(objects)
        return created

    def moment(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        seconds = max(0, int((end - start).total_seconds()))
        return start + dt.timedelta(seconds=self.rng.randint(0, seconds))

    # --- organisations ------------------------------------------------------------------

    def organizations(self) -> None:
        stamp = ANCHOR - dt.timedelta(days=900)
        orgs: list[Organization] = []
        orgnrs: set[str] = set()

        def add(**fields: Any) -> None:
            orgnr = fields.get("orgnr")
            if orgnr:
                if orgnr in orgnrs:
                    return
                orgnrs.add(orgnr)
            orgs.append(
                Organization(
                    slug=self.slug(fields.pop("slug_text", fields["name"])),
                    source=SOURCE,
                    created_at=stamp,
                    updated_at=stamp,
                    **fields,
                )
            )

        for kommune in sources.kommuner():
            add(
                name=f"{kommune.name} kommune",
                kind="municipality",
                orgnr=kommune.orgnr,
                municipality_number=kommune.number,
                source_id=f"kommune:{kommune.number}",
            )
        real = sources.rcn_organizations()
        county_orgnr = {
            o.name.upper().replace(" FYLKESKOMMUNE", ""): o.orgnr
            for o in real
            if o.kind == "county"
        }
        for number, name in sources.counties():
            add(
                name=f"{name} fylkeskommune",
                kind="county",
                orgnr=county_orgnr.get(name.upper()),
                source_id=f"fylke:{number}",
            )
        for org in real:
            if org.kind in {"municipality", "county"}:
                continue  # already there from the kommune lists (or a former county)
            add(
                name=org.name,
                short_name=org.short_name,
                kind=org.kind,
                orgnr=org.orgnr,
                municipality_number=org.municipality_number,
                source_id=f"rcn:{org.orgnr}",
            )
        add(
            name="Europakommisjonen",
            name_en="European Commission",
            kind="public_agency",
            country="BE",
            short_name="EU",
            source_id="eu",
        )
        kommune_numbers = [k.number for k in sources.kommuner()]
        while len(orgs) < TARGET_ORGANIZATIONS:
            digits = f"{self.rng.choice('89')}{self.rng.randint(0, 9999999):07d}"
            check = _orgnr_check_digit(digits)
            if check is None or digits + check in orgnrs:
                continue
            name = (
                f"{self.rng.choice(vocabulary.COMPANY_WORDS)} "
                f"{self.rng.choice(vocabulary.COMPANY_TRADES)} AS"
            )
            add(
                name=name,
                slug_text=f"{name} {digits}",
                kind="company",
                orgnr=digits + check,
                municipality_number=self.rng.choice(kommune_numbers),
                source_id=f"company:{digits + check}",
            )
        created = self.bulk(Organization, orgs)
        self.by_orgnr = {o.orgnr: o for o in created if o.orgnr}
        self.kommune_by_name = {
            o.name.removesuffix(" kommune"): o for o in created if o.kind == "municipality"
        }
        self.municipalities = [o for o in created if o.kind == "municipality"]
        self.counties = {
            o.source_id.removeprefix("fylke:"): o for o in created if o.kind == "county"
        }
        self.institutes = [o for o in created if o.kind == "research_institute"]
        self.hospitals = [o for o in created if o.kind == "hospital"]
        self.companies = [o for o in created if o.kind == "company"]
        self.eu = next(o for o in created if o.source_id == "eu")
        self.rcn = self.by_orgnr[FORSKNINGSRADET_ORGNR]
        self.say(f"  {len(created)} organisasjoner")

    # --- partnerships -------------------------------------------------------------------

    def partnerships(self) -> None:
        stamp = ANCHOR - dt.timedelta(days=800)
        self.parts: list[dict[str, Any]] = []
        weights = [1 / (i + 1) ** 0.8 for i in range(PARTNERSHIP_COUNT)]
        total = sum(weights)
        rows = []
        for i, (kommune, university_orgnr, institute_orgnr) in enumerate(
            PARTNERSHIPS[:PARTNERSHIP_COUNT]
        ):
            municipality = self.kommune_by_name[kommune]
            university = self.by_orgnr[university_orgnr]
            institute = (
                self.by_orgnr[institute_orgnr]
                if institute_orgnr
                else self.rng.choice(self.institutes)
            )
            county = self.counties.get(municipality.municipality_number[:2])
            short = university.short_name or university.name.split()[-1]
            name = f"Universitetskommunen {kommune}"
            rows.append(
                Partnership(
                    name=name,
                    short_name=f"UK {kommune}",
                    slug=slugify(name),
                    description=f"Samarbeid mellom {municipality.name} og {short} om forskning, "
                    "utdanning og innovasjon.",
                    description_en=f"{municipality.name} and {short} working together.",
                    established=dt.date(2015 + i % 8, 1 + i % 12, 1),
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            self.parts.append(
                {
                    "municipality": municipality,
                    "university": university,
                    "institute": institute,
                    "county": county or self.rng.choice(list(self.counties.values())),
                    "weight": weights[i] / total,
                }
            )
        created = self.bulk(Partnership, rows)
        parties, areas, elements, units, agreements = [], [], [], [], []
        for part, partnership in zip(self.parts, created, strict=True):
            part["partnership"] = partnership
            for order, (org, role) in enumerate(
                [
                    (part["municipality"], "municipality"),
                    (part["university"], "university"),
                    (part["institute"], "research_institute"),
                ]
            ):
                parties.append(
                    PartnershipParty(
                        partnership=partnership,
                        organization=org,
                        role=role,
                        order=order,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
            count = self.rng.randint(5, len(vocabulary.FOCUS_AREAS))
            for order, (nb, en) in enumerate(vocabulary.FOCUS_AREAS[:count]):
                areas.append(
                    FocusArea(
                        partnership=partnership,
                        name=nb,
                        name_en=en,
                        slug=slugify(nb),
                        order=order,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
            for order, (nb, en) in enumerate(vocabulary.ELEMENTS[: self.rng.randint(2, 4)]):
                elements.append(
                    CrossCuttingElement(
                        partnership=partnership,
                        name=nb,
                        name_en=en,
                        slug=slugify(nb),
                        order=order,
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
            for name, kind in vocabulary.SERVICE_AREAS:
                units.append(
                    OrgUnit(
                        organization=part["municipality"],
                        name=name,
                        kind=kind,
                        capacity_projects=self.rng.randint(5, 60),
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
            agreements.append(
                Agreement(
                    partnership=partnership,
                    title=f"Samarbeidsavtale {partnership.name}",
                    status="in_force",
                    signed_date=partnership.established,
                    start_date=partnership.established,
                    end_date=dt.date(2029, 12, 31),
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        self.bulk(PartnershipParty, parties)
        self.bulk(Agreement, agreements)
        for area in self.bulk(FocusArea, areas):
            self._part_of(area.partnership_id).setdefault("areas", []).append(area.pk)
        for element in self.bulk(CrossCuttingElement, elements):
            self._part_of(element.partnership_id).setdefault("elements", []).append(element.pk)
        by_org: dict[int, list[int]] = {}
        for unit in self.bulk(OrgUnit, units):
            by_org.setdefault(unit.organization_id, []).append(unit.pk)
        for part in self.parts:
            part["units"] = by_org[part["municipality"].pk]
        self.say(f"  {len(created)} partnerskap")

    def _part_of(self, partnership_id: int) -> dict[str, Any]:
        return next(p for p in self.parts if p["partnership"].pk == partnership_id)

    # --- people -------------------------------------------------------------------------

    def people(self) -> None:
        total = self.n * PEOPLE_PER_PROJECT
        stamp = ANCHOR - dt.timedelta(days=700)
        rng = self.rng
        sides = ["municipality", "university", "institute", "company"]
        side_weights = [40, 40, 12, 8]
        people, homes = [], []
        cumulative = list(_cumulative([p["weight"] for p in self.parts]))
        for i in range(total):
            first, last = rng.choice(vocabulary.FIRST_NAMES), rng.choice(vocabulary.LAST_NAMES)
            part = rng.choices(range(len(self.parts)), cum_weights=cumulative)[0]
            side = rng.choices(sides, weights=side_weights)[0]
            orcid = ""
            if side in {"university", "institute"} and rng.random() < 0.6:
                digits = f"0000000{rng.randint(100000000, 999999999)}"[-15:]
                orcid_raw = digits + mod_11_2.calc_check_digit(digits)
                orcid = "-".join(orcid_raw[j : j + 4] for j in range(0, 16, 4))
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    slug=f"{slugify(first)}-{slugify(last)}-{i + 1}",
                    email=f"{slugify(first)}.{slugify(last)}.{i + 1}@eksempel.no",
                    orcid=orcid,
                    source=SOURCE,
                    source_id=str(i + 1),
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            homes.append((part, side))
        created: list[Person] = []
        for start in range(0, total, CHUNK * 4):
            created += self.bulk(Person, people[start : start + CHUNK * 4])
        self.pools: list[dict[str, list[int]]] = [{s: [] for s in sides} for _ in self.parts]
        self.everyone = [person.pk for person in created]
        affiliations = []
        titles = {
            "municipality": "Rådgiver",
            "university": "Førsteamanuensis",
            "institute": "Forsker",
            "company": "Seniorkonsulent",
        }
        self.person_org: dict[int, int] = {}
        for person, (part, side) in zip(created, homes, strict=True):
            self.pools[part][side].append(person.pk)
            org = self._side_org(part, side)
            self.person_org[person.pk] = org.pk
            affiliations.append(
                Affiliation(
                    person_id=person.pk,
                    organization_id=org.pk,
                    title=titles[side],
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
            if len(affiliations) >= CHUNK * 4:
                self.bulk(Affiliation, affiliations)
                affiliations = []
        self.bulk(Affiliation, affiliations)
        self.say(f"  {total} personer")

    def _side_org(self, part: int, side: str) -> Organization:
        p = self.parts[part]
        if side == "company":
            return self.companies[(part * 7919 + len(self.person_org)) % len(self.companies)]
        return p[
            {"municipality": "municipality", "university": "university", "institute": "institute"}[
                side
            ]
        ]

    def users(self) -> None:
        user_model = get_user_model()
        admin = user_model(
            username=BENCH_ADMIN,
            is_staff=True,
            is_superuser=True,
            first_name="Bench",
            last_name="Admin",
        )
        admin.set_unusable_password()
        coordinator = user_model(
            username=BENCH_COORDINATOR, first_name="Kari", last_name="Koordinator"
        )
        coordinator.set_unusable_password()
        self.bulk(user_model, [admin, coordinator])
        self.coordinator = user_model.objects.get(username=BENCH_COORDINATOR)
        from kunnskapsbro.accounts.models import RoleAssignment

        # The benchmark's coordinator coordinates every partnership (installation-wide role).
        RoleAssignment.objects.create(user=self.coordinator, role="coordinator", partnership=None)

    # --- projects -----------------------------------------------------------------------

    def projects(self) -> None:
        self.next_status = _weighted(self.rng, STATUS_WEIGHTS)
        self.next_kind = _weighted(self.rng, KIND_WEIGHTS)
        self.vocab = sources.vocabulary()
        self.part_cumulative = list(_cumulative([p["weight"] for p in self.parts]))
        self.rcn_serial = 300000
        self.eu_serial = 101000000
        done = 0
        while done < self.n:
            size = min(CHUNK, self.n - done)
            self._project_chunk(done, size)
            done += size
            self.say(f"  {done} prosjekter")

    def _project_chunk(self, offset: int, size: int) -> None:
        rng = self.rng
        specs = [self._project_spec(offset + i) for i in range(size)]
        created = self.bulk(Project, [spec["project"] for spec in specs])
        through_areas, through_elements, through_units = [], [], []
        partners, participants, lines, identifiers, transitions, history = [], [], [], [], [], []
        historical = Project.history.model
        project_fields = [f.attname for f in Project._meta.concrete_fields]
        for spec, project in zip(specs, created, strict=True):
            part = self.parts[spec["part"]]
            pid = project.pk
            if len(part.setdefault("some_projects", [])) < 300:
                part["some_projects"].append(pid)
            for area in rng.sample(part["areas"], 2 if rng.random() < 0.2 else 1):
                through_areas.append(Project.focus_areas.through(project_id=pid, focusarea_id=area))
            for element in rng.sample(part["elements"], rng.choice((0, 1, 1, 2))):
                through_elements.append(
                    Project.elements.through(project_id=pid, crosscuttingelement_id=element)
                )
            for unit in rng.sample(part["units"], rng.choice((1, 1, 2, 3))):
                through_units.append(
                    Project.municipal_units.through(project_id=pid, orgunit_id=unit)
                )
            partners += self._partners(project, spec)
            participants += self._participants(project, spec)
            new_lines, new_ids = self._funding(project, spec)
            lines += new_lines
            identifiers += new_ids
            transitions += self._transitions(project, spec)
            history.append(
                historical(
                    **{name: getattr(project, name) for name in project_fields},
                    history_date=project.created_at,
                    history_type="+",
                    history_user_id=self.coordinator.pk,
                    history_change_reason="",
                )
            )
        self.bulk(Project.focus_areas.through, through_areas)
        self.bulk(Project.elements.through, through_elements)
        self.bulk(Project.municipal_units.through, through_units)
        self.bulk(ProjectPartner, partners)
        self.bulk(ProjectParticipant, participants)
        self.bulk(FundingLine, lines)
        self.bulk(ProjectIdentifier, identifiers)
        self.bulk(StatusTransition, transitions)
        self.bulk(historical, history)

    def _project_spec(self, index: int) -> dict[str, Any]:
        rng = self.rng
        part = rng.choices(range(len(self.parts)), cum_weights=self.part_cumulative)[0]
        status = self.next_status()
        kind = self.next_kind()
        path = rng.choice(STATUS_PATHS[status])
        start = end = None
        days = dt.timedelta(days=1)
        if status in {"completed", "terminated"}:
            start_at = self.moment(dt.datetime(2006, 1, 1, tzinfo=dt.UTC), ANCHOR - 400 * days)
            end_at = min(start_at + rng.randint(300, 1900) * days, ANCHOR - 20 * days)
            start, end = _day(start_at), _day(end_at)
            changed = end_at + rng.randint(0, 15) * days
        elif status == "active":
            start_at = self.moment(ANCHOR - 5 * 365 * days, ANCHOR - 30 * days)
            # A few overdue: still active although the end date has passed.
            length = rng.randint(200, 900) if rng.random() < 0.06 else rng.randint(900, 2200)
            start, end = _day(start_at), _day(start_at + length * days)
            changed = start_at
        elif status in {"granted", "submitted", "preparing", "rejected"}:
            changed = self.moment(ANCHOR - 3 * 365 * days, ANCHOR - 2 * days)
            if status != "rejected" or rng.random() < 0.5:
                start_at = changed + rng.randint(60, 300) * days
                start, end = _day(start_at), _day(start_at + rng.randint(700, 1500) * days)
        else:
            changed = self.moment(ANCHOR - 4 * 365 * days, ANCHOR - days)
        created_at = changed - rng.randint(20, 500) * days
        updated_at = min(changed + rng.randint(0, 120) * days, ANCHOR)
        theme_nb, theme_en = rng.choice(vocabulary.THEMES)
        frame_nb, frame_en = rng.choice(vocabulary.FRAMES)
        place = self.parts[part]["municipality"].name.removesuffix(" kommune")
        title = frame_nb.format(theme=theme_nb, place=place)
        title_en = frame_en.format(theme=theme_en, place=place)
        target_nb, target_en = rng.choice(vocabulary.TARGET_GROUPS)
        method_nb, method_en = rng.choice(vocabulary.METHODS)
        discipline = rng.choice(self.vocab.disciplines)
        summary = (
            f"Prosjektet undersøker {theme_nb} for {target_nb} i {place}. "
            f"Vi bruker {method_nb}. Fagområde: {discipline}."
        )
        if rng.random() < 0.5:
            summary += f" Prosjektet bygger på «{rng.choice(self.vocab.nb_titles)}»."
        en_title = rng.choice(self.vocab.en_titles)
        summary_en = (
            f"The project studies {theme_en} for {target_en} in {place}, using {method_en}. "
            f'It builds on the EU project "{en_title}" ({rng.choice(self.vocab.topics)}).'
        )
        popular = ""
        if rng.random() < 0.3:
            popular = f"Hvordan kan {place} bli bedre på {theme_nb}? Forskere og ansatte finner ut av det sammen."
        keywords = sorted({w for w in theme_nb.split() if len(w) > 4})[:3]
        sdgs = sorted(rng.sample(range(1, 18), rng.choice((0, 1, 1, 2))))
        project = Project(
            partnership=self.parts[part]["partnership"],
            title=title[:1].upper() + title[1:],
            title_en=title_en[:1].upper() + title_en[1:],
            acronym=rng.choice(self.vocab.acronyms)[:60] if rng.random() < 0.35 else "",
            summary=summary,
            summary_en=summary_en,
            popular_summary=popular,
            kind=kind,
            status=status,
            status_changed_at=changed if len(path) > 1 else None,
            start_date=start,
            end_date=end,
            visibility="public" if rng.random() < 0.7 else "internal",
            keywords=keywords,
            sdgs=sdgs,
            own_contribution_hours=Decimal(rng.randint(50, 4000)) if rng.random() < 0.5 else None,
            created_by=self.coordinator,
            source=SOURCE,
            source_id=f"{self.seed}-{index + 1}",
            created_at=created_at,
            updated_at=updated_at,
        )
        return {"project": project, "part": part, "path": path, "changed": changed}

    def _partners(self, project: Project, spec: dict[str, Any]) -> list[ProjectPartner]:
        rng = self.rng
        part = self.parts[spec["part"]]
        chosen: list[tuple[Organization, str]] = [
            (part["municipality"], "responsible_institution" if rng.random() < 0.4 else "partner")
        ]
        if rng.random() < 0.9:
            chosen.append((part["university"], "coordinator" if rng.random() < 0.5 else "partner"))
        if rng.random() < 0.25:
            chosen.append((part["institute"], "partner"))
        if rng.random() < 0.1:
            chosen.append((rng.choice(self.municipalities), "partner"))
        if rng.random() < 0.08:
            chosen.append((rng.choice(self.hospitals), "partner"))
        for _ in range(rng.choices((0, 1, 2), weights=(50, 35, 15))[0]):
            chosen.append((rng.choice(self.companies), rng.choice(("partner", "contractor"))))
        seen: set[int] = set()
        rows = []
        for org, role in chosen:
            if org.pk in seen:
                continue
            seen.add(org.pk)
            rows.append(
                ProjectPartner(
                    project_id=project.pk,
                    organization_id=org.pk,
                    role=role,
                    created_at=project.created_at,
                    updated_at=project.created_at,
                )
            )
        return rows

    def _participants(self, project: Project, spec: dict[str, Any]) -> list[ProjectParticipant]:
        rng = self.rng
        pools = self.pools[spec["part"]]
        roles = [
            ("project_manager", "university" if rng.random() < 0.7 else "municipality"),
            ("municipal_contact", "municipality"),
        ]
        roles += [("researcher", rng.choice(("university", "institute")))] * rng.choice(
            (0, 1, 1, 2)
        )
        if project.kind in {"phd", "public_sector_phd"}:
            roles += [("student", "municipality"), ("supervisor", "university")]
        rows, seen = [], set()
        for role, side in roles:
            # Small installations may leave a partnership without people on one side.
            pool = pools[side] or pools["university"] or pools["municipality"] or self.everyone
            person = rng.choice(pool)
            if (person, role) in seen:
                continue
            seen.add((person, role))
            rows.append(
                ProjectParticipant(
                    project_id=project.pk,
                    person_id=person,
                    role=role,
                    organization_id=self.person_org[person],
                    created_at=project.created_at,
                    updated_at=project.created_at,
                )
            )
        return rows

    def _funding(self, project: Project, spec: dict[str, Any]) -> tuple[list[Any], list[Any]]:
        rng = self.rng
        status = project.status
        line_status = {
            "granted": "granted",
            "active": "granted",
            "completed": "granted",
            "terminated": "granted",
            "submitted": "applied",
            "rejected": "rejected",
            "preparing": "planned",
        }.get(status)
        if line_status is None:
            return [], []
        part = self.parts[spec["part"]]
        lines, identifiers, schemes = [], [], set()
        for _ in range(1 if rng.random() < 0.7 else 2):
            source = rng.choices(("rcn", "regional", "eu", "own"), weights=(45, 20, 12, 23))[0]
            funder, programme = {
                "rcn": (
                    self.rcn,
                    rng.choice(
                        ("FORKOMMUNE", "Offentlig sektor-ph.d.", "Pilot-K", "HELSEVEL", "FINNUT")
                    ),
                ),
                "regional": (part["county"], "Regionale forskningsfond"),
                "eu": (self.eu, "Horisont Europa"),
                "own": (part["municipality"], "Egeninnsats"),
            }[source]
            amount = Decimal(int(math.exp(rng.gauss(14.5, 1.0))) // 1000 * 1000)
            grant_id = ""
            if line_status == "granted" and source == "rcn" and "rcn_project" not in schemes:
                self.rcn_serial += 1
                grant_id = str(self.rcn_serial)
                schemes.add("rcn_project")
                identifiers.append(
                    ProjectIdentifier(
                        project_id=project.pk,
                        scheme="rcn_project",
                        value=grant_id,
                        created_at=project.created_at,
                        updated_at=project.created_at,
                    )
                )
            elif line_status == "granted" and source == "eu" and "eu_grant" not in schemes:
                self.eu_serial += 1
                grant_id = str(self.eu_serial)
                schemes.add("eu_grant")
                identifiers.append(
                    ProjectIdentifier(
                        project_id=project.pk,
                        scheme="eu_grant",
                        value=grant_id,
                        created_at=project.created_at,
                        updated_at=project.created_at,
                    )
                )
            lines.append(
                FundingLine(
                    project_id=project.pk,
                    funder_id=funder.pk,
                    programme=programme,
                    grant_id=grant_id,
                    status=line_status,
                    amount_applied=amount,
                    amount_granted=amount if line_status == "granted" else None,
                    currency="NOK",
                    start_date=project.start_date,
                    end_date=project.end_date,
                    source=SOURCE,
                    created_at=project.created_at,
                    updated_at=project.created_at,
                )
            )
        return lines, identifiers

    def _transitions(self, project: Project, spec: dict[str, Any]) -> list[StatusTransition]:
        path = spec["path"]
        steps = len(path) - 1
        if steps <= 0:
            return []
        start, end = project.created_at, spec["changed"]
        moments = sorted(self.moment(start, end) for _ in range(steps - 1)) + [end]
        return [
            StatusTransition(
                project_id=project.pk,
                from_status=a,
                to_status=b,
                actor_id=self.coordinator.pk,
                at=at,
            )
            for a, b, at in zip(path[:-1], path[1:], moments, strict=True)
        ]

    # --- knowledge needs and the oppgavebank --------------------------------------------

    def needs(self) -> None:
        """About one need per 40 projects, with status changes, assignments and answers."""
        from kunnskapsbro.needs.models import (
            Assignment,
            KnowledgeNeed,
            NeedAnswer,
            NeedStatusChange,
        )

        rng = self.rng
        total = max(len(self.parts), self.n // NEEDS_PER_PROJECTS)
        next_status = _weighted(rng, NEED_STATUS_WEIGHTS)
        order = ["new", "prioritised", "published", "in_progress", "answered"]
        needs, specs = [], []
        days = dt.timedelta(days=1)
        for _ in range(total):
            part_index = rng.choices(range(len(self.parts)), cum_weights=self.part_cumulative)[0]
            part = self.parts[part_index]
            status = next_status()
            theme_nb, _theme_en = rng.choice(vocabulary.THEMES)
            target_nb, _target_en = rng.choice(vocabulary.TARGET_GROUPS)
            place = part["municipality"].name.removesuffix(" kommune")
            created_at = self.moment(ANCHOR - 4 * 365 * days, ANCHOR - 10 * days)
            updated_at = min(created_at + rng.randint(0, 300) * days, ANCHOR)
            pool = self.pools[part_index]["municipality"]
            contact = rng.choice(pool) if pool else None
            needs.append(
                KnowledgeNeed(
                    partnership=part["partnership"],
                    title=f"Hva vet vi om {theme_nb} for {target_nb}?"[:300],
                    unit_id=rng.choice(part["units"]),
                    focus_area_id=rng.choice(part["areas"]),
                    problem=(
                        f"{place} kommune erfarer utfordringer med {theme_nb}. "
                        f"Det gjelder særlig {target_nb}, og tjenestene mangler kunnskap om "
                        "hvilke tiltak som virker."
                    ),
                    affected=target_nb[:1].upper() + target_nb[1:],
                    known="Vi har egne tall fra fagsystemene, men ingen samlet oversikt.",
                    wanted=f"Hvilke tiltak innen {theme_nb} gir best effekt, og til hvilken pris?",
                    urgency=rng.choice(("low", "medium", "medium", "high")),
                    status=status,
                    priority_rank=rng.randint(1, 20) if status != "new" else None,
                    visibility="public" if rng.random() < 0.8 else "internal",
                    contact_person_id=contact,
                    created_by=self.coordinator,
                    created_at=created_at,
                    updated_at=updated_at,
                )
            )
            specs.append((part_index, status, created_at, updated_at))
        created = self.bulk(KnowledgeNeed, needs)
        changes, assignments, answers, history = [], [], [], []
        historical = KnowledgeNeed.history.model
        need_fields = [f.attname for f in KnowledgeNeed._meta.concrete_fields]
        levels = ("bachelor", "master", "master", "eit", "phd")
        for need, (part_index, status, created_at, updated_at) in zip(created, specs, strict=True):
            path = order[: order.index(status) + 1] if status in order else ["new", status]
            span = max((updated_at - created_at).days, len(path))
            for step, (before, after) in enumerate(zip(path, path[1:], strict=False), 1):
                changes.append(
                    NeedStatusChange(
                        need=need,
                        from_status=before,
                        to_status=after,
                        actor=self.coordinator,
                        at=created_at + (span * step // len(path)) * days,
                    )
                )
            if status in {"published", "in_progress", "answered"}:
                for _ in range(rng.choice((1, 1, 2))):
                    year = updated_at.year + rng.choice((0, 1))
                    assignments.append(
                        Assignment(
                            need=need,
                            title=f"Studentoppgave: {need.title}"[:300],
                            description=need.problem,
                            level=rng.choice(levels),
                            discipline=rng.choice(self.vocab.disciplines)[:200],
                            semester=f"{rng.choice('HV')}{year}",
                            contact_person_id=need.contact_person_id,
                            notification_required=rng.random() < 0.3,
                            status="open" if status == "published" else "taken",
                            created_at=updated_at,
                            updated_at=updated_at,
                        )
                    )
            pool = self.parts[part_index].get("some_projects") or []
            if status == "answered" and pool:
                answers.append(
                    NeedAnswer(
                        need=need,
                        kind="project",
                        project_id=rng.choice(pool),
                        created_by=self.coordinator,
                        created_at=updated_at,
                        updated_at=updated_at,
                    )
                )
            history.append(
                historical(
                    **{name: getattr(need, name) for name in need_fields},
                    history_date=created_at,
                    history_type="+",
                    history_user_id=self.coordinator.pk,
                    history_change_reason="",
                )
            )
        self.bulk(NeedStatusChange, changes)
        self.bulk(Assignment, assignments)
        self.bulk(NeedAnswer, answers)
        self.bulk(historical, history)
        self.say(f"  {len(created)} kunnskapsbehov, {len(assignments)} oppgaver")


def _orgnr_check_digit(digits: str) -> str | None:
    """The mod-11 check digit for eight digits (None when none exists); verified by stdnum."""
    for check in "0123456789":
        if stdnum_orgnr.is_valid(digits + check):
            return check
    return None


def _cumulative(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def generate(
    *, projects: int, seed: int = 1, stdout: Callable[[str], None] | None = None
) -> GenerateResult:
    """Fill an empty database with a national installation of ``projects`` projects."""
    from kunnskapsbro.needs.models import Assignment, KnowledgeNeed, NeedAnswer
    from kunnskapsbro.search.services import index_projects

    if Project.objects.exists():
        raise GenerationRefused("the database already has projects")
    say = stdout or (lambda message: None)
    started = time.perf_counter()
    generator = _Generator(projects=projects, seed=seed, say=say)
    stamped = [
        Organization,
        OrgUnit,
        Person,
        Affiliation,
        Partnership,
        PartnershipParty,
        Agreement,
        FocusArea,
        CrossCuttingElement,
        Project,
        ProjectPartner,
        ProjectParticipant,
        FundingLine,
        ProjectIdentifier,
        KnowledgeNeed,
        Assignment,
        NeedAnswer,
    ]
    with _timestamps_as_given(*stamped), transaction.atomic():
        generator.organizations()
        generator.partnerships()
        generator.users()
        generator.people()
        generator.projects()
        generator.needs()
    data_seconds = time.perf_counter() - started
    say(f"  data: {data_seconds:.1f} s; bygger søkeindeksen …")
    index_started = time.perf_counter()
    index_projects()
    index_seconds = time.perf_counter() - index_started
    _analyze()
    return GenerateResult(
        projects=projects,
        seed=seed,
        seconds=time.perf_counter() - started,
        index_seconds=index_seconds,
        counts=generator.counts,
    )


def _analyze() -> None:
    """Fresh planner statistics after a bulk load (both databases plan by them).

    On PostgreSQL also VACUUM, as autovacuum would soon after a load of this size: it sets the
    visibility map, without which an index-only scan (the portfolio's covering indexes) must
    still visit every heap page.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.get_autocommit():
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
