"""Needs pages: the guided form, status changes, the oppgavebank, interest, thesis, matching."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunnskapsbro.needs.models import KnowledgeNeed, NeedStatus
from kunnskapsbro.needs.services import assignment_create, need_create, need_transition
from kunnskapsbro.tests_support.factories import ProjectFactory


@pytest.fixture
def published(needs_world, coordinator_user):
    need = need_create(
        partnership=needs_world.partnership,
        title="Nattlig uro blant beboere med demens",
        problem="Beboere med demens er urolige om natten.",
        unit=needs_world.unit,
        focus_area=needs_world.health,
        visibility="public",
    )
    need_transition(need=need, to_status="prioritised", priority_rank=1, actor=coordinator_user)
    need_transition(need=need, to_status="published", actor=coordinator_user)
    assignment = assignment_create(
        need=need,
        title="Miljøtiltak mot nattlig uro",
        description="Masteroppgave om uro om natten på sykehjem.",
        level="master",
        discipline="Sykepleie",
        semester="H2026",
    )
    return need, assignment


def test_the_form_registers_a_need(needs_world, client_as, unit_leader_user, grant_role):
    # The unit leader registers needs for their unit (a unit editor in the partnership).
    grant_role(
        unit_leader_user,
        "unit_editor",
        partnership=needs_world.partnership,
        org_unit=needs_world.unit,
    )
    client = client_as(unit_leader_user)
    page = client.get(reverse("needs:create"))
    assert page.status_code == 200
    assert "PICO" in page.content.decode()
    response = client.post(
        reverse("needs:create"),
        {
            "partnership": needs_world.partnership.pk,
            "title": "Ensomhet blant eldre",
            "problem": "Mange eldre i bydelen er ensomme.",
            "pico_population": "Hjemmeboende eldre",
            "urgency": "medium",
            "visibility": "internal",
        },
    )
    need = KnowledgeNeed.objects.get(title="Ensomhet blant eldre")
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert need.created_by == unit_leader_user


def test_only_roles_that_register_needs_get_the_form(needs_world, client_as, unit_leader_user):
    # A reader of every partnership without an editing role: the form is refused.
    assert client_as(unit_leader_user).get(reverse("needs:create")).status_code == 403
    assert (
        "needs/nytt" not in client_as(unit_leader_user).get(reverse("needs:list")).content.decode()
    )


def test_the_form_shows_errors_on_the_field(needs_world, client_as, unit_leader_user, grant_role):
    grant_role(
        unit_leader_user,
        "unit_editor",
        partnership=needs_world.partnership,
        org_unit=needs_world.unit,
    )
    response = client_as(unit_leader_user).post(
        reverse("needs:create"),
        {
            "partnership": needs_world.partnership.pk,
            "title": "",
            "problem": "",
            "urgency": "x",
            "visibility": "internal",
        },
    )
    assert response.status_code == 422
    assert "For å gå videre" in response.content.decode()
    assert not KnowledgeNeed.objects.exists()


def test_anonymous_cannot_register(db, client):
    assert client.get(reverse("needs:create")).status_code == 302


def test_prioritise_on_the_page_needs_a_rank(needs_world, client_as, coordinator_user):
    need = need_create(partnership=needs_world.partnership, title="T", problem="P")
    client = client_as(coordinator_user)
    url = reverse("needs:transition", args=[need.pk])
    response = client.post(url, {"to": "prioritised", "comment": "Viktig"})
    assert response.status_code == 422
    assert "rangering" in response.content.decode()
    response = client.post(url, {"to": "prioritised", "priority_rank": "1", "comment": "Viktig"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.PRIORITISED


def test_internal_and_unpublished_needs_are_hidden_from_visitors(needs_world, client):
    need = need_create(
        partnership=needs_world.partnership, title="Hemmelig", problem="P", visibility="public"
    )
    assert client.get(need.get_absolute_url()).status_code == 404


def test_oppgavebank_lists_and_filters(published, client):
    _need, assignment = published
    page = client.get(reverse("needs:assignments"))
    assert assignment.title in page.content.decode()
    assert (
        client.get(reverse("needs:assignments"), {"level": "bachelor"})
        .content.decode()
        .count(assignment.title)
        == 0
    )
    fragment = client.get(reverse("needs:assignments"), {"level": "master"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert assignment.title in fragment.content.decode()


def test_oppgavebank_query_count_does_not_grow(published, client, django_assert_max_num_queries):
    need, _assignment = published
    for i in range(5):
        assignment_create(
            need=need,
            title=f"Oppgave {i}",
            description="d",
            level="bachelor",
            discipline="Sykepleie",
            semester="V2027",
        )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("needs:assignments"))
    for i in range(10):
        assignment_create(
            need=need,
            title=f"Flere {i}",
            description="d",
            level="bachelor",
            discipline="Sykepleie",
            semester="V2027",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("needs:assignments"))
    assert len(many) == len(few)


def test_need_list_query_count_does_not_grow(needs_world, client_as, coordinator_user):
    client = client_as(coordinator_user)
    for i in range(3):
        need_create(
            partnership=needs_world.partnership,
            title=f"Behov {i}",
            problem="p",
            unit=needs_world.unit,
            focus_area=needs_world.health,
        )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("needs:list"))
    for i in range(10):
        need_create(
            partnership=needs_world.partnership,
            title=f"Mer {i}",
            problem="p",
            unit=needs_world.unit,
            focus_area=needs_world.health,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("needs:list"))
    assert len(many) == len(few)


def test_interest_choose_and_thesis_answer_the_need(
    published, client_as, student_user, unit_leader_user, grant_role, outsider_user
):
    need, assignment = published
    # Choosing among the interested is for the need's editors: the unit's editor.
    grant_role(unit_leader_user, "unit_editor", partnership=need.partnership, org_unit=need.unit)
    student = client_as(student_user)
    response = student.post(
        reverse("needs:interest", args=[assignment.pk]), {"role": "student", "message": "Gjerne!"}
    )
    assert response.status_code == 302
    assert "Du har meldt interesse" in student.get(assignment.get_absolute_url()).content.decode()
    leader = client_as(unit_leader_user)
    interest = assignment.interests.get()
    outsider = client_as(outsider_user)
    choose = reverse("needs:interest_choose", args=[assignment.pk, interest.pk])
    assert outsider.post(choose).status_code == 403  # sees the public need, may not choose
    leader.post(choose)
    response = leader.post(
        reverse("needs:thesis", args=[assignment.pk]),
        {
            "title": "Miljøtiltak mot uro",
            "student_name": "Siri Student",
            "level": "master",
            "year": "2027",
            "nva_url": "https://nva.sikt.no/registration/abc",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == NeedStatus.ANSWERED
    page = client_as(unit_leader_user).get(need.get_absolute_url()).content.decode()
    assert "https://nva.sikt.no/registration/abc" in page


def test_matches_fragment_and_page(published, client):
    need, _assignment = published
    project = ProjectFactory(
        partnership=need.partnership, title="Demens og uro om natten", visibility="public"
    )
    fragment = client.get(reverse("needs:matches", args=[need.pk]), HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert project.title in body and "Treff på" in body
    assert "<html" not in body
    assert client.get(reverse("needs:matches", args=[need.pk])).status_code == 200


def test_match_page(published, client):
    ProjectFactory(title="Skolestart for alle", visibility="public")
    response = client.get(reverse("needs:match"), {"q": "skolestarten"})
    assert "Skolestart for alle" in response.content.decode()


def test_similar_projects_on_the_project_page(needs_world, client):
    project = ProjectFactory(
        partnership=needs_world.partnership, title="Demens på sykehjem", visibility="public"
    )
    twin = ProjectFactory(
        partnership=needs_world.partnership,
        title="Uro hos sykehjemsbeboere med demens",
        visibility="public",
    )
    elsewhere = ProjectFactory(title="Dementia in nursing homes", visibility="public")
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("needs:similar_projects", args=[project.pk]) in page
    fragment = client.get(
        reverse("needs:similar_projects", args=[project.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert twin.title in fragment
    assert elsewhere.title in fragment


def test_link_a_matched_project_as_answer(published, client_as, coordinator_user):
    need, _assignment = published
    project = ProjectFactory(
        partnership=need.partnership, title="Demens og uro om natten", visibility="public"
    )
    client = client_as(coordinator_user)
    fragment = client.get(reverse("needs:matches", args=[need.pk]), HTTP_HX_REQUEST="true")
    assert "som svar" in fragment.content.decode()
    response = client.post(
        reverse("needs:answer_add", args=[need.pk]), {"kind": "project", "project": project.pk}
    )
    assert response.status_code == 302
    assert need.answers.get().project == project
    client.post(
        reverse("needs:answer_add", args=[need.pk]),
        {"kind": "review", "review_title": "", "review_url": ""},
    )
    assert need.answers.count() == 1
