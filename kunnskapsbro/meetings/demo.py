"""Demo data for governance, meeting places and the network: a second partnership
(Kunnskapskommunen Bodø, with clearly fictional people and projects), and meetings, decisions,
follow-up points, the annual cycle, events (Arena Unikom, breakfast and working meetings) and
experience-sharing articles for TRD3.0.

``load_meetings_demo`` is idempotent: every record is looked up first and created through the
services only when missing. Bodø kommune (kommunenummer 1804) and Nord universitet are real
organisations; everyone and every project here is invented.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.partnerships.models import (
    FocusArea,
    GovernanceBody,
    Membership,
    Partnership,
    PartnershipParty,
)
from kunnskapsbro.portal import services as portal_services
from kunnskapsbro.portal.models import Article
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import Project

from . import services
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Deadline,
    Decision,
    Event,
    EventSession,
    Meeting,
    Registration,
)

SOURCE = "demo"
BODO_SLUG = "kunnskapskommunen-bodo"
BODO_KOMMUNE_DOMAIN = "bodo.kommune.example.org"
NORD_DOMAIN = "nord.universitet.example.com"
DEMO_NOTE = "Demoeksempel (oppdiktet): "


def _at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=timezone.get_default_timezone())


def load_meetings_demo(*, actor: Any = None) -> Counter[str]:
    """Load (or complete) the governance, events, network and article demo; count what was new."""
    created: Counter[str] = Counter()
    actor = actor or get_user_model().objects.filter(username="demo").first()
    trd = Partnership.objects.filter(slug="trd30").first()
    if trd is None:
        return created
    bodo = _bodo(created, actor)
    _governance(created, trd, actor)
    _deadlines(created, trd, actor)
    _events(created, trd, actor)
    _articles(created, trd, bodo, actor)
    return created


# --- the second partnership -------------------------------------------------------------------


def _org(created: Counter[str], key: str, **fields: Any) -> Organization:
    found = Organization.objects.filter(source=SOURCE, source_id=key).first()
    found = found or Organization.objects.filter(slug=key).first()
    if found is None:
        found = org_services.organization_create(source=SOURCE, source_id=key, **fields)
        created["organizations"] += 1
    return found


def _person(created: Counter[str], first: str, last: str, domain: str, **fields: Any) -> Person:
    key = f"{first}-{last}".lower().replace(" ", "-")
    person = Person.objects.filter(source=SOURCE, source_id=key).first()
    if person is None:
        local = f"{first}.{last}".lower().replace(" ", "")
        local = local.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
        email = f"{local}@{domain}"
        person = org_services.person_create(
            first_name=first, last_name=last, email=email, source=SOURCE, source_id=key, **fields
        )
        created["people"] += 1
    return person


def _bodo(created: Counter[str], actor: Any) -> Partnership:
    municipality = _org(
        created,
        "bodo-kommune",
        name="Bodø kommune",
        kind="municipality",
        municipality_number="1804",
    )
    nord = _org(created, "nord-universitet", name="Nord universitet", kind="university")
    partnership = Partnership.objects.filter(slug=BODO_SLUG).first()
    if partnership is None:
        partnership = partnership_services.partnership_create(
            name="Kunnskapskommunen Bodø",
            slug=BODO_SLUG,
            short_name="Bodø",
            description=DEMO_NOTE
            + "Et tenkt partnerskap mellom Bodø kommune og Nord universitet, lagt inn for å vise "
            "et nettverk av universitetskommuner. Personene og prosjektene er oppdiktet.",
        )
        created["partnerships"] += 1
    for order, (org, role) in enumerate(((municipality, "municipality"), (nord, "university"))):
        if not PartnershipParty.objects.filter(partnership=partnership, organization=org).exists():
            partnership_services.partnership_add_party(
                partnership=partnership, organization=org, role=role, order=order
            )
    areas = {}
    for order, name in enumerate(("Helse og velferd", "Oppvekst og utdanning")):
        area = FocusArea.objects.filter(partnership=partnership, name=name).first()
        if area is None:
            area = partnership_services.focus_area_create(
                partnership=partnership, name=name, order=order
            )
        areas[name] = area
    council = GovernanceBody.objects.filter(
        partnership=partnership, name="Partnerskapsrådet"
    ).first()
    if council is None:
        council = partnership_services.body_create(
            partnership=partnership,
            kind="other",
            name="Partnerskapsrådet",
            mandate="Styrer samarbeidet mellom Bodø kommune og Nord universitet.",
        )
    leaders = (
        ("Marit", "Nordlys", BODO_KOMMUNE_DOMAIN, "chair", municipality, "Kommunedirektør"),
        ("Eirik", "Saltstraum", NORD_DOMAIN, "co_chair", nord, "Prorektor"),
        ("Hanne", "Kjerringøy", BODO_KOMMUNE_DOMAIN, "coordinator", municipality, "Koordinator"),
    )
    people = {}
    for first, last, domain, role, org, title in leaders:
        person = _person(created, first, last, domain)
        people[last] = person
        if not Membership.objects.filter(body=council, person=person).exists():
            partnership_services.membership_create(
                body=council, person=person, role=role, position_title=title, represents=org
            )
    projects = (
        (
            "Velferdsteknologi i hjemmetjenesten i Bodø",
            "active",
            "2023-08-01",
            "Helse og velferd",
            "Hvordan digitalt tilsyn og medisindispensere endrer arbeidsdagen i "
            "hjemmetjenesten, og hva brukerne selv mener.",
            ["velferdsteknologi", "hjemmetjenesten"],
        ),
        (
            "Tidlig innsats i barnehagen",
            "completed",
            "2021-01-01",
            "Oppvekst og utdanning",
            "Følgeforskning på en modell for tidlig språkstøtte i kommunale barnehager.",
            ["barnehage", "språk"],
        ),
        (
            "Medvirkning når byen flytter: ny bydel på den gamle flyplassen",
            "active",
            "2024-01-01",
            None,
            "Hvordan innbyggerne kan være med å forme en ny bydel, og hva kommunen lærer av det.",
            ["medvirkning", "byutvikling"],
        ),
    )
    for title, status, start, area, summary, keywords in projects:
        if Project.objects.filter(partnership=partnership, title=title).exists():
            continue
        project_services.project_create(
            partnership=partnership,
            title=title,
            status=status,
            visibility="public",
            start_date=dt.date.fromisoformat(start),
            end_date=dt.date(2023, 12, 31) if status == "completed" else None,
            summary=DEMO_NOTE + summary,
            focus_areas=[areas[area]] if area else [],
            partners=[
                {"organization": municipality, "role": "partner"},
                {"organization": nord, "role": "responsible_institution"},
            ],
            participants=[
                {
                    "person": people["Kjerringøy"],
                    "role": "municipal_contact",
                    "organization": municipality,
                }
            ],
            keywords=[*keywords, "demoeksempel"],
            actor=actor,
            source=SOURCE,
            source_id=f"bodo-{title[:40]}",
        )
        created["projects"] += 1
    return partnership


# --- TRD3.0 governance ------------------------------------------------------------------------


def _members(body: GovernanceBody) -> list[Membership]:
    return list(body.memberships.select_related("person", "represents").order_by("role", "id"))


def _meeting(
    created: Counter[str], body: GovernanceBody, title: str, actor: Any, **fields: Any
) -> tuple[Meeting, bool]:
    meeting = Meeting.objects.filter(body=body, title=title).first()
    if meeting is not None:
        return meeting, False
    meeting = services.meeting_create(body=body, title=title, actor=actor, **fields)
    created["meetings"] += 1
    return meeting, True


def _governance(created: Counter[str], trd: Partnership, actor: Any) -> None:
    steering = GovernanceBody.objects.filter(partnership=trd, kind="steering_group").first()
    coordination = GovernanceBody.objects.filter(partnership=trd, kind="coordination").first()
    if steering is None or coordination is None:
        return
    coordinator = Person.objects.filter(user__username="demo").first()
    members = _members(steering)
    owner_a = coordinator or members[0].person
    owner_b = members[1].person if len(members) > 1 else owner_a
    projects = list(
        Project.objects.filter(partnership=trd, visibility="public").order_by("start_date", "id")[
            :4
        ]
    )
    # Held meetings: cases, decisions, follow-up points and attendance.
    held = (
        (
            "Styringsgruppemøte 1/2025",
            "2025-03-12T09:00",
            "2025-03-12T11:30",
            [
                (
                    "Årsrapport 2024",
                    "decision",
                    "Styringsgruppen godkjenner årsrapporten for 2024.",
                    [],
                    (
                        "Send årsrapporten til kommunedirektøren og rektor",
                        owner_a,
                        "2025-03-31",
                        "done",
                    ),
                ),
                (
                    "Porteføljen i Helse og velferd",
                    "discussion",
                    "Styringsgruppen ber om en vurdering av kapasiteten i helse- og velferdssentrene "
                    "før nye søknader sendes.",
                    projects[:2],
                    (
                        "Lag oversikt over kapasitet i helse- og velferdssentrene",
                        owner_b,
                        "2025-05-15",
                        "in_progress",
                    ),
                ),
            ],
        ),
        (
            "Styringsgruppemøte 2/2025",
            "2025-06-11T09:00",
            "2025-06-11T11:30",
            [
                (
                    "Reforhandling av partnerskapsavtalen",
                    "decision",
                    "Koordinatorene får mandat til å forhandle fram en ny avtale for 2026–2029.",
                    [],
                    ("Legg fram utkast til ny partnerskapsavtale", owner_a, "2026-12-15", "open"),
                ),
                (
                    "Arena Unikom 2025",
                    "orientation",
                    "",
                    projects[2:4],
                    None,
                ),
            ],
        ),
    )
    for title, start, end, cases in held:
        meeting, new = _meeting(
            created,
            steering,
            title,
            actor,
            starts_at=_at(start),
            ends_at=_at(end),
            location="Trondheim rådhus, formannskapssalen",
            status="held",
            is_public=True,
            minutes=DEMO_NOTE + "Referatet er skrevet for demonstrasjon.",
        )
        if not new:
            continue
        for m in members:
            services.attendance_record(
                meeting=meeting,
                person=m.person,
                status="present" if m.role != "member" or m.pk % 3 else "excused",
                represents=m.represents,
                actor=actor,
            )
        for case_title, kind, decision_text, case_projects, action in cases:
            item = services.agenda_item_create(
                meeting=meeting, title=case_title, kind=kind, projects=case_projects, actor=actor
            )
            decision = None
            if decision_text:
                decision = services.decision_create(
                    agenda_item=item, text=decision_text, actor=actor
                )
            if action:
                action_title, owner, due, status = action
                services.action_item_create(
                    meeting=meeting,
                    title=action_title,
                    owner=owner,
                    due_date=dt.date.fromisoformat(due),
                    decision=decision,
                    agenda_item=item,
                    status=status,
                    actor=actor,
                )
        services.meeting_document_add(
            meeting=meeting,
            title="Saksliste og saksdokumenter (demo)",
            url="https://example.org/trd30/saksdokumenter.pdf",
            actor=actor,
        )
    # Planned meetings for the annual cycle.
    for body, title, start in (
        (steering, "Styringsgruppemøte 3/2025", "2025-11-19T09:00"),
        (steering, "Styringsgruppemøte 1/2027", "2027-03-10T09:00"),
        (coordination, "Koordineringsmøte januar 2027", "2027-01-14T13:00"),
    ):
        _meeting(
            created,
            body,
            title,
            actor,
            starts_at=_at(start),
            ends_at=_at(start) + dt.timedelta(hours=2),
            location="Trondheim rådhus",
            is_public=body.kind == "steering_group",
        )


def _deadlines(created: Counter[str], trd: Partnership, actor: Any) -> None:
    for title, kind, month, day in (
        ("Årsrapport til styringsgruppen", "report", 1, 31),
        ("Innspill til kommunens budsjett", "budget", 4, 15),
        ("Midtveisrapport fra fokusområdene", "report", 6, 1),
        ("Porteføljegjennomgang før søknadsrunden", "application", 9, 15),
    ):
        if not Deadline.objects.filter(partnership=trd, title=title).exists():
            services.deadline_create(
                partnership=trd, title=title, kind=kind, month=month, day=day, actor=actor
            )
            created["deadlines"] += 1


# --- events -----------------------------------------------------------------------------------


def _event(
    created: Counter[str], trd: Partnership, slug: str, actor: Any, **fields: Any
) -> tuple[Event, bool]:
    event = Event.objects.filter(slug=slug).first()
    if event is not None:
        return event, False
    event = services.event_create(partnership=trd, slug=slug, actor=actor, **fields)
    created["events"] += 1
    return event, True


def _events(created: Counter[str], trd: Partnership, actor: Any) -> None:
    past, new = _event(
        created,
        trd,
        "arena-unikom-2025",
        actor,
        kind="conference",
        title="Arena Unikom 2025",
        topic="Universitetskommunen som arena for forskning, utdanning og innovasjon",
        description=DEMO_NOTE + "Den nasjonale konferansen for universitetskommuner. Lysark og "
        "opptak er lagt ut etter konferansen.",
        starts_at=_at("2025-10-22T09:00"),
        ends_at=_at("2025-10-22T16:00"),
        location="Trondheim",
        capacity=250,
        registration_open=False,
    )
    if new:
        for title, start, group, speakers in (
            (
                "Åpning: universitetskommunen i 2025",
                "2025-10-22T09:00",
                "",
                "Styringsgruppens ledere",
            ),
            (
                "Helse og velferd: fra sykehjem til hjemmetjeneste",
                "2025-10-22T10:30",
                "A",
                "Demoinnleder A",
            ),
            ("Oppvekst: bedre skolestart", "2025-10-22T10:30", "A", "Demoinnleder B"),
            ("Erfaringer fra nettverket", "2025-10-22T13:00", "", "Kunnskapskommunen Bodø"),
        ):
            session = services.event_session_create(
                event=past,
                title=title,
                starts_at=_at(start),
                ends_at=_at(start) + dt.timedelta(minutes=75),
                parallel_group=group,
                speakers=speakers,
                actor=actor,
            )
            services.event_session_publish_material(
                session=session,
                slides_url=f"https://example.org/arena-unikom-2025/{session.pk}/lysark.pdf",
                recording_url=f"https://example.org/arena-unikom-2025/{session.pk}/opptak",
                actor=actor,
            )
    upcoming, new = _event(
        created,
        trd,
        "arena-unikom-2027",
        actor,
        kind="conference",
        title="Arena Unikom 2027",
        topic="Kunnskap som virker: fra forskning til ny praksis i kommunen",
        description=DEMO_NOTE + "Nasjonal konferanse med parallelle sesjoner. Velg én sesjon før "
        "lunsj ved påmelding.",
        starts_at=_at("2027-10-20T09:00"),
        ends_at=_at("2027-10-20T16:00"),
        location="Trondheim",
        capacity=200,
    )
    if new:
        for title, start, group, capacity in (
            ("Åpning", "2027-10-20T09:00", "", None),
            ("Sesjon A: velferdsteknologi", "2027-10-20T10:30", "formiddag", 80),
            ("Sesjon B: skole og barnehage", "2027-10-20T10:30", "formiddag", 80),
            ("Sesjon C: smart by", "2027-10-20T10:30", "formiddag", 40),
            ("Avslutning: hva har vi lært?", "2027-10-20T14:30", "", None),
        ):
            services.event_session_create(
                event=upcoming,
                title=title,
                starts_at=_at(start),
                ends_at=_at(start) + dt.timedelta(minutes=75),
                parallel_group=group,
                capacity=capacity,
                actor=actor,
            )
    breakfast, new = _event(
        created,
        trd,
        "frokostmote-kunstig-intelligens",
        actor,
        kind="breakfast",
        title="Frokostmøte: kunstig intelligens i saksbehandlingen",
        topic="Hva kan KI gjøre for saksbehandlere i kommunen, og hva bør den ikke gjøre?",
        description=DEMO_NOTE + "Ingen fast agenda: et tema, kaffe og de som er interessert.",
        starts_at=_at("2027-02-03T08:00"),
        ends_at=_at("2027-02-03T09:30"),
        location="Trondheim rådhus, kantina",
        capacity=3,
    )
    if new:
        people = list(Person.objects.filter(source=SOURCE).order_by("id")[:4])
        for person in people:
            services.registration_create(
                event=breakfast,
                name=person.full_name,
                email=person.email,
                person=person,
                organization=person.affiliations.first().organization
                if person.affiliations.exists()
                else None,
                actor=actor,
            )
            created["registrations"] += 1
    _event(
        created,
        trd,
        "arbeidsmote-oppgavebanken",
        actor,
        kind="working_meeting",
        title="Arbeidsmøte: oppgavebanken for våren",
        topic="Enhetene og instituttene går gjennom forslagene til masteroppgaver.",
        starts_at=_at("2027-01-21T12:00"),
        ends_at=_at("2027-01-21T15:00"),
        location="NTNU Dragvoll",
        capacity=30,
        is_public=False,
    )


# --- articles ---------------------------------------------------------------------------------


def _articles(created: Counter[str], trd: Partnership, bodo: Partnership, actor: Any) -> None:
    for partnership, slug, title, lead, body, published in (
        (
            trd,
            "slik-organiserer-vi-innovasjonsutvalgene",
            "Slik organiserer vi innovasjonsutvalgene",
            "Fem fokusområder, fem utvalg og ledere fra begge parter: erfaringer fra TRD3.0.",
            DEMO_NOTE + "Hvert fokusområde har et innovasjonsutvalg ledet av en dekan og en "
            "områdedirektør. Utvalgene prioriterer kunnskapsbehov og følger porteføljen.\n\n"
            "Det som har virket best, er at prosjektlederne har delte stillinger i kommunen og "
            "ved universitetet.",
            "2025-02-14",
        ),
        (
            trd,
            "universitetskommunen-en-handbok",
            "Universitetskommunen: en håndbok i samarbeid",
            "Et nettbasert kapittel om avtaler, styring, portefølje og utdanningssamarbeid.",
            DEMO_NOTE + "Kapitlet beskriver hvordan en universitetskommune kan bygge opp "
            "samarbeidet steg for steg: avtalen, styringsgruppen, fokusområdene og oppfølgingen.",
            "2025-09-01",
        ),
        (
            bodo,
            "forste-ar-som-kunnskapskommune",
            "Første år som kunnskapskommune",
            "Hva vi lærte av å starte et partnerskap med universitetet i vår egen by.",
            DEMO_NOTE + "Vi startet med tre prosjekter og et partnerskapsråd. Det viktigste var "
            "å finne kontaktpersoner i hver enhet.",
            "2025-11-10",
        ),
    ):
        if Article.objects.filter(slug=slug).exists():
            continue
        portal_services.article_create(
            partnership=partnership,
            slug=slug,
            title=title,
            lead=lead,
            body=body,
            status="published",
            published_on=dt.date.fromisoformat(published),
            actor=actor,
        )
        created["articles"] += 1


def meetings_demo_counts() -> dict[str, int]:
    """Totals of what this demo adds (the same after a second load)."""
    return {
        "meetings": Meeting.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
        "action_items": ActionItem.objects.count(),
        "attendances": Attendance.objects.count(),
        "events": Event.objects.count(),
        "event_sessions": EventSession.objects.count(),
        "registrations": Registration.objects.count(),
        "articles": Article.objects.count(),
    }
