import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kunnskapsbro.projects import services
from kunnskapsbro.projects.models import Project, ProjectStatus, StatusTransition


def make(world, **kwargs):
    kwargs.setdefault("title", "Sykehjemsprosjektet")
    return services.project_create(partnership=world.partnership, actor=world.editor, **kwargs)


def test_create_with_everything(world):
    project = make(
        world,
        acronym="SYK",
        summary="Søvn, aktivitet og ressursbruk i helse- og velferdssentra.",
        start_date=dt.date(2021, 8, 1),
        end_date=dt.date(2024, 6, 30),
        focus_areas=[world.health],
        elements=[world.education],
        municipal_units=[world.nursing_home],
        partners=[
            {"organization": world.ntnu, "role": "coordinator"},
            {
                "organization": world.municipality,
                "role": "partner",
                "contribution": Decimal("1803281.25"),
                "currency": "EUR",
            },
        ],
        participants=[
            {"person": world.researcher, "role": "researcher", "organization": world.ntnu}
        ],
        funding_lines=[
            {
                "funder": world.rcn,
                "programme": "HELSEVEL",
                "amount_applied": Decimal("12000000"),
                "status": "applied",
            }
        ],
        identifiers={"rcn_project": "321234"},
        keywords="sykehjem, søvn, Sykehjem ,demens",
        sdgs=["3", 11],
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.IDEA
    assert project.created_by == world.editor
    assert project.keywords == ["sykehjem", "søvn", "demens"]
    assert project.sdgs == [3, 11]
    assert list(project.focus_areas.all()) == [world.health]
    assert project.partners.get(role="partner").contribution == Decimal("1803281.25")
    assert project.funding_lines.get().amount_applied == Decimal("12000000")
    assert project.identifiers.get().value == "321234"
    assert project.history.first().history_user == world.editor


def test_create_with_status_records_where_it_started(world):
    project = make(
        world, status="completed", start_date=dt.date(2019, 1, 1), end_date=dt.date(2021, 1, 1)
    )
    transition = StatusTransition.objects.get(project=project)
    assert (transition.from_status, transition.to_status) == ("idea", "completed")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_date": dt.date(2022, 1, 1), "end_date": dt.date(2021, 1, 1)}, "end_date"),
        ({"sdgs": [18]}, "sdgs"),
        ({"status": "flying"}, "status"),
        ({"visibility": "secret"}, "visibility"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        make(world, **kwargs)
    assert field in caught.value.message_dict
    assert Project.objects.count() == 0


def test_focus_area_of_another_partnership_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        make(world, focus_areas=[world.foreign_area])
    assert "focus_areas" in caught.value.message_dict
    assert Project.objects.count() == 0


def test_negative_funding_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        make(world, funding_lines=[{"funder": world.rcn, "amount_applied": Decimal("-1")}])
    assert "funding_lines" in caught.value.message_dict
    assert Project.objects.count() == 0


def test_duplicate_identifier_is_refused_naming_the_other_project(world):
    make(world, title="+CityxChange", identifiers={"eu_grant": "824260"})
    with pytest.raises(ValidationError) as caught:
        make(world, title="Kopi", identifiers={"eu_grant": "824260"})
    assert "+CityxChange" in caught.value.message_dict["identifiers"][0]
    assert Project.objects.count() == 1


def test_non_municipal_unit_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        make(world, municipal_units=[world.faculty])
    assert "municipal_units" in caught.value.message_dict


def test_update_replaces_collections_and_keeps_history(world):
    project = make(world, partners=[{"organization": world.ntnu, "role": "coordinator"}])
    services.project_update(
        project=project,
        actor=world.editor,
        data={"title": "Sykehjemsprosjektet II"},
        partners=[{"organization": world.sintef, "role": "partner"}],
    )
    project.refresh_from_db()
    assert project.title == "Sykehjemsprosjektet II"
    assert [p.organization for p in project.partners.all()] == [world.sintef]
    assert project.history.count() >= 2
    assert project.partners.model.history.filter(history_type="-").count() == 1


def test_update_cannot_change_status(world):
    project = make(world)
    with pytest.raises(ValidationError) as caught:
        services.project_update(project=project, data={"status": "active"})
    assert "status" in caught.value.message_dict


def test_failed_update_changes_nothing(world):
    project = make(world, start_date=dt.date(2021, 1, 1))
    with pytest.raises(ValidationError):
        services.project_update(
            project=project,
            data={"title": "Nytt navn", "end_date": dt.date(2020, 1, 1)},
            partners=[{"organization": world.ntnu, "role": "partner"}],
        )
    project.refresh_from_db()
    assert project.title == "Sykehjemsprosjektet"
    assert project.partners.count() == 0


def test_transition_records_who_when_why(world):
    project = make(world)
    transition = services.project_transition(
        project=project, to_status="assessment", actor=world.editor, comment="Til enhetsleder"
    )
    project.refresh_from_db()
    assert project.status == "assessment"
    assert transition.actor == world.editor
    assert transition.comment == "Til enhetsleder"
    assert transition.at is not None


def test_illegal_transition_is_refused_with_the_allowed_steps(world):
    project = make(world)
    with pytest.raises(ValidationError) as caught:
        services.project_transition(project=project, to_status="completed", actor=world.editor)
    message = caught.value.message_dict["to"][0]
    assert "Til vurdering" in message
    project.refresh_from_db()
    assert project.status == "idea"
    assert StatusTransition.objects.count() == 0


def test_decline_needs_a_reason(world):
    project = make(world)
    services.project_transition(project=project, to_status="assessment")
    with pytest.raises(ValidationError) as caught:
        services.project_transition(project=project, to_status="declined")
    assert "comment" in caught.value.message_dict


def test_start_needs_a_start_date_and_completion_an_end_date(world):
    project = make(world)
    with pytest.raises(ValidationError) as caught:
        services.project_transition(project=project, to_status="active")
    assert "start_date" in caught.value.message_dict
    services.project_update(project=project, data={"start_date": dt.date(2024, 1, 1)})
    services.project_transition(project=project, to_status="active")
    with pytest.raises(ValidationError) as caught:
        services.project_transition(project=project, to_status="completed")
    assert "end_date" in caught.value.message_dict


def test_full_application_path(world):
    project = make(world, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31))
    for status in ["assessment", "preparing", "submitted", "granted", "active", "completed"]:
        services.project_transition(project=project, to_status=status, actor=world.editor)
    assert [t.to_status for t in project.transitions.order_by("at", "id")] == [
        "assessment",
        "preparing",
        "submitted",
        "granted",
        "active",
        "completed",
    ]
