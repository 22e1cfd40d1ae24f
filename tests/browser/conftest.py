"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Use the ``page`` fixture (a fresh browser context per test, locale nb-NO, ``base_url`` set to the
live server so ``page.goto("/prosjekter/")`` works) and the helpers below::

    from tests.browser.conftest import axe_check, login

    pytestmark = pytest.mark.browser

    def test_portfolio(page, live_server, django_user_model):
        django_user_model.objects.create_user("kari", password="pw-kari-123")
        login(page, live_server, "kari", "pw-kari-123")
        page.goto("/prosjekter/")
        axe_check(page)

``page`` depends on ``live_server``, which gives the test ``transactional_db``. Every test under
``tests/browser/`` gets the ``browser`` marker (``pytest -m "not browser"`` skips them all).
Chromium missing is a failure, never a skip: CI must not pass without the browser tests.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread, which makes Django's async-safety
# check refuse ORM calls made by the test itself. The test does not run inside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _serial_live_server_on_sqlite() -> None:
    """On SQLite the test database lives in memory and the live server's threads all share
    the test's one connection; two requests at once (a page and its chart SVGs) could then
    block each other for good. A live server that answers one request at a time (and closes
    each connection, as Django does for a non-threaded server) cannot. PostgreSQL keeps the
    threaded server: there every thread has its own connection."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            # LiveServerThread.run() already put the shared connections on this thread.
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = SerialWSGIServer


def pytest_configure(config: pytest.Config) -> None:
    _serial_live_server_on_sqlite()


CHROMIUM = Path(os.environ.get("KUNNSKAPSBRO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE_JS = Path(__file__).resolve().parents[2] / "kunnskapsbro/static/vendor/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOGIN_PATH = "/konto/logg-inn/"
DEFAULT_TIMEOUT_MS = 15_000

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) or set "
            "KUNNSKAPSBRO_CHROMIUM. Browser tests never skip.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nb-NO", base_url=live_server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    _close_quietly(context)


def _close_quietly(context: Any) -> None:
    """Close a context only after its pages' requests have finished.

    The database is flushed right after the test; a request still running in the live
    server then holds table locks that TRUNCATE waits for (a deadlock on PostgreSQL). Pages
    that poll (import and report progress) are stopped by navigating them to about:blank.
    """
    import time

    for open_page in list(context.pages):
        with contextlib.suppress(Exception):
            open_page.goto("about:blank", timeout=5000)
        with contextlib.suppress(Exception):
            open_page.wait_for_load_state("networkidle", timeout=5000)
    context.close()
    time.sleep(0.3)  # let the server thread close its database connection


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Console errors and uncaught exceptions on ``page`` (CSP violations show up here)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


def axe_check(page: Any, *, context: str = "document", max_targets: int = 3) -> dict[str, Any]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fail on any violation.

    axe is loaded from the live server's static files rather than inlined, so the page's
    Content-Security-Policy (script-src 'self') stays on while it runs. Pages not served by
    the live server (no http origin) get the file injected from disk.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing; run `make vendor`.", pytrace=False)
    # A navigation that has just finished may still be parsing: axe needs a complete document.
    page.wait_for_load_state("load")
    origin = page.evaluate("() => window.location.origin")
    if origin.startswith("http"):
        from django.conf import settings

        page.add_script_tag(url=f"{origin}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
    else:
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async ([context, tags]) => {
            const target = context === "document" ? document : context;
            return await axe.run(target, {runOnly: {type: "tag", values: tags}});
        }""",
        [context, AXE_TAGS],
    )
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            targets = [
                " ".join(str(t) for t in node["target"])
                for node in violation["nodes"][:max_targets]
            ]
            more = len(violation["nodes"]) - len(targets)
            lines.append(
                f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}\n"
                f"    {violation['helpUrl']}\n"
                f"    at: {', '.join(targets)}" + (f" (+{more} more)" if more > 0 else "")
            )
        pytest.fail("\n".join(lines), pytrace=False)
    return results


def login(page: Any, live_server: Any, username: str, password: str) -> None:
    """Log in through the login form, as a person would, and check that it worked."""
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    form = page.locator("form", has=page.locator('input[name="password"]'))
    form.locator('input[name="username"]').fill(username)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.locator('button[type="submit"], input[type="submit"]').first.click()
    if re.search(re.escape(LOGIN_PATH) + r"(\?|$)", page.url):
        pytest.fail(f"Login as {username!r} failed: still on {page.url}", pytrace=False)
