"""The "needs answered" choices (need_answer_choices), shared by the project, thesis and course
forms and the education API: what the user may see, of the record's partnership, in one query
for the links and one for the choices."""

from __future__ import annotations

from kunnskapsbro.accounts.permissions import principal
from kunnskapsbro.needs.models import KnowledgeNeed
from kunnskapsbro.needs.selectors import need_answer_choices
from kunnskapsbro.needs.services import need_answer_add, need_create
from kunnskapsbro.tests_support.factories import PartnershipFactory, ProjectFactory, UserFactory


def _need(partnership, title, *, visibility="internal", status="new"):
    need = need_create(partnership=partnership, title=title, problem="P", visibility=visibility)
    KnowledgeNeed.objects.filter(pk=need.pk).update(status=status)
    return KnowledgeNeed.objects.get(pk=need.pk)


def test_choices_are_the_visible_needs_of_the_partnership_in_two_queries(
    needs_world, grant_role, django_assert_num_queries
):
    viewer = UserFactory(username="vera.leser")
    grant_role(viewer, "viewer", partnership=needs_world.partnership)
    other = PartnershipFactory(name="Vest", slug="vest-selectors")
    project = ProjectFactory(partnership=needs_world.partnership)
    internal = _need(needs_world.partnership, "Internt")
    closed_linked = _need(needs_world.partnership, "Lukket, koblet", status="closed")
    _need(needs_world.partnership, "Lukket", status="closed")
    elsewhere = _need(other, "Vest offentlig", visibility="public", status="published")
    _need(other, "Vest internt", status="published")
    for need in (closed_linked, elsewhere):
        need_answer_add(need=need, kind="project", project=project)
    principal(viewer)  # read once per request, before any form is built
    with django_assert_num_queries(1):
        choices = need_answer_choices(
            user=viewer, kind="project", target=project, partnership=needs_world.partnership
        )
    with django_assert_num_queries(1):
        offered = [need.title for need in choices.needs]
    assert offered == ["Internt", "Lukket, koblet"]
    assert choices.chosen == [closed_linked] and choices.kept == [elsewhere]
    assert internal.title in offered
    # Without a partnership (a record of any partnership) the other's public need is offered;
    # a user without roles sees only published public needs.
    anyone = need_answer_choices(user=UserFactory(username="ola.utenfor"), kind="project")
    assert [need.title for need in anyone.needs] == ["Vest offentlig"]
    assert anyone.chosen == [] and anyone.kept == []
