import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kunnskapsbro.projects import selectors, services
from kunnskapsbro.projects.selectors import PortfolioFilters


@pytest.fixture
def portfolio(world):
    p = world.partnership
    make = services.project_create
    return {
        "nursing": make(
            partnership=p,
            title="Sykehjemsprosjektet",
            visibility="public",
            focus_areas=[world.health],
            municipal_units=[world.nursing_home],
            partners=[{"organization": world.ntnu, "role": "coordinator"}],
            funding_lines=[{"funder": world.rcn, "amount_applied": 100}],
            start_date=dt.date(2021, 1, 1),
            end_date=dt.date(2023, 12, 31),
            status="active",
        ),
        "school": make(
            partnership=p,
            title="Bedre skolestart for alle",
            visibility="public",
            focus_areas=[world.school],
            elements=[world.education],
            partners=[{"organization": world.municipality, "role": "partner"}],
            start_date=dt.date(2024, 1, 1),
            status="active",
        ),
        "internal": make(
            partnership=p,
            title="Intern søknad",
            visibility="internal",
            status="idea",
            partners=[
                {"organization": world.ntnu, "role": "partner"},
                {"organization": world.sintef, "role": "partner"},
            ],
        ),
        "other": make(
            partnership=world.other_partnership, title="Vest-prosjekt", visibility="public"
        ),
    }


def titles(queryset):
    return sorted(p.title for p in queryset)


def test_anonymous_sees_only_public(portfolio):
    assert "Intern søknad" not in titles(selectors.project_list(user=AnonymousUser()))


def test_signed_in_user_sees_internal(portfolio, world):
    assert "Intern søknad" in titles(selectors.project_list(user=world.editor))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda w: PortfolioFilters(focus_area=[w.health.pk]), ["Sykehjemsprosjektet"]),
        (lambda w: PortfolioFilters(element=[w.education.pk]), ["Bedre skolestart for alle"]),
        (lambda w: PortfolioFilters(unit=[w.nursing_home.pk]), ["Sykehjemsprosjektet"]),
        (lambda w: PortfolioFilters(partner=[w.ntnu.pk]), ["Intern søknad", "Sykehjemsprosjektet"]),
        (lambda w: PortfolioFilters(funder=[w.rcn.pk]), ["Sykehjemsprosjektet"]),
        (lambda w: PortfolioFilters(status=["idea"]), ["Intern søknad", "Vest-prosjekt"]),
        (lambda w: PortfolioFilters(partnership=w.other_partnership.pk), ["Vest-prosjekt"]),
        (lambda w: PortfolioFilters(year=2022), ["Sykehjemsprosjektet"]),
        (lambda w: PortfolioFilters(year=2025), ["Bedre skolestart for alle"]),
        (lambda w: PortfolioFilters(overdue=True), ["Sykehjemsprosjektet"]),
        (
            lambda w: PortfolioFilters(partner=[w.ntnu.pk, w.sintef.pk]),
            ["Intern søknad", "Sykehjemsprosjektet"],
        ),
    ],
)
def test_filters(portfolio, world, filters, expected):
    assert titles(selectors.project_list(user=world.editor, filters=filters(world))) == expected


def test_sorting(portfolio, world):
    result = selectors.project_list(user=world.editor, filters=PortfolioFilters(sort="title"))
    assert [p.title for p in result][0] == "Bedre skolestart for alle"


def test_list_for_display_has_constant_query_count(portfolio, world, django_assert_max_num_queries):
    queryset = selectors.project_list(user=world.editor)
    # the rows, their partnerships, focus areas, partners (with organisations)
    with django_assert_max_num_queries(4):
        rows = list(selectors.project_list_for_display(queryset))
        for row in rows:
            _ = [a.name for a in row.focus_areas.all()]
            _ = [p.organization.name for p in row.partners.all()]
            _ = row.partnership.name


def test_detail_hides_internal_from_anonymous(portfolio):
    with pytest.raises(Http404):
        selectors.project_detail(user=AnonymousUser(), pk=portfolio["internal"].pk)


def test_timeline_shows_transitions_and_changes(portfolio, world):
    project = portfolio["internal"]
    services.project_update(project=project, actor=world.editor, data={"title": "Ny tittel"})
    services.project_transition(
        project=project, to_status="assessment", actor=world.editor, comment="Vurder"
    )
    kinds = [e.kind for e in selectors.project_timeline(project=project)]
    assert kinds[0] == "transition"
    assert "change" in kinds and "created" in kinds
    change = next(e for e in selectors.project_timeline(project=project) if e.kind == "change")
    assert ("tittel", "Intern søknad", "Ny tittel") in change.changes


def test_status_counts(portfolio, world):
    counts = {
        s: n for s, _label, n in selectors.status_counts(selectors.project_visible_to(world.editor))
    }
    assert counts == {"idea": 2, "active": 2}


def test_portfolio_summary_counts_by_partnership_and_status_and_sees_new_projects(portfolio, world):
    visible = selectors.project_visible_to(AnonymousUser())
    summary = selectors.portfolio_summary(visible)
    assert summary.by_status == selectors.status_counts(visible)
    from collections import Counter

    assert summary.by_partnership == Counter(p.partnership_id for p in visible)
    # Remembered, but under the table's newest change: a new public project counts at once.
    services.project_create(
        partnership=world.partnership, title="Ny idé", visibility="public", actor=world.editor
    )
    again = selectors.portfolio_summary(selectors.project_visible_to(AnonymousUser()))
    assert (
        again.by_partnership[world.partnership.pk]
        == summary.by_partnership[world.partnership.pk] + 1
    )
    # An internal project is not counted for the public, and is for its editor.
    services.project_create(partnership=world.partnership, title="Intern", actor=world.editor)
    assert (
        selectors.portfolio_summary(selectors.project_visible_to(AnonymousUser())).by_partnership
        == again.by_partnership
    )
    editor = selectors.portfolio_summary(selectors.project_visible_to(world.editor))
    assert (
        editor.by_partnership[world.partnership.pk]
        == again.by_partnership[world.partnership.pk] + 2
    )


def test_timeline_names_focus_areas_and_choices(portfolio, world, django_assert_max_num_queries):
    project = portfolio["internal"]
    services.project_update(
        project=project, actor=world.editor, data={"kind": "pilot"}, focus_areas=[world.health]
    )
    for n in range(10):
        services.project_update(project=project, actor=world.editor, data={"title": f"Tittel {n}"})
    # transitions, history, three M2M history tables, the names: not one per record
    with django_assert_max_num_queries(8):
        timeline = selectors.project_timeline(project=project)
    changes = [row for entry in timeline for row in entry.changes]
    assert ("fokusområder", "–", "Helse og velferd") in changes
    assert ("type", "Forskningsprosjekt", "Pilot") in changes


def test_unit_loads_counts_open_projects_per_unit_and_leaves_out_the_project_itself(db) -> None:
    from kunnskapsbro.tests_support.factories import OrgUnitFactory, ProjectFactory

    school, nursing, idle = OrgUnitFactory(), OrgUnitFactory(), OrgUnitFactory()
    this = ProjectFactory(status="active", municipal_units=[school, nursing])
    for status in ("submitted", "granted", "active"):
        ProjectFactory(status=status, municipal_units=[school])
    ProjectFactory(status="active", municipal_units=[nursing])
    # Not load: ideas, completed and rejected projects.
    for status in ("idea", "completed", "rejected"):
        ProjectFactory(status=status, municipal_units=[school, nursing, idle])

    loads = selectors.unit_loads([school, nursing, idle], exclude_project=this.pk)
    assert {pk: load.projects for pk, load in loads.items()} == {
        school.pk: 3,
        nursing.pk: 1,
        idle.pk: 0,
    }
    assert selectors.unit_loads([school], exclude_project=None)[school.pk].projects == 4
