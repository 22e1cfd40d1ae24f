"""Assigning and ending roles: the service's rules, the administrators' page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kunnskapsbro.accounts import permissions
from kunnskapsbro.accounts.models import RoleAssignment
from kunnskapsbro.accounts.role_services import role_assign, role_end
from kunnskapsbro.partnerships.models import GovernanceBody, PartnershipParty
from kunnskapsbro.tests_support.factories import (
    FocusAreaFactory,
    MunicipalityFactory,
    OrgUnitFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trd(grant_role):
    partnership = PartnershipFactory(slug="trd", name="TRD3.0")
    municipality = MunicipalityFactory()
    PartnershipParty.objects.create(
        partnership=partnership, organization=municipality, role="municipality"
    )
    unit = OrgUnitFactory(organization=municipality, name="Helse")
    child = OrgUnitFactory(organization=municipality, name="Østbyen", parent=unit)
    admin = UserFactory(username="anne.admin")
    grant_role(admin, "administrator", partnership=partnership)
    return {
        "partnership": partnership,
        "area": FocusAreaFactory(partnership=partnership, name="Helse og velferd"),
        "unit": unit,
        "child": child,
        "admin": admin,
    }


def test_scoped_role_needs_its_scope(trd):
    with pytest.raises(ValidationError) as exc:
        role_assign(
            actor=trd["admin"],
            user=UserFactory(),
            role="unit_editor",
            partnership=trd["partnership"],
        )
    assert "org_unit" in exc.value.message_dict
    assert not RoleAssignment.objects.filter(role="unit_editor").exists()


def test_scope_must_belong_to_the_partnership(trd):
    elsewhere = PartnershipFactory()
    foreign_area = FocusAreaFactory(partnership=elsewhere)
    foreign_unit = OrgUnitFactory()  # its municipality is no party to TRD
    with pytest.raises(ValidationError) as exc:
        role_assign(
            actor=trd["admin"],
            user=UserFactory(),
            role="focus_area_leader",
            partnership=trd["partnership"],
            focus_area=foreign_area,
        )
    assert "focus_area" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        role_assign(
            actor=trd["admin"],
            user=UserFactory(),
            role="unit_editor",
            partnership=trd["partnership"],
            org_unit=foreign_unit,
        )
    assert "org_unit" in exc.value.message_dict


def test_scope_that_does_not_fit_the_role_is_refused(trd):
    with pytest.raises(ValidationError) as exc:
        role_assign(
            actor=trd["admin"],
            user=UserFactory(),
            role="viewer",
            partnership=trd["partnership"],
            focus_area=trd["area"],
        )
    assert "focus_area" in exc.value.message_dict


def test_dates_and_duplicates(trd):
    user = UserFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        role_assign(
            actor=trd["admin"],
            user=user,
            role="viewer",
            partnership=trd["partnership"],
            valid_from=today + dt.timedelta(days=5),
            valid_to=today + dt.timedelta(days=1),
        )
    assert "valid_to" in exc.value.message_dict
    role_assign(actor=trd["admin"], user=user, role="viewer", partnership=trd["partnership"])
    with pytest.raises(ValidationError) as exc:
        role_assign(actor=trd["admin"], user=user, role="viewer", partnership=trd["partnership"])
    assert "role" in exc.value.message_dict
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_only_administrators_assign_and_installation_wide_needs_a_superuser(trd, grant_role):
    coordinator = UserFactory()
    grant_role(coordinator, "coordinator", partnership=trd["partnership"])
    with pytest.raises(PermissionDenied):
        role_assign(
            actor=coordinator, user=UserFactory(), role="viewer", partnership=trd["partnership"]
        )
    with pytest.raises(PermissionDenied):
        role_assign(actor=trd["admin"], user=UserFactory(), role="viewer", partnership=None)
    other = PartnershipFactory()
    with pytest.raises(PermissionDenied):
        role_assign(actor=trd["admin"], user=UserFactory(), role="viewer", partnership=other)


def test_unit_editor_covers_the_subtree_and_ending_takes_effect_at_once(trd):
    user = UserFactory()
    assignment = role_assign(
        actor=trd["admin"],
        user=user,
        role="unit_editor",
        partnership=trd["partnership"],
        org_unit=trd["unit"],
    )
    project = ProjectFactory(
        partnership=trd["partnership"], visibility="internal", municipal_units=[trd["child"]]
    )
    assert permissions.can_edit_project(user, project)  # Østbyen is under Helse
    role_end(actor=trd["admin"], assignment=assignment)
    permissions.forget(user)
    assert not permissions.can_edit_project(user, project)
    assert not permissions.visible_projects(user).filter(pk=project.pk).exists()
    assignment.refresh_from_db()
    assert assignment.valid_to == timezone.localdate() - dt.timedelta(days=1)
    assert assignment.history.count() == 2  # created, ended: history kept
    with pytest.raises(ValidationError):
        role_end(actor=trd["admin"], assignment=assignment)


def test_role_in_the_future_or_past_does_not_apply(trd, grant_role):
    user = UserFactory()
    today = timezone.localdate()
    grant_role(user, "viewer", partnership=trd["partnership"], valid_from=today + dt.timedelta(1))
    grant_role(
        user, "coordinator", partnership=trd["partnership"], valid_to=today - dt.timedelta(1)
    )
    permissions.forget(user)
    assert not permissions.can_read_internal(user, trd["partnership"].pk)


# --- the page ------------------------------------------------------------------------------


def test_administrator_assigns_and_ends_a_role_on_the_page(trd, client_as):
    page_url = f"/konto/roller/{trd['partnership'].slug}/"
    client = client_as(trd["admin"])
    UserFactory(username="ulf", email="ulf@example.no", first_name="Ulf", last_name="Enhet")
    response = client.post(
        page_url, {"user": "ulf@example.no", "role": "unit_editor", "org_unit": trd["unit"].pk}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__username="ulf")
    assert assignment.created_by == trd["admin"]
    page = client.get(page_url).content.decode()
    assert "Ulf Enhet" in page and "Helse" in page
    response = client.post(f"{page_url}{assignment.pk}/avslutt/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_to is not None
    assert "(ulf)</span>" not in client.get(page_url).content.decode()
    assert "(ulf)</span>" in client.get(page_url + "?avsluttede=1").content.decode()


def test_page_errors_name_the_field_and_save_nothing(trd, client_as):
    client = client_as(trd["admin"])
    page_url = f"/konto/roller/{trd['partnership'].slug}/"
    response = client.post(page_url, {"user": "finnes-ikke", "role": "viewer"})
    assert response.status_code == 422 and 'href="#id_user"' in response.content.decode()
    UserFactory(username="per")
    response = client.post(page_url, {"user": "per", "role": "focus_area_leader"})
    assert response.status_code == 422 and 'href="#id_focus_area"' in response.content.decode()
    assert not RoleAssignment.objects.exclude(user=trd["admin"]).exists()


def test_page_is_403_for_readers_and_404_for_strangers(trd, client_as, grant_role):
    hidden = PartnershipFactory(slug="hemmelig", is_public=False)
    coordinator = UserFactory()
    grant_role(coordinator, "coordinator", partnership=trd["partnership"])
    assert client_as(coordinator).get("/konto/roller/trd/").status_code == 403
    assert client_as(coordinator).get("/konto/roller/hemmelig/").status_code == 404
    assert client_as(trd["admin"]).get(f"/konto/roller/{hidden.slug}/").status_code == 404


def test_own_roles_on_my_roles_page(trd, client_as, grant_role):
    user = UserFactory()
    grant_role(user, "focus_area_leader", partnership=trd["partnership"], focus_area=trd["area"])
    page = client_as(user).get("/konto/roller/").content.decode()
    assert "Satsingsområdeleder" in page or "satsingsområdeleder" in page
    assert "Helse og velferd" in page
    admin_page = client_as(trd["admin"]).get("/konto/roller/").content.decode()
    assert "/konto/roller/trd/" in admin_page


# --- the API -------------------------------------------------------------------------------


def test_api_lists_assigns_and_ends(trd, api_client, api_token_for):
    headers = {"Authorization": f"Bearer {api_token_for(trd['admin'])}"}
    url = "/api/v1/partnerships/trd/roles"
    UserFactory(username="kari")
    body = GovernanceBody.objects.create(
        partnership=trd["partnership"], kind="innovation_committee", name="IU", slug="iu"
    )
    response = api_client.post(
        url,
        {"user": "kari", "role": "committee_member", "body": body.pk},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["role"] == "committee_member" and created["body"]["id"] == body.pk
    listing = api_client.get(url, headers=headers).json()
    assert {item["user"] for item in listing["items"]} == {"anne.admin", "kari"}
    response = api_client.delete(f"{url}/{created['id']}", headers=headers)
    assert response.status_code == 200 and response.json()["active"] is False
    assert {i["user"] for i in api_client.get(url, headers=headers).json()["items"]} == {
        "anne.admin"
    }
    ended = api_client.get(url, {"include_ended": True}, headers=headers).json()
    assert ended["count"] == 2


def test_api_refuses_bad_input_and_strangers(trd, api_client, api_token_for, grant_role):
    headers = {"Authorization": f"Bearer {api_token_for(trd['admin'])}"}
    url = "/api/v1/partnerships/trd/roles"
    UserFactory(username="kari")
    response = api_client.post(
        url,
        {"user": "kari", "role": "unit_editor"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "org_unit"
    response = api_client.post(
        url, {"user": "nobody", "role": "viewer"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "user"
    viewer = UserFactory()
    grant_role(viewer, "viewer", partnership=trd["partnership"])
    viewer_headers = {"Authorization": f"Bearer {api_token_for(viewer)}"}
    assert api_client.get(url, headers=viewer_headers).status_code == 403
    PartnershipFactory(slug="hemmelig", is_public=False)
    assert api_client.get("/api/v1/partnerships/hemmelig/roles", headers=headers).status_code == 404
    assert api_client.get(url).status_code == 401
    other = RoleAssignment.objects.create(user=viewer, role="viewer", partnership=None)
    assert api_client.delete(f"{url}/{other.pk}", headers=headers).status_code == 404


def test_public_records_of_a_hidden_partnership_need_a_role_there(trd, grant_role):
    hidden = PartnershipFactory(slug="skjult", is_public=False)
    project = ProjectFactory(partnership=hidden, visibility="public")
    everywhere, here, nobody = UserFactory(), UserFactory(), UserFactory()
    grant_role(everywhere, "contributor", partnership=None)
    grant_role(here, "viewer", partnership=trd["partnership"])
    visible = {
        user: permissions.visible_projects(user).filter(pk=project.pk).exists()
        for user in (everywhere, here, nobody)
    }
    assert visible == {everywhere: True, here: False, nobody: False}
    assert permissions.can_view_project(everywhere, project)
    assert not permissions.can_view_project(here, project)
