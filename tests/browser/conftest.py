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


def other_host_recorder(site_url: str, foreign: list[str]):
    """A listener of request events that records in `foreign` the requests to
    another host than the site's."""
    host = urlsplit(site_url).netloc

    def on_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and parts.netloc != host:
            foreign.append(request.url)

    return on_request


def watch_other_hosts(context, site_url: str) -> list[str]:
    """The requests of the context's pages (popups included) to another host,
    which Chromium could not send (`only_site_args`): recorded as the browser
    reports them, without holding any request."""
    foreign: list[str] = []
    context.on("request", other_host_recorder(site_url, foreign))
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


# The phone-sized window every test's page starts with.
VIEWPORT = {"width": 390, "height": 844}


class ReaderTab:
    """The tab the tests' `page` is lent from, kept between the tests that leave
    it as an anonymous reader would.

    A new tab costs Chromium a new renderer process, about 0.5 s of CPU on the
    project's CI machine (docs/testing.md), against about 0.1 s for a
    navigation in a tab already open; nearly every browser test starts with
    one. So the tab is given back, emptied, when the test leaves it in a state
    that can be emptied with Playwright's public API: no cookie (a reader of
    the public site is given none; a signed-in editor is, and an editor's page
    may ask before it is left), no other page opened in its context, the test
    passed. Emptied means: the test's listeners and
    routes removed, its document left for a same-origin text document (its
    scripts stop), local and session storage, cookies and the HTTP cache
    cleared, and the media emulation and window size set back, so that the
    next test starts as in a new context. Otherwise the context is closed, as
    before, and the next test gets a new one."""

    def __init__(self, browser, site_url: str) -> None:
        self.browser = browser
        self.site_url = site_url
        self._idle = None
        self._lent: dict = {}

    def take(self):
        """A page at the reader's start, and its listeners recorded: the test's
        `page.on` and `page.once` go through `_listen`."""
        page = self._idle
        self._idle = None
        if page is None:
            context = self.browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
        listeners: list = []
        self._lent[id(page)] = listeners
        page.on = self._listen(page, listeners, type(page).on)
        page.once = self._listen(page, listeners, type(page).once)
        return page

    @staticmethod
    def _listen(page, listeners: list, register):
        def listen(event: str, handler) -> None:
            listeners.append((event, handler))
            register(page, event, handler)

        return listen

    def give_back(self, page, *, reusable: bool) -> None:
        """Keep the page for the next test, emptied, or close its context."""
        listeners = self._lent.pop(id(page))
        del page.on, page.once
        context = page.context
        if not reusable or page.is_closed() or context.pages != [page]:
            context.close()
            return
        from playwright.sync_api import Error

        try:
            for event, handler in listeners:
                page.remove_listener(event, handler)
            if context.cookies():
                context.close()
                return
            page.unroute_all(behavior="ignoreErrors")
            page.goto(self.site_url + "/robots.txt")
            page.local_storage.clear()
            page.session_storage.clear()
            context.clear_cookies()
            devtools = context.new_cdp_session(page)
            devtools.send("Network.clearBrowserCache")
            devtools.detach()
            page.emulate_media(
                media="null",
                color_scheme="null",
                reduced_motion="null",
                forced_colors="null",
                contrast="null",
            )
            if page.viewport_size != VIEWPORT:
                page.set_viewport_size(VIEWPORT)
        except Error:
            context.close()
            return
        self._idle = page

    def close(self) -> None:
        if self._idle is not None:
            self._idle.context.close()
            self._idle = None


@pytest.fixture(scope="session")
def reader_tab(browser, site_url) -> ReaderTab:
    tab = ReaderTab(browser, site_url)
    yield tab
    tab.close()


# Whether a test's call failed, read by the `page` fixture's teardown.
CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Whether the test itself failed, for the `page` fixture's teardown."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture
def page(request, reader_tab, site_url):
    """A page in a new context, or in one that is as new (`ReaderTab`). It
    fails the test on any request to another host (residents' browsers must
    contact nobody else), any console error (CSP violations included) and any
    uncaught script error."""
    page = reader_tab.take()
    foreign_requests: list[str] = []
    on_request = other_host_recorder(site_url, foreign_requests)
    page.context.on("request", on_request)
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
    if not page.is_closed():
        page.context.remove_listener("request", on_request)
    failed = request.node.stash.get(CALL_FAILED, True)
    reader_tab.give_back(
        page, reusable=not failed and not foreign_requests and not errors
    )
    assert not foreign_requests, f"Requests to other hosts: {foreign_requests}"
    assert not errors, f"Browser console errors: {errors}"


def pytest_collection_modifyitems(items):
    """Run the browser suite last: its Playwright loop outlives its tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
