"""What a resident meets on the home page and around it, in a real browser."""

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "lang"), [("/", "fr"), ("/en/", "en")], ids=["french", "english"]
)
def test_home_page_is_accessible(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1

    # The skip link is the first thing the keyboard reaches, and it works.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"

    footer = page.locator("footer").inner_text()
    label = {"fr": "Accessibilité : ", "en": "Accessibility: "}[lang]
    assert label in footer
    assert_no_violations(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_page_contrast_in_both_colour_schemes(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "/")
    assert_no_violations(page)


def test_language_switcher_leads_to_the_translation(page, site_url):
    page.goto(site_url + "/")
    page.locator("a[hreflang='en']").first.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/en")
    assert page.get_attribute("html", "lang") == "en"


def test_not_found_page_uses_the_theme(page, site_url):
    response = page.goto(site_url + "/cette-page-n-existe-pas/")
    assert response.status == 404
    assert page.locator("h1").count() == 1
    assert page.locator("a[href='#content']").count() == 1
    assert_no_violations(page)


def test_every_page_of_the_site_map_is_accessible(page, site_url):
    """Walk the French site map (legal pages, statement, news...) and check each."""
    page.goto(site_url + "/")
    sitemap_link = page.locator("footer a[href*='plan-du-site']")
    assert sitemap_link.count() >= 1
    sitemap_link.first.click()
    page.wait_for_load_state()
    assert_no_violations(page)
    hrefs = page.eval_on_selector_all(
        "main a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) >= 5
    for href in dict.fromkeys(hrefs):
        response = page.goto(site_url + href)
        assert response.status == 200, href
        assert page.locator("h1").count() == 1, href
        assert_no_violations(page)
