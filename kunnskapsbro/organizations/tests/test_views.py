import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kunnskapsbro.organizations import services
from kunnskapsbro.organizations.models import Organization, Person


@pytest.fixture
def signed_in(client, db):
    from kunnskapsbro.tests_support.factories import RoleAssignmentFactory

    user = get_user_model().objects.create_user("per", password="pw-per-12345")
    RoleAssignmentFactory(user=user, role="coordinator", partnership=None)  # registers orgs
    client.force_login(user)
    return client


def test_register_organization(signed_in):
    response = signed_in.post(
        reverse("organizations:create"),
        {
            "name": "Norges teknisk-naturvitenskapelige universitet",
            "short_name": "NTNU",
            "kind": "university",
            "orgnr": "974 767 880",
            "country": "NO",
        },
    )
    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.orgnr == "974767880"
    assert response["Location"] == organization.get_absolute_url()


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        ("974767881", "kontrollsifferet stemmer ikke"),
        ("12345", "9 siffer"),
        ("97476788A", "bare inneholde siffer"),
    ],
)
def test_invalid_orgnr_is_refused_on_the_field(signed_in, orgnr, message):
    response = signed_in.post(
        reverse("organizations:create"),
        {"name": "Feil AS", "kind": "company", "orgnr": orgnr, "country": "NO"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert 'id="id_orgnr-error"' in body or "id_orgnr" in body
    assert Organization.objects.count() == 0


def test_duplicate_orgnr_names_the_other_organization(signed_in):
    services.organization_create(name="Trondheim kommune", kind="municipality", orgnr="942110464")
    response = signed_in.post(
        reverse("organizations:create"),
        {"name": "Kopi", "kind": "municipality", "orgnr": "942110464", "country": "NO"},
    )
    assert response.status_code == 422
    assert "allerede registrert på Trondheim kommune" in response.content.decode()
    assert Organization.objects.count() == 1


def test_edit_organization(signed_in):
    organization = services.organization_create(name="KS", kind="public_agency")
    response = signed_in.post(
        reverse("organizations:edit", args=[organization.slug]),
        {"name": "KS – Kommunesektorens organisasjon", "kind": "public_agency", "country": "NO"},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name.startswith("KS –")
    assert organization.history.count() == 2


def test_reserved_slugs_are_avoided(db):
    assert services.organization_create(name="Ny", kind="other").slug != "ny"
    assert services.organization_create(name="Personer", kind="other").slug != "personer"


def test_register_person_with_bad_orcid(signed_in):
    response = signed_in.post(
        reverse("organizations:person_create"),
        {"first_name": "Kari", "last_name": "Nordmann", "orcid": "0000-0002-1825-0098"},
    )
    assert response.status_code == 422
    assert "ORCID" in response.content.decode()
    assert Person.objects.count() == 0
    response = signed_in.post(
        reverse("organizations:person_create"),
        {"first_name": "Kari", "last_name": "Nordmann", "orcid": "0000-0002-1825-0097"},
    )
    assert response.status_code == 302


def test_pages_need_login_to_edit(client, db):
    response = client.get(reverse("organizations:create"))
    assert response.status_code == 302


def test_suggestions(client, db):
    services.organization_create(
        name="Norges teknisk-naturvitenskapelige universitet",
        short_name="NTNU",
        kind="university",
        orgnr="974767880",
    )
    body = client.get(reverse("organizations:suggest"), {"q": "NTNU"}).content.decode()
    assert "(974767880)" in body
    body = client.get(reverse("organizations:suggest"), {"q": "9747"}).content.decode()
    assert "(974767880)" in body
    body = client.get(
        reverse("organizations:suggest"),
        {"partners-0-organization": "norges tek"},
        headers={"HX-Trigger-Name": "partners-0-organization"},
    ).content.decode()
    assert "(974767880)" in body


def test_list_and_detail_pages(client, db):
    organization = services.organization_create(
        name="Trondheim kommune", kind="municipality", orgnr="942110464"
    )
    services.orgunit_create(organization=organization, name="Helse og velferd", kind="service_area")
    assert (
        "Trondheim kommune"
        in client.get(reverse("organizations:list"), {"q": "trondheim"}).content.decode()
    )
    body = client.get(organization.get_absolute_url()).content.decode()
    assert "942\u00a0110\u00a0464" in body
    assert "Helse og velferd" in body
