"""The public portal: catalogue facets, network statistics and search, articles, feeds, JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kunnskapsbro.organizations import services as org_services
from kunnskapsbro.partnerships import services as partnership_services
from kunnskapsbro.portal import selectors, services
from kunnskapsbro.projects import services as project_services
from kunnskapsbro.projects.selectors import PortfolioFilters


@pytest.fixture
def network(db, coordinator_user):
    trd = partnership_services.partnership_create(name="TRD3.0", slug="trd30", short_name="TRD3.0")
    bodo = partnership_services.partnership_create(
        name="Kunnskapskommunen Bodø", slug="bodo", short_name="Bodø"
    )
    health = partnership_services.focus_area_create(partnership=trd, name="Helse og velferd")
    ntnu = org_services.organization_create(name="NTNU", kind="university", orgnr="974767880")
    rcn = org_services.organization_create(
        name="Norges forskningsråd", kind="public_agency", orgnr="970141669"
    )
    welfare = project_services.project_create(
        partnership=trd,
        title="Velferdsteknologi i sykehjemmet",
        visibility="public",
        status="active",
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2024, 12, 31),
        focus_areas=[health],
        partners=[{"organization": ntnu, "role": "partner"}],
        funding_lines=[{"funder": rcn, "status": "granted", "amount_granted": Decimal("2000000")}],
        keywords=["velferdsteknologi"],
    )
    project_services.project_create(
        partnership=bodo,
        title="Velferdsteknologi i hjemmetjenesten i Bodø",
        visibility="public",
        status="active",
        start_date=dt.date(2023, 1, 1),
    )
    project_services.project_create(
        partnership=trd, title="Hemmelig velferdsteknologi", visibility="internal"
    )
    article = services.article_create(
        partnership=trd,
        title="Slik organiserte vi innovasjonsutvalgene",
        body="Erfaringer fra fem år.",
        status="published",
        published_on=dt.date(2025, 1, 10),
        actor=coordinator_user,
    )
    return {
        "trd": trd,
        "bodo": bodo,
        "health": health,
        "ntnu": ntnu,
        "welfare": welfare,
        "article": article,
    }


def test_catalogue_facets_count_public_projects_only(network):
    projects = selectors.catalogue(filters=PortfolioFilters())
    facets = selectors.catalogue_facets(projects)
    assert facets["status"] == [("active", "Pågående", 2)]
    assert [(label, n) for _v, label, n in facets["focus_area"]] == [
        ("Helse og velferd (TRD3.0)", 1)
    ]
    years = {label: n for _v, label, n in facets["year"]}
    assert years["2022"] == 1 and years["2023"] == 2 and years["2024"] == 2
    assert [(label, n) for _v, label, n in facets["partner"]] == [("NTNU", 1)]
    assert [(label, n) for _v, label, n in facets["funder"]] == [("Norges forskningsråd", 1)]


def test_catalogue_drill_down(network, django_assert_max_num_queries):
    client = Client()
    url = reverse("portal:catalogue") + f"?focus_area={network['health'].pk}"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Velferdsteknologi i sykehjemmet" in text
    assert "hjemmetjenesten i Bodø" not in text
    assert "Hemmelig" not in text
    # the chosen option links to the page without it
    assert 'aria-current="true"' in text


def test_catalogue_queries_do_not_grow_with_projects(network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(reverse("portal:catalogue"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("portal:catalogue"))
    for n in range(6):
        project_services.project_create(
            partnership=network["trd"],
            title=f"Prosjekt {n}",
            visibility="public",
            focus_areas=[network["health"]],
            partners=[{"organization": network["ntnu"], "role": "partner"}],
        )
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("portal:catalogue"))
    assert len(after) == len(before)


def test_catalogue_htmx_returns_the_fragment(network):
    response = Client().get(
        reverse("portal:catalogue") + "?q=velferdsteknologi", HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "<html" not in text and "Velferdsteknologi i sykehjemmet" in text


def test_catalogue_ignores_bad_parameters(network):
    response = Client().get(
        reverse("portal:catalogue")
        + "?year=abc&status=nope&partner=x&focus_area=99999999999999999999"
    )
    assert response.status_code == 200


def test_network_statistics_side_by_side(network, django_assert_max_num_queries):
    rows, extras = selectors.network_statistics(user=None)
    by_slug = {row.partnership.slug: row for row in rows}
    assert by_slug["bodo"].projects == 1
    assert by_slug["trd30"].projects == 1  # the internal one is not counted for the public
    assert by_slug["trd30"].funding_granted == Decimal("2000000")
    assert all(len(row.extra_values) == len(extras) for row in rows)
    with django_assert_max_num_queries(12):
        assert Client().get(reverse("portal:network")).status_code == 200


def test_who_else_works_on_this(network):
    hits = selectors.network_search(q="velferdsteknologi")
    assert {hit.partnership.slug for hit in hits} == {"trd30", "bodo"}
    text = Client().get(reverse("portal:network") + "?q=velferdsteknologi").content.decode()
    assert "Velferdsteknologi i hjemmetjenesten i Bodø" in text and "Hemmelig" not in text


def test_articles(network, client_as, coordinator_user):
    draft = services.article_create(
        partnership=network["trd"], title="Utkast", body="Ikke ferdig.", actor=coordinator_user
    )
    client = Client()
    text = client.get(reverse("portal:article_list")).content.decode()
    assert "Slik organiserte vi innovasjonsutvalgene" in text and "Utkast" not in text
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client_as(coordinator_user).get(draft.get_absolute_url()).status_code == 200
    assert network["article"].history.first().history_user == coordinator_user


def test_article_validation(network):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.article_create(partnership=network["trd"], title="Uten tekst", body="")
    assert "body" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.article_create(
            partnership=network["trd"], title="Slik organiserte vi innovasjonsutvalgene", body="x"
        )
    assert "slug" in info.value.message_dict


def test_feeds_of_new_public_projects(network):
    rss = Client().get(reverse("portal:feed_rss"))
    root = ET.fromstring(rss.content)  # noqa: S314 - our own feed
    titles = [item.findtext("title") for item in root.iter("item")]
    assert (
        "Velferdsteknologi i sykehjemmet" in titles and "Hemmelig velferdsteknologi" not in titles
    )
    atom = Client().get(reverse("portal:feed_atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    atom_root = ET.fromstring(atom.content)  # noqa: S314 - our own feed
    entries = atom_root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2


def test_project_page_carries_schema_org_jsonld(network):
    response = Client().get(network["welfare"].get_absolute_url())
    text = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert match, "no JSON-LD block"
    data = json.loads(match.group(1))
    assert data["@type"] == "ResearchProject" and data["name"] == "Velferdsteknologi i sykehjemmet"
    assert data["funder"] == [{"@type": "Organization", "name": "Norges forskningsråd"}]
    # the CSP forbids inline scripts; a data block is not executed, so it stays allowed
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_jsonld_cannot_break_out_of_the_script_element(network):
    project_services.project_update(
        project=network["welfare"], data={"summary": "</script><script>alert(1)</script>"}
    )
    text = Client().get(network["welfare"].get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block


def test_portal_home(network, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = Client().get(reverse("portal:home"))
    text = response.content.decode()
    assert response.status_code == 200 and "Slik organiserte vi" in text
    assert "Oppgavebanken" in text  # the needs app is installed


def test_write_and_edit_an_article_on_its_pages(network, client_as, coordinator_user):
    from kunnskapsbro.portal.models import Article

    url = reverse("portal:article_create")
    assert Client().get(url).status_code == 302  # login first
    client = client_as(coordinator_user)
    assert client.get(url).status_code == 200
    author = org_services.person_create(
        first_name="Frida", last_name="Forfatter", email="frida@example.org"
    )
    bad = client.post(
        url,
        {
            "partnership": network["trd"].pk,
            "title": "Ny",
            "slug": "ny",
            "body": "Tekst.",
            "authors": "frida@example.org; Ingen Slik",
            "status": "draft",
        },
    )
    assert bad.status_code == 400
    assert "Fant ingen registrert person «Ingen Slik»" in bad.content.decode()
    taken = client.post(
        url,
        {
            "partnership": network["trd"].pk,
            "title": "Noe",
            "slug": "ny",
            "body": "Tekst.",
            "status": "draft",
        },
    )
    assert taken.status_code == 400 and "reservert" in taken.content.decode()
    assert Article.objects.count() == 1
    response = client.post(
        url,
        {
            "partnership": network["trd"].pk,
            "title": "Hva vi lærte av frokostmøtene",
            "lead": "Kort fortalt.",
            "body": "Første avsnitt.\n\nAndre avsnitt.",
            "authors": "frida@example.org",
            "status": "draft",
        },
    )
    article = Article.objects.get(title="Hva vi lærte av frokostmøtene")
    assert response["Location"] == article.get_absolute_url()
    assert list(article.authors.all()) == [author] and article.published_on is None
    assert Client().get(article.get_absolute_url()).status_code == 404  # a draft
    edit = reverse("portal:article_edit", args=[article.slug])
    assert "Frida Forfatter [" in client.get(edit).content.decode()
    client.post(
        edit,
        {
            "title": "Hva vi lærte av frokostmøtene",
            "body": "Første avsnitt.\n\nAndre avsnitt.",
            "authors": "",
            "status": "published",
        },
    )
    article.refresh_from_db()
    assert article.status == "published" and article.published_on is not None
    assert article.lead == "" and not article.authors.exists()
    assert article.history.first().history_user == coordinator_user
    assert "Andre avsnitt." in Client().get(article.get_absolute_url()).content.decode()
