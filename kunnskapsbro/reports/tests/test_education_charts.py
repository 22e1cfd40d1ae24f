"""The dashboard's education figures, read through education.selectors.education_counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kunnskapsbro.reports import education_bridge
from kunnskapsbro.reports.selectors import DashboardFilters
from kunnskapsbro.tests_support.factories import OrgUnitFactory


@pytest.fixture
def education(portfolio):
    """Hand-counted: 2024 has 6 + 2 students in placement (health 6), 2023 has 4; one thesis."""
    from kunnskapsbro.education import services

    lade = OrgUnitFactory(organization=portfolio.municipality, name="Lade helsehus")
    skole = OrgUnitFactory(organization=portfolio.municipality, name="Lade skole")
    for unit, semester, count, area in (
        (lade, "V2024", 6, portfolio.health),
        (skole, "H2024", 2, portfolio.school),
        (lade, "H2023", 4, portfolio.health),
    ):
        services.placement_create(
            partnership=portfolio.trd,
            unit=unit,
            programme=f"Program {count}",
            institution=portfolio.ntnu,
            semester=semester,
            student_count=count,
            focus_area=area,
        )
    return {"lade": lade, "skole": skole}


def charts(portfolio, **filters):
    return {
        chart.key: chart
        for chart in education_bridge.dashboard_charts(
            partnership=portfolio.trd, slug="trd", filters=DashboardFilters(**filters)
        )
    }


def test_students_in_placement_per_year_and_unit(portfolio, education):
    result = charts(portfolio)
    years = {row["year"]: row for row in result["education_year"].rows}
    assert (years[2023]["placement_students"], years[2024]["placement_students"]) == (4, 8)
    assert years[2024]["placements"] == 2
    assert years[2024]["href"] == reverse("education:index") + "?partnerskap=trd&ar=2024"
    units = {row["label"]: row for row in result["education_unit"].rows}
    assert units["Lade helsehus"]["placement_students"] == 10
    assert units["Lade skole"]["placement_students"] == 2
    href = units["Lade helsehus"]["href"]
    assert href.startswith(reverse("education:placement_list"))
    assert f"partnership={portfolio.trd.pk}" in href and f"unit={education['lade'].pk}" in href


def test_education_follows_the_year_and_focus_area(portfolio, education):
    (row,) = charts(portfolio, year=2024, focus_area=portfolio.health.pk)["education_year"].rows
    assert (row["year"], row["placement_students"], row["teaching_hours"]) == (2024, 6, None)
    (unit,) = charts(portfolio, year=2024, focus_area=portfolio.health.pk)["education_unit"].rows
    assert unit["label"] == "Lade helsehus"
    assert "year=2024" in unit["href"] and f"focus_area={portfolio.health.pk}" in unit["href"]


def test_no_education_registered_gives_empty_charts(portfolio):
    result = charts(portfolio)
    assert result["education_year"].is_empty and result["education_unit"].is_empty


def test_dashboard_page_and_csv_show_education(portfolio, education, client_as, coordinator_user):
    client = client_as(coordinator_user)
    html = client.get(reverse("reports:dashboard", args=["trd"])).content.decode()
    assert 'id="chart-education_year"' in html and 'id="chart-education_unit"' in html
    response = client.get(reverse("reports:chart_csv", args=["trd", "education_unit"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Enhet,Studenter i praksis,Oppgaver")
    assert lines[1].startswith("Lade helsehus,10,0,")
