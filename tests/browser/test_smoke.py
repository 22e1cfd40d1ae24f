import pytest

from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser


def test_home_page_renders_and_passes_axe(page, live_server, console_errors):
    response = page.goto(live_server.url + "/")

    assert response is not None and response.ok, response and response.status
    assert "Kunnskapsbro" in page.title()
    axe_check(page)
    assert console_errors == []
