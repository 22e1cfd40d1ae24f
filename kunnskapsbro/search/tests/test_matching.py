"""The matching engine: Norwegian inflections and compounds, English titles, reasons,
visibility, and an index that follows the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunnskapsbro.needs.models import MatchIndexState
from kunnskapsbro.search import matching
from kunnskapsbro.search.matching_tasks import rebuild_match_index_task
from kunnskapsbro.tests_support.factories import (
    PartnershipFactory,
    PersonFactory,
    ProjectFactory,
    ProjectIdentifierFactory,
    ProjectParticipantFactory,
)


@pytest.fixture(autouse=True)
def _fresh_index():
    matching.reset_for_tests()
    yield
    matching.reset_for_tests()


@pytest.fixture
def portfolio(db):
    partnership = PartnershipFactory()
    other = PartnershipFactory()
    projects = {
        "sykehjem": ProjectFactory(
            partnership=partnership,
            title="Sykehjemsbeboere og nattlig uro",
            summary="Miljøtiltak om natten for personer med demens.",
            visibility="public",
        ),
        "dementia": ProjectFactory(
            partnership=other,
            title="How to best meet the needs of people with dementia with severe behavioural "
            "disturbances",
            visibility="public",
        ),
        "skole": ProjectFactory(
            partnership=partnership, title="Bedre skolestart for alle", visibility="public"
        ),
        "ferje": ProjectFactory(
            partnership=partnership, title="Elektriske ferjesamband", visibility="public"
        ),
        "internal": ProjectFactory(
            partnership=partnership, title="Intern demens-kartlegging", visibility="internal"
        ),
    }
    ProjectIdentifierFactory(project=projects["dementia"], scheme="eu_grant", value="779237")
    return partnership, other, projects


def ids(matches):
    return [m.id for m in matches]


def test_inflected_compound_query_finds_the_base_word(portfolio):
    _p, _o, projects = portfolio
    found = matching.match("beboere på sykehjemmet", kind="project")
    assert found[0].id == projects["sykehjem"].pk


def test_nynorsk_and_english_find_the_same_projects(portfolio):
    _p, _o, projects = portfolio
    assert projects["sykehjem"].pk in ids(matching.match("sjukeheimen", kind="project"))
    assert projects["ferje"].pk in ids(matching.match("ferja", kind="project"))
    found = matching.match("uro hos personer med demens", kind="project")
    assert {projects["sykehjem"].pk, projects["dementia"].pk} <= set(ids(found))
    english = matching.match("dementia in nursing homes", kind="project")
    assert projects["sykehjem"].pk in ids(english)


def test_each_match_has_a_reason_and_identifiers(portfolio):
    _p, _o, projects = portfolio
    found = {m.id: m for m in matching.match("demens", kind="project")}
    dementia = found[projects["dementia"].pk]
    assert dementia.reason.startswith("Treff på: demens")
    assert "dementia" in dementia.passage
    assert dementia.identifiers == {"eu_grant": "779237"}
    assert dementia.score > 0


def test_internal_projects_only_for_signed_in(portfolio):
    _p, _o, projects = portfolio
    assert projects["internal"].pk not in ids(matching.match("demens", kind="project"))
    signed_in = matching.match("demens", kind="project", public_only=False)
    assert projects["internal"].pk in ids(signed_in)


def test_other_partnerships_only(portfolio):
    partnership, _o, projects = portfolio
    found = matching.match(
        "demens", kind="project", partnership_id=partnership.pk, other_partnerships=True
    )
    assert ids(found) == [projects["dementia"].pk]


def test_stop_words_alone_match_nothing(portfolio):
    assert matching.match("hva vet vi om dette", kind="project") == []


def test_people_are_found_by_their_projects(portfolio):
    _p, _o, projects = portfolio
    person = PersonFactory(first_name="Nora", last_name="Nattevakt", expertise="")
    ProjectParticipantFactory(project=projects["sykehjem"], person=person, role="researcher")
    hidden = PersonFactory(first_name="Ivar", last_name="Intern")
    ProjectParticipantFactory(project=projects["internal"], person=hidden, role="researcher")
    found = matching.match("nattlig uro på sykehjem", kind="person")
    assert ids(found) == [person.pk]
    assert "Sykehjemsbeboere" in found[0].reason


def test_the_index_follows_project_changes(portfolio):
    partnership, _o, _projects = portfolio
    assert matching.match("havbruk", kind="project") == []
    new = ProjectFactory(partnership=partnership, title="Havbruk i fjorden", visibility="public")
    assert ids(matching.match("havbruk", kind="project")) == [new.pk]


def test_a_snapshot_is_shared_and_a_fresh_process_loads_it(portfolio):
    _p, _o, projects = portfolio
    matching.match("demens", kind="project")  # builds and stores the snapshot
    state = MatchIndexState.objects.get(pk=1)
    assert state.snapshot and state.built_size >= 5
    matching.reset_for_tests()  # as if another web process
    with CaptureQueriesContext(connection) as queries:
        matching.get_index()
    assert len(queries) <= 5  # key (3), state, snapshot: no rebuild


def test_the_background_task_rebuilds_when_stale(portfolio):
    partnership, _o, _projects = portfolio
    rebuild_match_index_task.call()
    ProjectFactory(partnership=partnership, title="Skredvarsling", visibility="public")
    size = rebuild_match_index_task.call()
    assert size >= 6
    assert MatchIndexState.objects.get(pk=1).built_key == matching._key_text(matching.current_key())


def test_analyse_query_adds_english_equivalents():
    groups = {g.word: g for g in matching.analyse_query("demens på sykehjem")}
    assert "dementi" in groups["demens"].translations  # the stem of "dementia"
    assert groups["sykehjem"].translations


def test_the_benchmark_figure_runs(portfolio):
    from kunnskapsbro.bench.runner import REGISTRY, Bench

    figure = next(f for f in REGISTRY if f.name == "matching")
    result = figure.measure(Bench(projects=5, runs=2, warmup=1))
    assert result["p95_ms"] > 0
    assert result["documents"]["project"] == 5
    assert "index_rebuild_s" in result["baselines"]
