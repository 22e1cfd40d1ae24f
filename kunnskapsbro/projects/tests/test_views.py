import pytest
from django.urls import reverse

from kunnskapsbro.projects import services
from kunnskapsbro.projects.models import Project, StatusTransition


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.editor)
    return client


@pytest.fixture
def projects(world):
    public = services.project_create(
        partnership=world.partnership,
        title="Sykehjemsprosjektet",
        visibility="public",
        focus_areas=[world.health],
        summary="Søvn og aktivitet i helse- og velferdssentra.",
    )
    internal = services.project_create(
        partnership=world.partnership, title="Intern idé om skolestart", visibility="internal"
    )
    return public, internal


def test_list_shows_public_projects_to_anonymous(client, projects):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    assert "Sykehjemsprosjektet" in response.content.decode()
    assert "Intern idé" not in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for n in range(30):
        services.project_create(
            partnership=world.partnership,
            title=f"Prosjekt {n}",
            visibility="public",
            focus_areas=[world.health],
            partners=[{"organization": world.ntnu, "role": "partner"}],
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200


def test_htmx_request_returns_only_the_results(client, projects):
    response = client.get(
        reverse("projects:list"), {"q": "sykehjem"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Sykehjemsprosjektet" in body
    assert "<html" not in body


def test_search_finds_inflected_word(client, projects):
    body = client.get(reverse("projects:list"), {"q": "sykehjemmet"}).content.decode()
    assert "Sykehjemsprosjektet" in body


def test_filters_live_in_the_url(signed_in, projects, world):
    url = reverse("projects:list") + f"?focus_area={world.health.pk}&status=idea"
    body = signed_in.get(url).content.decode()
    assert "Sykehjemsprosjektet" in body
    assert "Intern idé" not in body


def test_unknown_partner_filter_shows_an_error_not_a_crash(client, projects):
    response = client.get(reverse("projects:list"), {"partner": "Finnes ikke AS"})
    assert response.status_code == 200
    assert "Fant ingen organisasjon" in response.content.decode()


def test_internal_project_is_404_for_anonymous(client, projects):
    _public, internal = projects
    assert client.get(internal.get_absolute_url()).status_code == 404


def test_detail_page_shows_timeline(signed_in, projects):
    public, _internal = projects
    services.project_transition(
        project=public, to_status="assessment", comment="Til vurdering i enheten"
    )
    body = signed_in.get(public.get_absolute_url()).content.decode()
    assert "Til vurdering i enheten" in body
    assert "Historikk" in body


def test_editing_requires_login(client, projects):
    public, _ = projects
    response = client.get(reverse("projects:edit", args=[public.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _form_data(world, **overrides):
    data = {
        "partnership_slug": world.partnership.slug,
        "title": "Ny søknad om sykehjem",
        "kind": "research",
        "visibility": "internal",
        "focus_areas": [world.health.pk],
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "200",
        "partners-0-organization": "974767880",
        "partners-0-role": "coordinator",
        "partners-0-currency": "NOK",
        "partners-1-organization": "",
        "partners-1-role": "partner",
        "partners-1-currency": "NOK",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "200",
        "participants-0-person": "",
        "participants-0-role": "researcher",
        "funding-TOTAL_FORMS": "1",
        "funding-INITIAL_FORMS": "0",
        "funding-MIN_NUM_FORMS": "0",
        "funding-MAX_NUM_FORMS": "50",
        "funding-0-funder": "Norges forskningsråd (970141669)",
        "funding-0-status": "applied",
        "funding-0-amount_applied": "12 000 000",
        "funding-0-currency": "NOK",
    }
    data.update(overrides)
    return data


def test_create_project_through_the_form(signed_in, world):
    response = signed_in.post(
        reverse("projects:create"),
        _form_data(world, **{"municipal_units": [world.nursing_home.pk]}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(title="Ny søknad om sykehjem")
    assert project.partners.get().organization == world.ntnu
    line = project.funding_lines.get()
    assert line.funder == world.rcn
    assert line.amount_applied == 12_000_000
    assert project.created_by == world.editor


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"partners-0-organization": "974767881"}, "Fant ingen registrert organisasjon"),
        (
            {"start_date": "2024-05-01", "end_date": "2024-01-01"},
            "Sluttdato kan ikke være før startdato",
        ),
        ({"funding-0-amount_applied": "-5"}, "større enn eller lik 0"),
        ({"focus_areas": [999999]}, "Velg et gyldig valg"),
        ({"title": ""}, "Feltet er påkrevet"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(signed_in, world, overrides, message):
    response = signed_in.post(reverse("projects:create"), _form_data(world, **overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body, body[:3000]
    assert 'aria-invalid="true"' in body
    assert Project.objects.count() == 0


def test_duplicate_identifier_error_on_the_form(signed_in, world):
    services.project_create(
        partnership=world.partnership, title="+CityxChange", identifiers={"eu_grant": "824260"}
    )
    response = signed_in.post(reverse("projects:create"), _form_data(world, id_eu_grant="824260"))
    assert response.status_code == 200
    assert "allerede registrert" in response.content.decode()
    assert Project.objects.count() == 1


def test_edit_project_keeps_rows(signed_in, world, projects):
    public, _ = projects
    services.project_update(
        project=public, partners=[{"organization": world.ntnu, "role": "partner"}]
    )
    page = signed_in.get(reverse("projects:edit", args=[public.pk])).content.decode()
    assert "974767880" in page  # the partner row is filled in


def test_transition_through_the_page(signed_in, projects):
    public, _ = projects
    response = signed_in.post(
        reverse("projects:transition", args=[public.pk]),
        {"to": "assessment", "comment": "Vurder kapasitet"},
    )
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.status == "assessment"
    assert StatusTransition.objects.get(project=public).comment == "Vurder kapasitet"


def test_illegal_transition_through_the_page_is_refused(signed_in, projects):
    public, _ = projects
    response = signed_in.post(reverse("projects:transition", args=[public.pk]), {"to": "completed"})
    assert response.status_code == 422
    public.refresh_from_db()
    assert public.status == "idea"


def test_start_without_start_date_explains_why(signed_in, projects):
    public, _ = projects
    response = signed_in.post(reverse("projects:transition", args=[public.pk]), {"to": "active"})
    assert response.status_code == 422
    assert "startdato" in response.content.decode()
    public.refresh_from_db()
    assert public.status == "idea"


def test_a_bad_filter_keeps_the_others(client, projects, world):
    url = reverse("projects:list") + f"?focus_area={world.health.pk}&year=abc"
    body = client.get(url).content.decode()
    assert "Sykehjemsprosjektet" in body


def test_any_funder_can_be_filtered_on(client, world):
    from kunnskapsbro.organizations import services as org_services

    small = org_services.organization_create(name="Liten stiftelse", kind="ngo")
    services.project_create(
        partnership=world.partnership,
        title="Finansiert av stiftelsen",
        visibility="public",
        funding_lines=[{"funder": small, "amount_applied": 10}],
    )
    services.project_create(
        partnership=world.partnership, title="Uten stiftelse", visibility="public"
    )
    body = client.get(reverse("projects:list"), {"funder": small.pk}).content.decode()
    assert "Finansiert av stiftelsen" in body
    assert "Uten stiftelse" not in body
