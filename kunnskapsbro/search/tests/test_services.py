from __future__ import annotations

import pytest
from django.core.management import call_command

from kunnskapsbro.projects.models import Project
from kunnskapsbro.search.models import ProjectSearchDocument
from kunnskapsbro.search.selectors import project_ids_matching
from kunnskapsbro.search.services import index_project, index_projects, remove_project
from kunnskapsbro.search.tasks import reindex_projects_task

pytestmark = pytest.mark.django_db


def test_index_project_writes_title_and_body_terms(make_project) -> None:
    project = make_project(
        "Bedre skolestart", acronym="BSA", keywords=["Lesing"], summary="Om barnehagen."
    )
    index_project(project)
    document = ProjectSearchDocument.objects.get(project=project)
    assert document.title_text.split() == [
        "bedr",
        "skolestart",
        "skol",
        "start",
        "bsa",
        "lesing",
        "lese",
    ]
    assert document.text.split()[-1] == "barnehag"


def test_reindex_after_title_change(make_project) -> None:
    project = make_project("Bedre skolestart for alle")
    index_project(project)
    assert project_ids_matching("skole") == [project.id]

    project.title = "Autonom, elektrisk byferge"
    project.save()
    index_project(project)

    assert project_ids_matching("skole") == []
    assert project_ids_matching("ferje") == [project.id]


def test_index_projects_counts_and_is_idempotent(make_project) -> None:
    projects = [make_project(f"Sykehjem nummer {n}") for n in range(5)]
    assert index_projects(batch_size=2) == 5
    assert index_projects(batch_size=2) == 5
    assert ProjectSearchDocument.objects.count() == 5
    assert sorted(project_ids_matching("sykehjem")) == sorted(p.id for p in projects)


def test_index_projects_by_ids_removes_missing(make_project) -> None:
    kept = make_project("Sykehjem")
    gone = make_project("Sykehjem to")
    index_projects()
    gone_id = gone.id
    Project.objects.filter(id=gone_id).update(title="Skole")
    assert index_projects([kept.id, gone_id, 999_999]) == 2
    assert project_ids_matching("skole") == [gone_id]
    ProjectSearchDocument.objects.filter(project_id=gone_id).delete()
    assert project_ids_matching("skole") == []


def test_remove_project(make_project) -> None:
    project = make_project("Sykehjem")
    index_project(project)
    remove_project(project.id)
    assert project_ids_matching("sykehjem") == []
    assert not ProjectSearchDocument.objects.filter(project_id=project.id).exists()


def test_deleting_a_project_removes_it_from_the_index(make_project) -> None:
    project = make_project("Sykehjem")
    index_project(project)
    project.delete()
    assert project_ids_matching("sykehjem") == []


def test_reindex_command_and_task(make_project, capsys) -> None:
    project = make_project("Sykehjem")
    call_command("reindex")
    assert "Indexed 1 projects." in capsys.readouterr().out
    assert project_ids_matching("sykehjem") == [project.id]
    assert reindex_projects_task.call([project.id]) == 1


def test_search_vector_is_kept_in_the_row_on_postgresql(make_project) -> None:
    """Migration 0004: PostgreSQL keeps the vector in the row (STORAGE MAIN) so a broad search
    does not fetch each one back from the TOAST table; SQLite has no vector and no such
    setting. Either way a long document is indexed and found."""
    from django.db import connection

    project = make_project("Skolebygg", summary=" ".join(["skolegården og uteområdet"] * 200))
    index_project(project)
    assert project_ids_matching("skolegården") == [project.id]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage FROM pg_attribute "
                "WHERE attrelid = 'search_projectsearchdocument'::regclass AND attname = 'vector'"
            )
            assert cursor.fetchone()[0] == "m"
    else:
        assert connection.vendor == "sqlite"
