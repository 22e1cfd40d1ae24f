"""The cached count and the ranked window of core.pagination: same rows as the database's
own ordering, one statement for a search's first pages and its count, fresh after a change."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.core import pagination
from kunnskapsbro.core.pagination import CachedCountPaginator, cached_count, page_rows
from kunnskapsbro.projects.models import Project
from kunnskapsbro.search.selectors import project_search
from kunnskapsbro.search.services import index_projects
from kunnskapsbro.tests_support.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portfolio() -> list[Project]:
    partnership = PartnershipFactory()
    made = []
    for i in range(45):
        # Different numbers of the searched word give different relevance.
        summary = " ".join(["sykehjem"] * (1 + i % 4)) + f" prosjekt nummer {i}"
        made.append(
            Project.objects.create(partnership=partnership, title=f"Prosjekt {i}", summary=summary)
        )
    for i in range(5):
        made.append(
            Project.objects.create(partnership=partnership, title=f"Skole {i}", summary="skole")
        )
    index_projects()
    return made


def ranked(q: str = "sykehjem"):
    return project_search(Project.objects.all(), q).order_by("-search_rank", "-updated_at", "-id")


def test_ranked_pages_are_the_databases_order(portfolio, monkeypatch) -> None:
    monkeypatch.setattr(pagination, "RANKED_WINDOW", 20)  # pages 1–2 cached, 3 by the database
    expected = list(ranked().values_list("pk", flat=True))
    assert len(expected) == 45
    pages = [page_rows(ranked(), offset, 10) for offset in range(0, 50, 10)]
    assert [p.pk for page in pages for p in page] == expected
    assert cached_count(ranked()) == 45


def test_a_search_reads_its_matches_once_for_count_and_first_page(portfolio) -> None:
    with CaptureQueriesContext(connection) as first:
        paginator = CachedCountPaginator(ranked(), 20)
        page = paginator.get_page(1)
        assert paginator.count == 45
        assert len(page.object_list) == 20
    searches = [q for q in first.captured_queries if "MAX(" not in q["sql"]]
    # One ranked statement (ids + COUNT(*) OVER ()), one for the page's rows.
    assert len(searches) == 2
    assert "OVER ()" in searches[0]["sql"]

    with CaptureQueriesContext(connection) as again:
        paginator = CachedCountPaginator(ranked(), 20)
        assert [p.pk for p in paginator.get_page(2).object_list] == list(
            ranked().values_list("pk", flat=True)[20:40]
        )
        assert paginator.count == 45
    # Page 2 of the same search: only the newest-change probe and the page's rows.
    assert not any("OVER ()" in q["sql"] for q in again.captured_queries)


def test_a_change_gives_a_fresh_count_and_order(portfolio) -> None:
    assert cached_count(ranked()) == 45
    extra = Project.objects.create(
        partnership=portfolio[0].partnership,
        title="Sykehjem sykehjem sykehjem",
        summary="sykehjem sykehjem sykehjem sykehjem",
    )
    index_projects([extra.pk])
    assert cached_count(ranked()) == 46
    assert page_rows(ranked(), 0, 1)[0].pk == extra.pk


def test_filters_and_visibility_are_part_of_the_key(portfolio) -> None:
    assert cached_count(ranked()) == 45
    portfolio[0].refresh_from_db()
    only_some = project_search(
        Project.objects.filter(pk__in=[p.pk for p in portfolio[:7]]), "sykehjem"
    ).order_by("-search_rank", "-id")
    assert cached_count(only_some) == 7
    assert cached_count(ranked("skole")) == 5


def test_nothing_matches(portfolio) -> None:
    nothing = ranked("ukjentord")
    assert cached_count(nothing) == 0
    assert page_rows(nothing, 0, 20) == []
    assert cached_count(ranked("!!!")) == 0
