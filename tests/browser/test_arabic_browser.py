"""The Arabic site in a real browser: every page type passes axe-core, shows no
French text unless marked French, has a main menu and the same accessibility
claim as the French site; the layout is mirrored at 320 px and on a desktop
(checked by where elements stand, not by pixels); the breadcrumb's arrows
point from the home page to the current page, right to left."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_violations
from tests.language_marks import unmarked_french

pytestmark = pytest.mark.browser

PLAN = "/ar/al-mukhattat-al-tawjihi-al-raqmi/"
AXIS = PLAN + "al-idmaj-al-raqmi/"
OBJECTIVE = AXIS + "murafaqat-al-sukkan/"
ACTION = OBJECTIVE + "warashat-raqmiya-majaniya/"
ARTICLE = "/ar/al-akhbar/awwal-alama-iqlim-raqmi-hurr/"
CATALOGUE = "/ar/al-bayanat-al-maftuha/"
DATASET = CATALOGUE + "amakin-al-wisata-al-raqmiya/"
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}
PAGES = {
    "home": "/ar/",
    "news index": "/ar/al-akhbar/",
    "news article": ARTICLE,
    "master plan": PLAN,
    "axis": AXIS,
    "objective": OBJECTIVE,
    "action": ACTION,
    "awards": "/ar/al-jawaiz-wa-al-alamat/",
    "open-data catalogue": CATALOGUE,
    "dataset": DATASET,
    # A content page: the Contact page.
    "content page": "/ar/ittisal/",
    # The search page's address, in Latin letters like every Arabic slug.
    "search": "/ar/bahth/?q=%D8%A7%D9%84%D8%B1%D9%82%D9%85%D9%8A%D8%A9",
    "not found": "/ar/la-wujud/",
}
# The footer's claim, in both languages: the same conformity.
CLAIMS = {
    "Accessibilité : partiellement conforme": "إمكانية الوصول: مطابقة جزئية",
    "Accessibilité : totalement conforme": "إمكانية الوصول: مطابقة كلية",
    "Accessibilité : non conforme": "إمكانية الوصول: غير مطابق",
}


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "items => items.map(item => { const box = item.getBoundingClientRect();"
        " return {left: box.left, right: box.right, width: box.width}; })",
    )


def footer_claim(page) -> tuple[str, str | None]:
    item = page.locator(".site-footer__accessibility")
    link = item.locator("a")
    label = page.evaluate(
        "item => Array.from(item.querySelector('a') || item.childNodes)"
        ".length >= 0 && (item.querySelector('a')?.firstChild?.textContent"
        " ?? item.textContent).trim()",
        item.element_handle(),
    )
    href = link.get_attribute("href") if link.count() else None
    return label, href


def reads_as_arabic(page) -> None:
    assert page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("nav.main-nav a").count() >= 4
    assert_no_violations(page)
    assert unmarked_french(page.content()) == []


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
@pytest.mark.parametrize("path", PAGES.values(), ids=list(PAGES))
def test_every_arabic_page_type_reads_as_arabic(page, site_url, path, viewport):
    page.set_viewport_size(viewport)
    response = page.goto(site_url + path)
    assert response.status == (404 if path == PAGES["not found"] else 200)
    reads_as_arabic(page)


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
def test_the_schema_report_reads_as_arabic(page, site_url, viewport):
    """The report of the dataset's former export (it does not conform): the
    errors explained in Arabic, the schema's French title marked French."""
    page.set_viewport_size(viewport)
    page.goto(site_url + DATASET)
    reports = page.locator(".opendata-schema a")
    assert reports.count() == 2
    response = page.goto(site_url + reports.nth(1).get_attribute("href"))
    assert response.status == 200
    assert page.locator("table.schema-report tbody tr").count() >= 1
    assert page.locator("table.schema-report caption bdi[lang=fr]").count() == 1
    reads_as_arabic(page)


def test_the_footer_makes_the_same_claim_as_the_french_one(page, site_url):
    page.goto(site_url + "/")
    french_label, french_href = footer_claim(page)
    page.goto(site_url + "/ar/")
    arabic_label, arabic_href = footer_claim(page)
    assert CLAIMS[french_label] == arabic_label
    assert french_href is not None and arabic_href == french_href
    link = page.locator(".site-footer__accessibility a")
    assert link.get_attribute("hreflang") == "fr"


def test_the_breadcrumb_reads_right_to_left(page, site_url):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + ARTICLE)
    crumbs = boxes(page, "nav.breadcrumbs li")
    assert len(crumbs) == 3
    # The home page is rightmost, the current page leftmost.
    lefts = [box["left"] for box in crumbs]
    assert lefts == sorted(lefts, reverse=True)
    # The arrow is the one character a right-to-left line mirrors, drawn in a
    # right-to-left context: it points left, toward the current page.
    separator = page.evaluate(
        "() => { const item = document.querySelectorAll('nav.breadcrumbs li')[1];"
        " const style = getComputedStyle(item, '::before');"
        " return [style.content, style.direction]; }"
    )
    assert separator == ['"›"', "rtl"]


def fills(page) -> list[dict]:
    """Each gauge's fill against its track: how far from the track's left and
    right edges it stands."""
    return page.eval_on_selector_all(
        ".policy-gauge__bar",
        "bars => bars.map(bar => { const track = bar.querySelector("
        "'.policy-gauge__track').getBoundingClientRect(); const fill ="
        " bar.querySelector('.policy-gauge__fill')?.getBoundingClientRect();"
        " return fill && {left: fill.left - track.left, right: track.right"
        " - fill.right, width: fill.width}; })",
    )


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
def test_the_arabic_layout_is_mirrored(page, site_url, viewport, tmp_path):
    page.set_viewport_size(viewport)
    page.goto(site_url + ACTION)
    page.screenshot(path=str(tmp_path / f"action-ar-{viewport['width']}.png"))
    width = page.evaluate("document.documentElement.clientWidth")
    [logo] = boxes(page, ".brand__logo")
    # The logo stands at the start of an Arabic line: the right.
    assert width - logo["right"] < logo["left"]
    # The gauges fill from the right: each fill touches its track's right edge.
    drawn = [fill for fill in fills(page) if fill and fill["width"] > 1]
    assert drawn, "the action shows no filled gauge"
    for fill in drawn:
        assert abs(fill["right"]) <= 1 < fill["left"]
    # The French action's gauges fill from the left.
    french = page.context.new_page()
    french.set_viewport_size(viewport)
    french.goto(
        site_url + page.locator("nav.languages a[hreflang=fr]").get_attribute("href")
    )
    french_drawn = [fill for fill in fills(french) if fill and fill["width"] > 1]
    french.close()
    assert french_drawn
    for fill in french_drawn:
        assert abs(fill["left"]) <= 1 < fill["right"]
