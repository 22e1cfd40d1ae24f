"""A hand-counted portfolio: the expected figures are written out in each test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from kunnskapsbro.tests_support.factories import (
    CrossCuttingElementFactory,
    FocusAreaFactory,
    FundingLineFactory,
    MunicipalityFactory,
    OrganizationFactory,
    PartnershipFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    UniversityFactory,
)


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache() -> Any:
    """The dashboard's figures are cached (reports.figures); every test starts without."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portfolio(db: Any) -> SimpleNamespace:
    """Four projects in «trd», one in another partnership.

    p1 2023–2024 active     [health]          M, NTNU   RCN granted 1 000 000 NOK (2023), public
    p2 2024–     active     [health, school]  NTNU      RCN rejected; EU granted 200 000 EUR (2024)
    p3 2022–2022 completed  [school]          M         RCN granted 500 000 NOK (no line date)
    p4 no dates  submitted  [school]          NTNU, SINTEF  RCN applied
    p5 other partnership, active, NTNU (never counted)
    """
    trd = PartnershipFactory(name="TRD test", slug="trd")
    other = PartnershipFactory(slug="annet")
    health = FocusAreaFactory(partnership=trd, name="Helse og velferd", order=1)
    school = FocusAreaFactory(partnership=trd, name="Oppvekst og utdanning", order=2)
    element = CrossCuttingElementFactory(partnership=trd, name="Utdanningssamarbeid")
    municipality = MunicipalityFactory(name="Trondheim kommune", short_name="")
    ntnu = UniversityFactory(
        name="Norges teknisk-naturvitenskapelige universitet", short_name="NTNU"
    )
    sintef = OrganizationFactory(name="SINTEF", kind="research_institute")
    rcn = OrganizationFactory(name="Norges forskningsråd", short_name="Forskningsrådet")
    eu = OrganizationFactory(name="Europakommisjonen", short_name="EU")
    d = dt.date
    p1 = ProjectFactory(
        partnership=trd,
        title="Velferdsteknologi i hjemmetjenesten",
        status="active",
        start_date=d(2023, 1, 1),
        end_date=d(2024, 12, 31),
        visibility="public",
        focus_areas=[health],
        elements=[element],
    )
    p2 = ProjectFactory(
        partnership=trd,
        title="Sykehjem og søvn",
        status="active",
        start_date=d(2024, 3, 1),
        focus_areas=[health, school],
    )
    p3 = ProjectFactory(
        partnership=trd,
        title="Bedre skolestart for alle",
        status="completed",
        start_date=d(2022, 1, 1),
        end_date=d(2022, 12, 31),
        focus_areas=[school],
    )
    p4 = ProjectFactory(
        partnership=trd, title="Leksehjelp digitalt", status="submitted", focus_areas=[school]
    )
    p5 = ProjectFactory(partnership=other, status="active", start_date=d(2024, 1, 1))
    for project, orgs in (
        (p1, [municipality, ntnu]),
        (p2, [ntnu]),
        (p3, [municipality]),
        (p4, [ntnu, sintef]),
        (p5, [ntnu]),
    ):
        for org in orgs:
            ProjectPartnerFactory(project=project, organization=org)
    FundingLineFactory(
        project=p1,
        funder=rcn,
        status="granted",
        amount_granted=Decimal("1000000"),
        start_date=d(2023, 2, 1),
    )
    FundingLineFactory(project=p2, funder=rcn, status="rejected", amount_applied=Decimal("9000000"))
    FundingLineFactory(
        project=p2,
        funder=eu,
        status="granted",
        amount_granted=Decimal("200000"),
        currency="EUR",
        start_date=d(2024, 3, 1),
    )
    FundingLineFactory(project=p3, funder=rcn, status="granted", amount_granted=Decimal("500000"))
    FundingLineFactory(project=p4, funder=rcn, status="applied", amount_applied=Decimal("3000000"))
    FundingLineFactory(project=p5, funder=rcn, status="granted", amount_granted=Decimal("7777777"))
    return SimpleNamespace(
        trd=trd,
        other=other,
        health=health,
        school=school,
        element=element,
        municipality=municipality,
        ntnu=ntnu,
        sintef=sintef,
        rcn=rcn,
        eu=eu,
        p1=p1,
        p2=p2,
        p3=p3,
        p4=p4,
        p5=p5,
    )


@pytest.fixture
def signed_in() -> SimpleNamespace:
    """A reader of every internal record (what accounts.permissions gives a superuser)."""
    return SimpleNamespace(is_authenticated=True, is_superuser=True, pk=None)


@pytest.fixture
def goals(portfolio: SimpleNamespace) -> SimpleNamespace:
    """Goals, an indicator with measurements, milestones, a unit with capacity, assessments."""
    from kunnskapsbro.goals import services as goal_services
    from kunnskapsbro.projects.models import RelevanceAssessment
    from kunnskapsbro.tests_support.factories import OrgUnitFactory

    d = dt.date
    trd = portfolio.trd
    goal = goal_services.goal_create(
        partnership=trd,
        kind="result",
        title="Flere søknader med kommunen som partner",
        focus_area=portfolio.health,
    )
    effect = goal_services.goal_create(
        partnership=trd, kind="effect", title="Bedre tjenester gjennom forskning"
    )
    indicator = goal_services.indicator_create(
        goal=goal,
        name="Søknader sendt per år",
        unit="søknader",
        baseline_value=Decimal("4"),
        baseline_date=d(2022, 12, 31),
        target_value=Decimal("12"),
        target_date=d(2026, 12, 31),
    )
    goal_services.measurement_create(indicator=indicator, value=Decimal("6"), date=d(2023, 12, 31))
    goal_services.measurement_create(indicator=indicator, value=Decimal("8"), date=d(2024, 12, 31))
    goal_services.milestone_create(
        partnership=trd,
        title="Handlingsplan for helse vedtatt",
        due_date=d(2024, 5, 17),
        goal=goal,
        status="achieved",
        evidence="Vedtak i styringsgruppen",
        achieved_on=d(2024, 5, 17),
    )
    goal_services.milestone_create(
        partnership=trd,
        title="Evaluering av fase én",
        due_date=d(2024, 11, 1),
        status="at_risk",
    )
    unit = OrgUnitFactory(
        organization=portfolio.municipality,
        name="Helse- og velferdssenter Østbyen",
        capacity_projects=1,
    )
    portfolio.trd.party_links.create(organization=portfolio.municipality, role="municipality")
    portfolio.p1.municipal_units.add(unit)
    portfolio.p2.municipal_units.add(unit)
    for project, score in ((portfolio.p1, 4), (portfolio.p2, 5), (portfolio.p4, 4)):
        RelevanceAssessment.objects.create(
            project=project,
            unit=unit,
            relevance=score,
            recommendation="participate",
            assessed_at=dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC),
        )
    return SimpleNamespace(goal=goal, effect=effect, indicator=indicator, unit=unit)
