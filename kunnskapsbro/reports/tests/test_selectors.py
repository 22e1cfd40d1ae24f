"""Dashboard aggregates against the hand-counted portfolio in conftest.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser

from kunnskapsbro.reports import selectors
from kunnskapsbro.reports.selectors import DashboardFilters


def aggregates(portfolio, user, **filters):
    return selectors.portfolio_aggregates(
        partnership=portfolio.trd, user=user, filters=DashboardFilters(**filters)
    )


def test_portfolio_by_status_and_totals(portfolio, signed_in):
    data = aggregates(portfolio, signed_in)
    assert data.total == 4
    assert data.active == 2
    assert [(r["status"], r["count"]) for r in data.by_status] == [
        ("submitted", 1),
        ("active", 2),
        ("completed", 1),
    ]


def test_portfolio_by_focus_area_counts_a_project_in_each_of_its_areas(portfolio, signed_in):
    data = aggregates(portfolio, signed_in)
    assert [(r["label"], r["count"]) for r in data.by_focus_area] == [
        ("Helse og velferd", 2),
        ("Oppvekst og utdanning", 3),
    ]


def test_portfolio_by_year_counts_running_projects(portfolio, signed_in):
    projects = selectors.dashboard_projects(
        partnership=portfolio.trd, user=signed_in, filters=DashboardFilters()
    )
    rows = selectors.portfolio_by_year(projects, today=dt.date(2025, 6, 1))
    assert [(r["year"], r["count"]) for r in rows] == [(2022, 1), (2023, 1), (2024, 2), (2025, 1)]


def test_partner_share(portfolio, signed_in):
    data = aggregates(portfolio, signed_in)
    shares = [(r["label"], r["count"], r["share"]) for r in data.partner_share]
    assert shares == [("NTNU", 3, 75.0), ("Trondheim kommune", 2, 50.0), ("SINTEF", 1, 25.0)]
    assert data.partner_share[0]["partner_param"] == portfolio.ntnu.orgnr


def test_application_success_by_funder(portfolio, signed_in):
    data = aggregates(portfolio, signed_in)
    rows = {r["label"]: r for r in data.success_by_funder}
    rcn = rows["Forskningsrådet"]
    assert (rcn["submitted"], rcn["granted"], rcn["rejected"], rcn["pending"]) == (4, 2, 1, 1)
    assert rcn["rate"] == 66.7
    assert (rows["EU"]["granted"], rows["EU"]["rate"]) == (1, 100.0)
    assert data.applications == {"submitted": 5, "granted": 3, "rejected": 1, "rate": 75.0}


def test_external_funding_keeps_currencies_apart(portfolio, signed_in):
    data = aggregates(portfolio, signed_in)
    rows = [(r["label"], r["currency"], r["year"], r["amount"]) for r in data.funding_by_source]
    assert rows == [
        ("EU", "EUR", 2024, Decimal("200000")),
        ("Forskningsrådet", "NOK", 2022, Decimal("500000")),
        ("Forskningsrådet", "NOK", 2023, Decimal("1000000")),
    ]
    assert data.funding_totals == {"EUR": Decimal("200000"), "NOK": Decimal("1500000")}


def test_money_from_a_party_of_the_partnership_is_not_external(portfolio, signed_in):
    from kunnskapsbro.tests_support.factories import FundingLineFactory

    portfolio.trd.party_links.create(organization=portfolio.municipality, role="municipality")
    FundingLineFactory(
        project=portfolio.p1,
        funder=portfolio.municipality,
        status="granted",
        amount_granted=Decimal("250000"),
    )
    data = aggregates(portfolio, signed_in)
    assert "Trondheim kommune" not in {r["label"] for r in data.funding_by_source}
    assert data.funding_totals["NOK"] == Decimal("1500000")


def test_year_filter_counts_projects_running_that_year(portfolio, signed_in):
    data = aggregates(portfolio, signed_in, year=2024)
    assert data.total == 2
    assert [(r["label"], r["share"]) for r in data.partner_share] == [
        ("NTNU", 100.0),
        ("Trondheim kommune", 50.0),
    ]


def test_focus_area_filter(portfolio, signed_in):
    data = aggregates(portfolio, signed_in, focus_area=portfolio.health.pk)
    assert data.total == 2
    assert {r["label"]: r["count"] for r in data.by_focus_area}["Oppvekst og utdanning"] == 1


def test_anonymous_visitors_count_public_projects_only(portfolio):
    data = aggregates(portfolio, AnonymousUser())
    assert data.total == 1
    assert data.partner_share[0]["share"] == 100.0


def test_empty_partnership(db, signed_in):
    from kunnskapsbro.tests_support.factories import PartnershipFactory

    empty = PartnershipFactory()
    data = selectors.portfolio_aggregates(
        partnership=empty, user=signed_in, filters=DashboardFilters()
    )
    assert (data.total, data.partner_share, data.by_year, data.applications["rate"]) == (
        0,
        [],
        [],
        None,
    )


def test_aggregates_take_a_fixed_number_of_queries(portfolio, signed_in, django_assert_num_queries):
    from kunnskapsbro.tests_support.factories import ProjectFactory, ProjectPartnerFactory

    # status+years, focus areas (list), funding (both figures) and its funders' names,
    # focus-area counts, partner counts and the top partners' names
    with django_assert_num_queries(7) as first:
        aggregates(portfolio, signed_in)
    for _ in range(5):
        project = ProjectFactory(
            partnership=portfolio.trd, status="active", start_date=dt.date(2024, 1, 1)
        )
        ProjectPartnerFactory(project=project, organization=portfolio.ntnu)
    with django_assert_num_queries(len(first.captured_queries)):
        data = aggregates(portfolio, signed_in)
    assert data.total == 9
