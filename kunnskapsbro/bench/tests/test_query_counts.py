"""The portfolio page, the project page and the API list issue a fixed number of queries,
however many projects there are (DESIGN.md §5 is measured by ``make bench``; this guards the
query shape that makes those figures possible, without timing anything)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.bench import sources
from kunnskapsbro.bench.generate import BENCH_COORDINATOR, generate
from kunnskapsbro.projects.models import Project

pytestmark = pytest.mark.skipif(
    not (sources.data_dir() / "kommuner").exists(), reason="needs ../shared/data"
)

# Cold cache (every count and the funder options computed). Portfolio: scope, partnerships,
# focus areas, elements, units, funders (top 40 + names), newest change, count, page, focus
# areas and partners of the page. A signed-in request adds its session and user, and one
# query for the user's role assignments (accounts.permissions, cached for the request).
EXPECTED = {
    ("portfolio", "anonymous"): 13,  # partnerships prefetched, not joined
    ("portfolio", "coordinator"): 16,
    ("portfolio_search", "anonymous"): 13,  # ranked ids and count in one statement
    ("project", "anonymous"): None,  # measured below: constant, not fixed here
    ("api", "anonymous"): 7,
    # newest change (cache key), grouped counts by partnership and status, partnerships, and
    # their party links and organisations (two prefetches)
    ("front_page", "anonymous"): 5,
}


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def _measure(client, coordinator_client) -> dict[tuple[str, str], int]:
    project = (
        Project.objects.filter(visibility="public", status__in=["active", "completed"])
        .order_by("id")
        .last()
    )
    area = project.focus_areas.order_by("id").first()
    filters = f"status=active&status=completed&focus_area={area.pk}"
    return {
        ("portfolio", "anonymous"): _queries(client, f"/prosjekter/?{filters}"),
        ("portfolio", "coordinator"): _queries(coordinator_client, f"/prosjekter/?{filters}"),
        ("portfolio_search", "anonymous"): _queries(client, f"/prosjekter/?q=prosjektet&{filters}"),
        ("project", "anonymous"): _queries(client, f"/prosjekter/{project.pk}/"),
        ("api", "anonymous"): _queries(client, f"/api/v1/projects?{filters}&limit=100"),
        ("front_page", "anonymous"): _queries(client, "/"),
    }


@pytest.mark.parametrize("projects", [30, 300])
@pytest.mark.django_db
def test_query_counts_do_not_grow_with_rows(client, projects: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    generate(projects=projects, seed=3)
    coordinator_client = Client()
    coordinator_client.force_login(get_user_model().objects.get(username=BENCH_COORDINATOR))
    counts = _measure(client, coordinator_client)
    for key, expected in EXPECTED.items():
        if expected is not None:
            assert counts[key] == expected, (key, counts)
    # The project page: its own rows, prefetches and timeline, whatever the portfolio size.
    assert counts[("project", "anonymous")] <= 16, counts
