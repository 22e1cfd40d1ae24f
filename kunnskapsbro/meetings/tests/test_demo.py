"""The governance/events/network demo: idempotent, and shows what the pages need."""

from __future__ import annotations

from kunnskapsbro.core.demo import load_demo
from kunnskapsbro.meetings.demo import load_meetings_demo, meetings_demo_counts
from kunnskapsbro.meetings.models import ActionItem, Event, Registration
from kunnskapsbro.organizations.models import Person
from kunnskapsbro.partnerships.models import Partnership
from kunnskapsbro.portal.models import Article
from kunnskapsbro.projects.models import Project


def test_demo_adds_a_second_partnership_meetings_and_events(db):
    load_demo()
    counts = meetings_demo_counts()
    assert not load_meetings_demo()  # a second load creates nothing
    assert meetings_demo_counts() == counts
    bodo = Partnership.objects.get(slug="kunnskapskommunen-bodo")
    assert Project.objects.filter(partnership=bodo, visibility="public").count() == 3
    for person in Person.objects.filter(email__contains="bodo.kommune"):
        assert person.email.endswith(".example.org")
    coordinator = Person.objects.get(user__username="demo")
    assert ActionItem.objects.filter(owner=coordinator).exclude(status="done").exists()
    assert Event.objects.filter(title__startswith="Arena Unikom").count() == 2
    assert Registration.objects.filter(status="waitlisted").exists()
    assert Article.objects.filter(partnership=bodo, status="published").exists()
    assert counts["decisions"] >= 3 and counts["attendances"] >= 8
