"""Computed indicators against a hand-counted portfolio."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kunnskapsbro.goals import services
from kunnskapsbro.goals.indicators import FIXED_RATES_NOK, indicator_values
from kunnskapsbro.goals.selectors import goals_overview, indicator_queryset
from kunnskapsbro.partnerships.models import PartnershipParty
from kunnskapsbro.projects.models import FundingLine, ProjectPartner, StatusTransition
from kunnskapsbro.tests_support.factories import (
    CrossCuttingElementFactory,
    FocusAreaFactory,
    OrganizationFactory,
    PartnershipFactory,
    ProjectFactory,
    UniversityFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def portfolio():
    """Hand-counted: 6 projects, 3 active, 1 declined; NTNU on 4 of the 5 in the portfolio."""
    p = PartnershipFactory()
    health = FocusAreaFactory(partnership=p, name="Helse og velferd")
    school = FocusAreaFactory(partnership=p, name="Oppvekst og utdanning")
    ntnu = UniversityFactory(name="NTNU")
    ntnu_child = OrganizationFactory(name="NTNU Samfunnsforskning", parent=ntnu)
    municipality = OrganizationFactory(kind="municipality")
    PartnershipParty.objects.create(partnership=p, organization=municipality, role="municipality")
    rcn = OrganizationFactory(name="Forskningsrådet")
    eu = OrganizationFactory(name="EU")
    a1 = ProjectFactory(partnership=p, status="active", focus_areas=[health])
    a2 = ProjectFactory(partnership=p, status="active", focus_areas=[health])
    a3 = ProjectFactory(partnership=p, status="active", focus_areas=[school])
    submitted = ProjectFactory(partnership=p, status="submitted", focus_areas=[health])
    idea = ProjectFactory(partnership=p, status="idea")
    declined = ProjectFactory(partnership=p, status="declined", focus_areas=[health])
    ProjectFactory(status="active")  # another partnership: never counted
    for project, org in ((a1, ntnu), (a2, ntnu), (a3, ntnu_child), (submitted, ntnu)):
        ProjectPartner.objects.create(project=project, organization=org, role="partner")
    ProjectPartner.objects.create(project=declined, organization=ntnu, role="partner")
    ProjectPartner.objects.create(project=idea, organization=rcn, role="funder")
    # This year: 3 submitted, 2 granted, 1 rejected; last year's steps do not count.
    for project, status, day in (
        (a1, "submitted", dt.date(2025, 1, 10)),
        (a2, "submitted", dt.date(2025, 2, 10)),
        (submitted, "submitted", dt.date(2025, 3, 1)),
        (a1, "granted", dt.date(2025, 4, 1)),
        (a2, "granted", dt.date(2025, 5, 1)),
        (a3, "rejected", dt.date(2025, 6, 30)),
        (a3, "submitted", dt.date(2024, 12, 31)),
        (a3, "granted", dt.date(2025, 7, 1)),  # after the as-of date
    ):
        StatusTransition.objects.create(
            project=project, from_status="idea", to_status=status, at=_at(day)
        )
    # External funding: 1 000 000 NOK + 100 000 EUR granted; the party's own money, an applied
    # line and a line starting after the as-of date are not counted.
    FundingLine.objects.create(project=a1, funder=rcn, status="granted", amount_granted=1_000_000)
    FundingLine.objects.create(
        project=a2, funder=eu, status="granted", amount_granted=100_000, currency="EUR"
    )
    FundingLine.objects.create(
        project=a2, funder=municipality, status="granted", amount_granted=500_000
    )
    FundingLine.objects.create(project=a3, funder=rcn, status="applied", amount_applied=9_000_000)
    FundingLine.objects.create(
        project=a3,
        funder=rcn,
        status="granted",
        amount_granted=2_000_000,
        start_date=dt.date(2025, 8, 1),
    )
    return {"p": p, "health": health, "ntnu": ntnu}


def _indicator(goal, kind, **fields):
    return services.indicator_create(
        goal=goal, name=kind, method="computed", computed_kind=kind, **fields
    )


def _values(*indicators):
    rows = list(indicator_queryset().filter(pk__in=[i.pk for i in indicators]))
    values = indicator_values(rows, as_of=TODAY)
    return [values[i.pk] for i in indicators]


def test_computed_indicators_match_hand_count(portfolio):
    p = portfolio["p"]
    goal = services.goal_create(partnership=p, kind="result", title="Flere prosjekter")
    health_goal = services.goal_create(
        partnership=p, kind="result", title="Helse", focus_area=portfolio["health"]
    )
    indicators = [
        _indicator(goal, "active_projects"),
        _indicator(health_goal, "active_projects"),
        _indicator(goal, "partner_share", partner=portfolio["ntnu"]),
        _indicator(goal, "applications_submitted"),
        _indicator(goal, "applications_granted"),
        _indicator(goal, "application_success_rate"),
        _indicator(goal, "external_funding"),
        _indicator(goal, "students_in_placement"),
    ]
    (active, health_active, share, submitted, granted, rate, funding, students) = _values(
        *indicators
    )
    assert active.value == 3
    assert health_active.value == 2
    # Portfolio: a1, a2, a3, submitted, idea (declined is out) = 5; NTNU or its child on 4.
    assert share.value == Decimal("80.0")
    assert share.breakdown == {"with_partner": 4, "portfolio": 5}
    assert submitted.value == 3
    assert granted.value == 2
    assert rate.value == Decimal("66.7")  # 2 granted of 3 decided
    assert funding.value == Decimal(1_000_000) + 100_000 * FIXED_RATES_NOK["EUR"]
    assert funding.breakdown["by_currency"] == {"NOK": Decimal(1_000_000), "EUR": Decimal(100_000)}
    # No placements registered for the partnership: unavailable, never 0.
    assert students.available is False and students.value is None
    assert "Ingen praksisplasser" in students.note


def test_students_in_placement_counts_the_as_of_year(portfolio):
    """Hand-counted: 2025 has 4 + 3 students (health 4), 2024's 10 and another partnership's
    50 do not count."""
    from kunnskapsbro.education import services as education_services
    from kunnskapsbro.tests_support.factories import OrgUnitFactory

    p, health = portfolio["p"], portfolio["health"]
    municipality = OrganizationFactory(kind="municipality")
    unit = OrgUnitFactory(organization=municipality, name="Lade helsehus")
    school_unit = OrgUnitFactory(organization=municipality, name="Lade skole")
    ntnu = portfolio["ntnu"]
    for unit_, semester, count, area, partnership in (
        (unit, "V2025", 4, health, p),
        (school_unit, "H2025", 3, None, p),
        (unit, "H2024", 10, health, p),
        (unit, "V2025", 50, None, PartnershipFactory()),
    ):
        education_services.placement_create(
            partnership=partnership,
            unit=unit_,
            programme=f"Sykepleie {count}",
            institution=ntnu,
            semester=semester,
            student_count=count,
            focus_area=area,
        )
    goal = services.goal_create(partnership=p, kind="result", title="Praksis")
    health_goal = services.goal_create(
        partnership=p, kind="result", title="Praksis i helse", focus_area=health
    )
    element_goal = services.goal_create(
        partnership=p,
        kind="result",
        title="Element",
        element=CrossCuttingElementFactory(partnership=p),
    )
    whole, area, element = _values(
        _indicator(goal, "students_in_placement"),
        _indicator(health_goal, "students_in_placement"),
        _indicator(element_goal, "students_in_placement"),
    )
    assert (whole.value, whole.breakdown) == (Decimal(7), {"placements": 2})
    assert area.value == Decimal(4)
    assert element.available is False and element.value is None


def test_computed_values_take_a_fixed_number_of_queries(portfolio):
    p = portfolio["p"]
    goal = services.goal_create(partnership=p, kind="result", title="Mål")
    kinds = ["active_projects", "applications_granted", "external_funding"]

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            goals_overview(partnership=p, as_of=TODAY)
        return len(ctx.captured_queries)

    for kind in kinds:
        _indicator(goal, kind)
    few = count_queries()
    for kind in kinds * 3:
        _indicator(goal, kind)
    services.goal_create(
        partnership=p, kind="effect", title="Helse", focus_area=portfolio["health"]
    )
    assert count_queries() == few


def test_empty_portfolio_gives_unavailable_share_not_zero(db):
    p = PartnershipFactory()
    goal = services.goal_create(partnership=p, kind="result", title="Mål")
    share = _indicator(goal, "partner_share", partner=UniversityFactory())
    rate = _indicator(goal, "application_success_rate")
    share_value, rate_value = _values(share, rate)
    assert share_value.available is False and share_value.value is None
    assert rate_value.available is False
