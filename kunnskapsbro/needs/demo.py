"""Demo data for knowledge needs, the oppgavebank and education collaboration (TRD3.0).

``load_needs_demo(partnership)`` is idempotent: each record is looked up by its title (or its
natural key) first and only created when missing, always through the services, so history,
status changes and the matching index behave as in real use. Scenario 2's need — night-time
restlessness among residents with dementia — goes all the way: prioritised by the innovation
committee, published as a master's topic, two nursing students interested, one picked, and a
finished thesis (with its NVA link) that answers it. People are the demo's fictional people;
the two students are demo users without a password.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from kunnskapsbro.education import services as education_services
from kunnskapsbro.education.models import Course, EitVillage, Placement, TeachingContribution
from kunnskapsbro.organizations.models import Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import FocusArea, Partnership

from . import services
from .models import Assignment, Interest, KnowledgeNeed, NeedStatus

NEEDS: list[dict[str, Any]] = [
    {
        "title": "Nattlig uro blant beboere med demens",
        "unit": "Helse- og velferdssenter Østbyen",
        "area": "Helse og velferd",
        "problem": "Flere beboere med demens er urolige om natten: de vandrer, roper og "
        "vekker andre. Nattevaktene bruker mye tid på uro, og det gis beroligende medisiner.",
        "affected": "Beboere med demens, medbeboere, pårørende og nattevakter.",
        "known": "Lysstyring, aktivitet på dagtid og faste rutiner er prøvd andre steder, men vi "
        "vet lite om hva som virker hos oss.",
        "wanted": "Hvilke miljøtiltak reduserer nattlig uro uten mer bruk av legemidler?",
        "pico_population": "Sykehjemsbeboere med demens",
        "pico_intervention": "Miljøtiltak om kvelden og natten",
        "pico_comparison": "Dagens praksis",
        "pico_outcome": "Mindre uro, bedre søvn, færre beroligende medisiner",
        "urgency": "high",
        "rank": 1,
        "assignment": {
            "title": "Miljøtiltak mot nattlig uro hos personer med demens",
            "description": "Masteroppgave i sykepleie: kartlegg nattlig uro på en skjermet "
            "avdeling og prøv ut miljøtiltak sammen med personalet.",
            "level": "master",
            "discipline": "Sykepleie",
            "semester": "H2026",
            "data_available": "Anonymisert hendelseslogg fra nattevakt, søvnregistreringer.",
            "notification_required": True,
        },
        "thesis": {
            "title": "Ro om natten: miljøtiltak mot uro hos sykehjemsbeboere med demens",
            "student_name": "Siri Sykepleierstudent",
            "level": "master",
            "year": 2027,
            "nva_url": "https://nva.sikt.no/registration/demo-nattlig-uro",
        },
    },
    {
        "title": "Ensomhet blant hjemmeboende eldre",
        "unit": "Enhet for hjemmetjenester",
        "area": "Helse og velferd",
        "problem": "Hjemmetjenesten møter mange eldre som er ensomme og sjelden går ut.",
        "wanted": "Hvilke tiltak i nabolaget reduserer ensomhet blant eldre?",
        "urgency": "medium",
        "rank": 2,
        "assignment": {
            "title": "Ensomhet og deltakelse blant hjemmeboende eldre",
            "description": "Bacheloroppgave: intervju eldre og ansatte om hva som hjelper mot "
            "ensomhet.",
            "level": "bachelor",
            "discipline": "Vernepleie",
            "semester": "V2027",
            "notification_required": True,
        },
    },
    {
        "title": "Skolestart for barn med særskilte behov",
        "unit": "Østbyen skole",
        "area": "Oppvekst og utdanning",
        "problem": "Overgangen fra barnehage til skole er krevende for barn med særskilte behov.",
        "wanted": "Hva kjennetegner en god overgang, og hvordan samarbeider barnehage og skole?",
        "urgency": "medium",
        "rank": 3,
        "assignment": {
            "title": "Overgangen fra barnehage til skole",
            "description": "Masteroppgave i spesialpedagogikk om samarbeid ved skolestart.",
            "level": "master",
            "discipline": "Spesialpedagogikk",
            "semester": "H2026",
        },
    },
    {
        "title": "Overvann og flom i nye boligområder",
        "unit": "Kommunalteknikk",
        "area": "Byutvikling",
        "problem": "Kraftig regn gir oversvømmelser i nye boligområder.",
        "wanted": "Hvilke naturbaserte løsninger for overvann passer i bydelene våre?",
        "urgency": "low",
        "rank": None,  # still waiting for the committee
    },
]


def _unit(name: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(name=name, organization__kind="municipality").first()


def _student(username: str, first: str, last: str) -> Any:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def load_needs_demo(partnership: Partnership, *, actor: Any = None) -> dict[str, int]:
    """Load (or complete) the needs and education demo for ``partnership``; return counts."""
    areas = {area.name: area for area in FocusArea.objects.filter(partnership=partnership)}
    ntnu = Organization.objects.filter(orgnr="974767880").first()
    contact = Person.objects.filter(email__endswith="kommune.example.org").order_by("id").first()
    supervisor = (
        Person.objects.filter(email__endswith="universitet.example.com").order_by("id").first()
    )
    students = [
        _student("demo-student-siri", "Siri", "Sykepleierstudent"),
        _student("demo-student-jonas", "Jonas", "Masterstudent"),
    ]
    for spec in NEEDS:
        _need(
            partnership,
            spec,
            areas=areas,
            contact=contact,
            actor=actor,
            students=students,
            ntnu=ntnu,
            supervisor=supervisor,
        )
    if ntnu is not None:
        _education(partnership, areas=areas, ntnu=ntnu, staff=contact, actor=actor)
    return {
        "needs": KnowledgeNeed.objects.filter(partnership=partnership).count(),
        "assignments": Assignment.objects.filter(need__partnership=partnership).count(),
        "placements": Placement.objects.filter(partnership=partnership).count(),
    }


def _need(
    partnership: Partnership,
    spec: dict[str, Any],
    *,
    areas: dict[str, FocusArea],
    contact: Person | None,
    actor: Any,
    students: list[Any],
    ntnu: Organization | None,
    supervisor: Person | None,
) -> None:
    need = KnowledgeNeed.objects.filter(partnership=partnership, title=spec["title"]).first()
    if need is None:
        need = services.need_create(
            partnership=partnership,
            actor=actor,
            title=spec["title"],
            problem=spec["problem"],
            affected=spec.get("affected", ""),
            known=spec.get("known", ""),
            wanted=spec.get("wanted", ""),
            pico_population=spec.get("pico_population", ""),
            pico_intervention=spec.get("pico_intervention", ""),
            pico_comparison=spec.get("pico_comparison", ""),
            pico_outcome=spec.get("pico_outcome", ""),
            urgency=spec["urgency"],
            visibility="public",
            unit=_unit(spec["unit"]),
            focus_area=areas.get(spec["area"]),
            contact_person=contact,
        )
    if spec.get("rank") is None:
        return
    if need.status == NeedStatus.NEW:
        services.need_transition(
            need=need,
            to_status=NeedStatus.PRIORITISED,
            actor=actor,
            priority_rank=spec["rank"],
            comment="Prioritert av innovasjonsutvalget for Helse og velferd.",
        )
    if need.status == NeedStatus.PRIORITISED:
        services.need_transition(need=need, to_status=NeedStatus.PUBLISHED, actor=actor)
    if "assignment" not in spec:
        return
    assignment = Assignment.objects.filter(need=need, title=spec["assignment"]["title"]).first()
    if assignment is None:
        assignment = services.assignment_create(
            need=need, actor=actor, contact_person=contact, **spec["assignment"]
        )
    if "thesis" not in spec:
        return
    for student in students:
        if not Interest.objects.filter(assignment=assignment, user=student).exists():
            services.interest_express(
                assignment=assignment, user=student, message="Dette vil jeg gjerne skrive om."
            )
    assignment.refresh_from_db()
    if assignment.status == "open":
        services.interest_choose(interest=assignment.interests.order_by("id").first(), actor=actor)
        assignment.refresh_from_db()
    if assignment.thesis is None:
        thesis = services.assignment_record_thesis(
            assignment=assignment, actor=actor, **spec["thesis"]
        )
        education_services.thesis_update(
            thesis=thesis,
            actor=actor,
            data={
                "institution": ntnu,
                "academic_supervisor": supervisor,
                "municipal_supervisor": contact,
                "data_used": "Hendelseslogg og intervjuer",
            },
        )


def _education(
    partnership: Partnership,
    *,
    areas: dict[str, FocusArea],
    ntnu: Organization,
    staff: Person | None,
    actor: Any,
) -> None:
    health = areas.get("Helse og velferd")
    if not Placement.objects.filter(partnership=partnership).exists():
        export = (
            "Enhet;Studieprogram;Organisasjonsnummer;Semester;Antall studenter;Fokusområde\n"
            "Helse- og velferdssenter Østbyen;Bachelor i sykepleie;974767880;Høst 2026;14;Helse og velferd\n"
            "Helse- og velferdssenter Solbrekka;Bachelor i sykepleie;974767880;Høst 2026;10;Helse og velferd\n"
            "Enhet for hjemmetjenester;Bachelor i vernepleie;974767880;Vår 2027;6;Helse og velferd\n"
            "Østbyen skole;Lektorutdanning;974767880;Vår 2027;8;Oppvekst og utdanning\n"
        )
        education_services.placements_import(
            partnership=partnership, content=export, commit=True, actor=actor
        )
    if not Course.objects.filter(partnership=partnership).exists():
        units = {
            u: _unit(u) for u in ("Helse- og velferdssenter Østbyen", "Enhet for hjemmetjenester")
        }
        education_services.course_create(
            partnership=partnership,
            title="Demensomsorg i praksis (EVU, 7,5 studiepoeng)",
            institution=ntnu,
            semester="H2026",
            credits=7.5,
            focus_area=health,
            actor=actor,
            participants={
                unit: count for unit, count in zip(units.values(), (12, 6), strict=True) if unit
            },
        )
    if not EitVillage.objects.filter(partnership=partnership).exists():
        education_services.eit_village_create(
            partnership=partnership,
            title="Velferdsteknologi i hjemmetjenesten",
            code="TPK4851",
            semester="V2026",
            student_count=30,
            focus_area=health,
            unit=_unit("Enhet for hjemmetjenester"),
            actor=actor,
        )
    if (
        staff is not None
        and not TeachingContribution.objects.filter(partnership=partnership).exists()
    ):
        education_services.teaching_contribution_create(
            partnership=partnership,
            person=staff,
            institution=ntnu,
            kind="lecture",
            course_name="Sykepleie i kommunehelsetjenesten",
            semester="H2026",
            hours=8,
            actor=actor,
        )
