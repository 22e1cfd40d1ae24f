from __future__ import annotations

import pytest

from kunnskapsbro.projects.models import Project, ProjectStatus
from kunnskapsbro.search.selectors import project_ids_matching, project_search
from kunnskapsbro.search.services import index_projects

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(make_project) -> dict[str, Project]:
    made = {
        "sykehjem": make_project(
            "Sykehjemsprosjektet: søvn, aktivitet og ressursbruk",
            summary="Vi ser på nattarbeid og søvnkvalitet.",
            status=ProjectStatus.ACTIVE,
        ),
        "skole": make_project("Bedre skolestart for alle", acronym="BSA"),
        "byferge": make_project(
            "Autonom, elektrisk byferge (Zeabuz)",
            title_en="Autonomous electric ferry",
            keywords=["maritim", "autonomi"],
        ),
        "ferja": make_project(
            "Sambandet over fjorden", popular_summary="Passasjerane tek ferja kvar morgon."
        ),
        "ernaering": make_project(
            "Ernæring og måltider", summary="Måltidsrytme for eldre på sykehjem."
        ),
        "english": make_project(
            "Havnelogistikk", summary_en="Routing an autonomous ferry in a busy harbour."
        ),
    }
    index_projects()
    return made


def search(q: str, queryset=None) -> set[int]:
    return set(project_search(queryset or Project.objects.all(), q).values_list("id", flat=True))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("sykehjem", {"sykehjem", "ernaering"}),
        ("sykehjemmet", {"sykehjem", "ernaering"}),
        ("skole", {"skole"}),
        ("ferje", {"byferge", "ferja"}),
        ("ferge", {"byferge", "ferja"}),
        ("sykehjemsbeboere", {"sykehjem", "ernaering"}),
        ("ferry", {"byferge", "english"}),
        ("autonomous ferry", {"byferge", "english"}),
        ("sykehjem søvn", {"sykehjem"}),
        ("bsa", {"skole"}),
        ("maritim", {"byferge"}),
        ("Zeabuz", {"byferge"}),
        ("sykehjem skole", set()),
        ("by", {"byferge"}),
    ],
)
def test_search_finds(projects, q: str, expected: set[str]) -> None:
    assert search(q) == {projects[name].id for name in expected}


@pytest.mark.parametrize(
    "q",
    ["'; DROP TABLE", '"', "*", "(", "NEAR", "-", ":", "sykehjem*", 'søvn" OR "', "a:*|b", "\\"],
)
def test_garbage_never_raises(projects, q: str) -> None:
    found = search(q)
    ordered = project_search(Project.objects.all(), q).order_by("-search_rank", "id")
    assert set(ordered.values_list("id", flat=True)) == found
    assert ordered.count() == len(found)
    assert found <= {p.id for p in projects.values()}
    assert project_ids_matching(q) is not None
    assert Project.objects.count() == len(projects)


def test_meta_characters_are_ignored_around_words(projects) -> None:
    assert search('"sykehjem" (søvn) -') == {projects["sykehjem"].id}


def test_empty_query_is_no_filter(projects) -> None:
    assert search("") == {p.id for p in projects.values()}
    assert search("   ") == {p.id for p in projects.values()}


def test_composes_with_filters_count_and_pagination(
    projects, django_assert_max_num_queries
) -> None:
    queryset = Project.objects.filter(status=ProjectStatus.ACTIVE)
    with django_assert_max_num_queries(2):
        results = project_search(queryset, "sykehjem").order_by("-search_rank", "id")
        assert results.count() == 1
        assert [p.id for p in results[:10]] == [projects["sykehjem"].id]


def test_title_match_ranks_above_body_match(projects, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(1):
        ranked = list(
            project_search(Project.objects.all(), "sykehjem")
            .order_by("-search_rank")
            .values_list("id", "search_rank")
        )
    assert [pid for pid, _ in ranked] == [projects["sykehjem"].id, projects["ernaering"].id]
    assert ranked[0][1] > ranked[1][1]


def test_project_ids_matching_is_ranked(projects, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(1):
        ids = project_ids_matching("sykehjem")
    assert ids == [projects["sykehjem"].id, projects["ernaering"].id]
    assert project_ids_matching("sykehjem", limit=1) == [projects["sykehjem"].id]
    assert project_ids_matching("") == []


def test_search_rank_present_without_query(projects) -> None:
    assert {p.search_rank for p in project_search(Project.objects.all(), "")} == {0.0}
