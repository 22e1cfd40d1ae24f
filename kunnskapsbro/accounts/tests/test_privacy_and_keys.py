"""Export, erasure, retention, the API-key page, lockout and the information pages."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kunnskapsbro.accounts.models import ApiToken
from kunnskapsbro.accounts.services import api_token_create, person_erase, person_export
from kunnskapsbro.tests_support.factories import PersonFactory, UserFactory


@pytest.fixture
def kari(db: Any) -> Any:
    user = UserFactory(username="kari", email="kari@example.no")
    person = PersonFactory(
        first_name="Kari",
        last_name="Nordmann",
        email="kari@example.no",
        phone="+47 99887766",
        expertise="Velferdsteknologi",
        user=user,
    )
    api_token_create(user=user, name="Skript", scope="write")
    return person


def test_export_holds_person_history_tokens_without_secrets(kari: Any) -> None:
    data = person_export(kari)
    assert data["person"]["email"] == "kari@example.no"
    assert data["person_history"]
    tokens = data["user"]["related"]["accounts.ApiToken"]
    assert tokens[0]["name"] == "Skript" and "digest" not in tokens[0]
    assert "password" not in data["user"]["account"]
    json.dumps(data)  # JSON-ready


def test_my_export_download(kari: Any, client_as: Any) -> None:
    response = client_as(kari.user).get("/konto/min-side/mine-data.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["person"]["last_name"] == "Nordmann"


def test_person_export_and_erase_need_an_administrator(kari: Any, client_as: Any) -> None:
    outsider = client_as(UserFactory())
    assert outsider.get(f"/konto/personer/{kari.slug}/data.json").status_code == 403
    assert (
        outsider.post(f"/konto/personer/{kari.slug}/slett/", {"confirm": "SLETT"}).status_code
        == 403
    )
    kari.refresh_from_db()
    assert kari.first_name == "Kari"


def test_erase_pseudonymises_person_history_and_user(kari: Any, client_as: Any) -> None:
    admin = client_as(UserFactory(is_staff=True))
    assert admin.post(f"/konto/personer/{kari.slug}/slett/", {"confirm": "nei"}).status_code == 422
    old_slug = kari.slug
    response = admin.post(f"/konto/personer/{old_slug}/slett/", {"confirm": "SLETT"})
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.full_name == f"Slettet person {kari.pk}"
    assert (kari.email, kari.phone, kari.expertise) == ("", "", "")
    for row in kari.history.all():
        assert "Nordmann" not in f"{row.first_name} {row.last_name} {row.slug}"
        assert row.email == "" and row.expertise == ""
    user = kari.user
    assert not user.is_active and "kari" not in user.username and user.email == ""
    assert not ApiToken.objects.filter(user=user).exists()
    with pytest.raises(Exception):  # noqa: B017
        person_erase(person=kari, actor=None)


def test_purge_inactive_is_a_dry_run_unless_applied(db: Any, settings: Any) -> None:
    settings.ACCOUNT_RETENTION_DAYS = 730
    old = UserFactory(username="gammel")
    old.last_login = timezone.now() - dt.timedelta(days=800)
    old.save()
    fresh = UserFactory(username="fersk")
    fresh.last_login = timezone.now()
    fresh.save()
    out = StringIO()
    call_command("accounts", "purge-inactive", stdout=out)
    old.refresh_from_db()
    assert old.is_active and "gammel" in out.getvalue() and "fersk" not in out.getvalue()
    call_command("accounts", "purge-inactive", "--apply", stdout=StringIO())
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert not old.is_active and old.username.startswith("slettet-") and fresh.is_active


def test_my_api_keys_create_once_list_and_revoke(
    db: Any, client_as: Any, api_client: Client
) -> None:
    user = UserFactory()
    client = client_as(user)
    bad = client.post("/konto/min-side/", {"name": "", "scope": "admin"})
    assert bad.status_code == 422 and not ApiToken.objects.exists()
    response = client.post("/konto/min-side/", {"name": "Rapport", "scope": "read"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    assert secret not in client.get("/konto/min-side/").content.decode()  # shown once
    token = ApiToken.objects.get(user=user)
    assert token.scope == "read"
    headers = {"Authorization": f"Bearer {secret}"}
    assert api_client.get("/api/v1/projects", headers=headers).status_code == 200
    write = api_client.post(
        "/api/v1/projects", data={}, content_type="application/json", headers=headers
    )
    assert write.status_code == 403 and write["Content-Type"] == "application/problem+json"
    other = client_as(UserFactory())
    assert other.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/").status_code == 404
    client.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/")
    assert api_client.get("/api/v1/projects", headers=headers).status_code == 401


def test_lockout_after_failures_with_norwegian_page(db: Any, settings: Any) -> None:
    UserFactory(username="ola").set_password("riktig-passord-1")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/konto/logg-inn/", {"username": "ola", "password": "feil"})
    response = client.post("/konto/logg-inn/", {"username": "ola", "password": "feil"})
    assert response.status_code == 429
    assert "For mange innloggingsforsøk" in response.content.decode()
    call_command("axes_reset_username", "ola", stdout=StringIO())
    assert (
        client.post("/konto/logg-inn/", {"username": "ola", "password": "feil"}).status_code == 200
    )


def test_password_reset_sends_mail_with_a_working_link(db: Any, mailoutbox: list) -> None:
    user = UserFactory(email="ola@example.no")
    user.set_password("gammelt-passord-1")
    user.save()
    client = Client()
    assert client.post("/konto/passord/glemt/", {"email": "ola@example.no"}).status_code == 302
    assert len(mailoutbox) == 1 and "Nytt passord" in mailoutbox[0].subject
    link = next(line for line in mailoutbox[0].body.splitlines() if "/konto/passord/ny/" in line)
    path = link.split("testserver", 1)[1].strip()
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nytt-sterkt-pass-42", "new_password2": "Nytt-sterkt-pass-42"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nytt-sterkt-pass-42")


@pytest.mark.parametrize("path", ["/konto/personvern/", "/konto/tilgjengelighet/"])
def test_information_pages_are_linked_from_every_footer(db: Any, path: str) -> None:
    assert Client().get(path).status_code == 200
    assert f'href="{path}"' in Client().get("/").content.decode()
