"""Dashboard pages: tiles, tables, links, htmx fragment, CSV/SVG, query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunnskapsbro.tests_support.factories import ProjectFactory, ProjectPartnerFactory


@pytest.fixture
def coordinator(client_as, coordinator_user):
    return client_as(coordinator_user)


def test_dashboard_shows_figures_tables_and_links(portfolio, coordinator):
    response = coordinator.get(reverse("reports:dashboard", args=["trd"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dashbord: TRD test" in html
    # Tiles: 4 projects, NTNU in 75 % of them, 2 of 3 decided applications... (3 of 4 decided)
    assert "75,0\u00a0%" in html
    assert "1\u00a0500\u00a0000\u00a0kr" in html
    assert "EUR\u00a0200\u00a0000" in html
    # Every chart has a table with a caption and a JSON spec block (no inline script).
    for key in ("status", "focus_area", "year", "partners", "success", "funding"):
        assert f'id="chart-{key}"' in html
        assert f'id="chart-spec-{key}" type="application/json"' in html
    assert html.count("<caption>") >= 6
    # Figures link to the portfolio list behind them.
    assert f"/prosjekter/?partnership=trd&amp;partner={portfolio.ntnu.orgnr}" in html
    assert f"/prosjekter/?partnership=trd&amp;focus_area={portfolio.health.pk}" in html
    assert "/prosjekter/?partnership=trd&amp;status=submitted" in html
    # Signed-in users can order the annual report.
    assert reverse("reports:annual_order", args=["trd"]) in html


def test_links_lead_to_lists_of_the_same_length(portfolio, coordinator):
    """The figure and the list behind it agree (NTNU: 3 projects; 2024: 2 projects)."""
    ntnu = coordinator.get(f"/prosjekter/?partnership=trd&partner={portfolio.ntnu.orgnr}")
    assert "3 prosjekter" in ntnu.content.decode()
    year = coordinator.get("/prosjekter/?partnership=trd&year=2024")
    assert "2 prosjekter" in year.content.decode()


def test_htmx_filter_returns_the_tiles_only(portfolio, coordinator):
    response = coordinator.get(
        reverse("reports:dashboard", args=["trd"]), {"year": 2024}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Viser prosjekter som pågår i 2024." in html
    assert "/prosjekter/?partnership=trd&amp;year=2024&amp;status=active" in html


def test_bad_filter_value_is_named_and_ignored(portfolio, coordinator):
    response = coordinator.get(reverse("reports:dashboard", args=["trd"]), {"year": "nitten"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "År:" in html  # the field is named in the warning
    assert "Viser hele porteføljen, alle år." in html


def test_anonymous_visitor_sees_public_projects_only(portfolio, client):
    response = client.get(reverse("reports:dashboard", args=["trd"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lag årsrapport" not in html
    assert "100,0\u00a0%" in html  # NTNU is in the one public project


def test_hidden_partnership_is_404_for_anonymous(portfolio, client):
    portfolio.trd.is_public = False
    portfolio.trd.save()
    assert client.get(reverse("reports:dashboard", args=["trd"])).status_code == 404
    assert client.get(reverse("reports:dashboard", args=["nope"])).status_code == 404


def test_csv_download(portfolio, coordinator):
    response = coordinator.get(reverse("reports:chart_csv", args=["trd", "partners"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Organisasjon", "Prosjekter", "Andel", "Lenke til prosjektene"]
    assert rows[1][:3] == ["NTNU", "3", "75.0"]
    assert rows[1][3].endswith(f"partner={portfolio.ntnu.orgnr}")
    assert coordinator.get(reverse("reports:chart_csv", args=["trd", "nope"])).status_code == 404


def test_csv_neutralises_formulas(portfolio, coordinator):
    portfolio.sintef.short_name = "=HYPERLINK(1)"
    portfolio.sintef.save()
    response = coordinator.get(reverse("reports:chart_csv", args=["trd", "partners"]))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_svg_for_print_and_no_js(portfolio, coordinator):
    response = coordinator.get(reverse("reports:chart_svg", args=["trd", "status"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_dashboard_queries_do_not_grow_with_the_portfolio(
    portfolio, coordinator, django_assert_num_queries, monkeypatch
):
    from django.core.cache.backends.dummy import DummyCache

    from kunnskapsbro.reports import figures

    # Both requests computed afresh (the cached figures are tested in test_cache.py).
    monkeypatch.setattr(figures, "cache", DummyCache("off", {}))
    url = reverse("reports:dashboard", args=["trd"])
    coordinator.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as before:
        coordinator.get(url)
    for index in range(6):
        project = ProjectFactory(
            partnership=portfolio.trd,
            status="active",
            start_date=dt.date(2020 + index, 1, 1),
            focus_areas=[portfolio.health],
        )
        ProjectPartnerFactory(project=project, organization=portfolio.sintef)
    with django_assert_num_queries(len(before.captured_queries)):
        coordinator.get(url)
    # session, user, roles, partnership, focus areas, data version, 4 portfolio aggregates,
    # unit load (3), relevance, milestones, goals with indicators (4), education counts (6),
    # report jobs, follow-up panel: a fixed budget.
    assert len(before.captured_queries) <= 26


def test_report_index(portfolio, client):
    html = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:dashboard", args=["trd"]) in html
