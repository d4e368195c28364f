"""The awards page as residents meet it, in French and English, in Chromium:
accessible in both colour schemes and in print, an award's anchor reached from
the home page, the filter by awarding body shared as an address."""

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

PAGES = [("/prix-et-labels/", "fr"), ("/en/awards-and-labels/", "en")]


@pytest.mark.parametrize(("path", "lang"), PAGES, ids=["french", "english"])
def test_awards_page_is_accessible(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator("article.award").count() == 6
    assert page.locator(".awards-year h2").all_inner_texts() == [
        "2025",
        "2024",
        "2023",
        "2022",
        "2021",
    ]
    # The chart is drawn, and its figures are in the table next to it.
    chart = page.locator(".award-chart__svg")
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 50
    assert page.locator(".award-series tbody tr").count() == 5
    badge = page.locator("#award-tnl-2025 img")
    # Badges load lazily: scrolled to, the badge arrives and shows.
    badge.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=badge.element_handle()
    )
    assert badge.get_attribute("alt")
    # Its own JSON-LD and its breadcrumb's BreadcrumbList.
    assert page.locator("script[type='application/ld+json']").count() == 2
    assert_no_violations(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_awards_page_contrast_in_both_colour_schemes(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGES[0][0])
    assert_no_violations(page)
    bar = page.locator(".award-chart__bar").first
    fill = bar.evaluate("el => getComputedStyle(el).fill")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert fill not in ("none", background)


def test_the_chart_prints(page, site_url):
    page.goto(site_url + PAGES[0][0])
    page.emulate_media(media="print")
    assert page.locator(".award-chart__svg").is_visible()
    assert page.locator(".award-series table").is_visible()
    assert not page.locator(".awards-filter").is_visible()


@pytest.mark.parametrize(
    ("home", "anchor"),
    [("/", "#award-nec-2025"), ("/en/", "#award-nec-2025")],
    ids=["french", "english"],
)
def test_the_home_page_leads_to_an_award_anchor(page, site_url, home, anchor):
    page.goto(site_url + home)
    link = page.locator(f".awards-latest .award__title a[href$='{anchor}']")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(anchor)
    target = page.locator(anchor)
    assert target.is_visible()
    assert target.evaluate("el => el.matches(':target')")
    # The browser scrolls the award into view (once the layout has settled).
    page.wait_for_function(
        """anchor => {
            const top = document.querySelector(anchor).getBoundingClientRect().top;
            return top >= 0 && top < window.innerHeight;
        }""",
        arg=anchor,
        timeout=5000,
    )
    assert_no_violations(page)


def test_the_filter_is_a_shareable_address(page, site_url):
    page.goto(site_url + "/en/awards-and-labels/")
    with page.expect_navigation():
        page.locator(".awards-filter a", has_text="ANCT").click()
    assert page.url.endswith("?body=anct")
    assert page.locator("article.award").count() == 1
    current = page.locator(".awards-filter a[aria-current='page']")
    assert current.inner_text() == "ANCT"
    assert_no_violations(page)
    response = page.goto(site_url + "/en/awards-and-labels/?body=nobody")
    assert response.status == 404
