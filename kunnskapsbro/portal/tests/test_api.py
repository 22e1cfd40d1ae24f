"""The articles API's writes: create, change and publish, with the pages' permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.portal import services
from kunnskapsbro.portal.models import Article
from kunnskapsbro.tests_support.factories import UserFactory

JSON = "application/json"


@pytest.fixture
def portal(db, coordinator_user, grant_role):
    trd = partnership_services.partnership_create(name="TRD3.0", slug="trd30", short_name="TRD3.0")
    vest = partnership_services.partnership_create(
        name="Vest", slug="vest", short_name="Vest", is_public=False
    )
    trd_coordinator = UserFactory(username="tina.trd")
    grant_role(trd_coordinator, "coordinator", partnership=trd)
    published = services.article_create(
        partnership=trd,
        title="Slik organiserte vi innovasjonsutvalgene",
        body="Erfaringer fra fem år.",
        status="published",
        published_on=dt.date(2025, 1, 10),
    )
    draft = services.article_create(partnership=trd, title="Utkast om frokostmøter", body="…")
    hidden = services.article_create(partnership=vest, title="Vest sitt utkast", body="…")
    return {
        "trd": trd,
        "vest": vest,
        "trd_coordinator": trd_coordinator,
        "published": published,
        "draft": draft,
        "hidden": hidden,
    }


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_create_change_and_publish_an_article(
    portal, api_client, coordinator_user, coordinator_token
):
    author = org_services.person_create(
        first_name="Frida", last_name="Forfatter", email="frida@example.org"
    )
    created = api_client.post(
        "/api/v1/articles",
        {
            "partnership": "trd30",
            "title": "Hva vi lærte av frokostmøtene",
            "lead": "Kort fortalt.",
            "body": "Første avsnitt.\n\nAndre avsnitt.",
            "authors": [author.pk, author.pk],
        },
        content_type=JSON,
        headers=_bearer(coordinator_token),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["slug"].startswith("hva-vi-")  # made from the title
    assert (body["status"], body["published_on"], body["partnership"]) == ("draft", None, "trd30")
    assert [a["id"] for a in body["authors"]] == [author.pk]
    article = Article.objects.get(slug=body["slug"])
    assert article.history.first().history_user == coordinator_user
    assert api_client.get(f"/api/v1/articles/{article.slug}").status_code == 404  # a draft

    changed = api_client.patch(
        f"/api/v1/articles/{article.slug}",
        {"title": "Hva vi lærte", "lead": None, "authors": []},
        content_type=JSON,
        headers=_bearer(coordinator_token),
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["title"], body["lead"], body["authors"]) == ("Hva vi lærte", "", [])
    assert body["body"] == "Første avsnitt.\n\nAndre avsnitt."  # not sent, not changed

    published = api_client.post(
        f"/api/v1/articles/{article.slug}/publish", headers=_bearer(coordinator_token)
    )
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["published_on"] == timezone.localdate().isoformat()
    assert api_client.get(f"/api/v1/articles/{article.slug}").status_code == 200

    # back to a draft: PATCH the status (there is no separate unpublish)
    unpublished = api_client.patch(
        f"/api/v1/articles/{article.slug}",
        {"status": "draft"},
        content_type=JSON,
        headers=_bearer(coordinator_token),
    )
    assert unpublished.json()["status"] == "draft"
    assert api_client.get(f"/api/v1/articles/{article.slug}").status_code == 404


def test_a_session_may_write_too(portal, client_as):
    client = client_as(portal["trd_coordinator"])
    response = client.post(
        "/api/v1/articles",
        {"partnership": "trd30", "title": "Fra nettleseren", "body": "Tekst."},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"partnership": "trd30", "title": "Uten tekst", "body": ""}, "body"),
        ({"partnership": "trd30", "body": "Uten tittel"}, "title"),
        ({"partnership": "trd30", "title": "Reservert", "slug": "ny", "body": "…"}, "slug"),
        ({"partnership": "trd30", "title": "Ugyldig", "slug": "ikke gyldig", "body": "…"}, "slug"),
        ({"partnership": "trd30", "title": "Ukjent", "body": "…", "authors": [999999]}, "authors"),
        ({"partnership": "finnes-ikke", "title": "Ukjent", "body": "…"}, "partnership"),
        ({"partnership": "trd30", "title": "Status", "body": "…", "status": "x"}, "status"),
    ],
)
def test_create_refuses_invalid_data_naming_the_field(
    portal, api_client, coordinator_token, payload, field
):
    response = api_client.post(
        "/api/v1/articles", payload, content_type=JSON, headers=_bearer(coordinator_token)
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in {error["field"] for error in response.json()["errors"]}
    assert Article.objects.count() == 3


def test_change_refuses_invalid_data_naming_the_field(portal, api_client, coordinator_token):
    article = portal["draft"]
    for payload, field in (
        ({"body": ""}, "body"),
        ({"body": None}, "body"),
        ({"title": None}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"authors": [999999]}, "authors"),
        ({"published_on": "i går"}, "published_on"),
    ):
        response = api_client.patch(
            f"/api/v1/articles/{article.slug}",
            payload,
            content_type=JSON,
            headers=_bearer(coordinator_token),
        )
        assert response.status_code == 422, (payload, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
        assert field in {error["field"] for error in response.json()["errors"]}, payload
    article.refresh_from_db()
    assert article.body == "…"


def test_read_only_callers_are_refused_with_403(
    portal, api_client, api_token_for, client_as, unit_leader_user, coordinator_user
):
    """A reader of the partnership (the unit leader is a viewer everywhere) sees the draft but
    may not change it; a token with the read scope may not write, whoever owns it."""
    viewer_token = api_token_for(unit_leader_user)
    read_token = api_token_for(coordinator_user, can_write=False)
    create = {"partnership": "trd30", "title": "Ikke tillatt", "body": "…"}
    for headers in (_bearer(viewer_token), _bearer(read_token)):
        for record in ("published", "draft"):
            slug = portal[record].slug
            patch = api_client.patch(
                f"/api/v1/articles/{slug}", {"title": "Nei"}, content_type=JSON, headers=headers
            )
            assert patch.status_code == 403, (record, patch.content)
            assert patch["Content-Type"].startswith("application/problem+json")
            publish = api_client.post(f"/api/v1/articles/{slug}/publish", headers=headers)
            assert publish.status_code == 403, (record, publish.content)
        created = api_client.post("/api/v1/articles", create, content_type=JSON, headers=headers)
        assert created.status_code == 403, created.content
    session = client_as(unit_leader_user)
    assert session.post("/api/v1/articles", create, content_type=JSON).status_code == 403
    # a signed-in user without a role sees the published article only
    outsider = client_as(UserFactory(username="olga.utenfor"))
    slug = portal["published"].slug
    assert outsider.patch(f"/api/v1/articles/{slug}", {}, content_type=JSON).status_code == 403
    assert Article.objects.count() == 3
    portal["draft"].refresh_from_db()
    assert portal["draft"].title == "Utkast om frokostmøter"


def test_articles_the_caller_may_not_see_are_404(portal, api_client, api_token_for, client_as):
    """The coordinator of TRD3.0 does not know the hidden partnership's article exists; a user
    without a role does not know TRD3.0's draft exists."""
    token = api_token_for(portal["trd_coordinator"])
    slug = portal["hidden"].slug
    patch = api_client.patch(
        f"/api/v1/articles/{slug}", {"title": "Nei"}, content_type=JSON, headers=_bearer(token)
    )
    assert patch.status_code == 404, patch.content
    assert patch["Content-Type"].startswith("application/problem+json")
    assert (
        api_client.post(f"/api/v1/articles/{slug}/publish", headers=_bearer(token)).status_code
        == 404
    )
    created = api_client.post(
        "/api/v1/articles",
        {"partnership": "vest", "title": "I et skjult partnerskap", "body": "…"},
        content_type=JSON,
        headers=_bearer(token),
    )
    # Named in the body, a hidden partnership is as unknown as one that does not exist.
    assert created.status_code == 422, created.content
    assert created.json()["errors"] == [
        {"field": "partnership", "message": "Ukjent partnerskap «vest»."}
    ]
    unknown = api_client.post(
        "/api/v1/articles",
        {"partnership": "finnes-ikke", "title": "Tittel", "body": "…"},
        content_type=JSON,
        headers=_bearer(token),
    )
    assert unknown.status_code == 422
    assert unknown.json()["title"] == created.json()["title"]
    outsider = client_as(UserFactory(username="olga.utenfor"))
    draft = portal["draft"].slug
    assert outsider.patch(f"/api/v1/articles/{draft}", {}, content_type=JSON).status_code == 404
    assert outsider.post(f"/api/v1/articles/{draft}/publish").status_code == 404
    assert (
        api_client.patch(  # and a slug that exists nowhere
            "/api/v1/articles/finnes-ikke", {}, content_type=JSON, headers=_bearer(token)
        ).status_code
        == 404
    )
    portal["hidden"].refresh_from_db()
    assert (portal["hidden"].title, portal["hidden"].status) == ("Vest sitt utkast", "draft")


def test_anonymous_callers_must_sign_in(portal):
    client = Client()
    slug = portal["published"].slug
    assert client.post("/api/v1/articles", {}, content_type=JSON).status_code == 401
    assert client.patch(f"/api/v1/articles/{slug}", {}, content_type=JSON).status_code == 401
    assert client.post(f"/api/v1/articles/{slug}/publish").status_code == 401
