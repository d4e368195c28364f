"""Searching from the header on a phone, in French and English: the results,
their facets and an empty result are accessible (axe-core) in both colour
schemes, and the header fits the screen."""

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("start", "words", "results_path"),
    [
        ("/", "logiciels libres", "/recherche/"),
        ("/en/", "free software", "/en/search/"),
    ],
    ids=["french", "english"],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_searching_from_the_header_on_a_phone(
    page, site_url, start, words, results_path, scheme
):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + start)
    # Nothing wider than the phone's screen: the form wraps in the header.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    field = page.get_by_role("search").first.get_by_role("searchbox")
    assert field.is_visible()
    field.fill(words)
    field.press("Enter")
    page.wait_for_load_state()
    assert results_path in page.url
    assert page.locator("h1").count() == 1
    results = page.locator(".search-results > li")
    assert results.count() >= 1
    assert page.locator(".search-results mark").count() >= 1
    assert page.locator(".search-results__meta").first.inner_text()
    assert_no_violations(page)

    # The facets narrow the results to one type, still accessible.
    facet = page.locator(".search-facets a").nth(1)
    facet.click()
    page.wait_for_load_state()
    assert "type=" in page.url
    assert page.locator(".search-facets a[aria-current]").count() == 1
    assert_no_violations(page)


def test_an_empty_result_is_accessible_and_suggests(page, site_url):
    page.goto(site_url + "/recherche/?q=zzzqqq+logiciels")
    assert page.locator(".search-empty").count() == 1
    assert page.locator(".search-empty a").count() >= 2
    assert_no_violations(page)
