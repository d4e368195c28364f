"""The browser suite's own guards can fail: axe-core reports a violation
(tests/browser/axe.py), and a request to another host is refused by Chromium
and recorded for the test that made it (tests/browser/conftest.py). And the tab
a test gives back reaches the next test as a new one would (`ReaderTab`)."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import VIEWPORT, watch_other_hosts

pytestmark = pytest.mark.browser

# An image without a text alternative: axe-core's rule `image-alt`.
UNLABELLED_IMAGE = (
    '<!doctype html><html lang="fr"><head><title>Essai</title></head><body>'
    "<main><h1>Essai</h1><p id='text'>Texte.</p>"
    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></body></html>"
)


def test_axe_reports_a_violation_on_the_page_and_inside_a_context(page):
    page.set_content(UNLABELLED_IMAGE)
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_violations(page)
    # Injected once, axe-core runs again on the same document.
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_violations(page, "main")
    assert_no_violations(page, "#text")


@pytest.mark.parametrize(
    "address",
    [
        "http://example.org/x.png",
        "http://192.0.2.1/x.png",
        "http://localhost:8765/x.png",
    ],
)
def test_a_request_to_another_host_is_refused_and_recorded(browser, site_url, address):
    context = browser.new_context()
    foreign = watch_other_hosts(context, site_url)
    page = context.new_page()
    failed = []
    page.on(
        "requestfailed", lambda request: failed.append((request.url, request.failure))
    )
    try:
        # A blank page: no Content-Security-Policy stops the request before
        # Chromium's network stack does.
        page.evaluate(
            "address => new Promise(done => { const img = new Image();"
            " img.onload = img.onerror = () => done(); img.src = address; })",
            address,
        )
    finally:
        context.close()
    assert foreign == [address]
    # Refused by Chromium's resolver (`only_site_args`), not sent.
    assert failed == [(address, "net::ERR_NAME_NOT_RESOLVED")]


STYLESHEET_TRANSFERS = """performance.getEntriesByType('resource')
    .filter(entry => entry.name.endsWith('/site.css'))
    .map(entry => entry.transferSize)"""


def test_a_tab_given_back_reaches_the_next_test_as_new(reader_tab, site_url):
    page = reader_tab.take()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(site_url + "/")
    page.goto(site_url + "/en/")
    # The HTTP cache is at work within a test: the stylesheet is not fetched again.
    assert page.evaluate(STYLESHEET_TRANSFERS) == [0]
    # (Playwright turns the HTTP cache off while a route is set.)
    page.route("**/print.css", lambda route: route.abort())
    page.evaluate("localStorage.setItem('k', 'v'); sessionStorage.setItem('k', 'v')")
    page.emulate_media(color_scheme="dark", media="print")
    page.set_viewport_size({"width": 320, "height": 600})
    reader_tab.give_back(page, reusable=True)

    again = reader_tab.take()
    failed: list[str] = []
    again.on("requestfailed", lambda request: failed.append(request.url))
    try:
        assert again is page  # the same tab, no new renderer
        before = len(seen)
        again.goto(site_url + "/")
        assert len(seen) == before, "the first test's listener still runs"
        assert failed == [], "the first test's route still runs"
        assert again.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]
        assert again.context.cookies() == []
        assert not again.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert again.evaluate("matchMedia('screen').matches")
        assert again.viewport_size == VIEWPORT
        # The HTTP cache was emptied: the stylesheet comes over the network.
        assert again.evaluate(STYLESHEET_TRANSFERS)[0] > 0
    finally:
        reader_tab.give_back(again, reusable=False)


@pytest.mark.parametrize("why", ["signed in", "failed", "another page"])
def test_a_tab_that_cannot_be_emptied_is_closed(reader_tab, site_url, why):
    page = reader_tab.take()
    page.goto(site_url + "/")
    if why == "signed in":
        page.context.add_cookies([{"name": "sessionid", "value": "x", "url": site_url}])
    if why == "another page":
        page.context.new_page()
    reader_tab.give_back(page, reusable=why != "failed")
    assert page.is_closed()
    again = reader_tab.take()
    try:
        assert again is not page
        assert again.context.cookies() == []
    finally:
        reader_tab.give_back(again, reusable=True)
