"""Browser suite: Debian's Chromium, driven by Playwright, against a real server.

The server runs in a subprocess on a free port of 127.0.0.1 with its own SQLite
database holding the whole demo site (`load_demo_data`) in French, English and
Arabic (DJANGO_LANGUAGES="fr,en,ar"), so each browser test sees what a resident
sees. Without /usr/bin/chromium the tests skip, unless
REQUIRE_BROWSER=1 (set by CI), where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.demo_server import DemoServer, ServerError

DEMO_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD") or "vivre-libre-demo"


def sign_in(page, site_url: str, username: str) -> None:
    """Sign in to the demo's admin as one of its accounts (README, « Demo
    accounts »), through the sign-in form as a person would."""
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type='submit']").click()


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The browser suite reads the demo site in three languages, one of them written
# right to left (tests/browser/test_languages_browser.py).
BROWSER_LANGUAGES = "fr,en,ar"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def only_site_args(site_url: str) -> list[str]:
    """Chromium's own block on every host but the site's: it resolves no name
    and reaches no address (IP literals, localhost and 127.0.0.1's other ports
    included) but the server's host:port. Cheaper than Playwright intercepting
    every request, which costs a round trip browser -> driver -> Python per
    resource; `watch_other_hosts` still fails the test on any attempt."""
    host = urlsplit(site_url).netloc
    return [f"--host-resolver-rules=MAP {host} {host} , MAP * ~NOTFOUND"]


def watch_other_hosts(context, site_url: str) -> list[str]:
    """The requests of the context's pages (popups included) to another host,
    which Chromium could not send (`only_site_args`): recorded as the browser
    reports them, without holding any request."""
    host = urlsplit(site_url).netloc
    foreign: list[str] = []

    def on_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and parts.netloc != host:
            foreign.append(request.url)

    context.on("request", on_request)
    return foreign


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM} (install Debian's `chromium` package)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason + "; REQUIRE_BROWSER=1 makes browser tests mandatory")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def demo_server() -> DemoServer:
    """A server with the demo site loaded (`manage` runs commands on its data,
    `run` scripts)."""
    _require_browser()
    server = DemoServer(languages=BROWSER_LANGUAGES)
    try:
        server.start()
    except ServerError as error:
        server.stop()
        pytest.fail(str(error))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site_url(demo_server) -> str:
    """Base URL (no trailing slash) of the demo server."""
    return demo_server.url


@pytest.fixture(scope="session")
def browser(site_url):
    # Playwright's sync API keeps an event loop in this thread; the tests here
    # touch no database, so Django's async-safety guard is not needed.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS + only_site_args(site_url),
            headless=True,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page. It fails the test on any request to another host (residents'
    browsers must contact nobody else), any console error (CSP violations
    included) and any uncaught script error."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    foreign_requests = watch_other_hosts(context, site_url)
    page = context.new_page()
    errors: list[str] = []
    documents: set[str] = set()

    def on_response(response) -> None:
        # An error page (a 404 the test asked for) is not a failed resource.
        if response.request.resource_type == "document":
            documents.add(response.url)

    def on_console(message) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") in documents
        ):
            return
        errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not foreign_requests, f"Requests to other hosts: {foreign_requests}"
    assert not errors, f"Browser console errors: {errors}"


def pytest_collection_modifyitems(items):
    """Run the browser suite last: its Playwright loop outlives its tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
