"""The needs demo: Scenario 2 end to end, and loading again changes nothing."""

from __future__ import annotations

from kunnskapsbro.core.demo import load_demo
from kunnskapsbro.education.models import Course, Placement, Thesis
from kunnskapsbro.needs.demo import load_needs_demo
from kunnskapsbro.needs.models import Assignment, Interest, KnowledgeNeed, NeedStatusChange
from kunnskapsbro.partnerships.models import Partnership


def test_scenario_two_and_idempotence(db):
    load_demo()
    partnership = Partnership.objects.get(slug="trd30")
    before = (
        KnowledgeNeed.objects.count(),
        Assignment.objects.count(),
        Interest.objects.count(),
        NeedStatusChange.objects.count(),
        Placement.objects.count(),
        Thesis.objects.count(),
        Course.objects.count(),
    )
    need = KnowledgeNeed.objects.get(title="Nattlig uro blant beboere med demens")
    assert need.status == "answered" and need.priority_rank == 1
    assert need.unit.name == "Helse- og velferdssenter Østbyen"
    assignment = need.assignments.get()
    assert (assignment.level, assignment.notification_required) == ("master", True)
    assert assignment.interests.count() == 2
    assert need.answers.get().thesis.nva_url.startswith("https://nva.sikt.no/")
    assert KnowledgeNeed.objects.filter(status="published").exists()
    assert KnowledgeNeed.objects.filter(status="new").exists()
    counts = load_needs_demo(partnership)
    after = (
        KnowledgeNeed.objects.count(),
        Assignment.objects.count(),
        Interest.objects.count(),
        NeedStatusChange.objects.count(),
        Placement.objects.count(),
        Thesis.objects.count(),
        Course.objects.count(),
    )
    assert after == before
    assert counts["placements"] == 4
