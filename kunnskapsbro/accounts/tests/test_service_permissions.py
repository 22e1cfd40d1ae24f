"""The write services check the acting user themselves (accounts.permissions), so a view that
forgot its own check is still refused; SYSTEM (or None) is trusted only outside a request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.permissions import SYSTEM, RequestActorMiddleware
from kunnskapsbro.partnerships.models import GovernanceBody, PartnershipParty
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db: Any) -> dict[str, Any]:
    trd = PartnershipFactory(slug="trd-svc", name="TRD3.0")
    municipality = MunicipalityFactory(name="Trondheim kommune")
    PartnershipParty.objects.create(partnership=trd, organization=municipality, role="municipality")
    unit = OrgUnitFactory(organization=municipality, name="Østbyen")
    area = FocusAreaFactory(partnership=trd, name="Helse")
    project = ProjectFactory(
        partnership=trd, title="Prosjekt", visibility="internal", status="assessment",
        municipal_units=[unit], focus_areas=[area],
    )  # fmt: skip
    viewer = UserFactory(username="v-svc")
    RoleAssignmentFactory(user=viewer, role="viewer", partnership=trd)
    administrator = UserFactory(username="k-svc")
    RoleAssignmentFactory(user=administrator, role="administrator", partnership=trd)
    other = UserFactory(username="o-svc")  # coordinator of another partnership
    RoleAssignmentFactory(user=other, role="coordinator", partnership=PartnershipFactory())
    body = GovernanceBody.objects.create(partnership=trd, kind="steering_group", name="SG")
    return {
        "trd": trd, "unit": unit, "area": area, "project": project, "body": body,
        "viewer": viewer, "administrator": administrator, "other": other,
        "no_role": UserFactory(username="n-svc"),
    }  # fmt: skip


def _calls(w: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    """One write of each app's services, given the actor."""
    from kunnskapsbro.accounts import role_services
    from kunnskapsbro.education import services as education
    from kunnskapsbro.goals import services as goals
    from kunnskapsbro.interop import services as interop
    from kunnskapsbro.meetings import services as meetings
    from kunnskapsbro.needs import services as needs
    from kunnskapsbro.portal import services as portal
    from kunnskapsbro.projects import services as projects

    trd, project = w["trd"], w["project"]
    start = dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC)
    return {
        "project_create": lambda a: projects.project_create(partnership=trd, title="X", actor=a),
        "project_update": lambda a: projects.project_update(
            project=project, data={"title": "Endret"}, actor=a
        ),
        "project_transition": lambda a: projects.project_transition(
            project=project, to_status="preparing", actor=a
        ),
        "relevance_assess": lambda a: projects.relevance_assess(
            project=project, unit=w["unit"], relevance=4, recommendation="participate", actor=a
        ),
        "need_create": lambda a: needs.need_create(
            partnership=trd, title="Behov", problem="…", actor=a
        ),
        "goal_create": lambda a: goals.goal_create(
            partnership=trd, kind="result", title="Mål", actor=a
        ),
        "milestone_create": lambda a: goals.milestone_create(
            partnership=trd, title="Milepæl", due_date=dt.date(2030, 1, 1), actor=a
        ),
        "meeting_create": lambda a: meetings.meeting_create(
            body=w["body"], title="Møte", starts_at=start, actor=a
        ),
        "event_create": lambda a: meetings.event_create(
            partnership=trd,
            kind="breakfast",
            title="Frokost",
            slug="frokost-svc",
            starts_at=start,
            actor=a,
        ),  # fmt: skip
        "thesis_create": lambda a: education.thesis_create(
            partnership=trd,
            title="Oppgave",
            level="master",
            student_name="S",
            year=2026,
            actor=a,
        ),  # fmt: skip
        "import_job_create": lambda a: interop.import_job_create(
            fmt="csv", data=b"Tittel\nA\n", filename="a.csv", partnership=trd, actor=a
        ),
        "article_create": lambda a: portal.article_create(
            partnership=trd, title="Artikkel", body="Tekst", actor=a
        ),
        "role_assign": lambda a: role_services.role_assign(
            actor=a, user=w["no_role"], role="viewer", partnership=trd
        ),
    }


SERVICES = [
    "project_create", "project_update", "project_transition", "relevance_assess", "need_create",
    "goal_create", "milestone_create", "meeting_create", "event_create", "thesis_create",
    "import_job_create", "article_create", "role_assign",
]  # fmt: skip


@pytest.mark.parametrize("who", ["viewer", "no_role", "other"])
def test_services_refuse_an_actor_without_the_capability(w: dict[str, Any], who: str) -> None:
    """As if a view had forgotten its own check: the service itself refuses, writes nothing."""
    from kunnskapsbro.projects.models import Project

    calls = _calls(w)
    assert set(calls) == set(SERVICES)
    before = Project.objects.count()
    wrong = []
    for name in SERVICES:
        try:
            calls[name](w[who])
        except PermissionDenied:
            continue
        wrong.append(name)
    assert not wrong, f"{who} was let through by {wrong}"
    w["project"].refresh_from_db()
    assert (w["project"].title, w["project"].status) == ("Prosjekt", "assessment")
    assert Project.objects.count() == before


@pytest.mark.parametrize("name", SERVICES)
def test_services_let_the_administrator_and_the_system_through(
    w: dict[str, Any], name: str
) -> None:
    _calls(w)[name](w["administrator"])
    # Done once already (the project moved on, the slug or role is taken): the system case of
    # these is covered by the others and by test_a_request_never_acts_as_the_system.
    if name not in ("project_transition", "relevance_assess", "event_create", "article_create",
                    "role_assign"):  # fmt: skip
        _calls(w)[name](SYSTEM)


def _in_request(call: Callable[[], Any]) -> HttpResponse:
    """Run ``call`` the way a view runs: inside the request middleware."""

    def view(request: Any) -> HttpResponse:
        call()
        return HttpResponse("ok")

    return RequestActorMiddleware(view)(RequestFactory().get("/"))


@pytest.mark.parametrize("actor", [None, SYSTEM], ids=["forgotten", "system"])
def test_a_request_never_acts_as_the_system(w: dict[str, Any], actor: Any) -> None:
    """A view that forgets ``actor=request.user`` (or passes SYSTEM) is refused, even for a
    project everyone may see; outside a request the same call is the trusted system."""
    from kunnskapsbro.projects import services as projects

    with pytest.raises(PermissionDenied):
        _in_request(
            lambda: projects.project_update(project=w["project"], data={"title": "Y"}, actor=actor)
        )
    w["project"].refresh_from_db()
    assert w["project"].title == "Prosjekt"
    assert not permissions.in_request()  # the marker is gone after the request
    projects.project_update(project=w["project"], data={"title": "Y"}, actor=actor)
    w["project"].refresh_from_db()
    assert w["project"].title == "Y"


def test_a_request_acts_as_its_user(w: dict[str, Any]) -> None:
    from kunnskapsbro.projects import services as projects

    response = _in_request(
        lambda: projects.project_update(
            project=w["project"], data={"title": "Z"}, actor=w["administrator"]
        )
    )
    assert response.status_code == 200
    w["project"].refresh_from_db()
    assert w["project"].title == "Z"
    # SYSTEM signs no history row and is anonymous to every can_* question
    assert not permissions.can_edit_project(SYSTEM, w["project"])


def test_the_middleware_is_installed_first() -> None:
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "kunnskapsbro.accounts.middleware.RequestActorMiddleware"


def test_unit_editor_advances_its_units_assessment_but_not_another_step(
    w: dict[str, Any],
) -> None:
    """The unit's relevance assessment with «gå videre» is the assessment decision for its unit;
    the same editor may not take the assessment step by itself."""
    from kunnskapsbro.projects import services as projects

    editor = UserFactory(username="u-svc")
    RoleAssignmentFactory(user=editor, role="unit_editor", partnership=w["trd"], org_unit=w["unit"])
    with pytest.raises(PermissionDenied):
        projects.project_transition(project=w["project"], to_status="preparing", actor=editor)
    projects.relevance_assess(
        project=w["project"], unit=w["unit"], relevance=4, recommendation="participate",
        actor=editor, advance=True,
    )  # fmt: skip
    w["project"].refresh_from_db()
    assert w["project"].status == "preparing"


def test_owner_reports_progress_on_own_follow_up_point_only(w: dict[str, Any]) -> None:
    from kunnskapsbro.meetings import services as meetings

    owner_user = UserFactory(username="eier-svc")
    owner = PersonFactory(user=owner_user)
    meeting = meetings.meeting_create(
        body=w["body"], title="Møte", starts_at=dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC)
    )
    item = meetings.action_item_create(
        meeting=meeting, title="Følg opp", owner=owner, due_date=dt.date(2030, 2, 1)
    )
    meetings.action_item_update(action_item=item, data={"comment": "I gang"}, actor=owner_user)
    with pytest.raises(PermissionDenied):  # who does what by when is the coordinator's
        meetings.action_item_update(action_item=item, data={"title": "Annet"}, actor=owner_user)
    with pytest.raises(PermissionDenied):
        meetings.action_item_update(action_item=item, data={"comment": "x"}, actor=w["viewer"])
