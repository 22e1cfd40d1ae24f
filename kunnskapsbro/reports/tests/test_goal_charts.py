"""The dashboard's goal figures, read through the goals and projects selectors."""

from __future__ import annotations

from django.urls import reverse

from kunnskapsbro.reports import goals_bridge
from kunnskapsbro.reports.selectors import DashboardFilters


def charts(portfolio, user, **filters):
    return {
        chart.key: chart
        for chart in goals_bridge.dashboard_charts(
            partnership=portfolio.trd, slug="trd", filters=DashboardFilters(**filters), user=user
        )
    }


def test_unit_load_against_capacity(portfolio, goals, signed_in):
    chart = charts(portfolio, signed_in)["unit_load"]
    (row,) = chart.rows
    assert (row["label"], row["projects"], row["capacity"], row["over"]) == (
        "Helse- og velferdssenter Østbyen",
        2,
        1,
        True,
    )
    assert f"unit={goals.unit.pk}" in row["href"] and "status=active" in row["href"]


def test_relevance_distribution(portfolio, goals, signed_in):
    chart = charts(portfolio, signed_in)["relevance"]
    assert [(r["relevance"], r["count"]) for r in chart.rows] == [
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 2),
        (5, 1),
    ]
    # Narrowed to 2024: p1 and p2 run then (p4 has no dates).
    narrowed = charts(portfolio, signed_in, year=2024)["relevance"]
    assert [(r["relevance"], r["count"]) for r in narrowed.rows][3:] == [(4, 1), (5, 1)]


def test_milestones_by_status(portfolio, goals, signed_in):
    chart = charts(portfolio, signed_in)["milestones"]
    counts = {r["status"]: r["count"] for r in chart.rows}
    assert (counts["achieved"], counts["at_risk"], counts["planned"]) == (1, 1, 0)


def test_indicators_against_targets(portfolio, goals, signed_in):
    chart = charts(portfolio, signed_in)["indicators"]
    (row,) = chart.rows
    # From 4 to 12, now 8: half-way.
    assert (row["value"], row["target"], row["progress_value"]) == (8, 12, 50)
    assert row["href"] == reverse("goals:indicator_detail", args=[goals.indicator.pk])


def test_dashboard_page_shows_goal_figures(portfolio, goals, client_as, coordinator_user):
    html = (
        client_as(coordinator_user).get(reverse("reports:dashboard", args=["trd"])).content.decode()
    )
    for key in ("unit_load", "relevance", "milestones", "indicators"):
        assert f'id="chart-{key}"' in html
    assert "Over kapasitet" in html
