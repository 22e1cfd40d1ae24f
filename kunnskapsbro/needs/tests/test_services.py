"""The knowledge-need lifecycle, the oppgavebank and answers, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kunnskapsbro.education.services import thesis_create, thesis_update
from kunnskapsbro.needs import lifecycle
from kunnskapsbro.needs.models import (
    AssignmentStatus,
    Interest,
    InterestStatus,
    KnowledgeNeed,
    MatchIndexState,
    NeedStatus,
    NeedStatusChange,
)
from kunnskapsbro.needs.services import (
    assignment_create,
    assignment_link_thesis,
    interest_choose,
    interest_express,
    need_answer_add,
    need_create,
    need_transition,
    need_update,
)
from kunnskapsbro.tests_support.factories import ProjectFactory, UserFactory

DEMENTIA = {
    "title": "Nattlig uro blant beboere med demens",
    "problem": "Beboere med demens er urolige om natten; nattevakter bruker mye tid på uro.",
    "affected": "Beboere med demens, pårørende og nattevakter ved sykehjemmet.",
    "known": "Miljøtiltak og lysstyring er prøvd andre steder.",
    "wanted": "Hvilke miljøtiltak reduserer nattlig uro uten mer bruk av legemidler?",
    "pico_population": "Sykehjemsbeboere med demens",
    "pico_intervention": "Miljøtiltak om natten",
    "pico_outcome": "Mindre uro, bedre søvn",
}


def make_need(world, actor=None, **extra) -> KnowledgeNeed:
    fields = {"unit": world.unit, "focus_area": world.health, **DEMENTIA, **extra}
    return need_create(partnership=world.partnership, actor=actor, **fields)


def publish(need, actor):
    need_transition(
        need=need,
        to_status="prioritised",
        actor=actor,
        priority_rank=1,
        comment="Viktig for hele tjenesten",
    )
    need_transition(need=need, to_status="published", actor=actor)
    need.refresh_from_db()
    return need


def test_create_records_the_start_and_history(needs_world, unit_leader_user, grant_role):
    grant_role(unit_leader_user, "unit_editor", partnership=needs_world.partnership,
               org_unit=needs_world.unit)  # fmt: skip
    need = make_need(needs_world, unit_leader_user)
    assert need.status == NeedStatus.NEW
    assert need.created_by == unit_leader_user
    assert need.history.first().history_user == unit_leader_user
    change = need.changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("new", "new", unit_leader_user)


def test_create_refuses_a_blank_problem_and_writes_nothing(needs_world):
    with pytest.raises(ValidationError) as error:
        make_need(needs_world, problem="")
    assert "problem" in error.value.message_dict
    assert not KnowledgeNeed.objects.exists()


def test_focus_area_must_belong_to_the_partnership(needs_world):
    from kunnskapsbro.tests_support.factories import FocusAreaFactory

    foreign = FocusAreaFactory(name="Annet sted")
    with pytest.raises(ValidationError) as error:
        make_need(needs_world, focus_area=foreign)
    assert "focus_area" in error.value.message_dict


def test_prioritising_needs_a_rank_and_records_the_comment(needs_world, coordinator_user):
    need = make_need(needs_world)
    with pytest.raises(ValidationError) as error:
        need_transition(need=need, to_status="prioritised", actor=coordinator_user)
    assert "priority_rank" in error.value.message_dict
    need_transition(
        need=need,
        to_status="prioritised",
        actor=coordinator_user,
        priority_rank=2,
        comment="Høy nytte",
    )
    need.refresh_from_db()
    assert (need.status, need.priority_rank, need.priority_comment) == (
        "prioritised",
        2,
        "Høy nytte",
    )


def test_the_table_refuses_skipping_steps(needs_world):
    need = make_need(needs_world)
    with pytest.raises(ValidationError) as error:
        need_transition(need=need, to_status="published")
    assert "Prioritert" in str(error.value.message_dict["to_status"])
    need.refresh_from_db()
    assert need.status == "new"


def test_closing_needs_a_reason(needs_world):
    need = make_need(needs_world)
    with pytest.raises(ValidationError) as error:
        need_transition(need=need, to_status="closed")
    assert "comment" in error.value.message_dict


def test_answered_needs_an_answer(needs_world, coordinator_user):
    need = publish(make_need(needs_world), coordinator_user)
    with pytest.raises(ValidationError):
        need_transition(need=need, to_status="answered", actor=coordinator_user)
    need_answer_add(
        need=need,
        kind="review",
        review_title="Kunnskapsoppsummering om uro",
        review_url="https://www.fhi.no/rapport",
    )
    need_transition(need=need, to_status="answered", actor=coordinator_user)
    need.refresh_from_db()
    assert need.status == "answered"


def test_every_state_is_in_the_table():
    assert set(lifecycle.TRANSITIONS) == set(NeedStatus.values)


def test_assignment_only_for_published_needs(needs_world, coordinator_user):
    need = make_need(needs_world)
    with pytest.raises(ValidationError) as error:
        assignment_create(
            need=need,
            title="x",
            description="y",
            level="master",
            discipline="Sykepleie",
            semester="H2026",
        )
    assert "need" in error.value.message_dict


def test_assignment_semester_is_validated(needs_world, coordinator_user):
    need = publish(make_need(needs_world), coordinator_user)
    with pytest.raises(ValidationError) as error:
        assignment_create(
            need=need,
            title="x",
            description="y",
            level="master",
            discipline="Sykepleie",
            semester="høsten",
        )
    assert "semester" in error.value.message_dict


def test_notification_status_follows_the_requirement(needs_world, coordinator_user):
    need = publish(make_need(needs_world), coordinator_user)
    assignment = assignment_create(
        need=need,
        title="Uro om natten",
        description="Kartlegg uro.",
        level="master",
        discipline="Sykepleie",
        semester="H2026",
        notification_required=True,
    )
    assert assignment.notification_status == "not_sent"
    with pytest.raises(ValidationError) as error:
        assignment_create(
            need=need,
            title="Annen",
            description="y",
            level="bachelor",
            discipline="Sykepleie",
            semester="H2026",
            notification_required=False,
            notification_status="approved",
        )
    assert "notification_status" in error.value.message_dict


def test_done_when_flow(needs_world, unit_leader_user, coordinator_user, student_user, grant_role):
    grant_role(unit_leader_user, "unit_editor", partnership=needs_world.partnership,
               org_unit=needs_world.unit)  # fmt: skip
    """Register → prioritise → publish → assignment → interest → pick → thesis → answered."""
    need = make_need(needs_world, unit_leader_user)
    need = publish(need, coordinator_user)
    assignment = assignment_create(
        need=need,
        actor=unit_leader_user,
        title="Nattlig uro hos personer med demens",
        description="Masteroppgave om miljøtiltak mot nattlig uro.",
        level="master",
        discipline="Sykepleie",
        semester="H2026",
        data_available="Anonymisert hendelseslogg",
        contact_person=needs_world.contact,
        notification_required=True,
    )
    other_student = UserFactory(username="sondre.student")
    interest = interest_express(assignment=assignment, user=student_user, message="Jeg vil!")
    interest_express(assignment=assignment, user=other_student)
    with pytest.raises(ValidationError):
        interest_express(assignment=assignment, user=student_user)
    interest_choose(interest=interest, actor=unit_leader_user)
    assignment.refresh_from_db()
    need.refresh_from_db()
    assert assignment.status == AssignmentStatus.TAKEN
    assert need.status == NeedStatus.IN_PROGRESS
    assert Interest.objects.get(user=other_student).status == InterestStatus.DECLINED
    with pytest.raises(ValidationError):
        interest_express(assignment=assignment, user=UserFactory(username="sen.student"))

    thesis = thesis_create(
        partnership=needs_world.partnership,
        title="Miljøtiltak mot nattlig uro i sykehjem",
        level="master",
        student_name="Siri Student",
        student_user=student_user,
        year=2027,
        unit=needs_world.unit,
        institution=needs_world.university,
    )
    assignment_link_thesis(assignment=assignment, thesis=thesis, actor=unit_leader_user)
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS  # not finished yet
    with pytest.raises(ValidationError) as error:
        thesis_update(thesis=thesis, data={"status": "finished"})
    assert "nva_url" in error.value.message_dict
    thesis.refresh_from_db()
    thesis_update(
        thesis=thesis,
        data={"status": "finished", "nva_url": "https://nva.sikt.no/registration/0190abc"},
    )
    assignment_link_thesis(assignment=assignment, thesis=thesis, actor=unit_leader_user)
    need.refresh_from_db()
    assignment.refresh_from_db()
    assert need.status == NeedStatus.ANSWERED
    assert assignment.status == AssignmentStatus.DONE
    assert need.answers.get().thesis == thesis
    steps = list(
        NeedStatusChange.objects.filter(need=need)
        .order_by("at", "id")
        .values_list("to_status", flat=True)
    )
    assert steps == ["new", "prioritised", "published", "in_progress", "answered"]


def test_answer_with_a_project_once(needs_world, coordinator_user):
    need = make_need(needs_world)
    project = ProjectFactory(partnership=needs_world.partnership)
    need_answer_add(need=need, kind="project", project=project, actor=coordinator_user)
    with pytest.raises(ValidationError) as error:
        need_answer_add(need=need, kind="project", project=project)
    assert "project" in error.value.message_dict
    with pytest.raises(ValidationError):
        need_answer_add(need=need, kind="project")


def test_services_bump_the_matching_version(needs_world, coordinator_user):
    need = make_need(needs_world)
    before = MatchIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    need_transition(need=need, to_status="prioritised", priority_rank=1, actor=coordinator_user)
    need_update(need=need, data={"title": "Uro om natten"})
    assert MatchIndexState.objects.get(pk=1).version > before
