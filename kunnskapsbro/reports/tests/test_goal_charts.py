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


def test_unit_load_follows_the_year_and_focus_area(portfolio, goals, signed_in):
    # p1 (2023–2024) and p2 (2024–) load the unit; neither runs in 2022.
    (row,) = charts(portfolio, signed_in, year=2022)["unit_load"].rows
    assert (row["projects"], row["over"]) == (0, False)
    assert "year=2022" in row["href"] and f"unit={goals.unit.pk}" in row["href"]
    # Oppvekst og utdanning: p2 only (p1 is health only) — within the capacity of 1.
    (row,) = charts(portfolio, signed_in, focus_area=portfolio.school.pk)["unit_load"].rows
    assert (row["projects"], row["over"]) == (1, False)
    assert f"focus_area={portfolio.school.pk}" in row["href"]


def test_unit_load_counts_person_months_of_the_assessments(portfolio, goals, signed_in):
    from decimal import Decimal

    from kunnskapsbro.projects.models import RelevanceAssessment

    # 282.5 staff hours over 12 months = 2 person-months a year; p4 (submitted) counts too.
    RelevanceAssessment.objects.filter(project=portfolio.p1).update(staff_hours=282.5, months=12)
    RelevanceAssessment.objects.filter(project=portfolio.p4).update(staff_hours=141.25, months=24)
    goals.unit.capacity_person_months = Decimal("2.2")
    goals.unit.save()
    portfolio.p4.municipal_units.add(goals.unit)
    (row,) = charts(portfolio, signed_in)["unit_load"].rows
    assert row["projects"] == 3
    assert row["person_months"] == Decimal("2.5")  # 2 + 1 × 12/24
    assert row["over"] is True


def test_milestones_follow_the_year_and_focus_area(portfolio, goals, signed_in):
    assert charts(portfolio, signed_in, year=2023)["milestones"].rows == []
    # Only «Handlingsplan for helse vedtatt» belongs to a goal in Helse og velferd.
    rows = charts(portfolio, signed_in, focus_area=portfolio.health.pk)["milestones"].rows
    assert {r["status"]: r["count"] for r in rows if r["count"]} == {"achieved": 1}
    achieved = next(r for r in rows if r["status"] == "achieved")
    assert achieved["href"] == (
        reverse("goals:overview", args=["trd"])
        + f"?focus_area={portfolio.health.pk}&status=achieved#h-milestones"
    )


def test_indicators_as_of_the_chosen_year(portfolio, goals, signed_in):
    (row,) = charts(portfolio, signed_in, year=2023)["indicators"].rows
    # The 2023 measurement (6), not the 2024 one: from 4 to 12, a quarter of the way.
    assert (row["value"], row["progress_value"]) == (6, 25)
    # The indicator's goal is in Helse og velferd, not in Oppvekst og utdanning.
    assert charts(portfolio, signed_in, focus_area=portfolio.school.pk)["indicators"].rows == []


def test_milestone_links_open_the_filtered_milestone_table(portfolio, goals, client):
    url = reverse("goals:overview", args=["trd"])
    html = client.get(url, {"status": "achieved", "year": 2024}).content.decode()
    table = html.split('id="h-milestones"')[1]
    assert "Handlingsplan for helse vedtatt" in table
    assert "Evaluering av fase én" not in table
    assert "Vis alle milepælene" in table
    # A bad value drops only its own filter.
    html = client.get(url, {"status": "nope", "year": 2024}).content.decode()
    assert "Evaluering av fase én" in html.split('id="h-milestones"')[1]


def test_report_shows_indicator_values_as_of_its_year(portfolio, goals):
    # The 2023 report shows the measurement of 31 December 2023 (6), not the later one (8).
    (row,) = goals_bridge.report_goals(partnership=portfolio.trd, year=2023).indicators
    assert (row["value"], str(row["value_date"])) == (6, "2023-12-31")
    (row,) = goals_bridge.report_goals(partnership=portfolio.trd, year=2024).indicators
    assert row["value"] == 8
