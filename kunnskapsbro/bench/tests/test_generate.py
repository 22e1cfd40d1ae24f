"""The generator: deterministic for a seed, realistic shares, valid identifiers."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from stdnum.no import orgnr

from kunnskapsbro.bench import sources
from kunnskapsbro.bench.generate import generate
from kunnskapsbro.needs.models import KnowledgeNeed, NeedAnswer
from kunnskapsbro.organizations.models import Organization, Person
from kunnskapsbro.projects.models import Project, ProjectPartner, StatusTransition
from kunnskapsbro.search.selectors import project_ids_matching

pytestmark = pytest.mark.skipif(
    not (sources.data_dir() / "kommuner").exists(), reason="needs ../shared/data"
)


def _snapshot() -> list[tuple]:
    return list(
        Project.objects.order_by("source_id").values_list(
            "source_id", "title", "title_en", "status", "start_date", "visibility"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_generate_is_deterministic_for_a_seed() -> None:
    generate(projects=200, seed=1)
    first = _snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate(projects=200, seed=1)
    assert _snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(projects=200, seed=2)
    assert _snapshot() != first


@pytest.mark.django_db
def test_generate_builds_a_national_installation() -> None:
    result = generate(projects=200, seed=1)
    assert Project.objects.count() == 200
    assert Person.objects.count() == 400
    assert Organization.objects.count() == 5000
    assert Organization.objects.filter(kind="municipality").count() == len(sources.kommuner())
    assert Organization.objects.filter(orgnr="942110464", kind="municipality").exists()
    assert all(
        orgnr.is_valid(v)
        for v in Organization.objects.exclude(orgnr=None).values_list("orgnr", flat=True)
    )
    # Every project has its "+" history record; lifecycle steps are recorded.
    assert Project.history.filter(history_type="+").count() == 200
    assert StatusTransition.objects.exists()
    public = Project.objects.filter(visibility="public").count()
    assert 100 < public < 180  # ~70 %
    # ~90 % of a partnership's projects involve its university.
    with_university = (
        ProjectPartner.objects.filter(organization__kind="university")
        .values("project")
        .distinct()
        .count()
    )
    assert with_university > 150
    # Indexed for search, inflected forms included.
    assert project_ids_matching("velferdsteknologi")
    assert result.counts["projects.Project"] == 200
    # Knowledge needs: one per 40 projects (at least one per partnership), the lifecycle
    # recorded, published needs offered as assignments, answered needs linked to a project
    # of the same partnership.
    needs = KnowledgeNeed.objects.all()
    assert needs.count() == 20
    assert KnowledgeNeed.history.filter(history_type="+").count() == 20
    for need in needs.exclude(status="new"):
        assert need.changes.filter(to_status__in=[need.status, "prioritised"]).exists()
    for need in needs.filter(status="published"):
        assert need.assignments.filter(status="open").exists()
    for answer in NeedAnswer.objects.select_related("need", "project"):
        assert answer.project.partnership_id == answer.need.partnership_id
    assert not needs.filter(status="new").exclude(priority_rank=None).exists()


@pytest.mark.django_db(transaction=True)  # flush (TRUNCATE) cannot run inside a test transaction
def test_generate_command_refuses_a_database_with_projects() -> None:
    generate(projects=20, seed=1)
    with pytest.raises(CommandError):
        call_command("generate", projects=20)
    call_command("generate", projects=20, flush=True, verbosity=0)
    assert Project.objects.count() == 20
