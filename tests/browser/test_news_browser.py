"""The news section as residents meet it, in French and English, in Chromium."""

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

INDEXES = [("/actualites/", "fr"), ("/en/news/", "en")]
ARTICLES = [
    ("/actualites/alposs-2026-plus-de-500-participants/", "fr"),
    ("/en/news/alposs-2026-over-500-participants/", "en"),
]


@pytest.mark.parametrize(("path", "lang"), INDEXES, ids=["french", "english"])
def test_news_index_is_accessible(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator(".news-card").count() == 12
    assert (
        page.locator("nav.news-pagination a[aria-current='page']").inner_text() == "1"
    )
    assert page.locator("head link[type='application/rss+xml']").count() == 1
    assert_no_violations(page)


@pytest.mark.parametrize(
    ("path", "category", "year", "expected"),
    [
        (
            "/actualites/",
            "evenements",
            "2026",
            "AlpOSS 2026 : plus de 500 participants à La Rampe",
        ),
        (
            "/en/news/",
            "events",
            "2026",
            "AlpOSS 2026: over 500 participants at La Rampe",
        ),
    ],
    ids=["french", "english"],
)
def test_filters_combine_and_can_be_shared(
    page, site_url, path, category, year, expected
):
    page.goto(site_url + path)
    page.select_option("#news-filter-category", category)
    page.select_option("#news-filter-year", year)
    with page.expect_navigation():
        page.locator(".news-filters button[type='submit']").click()
    assert f"category={category}" in page.url
    assert f"year={year}" in page.url
    assert "tag=" not in page.url  # empty fields are dropped from the address
    titles = page.locator(".news-card__title").all_inner_texts()
    assert expected in titles
    assert page.locator("#news-filter-category").input_value() == category
    assert_no_violations(page)

    # The shared address gives the same list; removing a filter widens it.
    shared = page.url
    page.goto(shared)
    assert page.locator(".news-card__title").all_inner_texts() == titles
    with page.expect_navigation():
        page.locator(".news-active-filters a").last.click()
    assert "year=" not in page.url
    assert page.locator(".news-card").count() > len(titles)


def test_empty_filter_result_is_explained(page, site_url):
    page.goto(site_url + "/actualites/?category=donnees-ouvertes&tag=alposs")
    assert page.locator(".news-card").count() == 0
    assert page.locator(".news-empty").is_visible()
    assert_no_violations(page)


@pytest.mark.parametrize(("path", "lang"), ARTICLES, ids=["french", "english"])
def test_article_is_accessible(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    # Structured data is data, not script: the CSP lets it be (the page fixture
    # fails on any console error, CSP reports included).
    # Its own JSON-LD and its breadcrumb's BreadcrumbList.
    assert page.locator("script[type='application/ld+json']").count() == 2
    image = page.locator(".news-article__image img")
    # The image loads lazily: scrolled to, it arrives and shows. Waiting for it
    # (instead of reading it at once) keeps a slow first rendition from failing.
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.get_attribute("alt")
    # The video is a link and a same-page option: no frame, no request elsewhere.
    assert page.locator(".news-embed").count() == 1
    assert page.locator("iframe").count() == 0
    assert page.locator(".news-embed a[href^='?embed=']").count() == 1
    assert page.locator(".news-related .news-card").count() >= 1
    assert_no_violations(page)


def test_article_in_dark_mode(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + ARTICLES[0][0])
    assert_no_violations(page)
