"""A project answers needs: the project form links and unlinks them (needs.answers_set), and
refuses to unlink the only answer of a need already marked answered."""

from __future__ import annotations

from django.urls import reverse

from kunnskapsbro.needs.models import KnowledgeNeed, NeedAnswer
from kunnskapsbro.needs.services import need_answer_add, need_create, need_transition
from kunnskapsbro.projects.models import Project
from kunnskapsbro.tests_support.factories import PartnershipFactory, ProjectFactory, UserFactory


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


def _need(partnership, title, *, visibility="internal", status="new"):
    need = need_create(partnership=partnership, title=title, problem="P", visibility=visibility)
    KnowledgeNeed.objects.filter(pk=need.pk).update(status=status)
    return KnowledgeNeed.objects.get(pk=need.pk)


def test_project_form_offers_only_needs_the_user_sees_of_the_partnership(
    needs_world, client_as, grant_role
):
    coordinator = UserFactory(username="kim.koordinator")
    grant_role(coordinator, "coordinator", partnership=needs_world.partnership)
    other = PartnershipFactory(name="Vest", slug="vest-project-needs")
    hidden = PartnershipFactory(name="Lukket", slug="lukket-project-needs", is_public=False)
    own = _need(needs_world.partnership, "Eget internt behov")
    refused = [
        _need(other, "Vests interne behov", status="published"),
        _need(other, "Vests nye offentlige behov", visibility="public"),
        _need(other, "Vests publiserte behov", visibility="public", status="published"),
        _need(hidden, "Lukkets behov", visibility="public", status="published"),
    ]
    client = client_as(coordinator)
    url = reverse("projects:create")
    page = client.get(url + f"?partnership={needs_world.partnership.slug}")
    assert {need.title for need in page.context["form"]["answers_needs"].field.queryset} == {
        "Eget internt behov"
    }
    for need in refused:
        assert need.title not in page.content.decode(), need.title
        response = client.post(url, _data(needs_world.partnership, answers_needs=[need.pk]))
        assert response.status_code == 200, need.title
        errors = response.context["form"].errors
        assert list(errors) == ["answers_needs"] and str(need.pk) in errors["answers_needs"][0]
        assert need.title not in response.content.decode(), need.title
    assert not Project.objects.exists() and not NeedAnswer.objects.exists()
    response = client.post(url, _data(needs_world.partnership, answers_needs=[own.pk]))
    assert response.status_code == 302
    assert NeedAnswer.objects.get().need == own


def test_project_form_keeps_links_the_user_cannot_see(needs_world, client_as, grant_role):
    """A contributor edits their own project, which answers an internal need of its
    partnership (they do not read internal records) and, linked from that need's page, a
    need of another partnership: neither is shown, and saving keeps both."""
    contributor = UserFactory(username="kai.bidragsyter")
    grant_role(contributor, "contributor", partnership=needs_world.partnership)
    project = ProjectFactory(
        partnership=needs_world.partnership, title="Eget prosjekt", created_by=contributor
    )
    internal = _need(needs_world.partnership, "Internt behov", status="published")
    elsewhere = _need(
        PartnershipFactory(name="Vest", slug="vest-kept"),
        "Vests publiserte behov",
        visibility="public",
        status="published",
    )
    listed = _need(
        needs_world.partnership, "Publisert behov", visibility="public", status="published"
    )
    for need in (internal, elsewhere):
        need_answer_add(need=need, kind="project", project=project)
    client = client_as(contributor)
    url = reverse("projects:edit", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200
    field = page.context["form"]["answers_needs"]
    assert [need.title for need in field.field.queryset] == ["Publisert behov"]
    assert field.initial == []
    assert "Internt behov" not in page.content.decode()
    response = client.post(url, _data(needs_world.partnership, title="Eget prosjekt, nytt navn"))
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert project.title == "Eget prosjekt, nytt navn"
    assert set(NeedAnswer.objects.values_list("need", flat=True)) == {internal.pk, elsewhere.pk}
    assert listed.answers.count() == 0
