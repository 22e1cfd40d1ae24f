"""The dashboard's figures are cached under a data version: a cached call costs the version
query only, a change made through a service shows at once on the page and in the API, and the
page, API, CSV and annual report share one cached entry. Query counts, never times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kunnskapsbro.projects import services as project_services
from kunnskapsbro.reports import annual, figures
from kunnskapsbro.reports.selectors import DashboardFilters


@pytest.fixture
def computed(monkeypatch):
    """How many times the figures were computed afresh (not read from the cache)."""
    calls: list[DashboardFilters] = []
    original = figures._compute

    def counting(**kwargs):
        calls.append(kwargs["filters"])
        return original(**kwargs)

    monkeypatch.setattr(figures, "_compute", counting)
    return calls


def data(portfolio, user, **filters):
    return figures.dashboard_data(
        partnership=portfolio.trd, user=user, filters=DashboardFilters(**filters)
    )


def test_a_cached_call_runs_only_the_version_query(
    portfolio, goals, coordinator_user, django_assert_num_queries
):
    first = data(portfolio, coordinator_user)
    with CaptureQueriesContext(connection) as cold:
        data(portfolio, coordinator_user, year=2024)
    with django_assert_num_queries(1) as cached:
        again = data(portfolio, coordinator_user)
    (query,) = cached.captured_queries
    assert "MAX" in query["sql"] and "updated_at" in query["sql"]
    assert len(cold.captured_queries) > 10  # every figure, read afresh for the new filter
    assert again.portfolio.total == first.portfolio.total == 4
    assert again.goals["indicators"] == first.goals["indicators"]


def test_filters_and_access_have_entries_of_their_own(portfolio, coordinator_user, computed):
    assert data(portfolio, coordinator_user).portfolio.total == 4
    assert data(portfolio, coordinator_user, year=2022).portfolio.total == 1
    assert data(portfolio, AnonymousUser()).portfolio.total == 1  # the public project only
    assert data(portfolio, coordinator_user).portfolio.total == 4
    assert len(computed) == 3


def test_a_change_through_a_service_shows_at_once_on_page_and_api(
    portfolio, coordinator_user, client_as, api_client, api_token_for
):
    page = client_as(coordinator_user)
    url = reverse("reports:dashboard", args=["trd"])
    api_url = "/api/v1/reports/trd/dashboard"
    headers = {"Authorization": f"Bearer {api_token_for(coordinator_user)}"}
    assert page.get(url).context["data"].total == 4
    assert api_client.get(api_url, headers=headers).json()["total"] == 4

    # A new project: the project table's version moves on.
    project_services.project_create(
        partnership=portfolio.trd,
        title="Ny skolestudie",
        status="active",
        start_date=dt.date(2024, 3, 1),
        actor=coordinator_user,
        focus_areas=[portfolio.school],
    )
    assert page.get(url).context["data"].total == 5
    assert page.get(url).context["data"].active == 3
    assert api_client.get(api_url, headers=headers).json()["total"] == 5

    # An edit that touches only a related table (the focus areas of p4).
    def school(response):
        return {row["label"]: row["count"] for row in response.context["data"].by_focus_area}[
            "Oppvekst og utdanning"
        ]

    assert school(page.get(url)) == 4
    project_services.project_update(
        project=portfolio.p4, actor=coordinator_user, focus_areas=[portfolio.health]
    )
    assert school(page.get(url)) == 3
    body = api_client.get(api_url, headers=headers).json()
    (focus_chart,) = [c for c in body["charts"] if c["key"] == "focus_area"]
    assert {r["label"]: r["count"] for r in focus_chart["rows"]}["Oppvekst og utdanning"] == 3


def test_page_csv_api_and_annual_report_share_one_entry(
    portfolio, goals, coordinator_user, client_as, api_client, api_token_for, computed
):
    from kunnskapsbro.reports.annual import REPORT_READER

    page = client_as(coordinator_user)
    assert page.get(reverse("reports:dashboard", args=["trd"]) + "?year=2024").status_code == 200
    csv = page.get(reverse("reports:chart_csv", args=["trd", "status"]) + "?year=2024")
    assert csv.status_code == 200
    headers = {"Authorization": f"Bearer {api_token_for(coordinator_user)}"}
    api = api_client.get("/api/v1/reports/trd/dashboard?year=2024", headers=headers)
    assert api.status_code == 200
    assert computed == [DashboardFilters(year=2024)]  # one computation for all three

    # The report reads what a coordinator reads (every record): the same entry again.
    context = annual.annual_report_context(partnership=portfolio.trd, year=2024)
    assert computed == [DashboardFilters(year=2024)]
    annual.annual_report_context(partnership=portfolio.trd, year=2025)
    assert computed == [DashboardFilters(year=2024), DashboardFilters(year=2025)]
    fresh = figures._compute(
        partnership=portfolio.trd,
        user=REPORT_READER,
        filters=DashboardFilters(year=2024),
        focus_areas=None,
    )
    assert context["aggregates"].total == fresh.portfolio.total


def test_one_entry_serves_both_languages(portfolio, coordinator_user, computed):
    with translation.override("en"):
        english = data(portfolio, coordinator_user).portfolio.by_status
    with translation.override("nb"):
        bokmal = data(portfolio, coordinator_user).portfolio.by_status
    assert len(computed) == 1
    assert [r["count"] for r in english] == [r["count"] for r in bokmal]
    assert [r["label"] for r in english] != [r["label"] for r in bokmal]
    assert "Pågående" in [r["label"] for r in bokmal]


def test_a_deletion_shows_when_the_entry_expires(portfolio, coordinator_user, monkeypatch):
    """A deletion leaves no newer ``updated_at``: the entry lives at most DASHBOARD_TTL."""
    from django.core.cache import cache

    ttls = []
    original = cache.set
    monkeypatch.setattr(
        figures.cache, "set", lambda key, value, ttl: ttls.append(ttl) or original(key, value, ttl)
    )
    assert data(portfolio, coordinator_user).portfolio.total == 4
    assert ttls == [figures.DASHBOARD_TTL] and 0 < figures.DASHBOARD_TTL <= 60
    portfolio.p4.delete()
    assert data(portfolio, coordinator_user).portfolio.total == 4  # stale until it expires
    cache.clear()  # what the TTL does
    assert data(portfolio, coordinator_user).portfolio.total == 3
