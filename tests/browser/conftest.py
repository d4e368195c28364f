"""Browser suite: Debian's Chromium, driven by Playwright, against a real server.

The server runs in a subprocess on a free port of 127.0.0.1 with its own SQLite
database holding the whole demo site (`load_demo_data`), so each browser test
sees what a resident sees. Without /usr/bin/chromium the tests skip, unless
REQUIRE_BROWSER=1 (set by CI), where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 60


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM} (install Debian's `chromium` package)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason + "; REQUIRE_BROWSER=1 makes browser tests mandatory")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The test server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"The test server did not answer within {SERVER_START_TIMEOUT}s")


@pytest.fixture(scope="session")
def site_url() -> str:
    """Base URL (no trailing slash) of a server with the demo site loaded."""
    _require_browser()
    workdir = Path(tempfile.mkdtemp(prefix="vivre-libre-browser-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    log = workdir / "server.log"
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo_data"]):
        completed = subprocess.run(
            manage + command, cwd=ROOT, env=env, capture_output=True, text=True
        )
        if completed.returncode:
            pytest.fail(f"{' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    port = _free_port()
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser(site_url):
    # Playwright's sync API keeps an event loop in this thread; the tests here
    # touch no database, so Django's async-safety guard is not needed.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page. It fails the test on any request to another host (residents'
    browsers must contact nobody else), any console error (CSP violations
    included) and any uncaught script error."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    site_host = urlsplit(site_url).netloc
    foreign_requests: list[str] = []
    errors: list[str] = []

    def guard(route):
        url = route.request.url
        if (
            urlsplit(url).scheme in {"http", "https"}
            and urlsplit(url).netloc != site_host
        ):
            foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not foreign_requests, f"Requests to other hosts: {foreign_requests}"
    assert not errors, f"Browser console errors: {errors}"


def pytest_collection_modifyitems(items):
    """Run the browser suite last: its Playwright loop outlives its tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
