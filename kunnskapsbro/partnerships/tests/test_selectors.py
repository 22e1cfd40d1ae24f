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
