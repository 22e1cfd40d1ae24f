"""Education pages: lists with filters, record pages, create/edit forms with errors on their
fields, the course participants formset, the placement import (preview, row errors, confirm),
and the overview's counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunnskapsbro.education.models import (
    Course,
    EitVillage,
    Placement,
    TeachingContribution,
    Thesis,
)
from kunnskapsbro.education.services import course_create, thesis_create
from kunnskapsbro.needs.models import KnowledgeNeed, NeedAnswer
from kunnskapsbro.needs.services import need_create, need_transition
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    UniversityFactory,
    UserFactory,
)

EXPORT = (
    "Enhet;Studieprogram;Organisasjonsnummer;Semester;Antall studenter;Fokusområde\n"
    "Byåsen sykehjem;Bachelor i sykepleie;974767880;Høst 2026;12;Helse og velferd\n"
    "Lade helsehus;Bachelor i vernepleie;974767880;V2027;4;\n"
)


@pytest.fixture
def world(db):
    partnership = PartnershipFactory(name="TRD3.0", slug="trd30-edu")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(
        partnership=partnership, organization=municipality, role="municipality"
    )
    ntnu = UniversityFactory(name="NTNU", short_name="NTNU", orgnr="974767880")
    unit = OrgUnitFactory(organization=municipality, name="Byåsen sykehjem")
    other = OrgUnitFactory(organization=municipality, name="Lade helsehus")
    area = FocusAreaFactory(partnership=partnership, name="Helse og velferd")
    return {
        "partnership": partnership,
        "ntnu": ntnu,
        "unit": unit,
        "other": other,
        "area": area,
    }


@pytest.fixture
def user(coordinator_user):
    return coordinator_user


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def test_lists_and_overview_render_for_anonymous(client, world):
    thesis_create(
        partnership=world["partnership"],
        title="Intern oppgave",
        level="master",
        student_name="S",
        year=2026,
        visibility="internal",
    )
    thesis_create(
        partnership=world["partnership"],
        title="Offentlig oppgave",
        level="bachelor",
        student_name="T",
        year=2025,
    )
    for name in ("placement", "thesis", "village", "course", "teaching"):
        response = client.get(reverse(f"education:{name}_list"))
        assert response.status_code == 200, name
    page = client.get(reverse("education:thesis_list")).content.decode()
    assert "Offentlig oppgave" in page and "Intern oppgave" not in page
    hidden = Thesis.objects.get(title="Intern oppgave")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("education:index")).status_code == 200
    # Creating needs a login.
    response = client.get(reverse("education:thesis_create"))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_thesis_filters_and_htmx_fragment(signed_in, world):
    for title, level, year in (("Alfa", "master", 2026), ("Beta", "bachelor", 2025)):
        thesis_create(
            partnership=world["partnership"],
            title=title,
            level=level,
            student_name="S",
            year=year,
        )
    url = reverse("education:thesis_list")
    page = signed_in.get(url, {"level": "master"}).content.decode()
    assert "Alfa" in page and "Beta" not in page
    page = signed_in.get(url, {"year": "2025"}).content.decode()
    assert "Beta" in page and "Alfa" not in page
    # An unknown value drops only its own filter.
    page = signed_in.get(url, {"year": "1066", "level": "master"}).content.decode()
    assert "Alfa" in page and "Beta" not in page
    fragment = signed_in.get(url, {"q": "alf"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Alfa" in fragment and "<html" not in fragment


def test_placement_create_edit_and_errors(signed_in, world):
    url = reverse("education:placement_create")
    data = {
        "partnership": world["partnership"].pk,
        "unit": world["unit"].pk,
        "programme": "Bachelor i sykepleie",
        "institution": world["ntnu"].pk,
        "semester": "Høst 2026",
        "student_count": "12",
        "focus_area": world["area"].pk,
    }
    bad = signed_in.post(url, {**data, "semester": "Sommer", "student_count": "0"})
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "«Sommer» er ikke et semester" in text
    assert not Placement.objects.exists()
    response = signed_in.post(url, data)
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.semester, placement.year) == ("H2026", 2026)
    # The same unit, programme, institution and semester twice is refused, nothing written.
    again = signed_in.post(url, data)
    assert again.status_code == 422 and Placement.objects.count() == 1
    edit = reverse("education:placement_edit", args=[placement.pk])
    response = signed_in.post(edit, {**data, "semester": "V2027", "student_count": "15"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.semester, placement.year, placement.student_count) == ("V2027", 2027, 15)
    assert placement.history.count() == 2
    detail = signed_in.get(placement.get_absolute_url()).content.decode()
    assert "Bachelor i sykepleie" in detail and "V2027" in detail


def test_placement_refuses_a_company_as_institution(signed_in, world):
    company = OrganizationFactory(name="Pleie AS", kind="company")
    response = signed_in.post(
        reverse("education:placement_create"),
        {
            "partnership": world["partnership"].pk,
            "unit": world["unit"].pk,
            "programme": "X",
            "institution": company.pk,
            "semester": "H2026",
            "student_count": "2",
        },
    )
    assert response.status_code == 422
    assert not Placement.objects.exists()


def test_thesis_form_links_supervisors_and_needs(signed_in, world, user):
    supervisor = PersonFactory(first_name="Ola", last_name="Professor")
    municipal = PersonFactory(first_name="Eva", last_name="Fagleder")
    need = need_create(
        partnership=world["partnership"], title="Uro om natten", problem="Beboere er urolige."
    )
    data = {
        "partnership": world["partnership"].pk,
        "title": "Nattlig uro på sykehjem",
        "level": "master",
        "status": "in_progress",
        "student_name": "Siri Student",
        "institution": world["ntnu"].pk,
        "academic_supervisor_text": f"{supervisor.full_name} [{supervisor.slug}]",
        "municipal_supervisor_text": f"{municipal.full_name} [{municipal.slug}]",
        "unit": world["unit"].pk,
        "focus_area": world["area"].pk,
        "discipline": "Sykepleie",
        "year": "2026",
        "summary": "",
        "data_used": "Hendelseslogg",
        "needs": [need.pk],
        "nva_url": "",
        "visibility": "public",
    }
    finished_without_link = signed_in.post(
        reverse("education:thesis_create"), {**data, "status": "finished"}
    )
    assert finished_without_link.status_code == 422
    assert "NVA" in finished_without_link.content.decode()
    assert not Thesis.objects.exists() and not NeedAnswer.objects.exists()
    response = signed_in.post(reverse("education:thesis_create"), data)
    assert response.status_code == 302
    thesis = Thesis.objects.get()
    assert thesis.academic_supervisor == supervisor
    assert thesis.municipal_supervisor == municipal
    assert NeedAnswer.objects.get().need == need
    page = signed_in.get(thesis.get_absolute_url()).content.decode()
    assert "Uro om natten" in page and "Eva" in page
    # Unlinking the need on edit removes the answer.
    response = signed_in.post(
        reverse("education:thesis_edit", args=[thesis.pk]), {**data, "needs": []}
    )
    assert response.status_code == 302
    assert not NeedAnswer.objects.exists()


def test_answered_need_keeps_its_only_answer(signed_in, world, user):
    need = need_create(partnership=world["partnership"], title="Behov", problem="P")
    need_transition(need=need, to_status="prioritised", priority_rank=1)
    need_transition(need=need, to_status="published")
    thesis = thesis_create(
        partnership=world["partnership"], title="T", level="master", student_name="S", year=2026
    )
    from kunnskapsbro.needs.services import answers_set

    answers_set(kind="thesis", target=thesis, needs=[need])
    need_transition(need=need, to_status="answered")
    with pytest.raises(Exception) as error:
        answers_set(kind="thesis", target=thesis, needs=[])
    assert "besvart bare av dette" in str(error.value)
    assert NeedAnswer.objects.filter(need=need).count() == 1
    assert KnowledgeNeed.objects.get().status == "answered"


def test_course_form_with_participants(signed_in, world):
    data = {
        "partnership": world["partnership"].pk,
        "title": "Demensomsorg",
        "institution": world["ntnu"].pk,
        "credits": "7.5",
        "semester": "H2026",
        "focus_area": world["area"].pk,
        "description": "",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-0-unit": world["unit"].pk,
        "participants-0-participant_count": "8",
        "participants-1-unit": world["other"].pk,
        "participants-1-participant_count": "",
        "participants-2-unit": "",
        "participants-2-participant_count": "",
    }
    bad = signed_in.post(reverse("education:course_create"), data)
    assert bad.status_code == 422 and not Course.objects.exists()
    assert "Skriv hvor mange som deltar" in bad.content.decode()
    data["participants-1-participant_count"] = "4"
    response = signed_in.post(reverse("education:course_create"), data)
    assert response.status_code == 302
    course = Course.objects.get()
    assert {(p.unit.name, p.participant_count) for p in course.participations.all()} == {
        ("Byåsen sykehjem", 8),
        ("Lade helsehus", 4),
    }
    # Edit: one unit emptied → its participation is removed.
    data["participants-1-unit"] = ""
    data["participants-1-participant_count"] = ""
    response = signed_in.post(reverse("education:course_edit", args=[course.pk]), data)
    assert response.status_code == 302
    assert course.participations.count() == 1
    page = signed_in.get(course.get_absolute_url()).content.decode()
    assert "Byåsen sykehjem" in page and "Lade helsehus" not in page


def test_village_and_teaching_forms(signed_in, world):
    response = signed_in.post(
        reverse("education:village_create"),
        {
            "partnership": world["partnership"].pk,
            "title": "Velferdsteknologi",
            "code": "TPK4851",
            "semester": "V2026",
            "unit": world["unit"].pk,
            "focus_area": world["area"].pk,
            "student_count": "30",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert EitVillage.objects.get().year == 2026
    person = PersonFactory(first_name="Per", last_name="Lærer")
    data = {
        "partnership": world["partnership"].pk,
        "person_text": "Ingen Slik",
        "unit": world["unit"].pk,
        "institution": world["ntnu"].pk,
        "kind": "lecture",
        "course_name": "Sykepleie i kommunen",
        "semester": "H2026",
        "hours": "8",
    }
    bad = signed_in.post(reverse("education:teaching_create"), data)
    assert bad.status_code == 422 and "Fant ingen registrert person" in bad.content.decode()
    data["person_text"] = f"{person.full_name} [{person.slug}]"
    response = signed_in.post(reverse("education:teaching_create"), data)
    assert response.status_code == 302
    assert TeachingContribution.objects.get().person == person


def test_placement_import_preview_errors_and_confirm(signed_in, world):
    url = reverse("education:placement_import")
    bad = EXPORT + "Ukjent enhet;Bachelor;974767880;Sommer 2026;mange;\n"
    response = signed_in.post(
        url,
        {
            "partnership": world["partnership"].pk,
            "file": SimpleUploadedFile("praksis.csv", bad.encode(), "text/csv"),
        },
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Linje 4" in text and "Ukjent enhet" in text and "Sommer 2026" in text
    assert "Importer</button>" not in text
    assert not Placement.objects.exists()
    response = signed_in.post(
        url,
        {
            "partnership": world["partnership"].pk,
            "file": SimpleUploadedFile("praksis.csv", EXPORT.encode(), "text/csv"),
        },
    )
    assert response.status_code == 200
    assert "Forhåndsvisning" in response.content.decode()
    assert not Placement.objects.exists()
    response = signed_in.post(
        url,
        {
            "confirm": "1",
            "partnership": world["partnership"].pk,
            "content": response.context["content"],
        },
    )
    assert response.status_code == 302
    assert Placement.objects.count() == 2


def test_import_refuses_a_non_utf8_file(signed_in, world):
    response = signed_in.post(
        reverse("education:placement_import"),
        {
            "partnership": world["partnership"].pk,
            "file": SimpleUploadedFile("praksis.csv", EXPORT.encode("latin-1"), "text/csv"),
        },
    )
    assert response.status_code == 422
    assert "UTF-8" in response.content.decode()


def test_overview_counts(client, world):
    course_create(
        partnership=world["partnership"],
        title="Demensomsorg",
        institution=world["ntnu"],
        semester="H2026",
        participants={world["unit"]: 8, world["other"]: 4},
    )
    response = client.get(reverse("education:index"), {"partnerskap": "trd30-edu"})
    counts = response.context["counts"]
    assert counts["totals"]["courses"] == 1
    assert counts["totals"]["course_participants"] == 12


def test_course_answers_a_need_and_hidden_needs_stay_hidden(client, signed_in, world):
    from kunnskapsbro.needs.services import answers_set

    need = need_create(partnership=world["partnership"], title="Intern kompetanseplan", problem="P")
    data = {
        "partnership": world["partnership"].pk,
        "title": "Demensomsorg",
        "institution": world["ntnu"].pk,
        "semester": "H2026",
        "needs": [need.pk],
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-0-unit": "",
        "participants-0-participant_count": "",
    }
    response = signed_in.post(reverse("education:course_create"), data)
    assert response.status_code == 302
    course = Course.objects.get()
    assert NeedAnswer.objects.get().course == course
    # A new (unpublished) need's title is not shown to anonymous visitors.
    client.logout()
    page = client.get(course.get_absolute_url()).content.decode()
    assert "Intern kompetanseplan" not in page
    thesis = thesis_create(
        partnership=world["partnership"], title="Åpen", level="master", student_name="S", year=2026
    )
    answers_set(kind="thesis", target=thesis, needs=[need])
    assert "Intern kompetanseplan" not in client.get(thesis.get_absolute_url()).content.decode()


def test_roles_decide_who_registers_and_who_sees(client, world, student_user, api_token_for):
    from kunnskapsbro.partnerships.models import Partnership

    thesis = thesis_create(
        partnership=world["partnership"],
        title="Intern oppgave",
        level="master",
        student_name="S",
        year=2026,
        visibility="internal",
    )
    placement = Placement.objects.create(
        partnership=world["partnership"],
        unit=world["unit"],
        programme="Bachelor i sykepleie",
        institution=world["ntnu"],
        semester="H2026",
        year=2026,
        student_count=3,
    )
    client.force_login(student_user)
    # Signed in without an editing role: the forms and the import answer 403, edit too.
    assert client.get(reverse("education:placement_create")).status_code == 403
    assert client.get(reverse("education:placement_import")).status_code == 403
    edit = reverse("education:placement_edit", args=[placement.pk])
    assert client.get(edit).status_code == 403
    page = client.get(placement.get_absolute_url()).content.decode()
    assert reverse("education:placement_edit", args=[placement.pk]) not in page
    token = api_token_for(student_user)
    response = client.post(
        "/api/v1/placements/import",
        {"partnership": "trd30-edu", "content": EXPORT},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403
    assert Placement.objects.count() == 1
    # A partnership hidden from the public hides its education records from anonymous callers.
    client.logout()
    assert client.get(thesis.get_absolute_url()).status_code == 404
    assert client.get(placement.get_absolute_url()).status_code == 200
    Partnership.objects.filter(pk=world["partnership"].pk).update(is_public=False)
    assert client.get(placement.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/placements").json()["count"] == 0


def _need(partnership, title, *, visibility="internal", status="new"):
    need = need_create(partnership=partnership, title=title, problem="P", visibility=visibility)
    KnowledgeNeed.objects.filter(pk=need.pk).update(status=status)
    need.refresh_from_db()
    return need


@pytest.fixture
def needs_elsewhere(world):
    """Needs a coordinator of the world's partnership may or may not choose."""
    other = PartnershipFactory(name="Vest", slug="vest-needs")
    hidden = PartnershipFactory(name="Lukket", slug="lukket-needs", is_public=False)
    return {
        "own_internal": _need(world["partnership"], "Eget internt behov"),
        "own_closed": _need(world["partnership"], "Eget lukket behov", status="closed"),
        "other_internal": _need(other, "Vests interne behov", status="published"),
        "other_unpublished": _need(other, "Vests nye offentlige behov", visibility="public"),
        "other_public": _need(
            other, "Vests publiserte behov", visibility="public", status="published"
        ),
        "hidden_public": _need(hidden, "Lukkets behov", visibility="public", status="published"),
    }


@pytest.fixture
def coordinator_of_world(client, world, grant_role):
    coordinator = UserFactory(username="kim.koordinator")
    grant_role(coordinator, "coordinator", partnership=world["partnership"])
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("kind", ["thesis", "course"])
def test_needs_answered_offers_only_needs_the_user_sees_of_the_partnership(
    coordinator_of_world, world, needs_elsewhere, kind
):
    client = coordinator_of_world
    field = client.get(reverse(f"education:{kind}_create")).context["form"]["needs"]
    offered = {need.title for need in field.field.queryset}
    assert offered == {"Eget internt behov"}
    page = str(field)
    for key in ("other_internal", "other_unpublished", "other_public", "hidden_public"):
        assert needs_elsewhere[key].title not in page, key


@pytest.mark.parametrize("kind", ["thesis", "course"])
def test_needs_answered_refuses_a_need_the_user_may_not_choose(
    coordinator_of_world, world, needs_elsewhere, kind
):
    data = {
        "partnership": world["partnership"].pk,
        "title": "Nattlig uro",
        "institution": world["ntnu"].pk,
        **(
            {"level": "master", "status": "in_progress", "student_name": "S", "year": "2026"}
            if kind == "thesis"
            else {"semester": "H2026", "participants-TOTAL_FORMS": "0"}
        ),
        "participants-INITIAL_FORMS": "0",
        "visibility": "public",
    }
    url = reverse(f"education:{kind}_create")
    for key in (
        "other_internal",
        "other_unpublished",
        "other_public",
        "hidden_public",
        "own_closed",
    ):
        need = needs_elsewhere[key]
        response = coordinator_of_world.post(url, {**data, "needs": [need.pk]})
        assert response.status_code == 422, key
        errors = response.context["form"].errors
        assert list(errors) == ["needs"] and str(need.pk) in errors["needs"][0], key
        assert need.title not in response.content.decode(), key
    assert not Thesis.objects.exists() and not Course.objects.exists()
    assert not NeedAnswer.objects.exists()
    # A need the user sees, of the record's partnership, still links.
    own = needs_elsewhere["own_internal"]
    response = coordinator_of_world.post(url, {**data, "needs": [own.pk]})
    assert response.status_code == 302
    assert NeedAnswer.objects.get().need == own
