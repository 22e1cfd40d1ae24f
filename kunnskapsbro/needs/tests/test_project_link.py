"""A project answers needs: the project form links and unlinks them (needs.answers_set), and
refuses to unlink the only answer of a need already marked answered."""

from __future__ import annotations

from django.urls import reverse

from kunnskapsbro.needs.models import NeedAnswer
from kunnskapsbro.needs.services import need_answer_add, need_create, need_transition
from kunnskapsbro.projects.models import Project
from kunnskapsbro.tests_support.factories import ProjectFactory


def _data(partnership, **overrides):
    data = {
        "partnership_slug": partnership.slug,
        "title": "Sensorer mot nattlig uro",
        "kind": "research",
        "visibility": "internal",
    }
    for prefix, maximum in (("partners", 200), ("participants", 200), ("funding", 50)):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": str(maximum),
        }
    data.update(overrides)
    return data


def test_project_form_links_and_unlinks_needs(needs_world, client_as, coordinator_user):
    need = need_create(partnership=needs_world.partnership, title="Uro om natten", problem="P")
    client = client_as(coordinator_user)
    page = client.get(reverse("projects:create") + f"?partnership={needs_world.partnership.slug}")
    assert "Uro om natten" in page.content.decode()
    response = client.post(
        reverse("projects:create"), _data(needs_world.partnership, answers_needs=[need.pk])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(title="Sensorer mot nattlig uro")
    answer = NeedAnswer.objects.get()
    assert (answer.need, answer.project, answer.kind) == (need, project, "project")
    need_page = client.get(need.get_absolute_url()).content.decode()
    assert "Sensorer mot nattlig uro" in need_page
    edit = client.get(reverse("projects:edit", args=[project.pk])).content.decode()
    assert f'value="{need.pk}" selected' in edit
    response = client.post(
        reverse("projects:edit", args=[project.pk]), _data(needs_world.partnership)
    )
    assert response.status_code == 302
    assert not NeedAnswer.objects.exists()


def test_project_form_keeps_the_only_answer_of_an_answered_need(
    needs_world, client_as, coordinator_user
):
    project = ProjectFactory(partnership=needs_world.partnership, title="Gammelt prosjekt")
    need = need_create(partnership=needs_world.partnership, title="Uro om natten", problem="P")
    need_transition(need=need, to_status="prioritised", priority_rank=1)
    need_transition(need=need, to_status="published")
    need_answer_add(need=need, kind="project", project=project)
    need_transition(need=need, to_status="answered")
    client = client_as(coordinator_user)
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        _data(needs_world.partnership, title="Gammelt prosjekt, nytt navn"),
    )
    assert response.status_code == 200
    assert "er besvart bare av dette" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Gammelt prosjekt"
    assert NeedAnswer.objects.filter(need=need, project=project).exists()
