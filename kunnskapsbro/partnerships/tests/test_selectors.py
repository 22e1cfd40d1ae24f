import pytest

from kunnskapsbro.partnerships import selectors, services
from kunnskapsbro.projects import services as project_services


@pytest.mark.django_db
def test_public_counts_leave_out_internal_projects():
    partnership = services.partnership_create(name="TRD3.0", slug="trd30")
    project_services.project_create(partnership=partnership, title="Offentlig", visibility="public")
    project_services.project_create(partnership=partnership, title="Intern", visibility="internal")
    assert selectors.partnership_list(public_only=True).get().project_count == 1
    assert selectors.partnership_list().get().project_count == 2


@pytest.mark.django_db
def test_with_project_counts_counts_what_the_user_may_see():
    from django.contrib.auth.models import AnonymousUser

    from kunnskapsbro.tests_support.factories import RoleAssignmentFactory, UserFactory

    trd = services.partnership_create(name="TRD3.0", slug="trd30")
    other = services.partnership_create(name="Annet", slug="annet")
    project_services.project_create(partnership=trd, title="Offentlig", visibility="public")
    project_services.project_create(partnership=trd, title="Intern", visibility="internal")
    project_services.project_create(partnership=other, title="Der", visibility="public")
    reader = UserFactory()
    RoleAssignmentFactory(user=reader, partnership=trd, role="viewer")

    def counts(user):
        listed = selectors.partnership_list(user=user, with_counts=False)
        return {p.slug: p.project_count for p in selectors.with_project_counts(listed, user=user)}

    assert counts(AnonymousUser()) == {"trd30": 1, "annet": 1}
    assert counts(reader) == {"trd30": 2, "annet": 1}
    # The same numbers as the counting join it replaces.
    assert {p.slug: p.project_count for p in selectors.partnership_list(user=reader)} == {
        "trd30": 2,
        "annet": 1,
    }
