"""The portfolio list's download links: they carry the filters, and the page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kunnskapsbro.tests_support.factories import ProjectFactory
from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def test_export_links_follow_the_filters_and_pass_axe(page, live_server):
    ProjectFactory(title="Bedre skolestart for alle", visibility="public", status="active")
    ProjectFactory(title="Avsluttet prosjekt", visibility="public", status="completed")
    page.goto("/prosjekter/?status=active")
    csv_link = page.get_by_role("link", name="Last ned CSV")
    expect(csv_link).to_have_attribute(
        "href", re.compile(r"/data/eksport/portefolje\.csv\?status=active$"), timeout=15000
    )
    expect(page.get_by_role("link", name="Last ned Excel")).to_be_visible(timeout=15000)
    expect(page.get_by_role("link", name="Last ned JSON")).to_be_visible(timeout=15000)
    axe_check(page)
    with page.expect_download(timeout=15000) as download:
        csv_link.click()
    assert download.value.suggested_filename.endswith(".csv")
