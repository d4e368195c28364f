"""The browser suite's own guards can fail: axe-core reports a violation
(tests/browser/axe.py), and a request to another host is refused by Chromium
and recorded for the test that made it (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import watch_other_hosts

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
