"""A small partnership with a steering group, built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from kunnskapsbro.meetings import services
from kunnskapsbro.meetings.models import Event, Meeting
from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.partnerships.models import GovernanceBody, Partnership
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.models import Project


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=timezone.get_default_timezone())


@dataclass
class Governance:
    partnership: Partnership
    body: GovernanceBody
    chair: Person
    secretary: Person
    project: Project
    meeting: Meeting
    event: Event
    user: Any


@pytest.fixture
def gov(db, coordinator_user) -> Governance:
    partnership = partnership_services.partnership_create(
        name="TRD3.0 – Universitetskommunen Trondheim", slug="trd30", short_name="TRD3.0"
    )
    body = partnership_services.body_create(
        partnership=partnership, kind="steering_group", name="Styringsgruppen"
    )
    chair = org_services.person_create(
        first_name="Sigrid", last_name="Styreleder", email="sigrid@kommune.example.org"
    )
    secretary = org_services.person_create(
        first_name="Kari",
        last_name="Koordinator",
        email="kari@kommune.example.org",
        user=coordinator_user,
    )
    partnership_services.membership_create(body=body, person=chair, role="chair")
    partnership_services.membership_create(body=body, person=secretary, role="secretary")
    project = project_services.project_create(
        partnership=partnership, title="Bedre skolestart for alle", visibility="public"
    )
    meeting = services.meeting_create(
        body=body,
        title="Styringsgruppemøte mars",
        starts_at=at(2025, 3, 12),
        ends_at=at(2025, 3, 12, 12),
        location="Rådhuset",
        is_public=True,
        actor=coordinator_user,
    )
    event = services.event_create(
        partnership=partnership,
        kind="breakfast",
        title="Frokostmøte om velferdsteknologi",
        slug="frokost-velferdsteknologi",
        starts_at=at(2030, 2, 4, 8),
        ends_at=at(2030, 2, 4, 9),
        capacity=2,
        topic="Velferdsteknologi i hjemmetjenesten",
    )
    return Governance(
        partnership, body, chair, secretary, project, meeting, event, coordinator_user
    )
