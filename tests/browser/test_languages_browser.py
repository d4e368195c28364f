"""Three languages in a real browser: the switcher leads to each page's
translation, the Arabic home page is laid out right to left, the drawings keep
their meaning when mirrored, and every language passes axe-core."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

ARTICLE_FR = "/actualites/premier-label-territoire-numerique-libre/"
ARTICLE_EN = "/en/news/first-territoire-numerique-libre-label/"
ARTICLE_AR = "/ar/al-akhbar/awwal-alama-iqlim-raqmi-hurr/"
PLAN_FR = "/schema-directeur-du-numerique/"
PLAN_EN = "/en/digital-master-plan/"
AWARDS_FR = "/prix-et-labels/"
# An objective the demo's Arabic translation leaves out.
UNTRANSLATED_IN_ARABIC = PLAN_FR + "inclusion-numerique/un-acces-a-internet-pour-tous/"
AWARDS_EN = "/en/awards-and-labels/"
DESKTOP = {"width": 1280, "height": 900}


def direction_of(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).direction")


def switch(page, language: str) -> None:
    """Follow the header's language switcher, as a resident does."""
    page.locator(f"nav.languages a[hreflang='{language}']").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("start", "steps"),
    [
        ("/", [("ar", "/ar/", "rtl"), ("en", "/en/", "ltr"), ("fr", "/", "ltr")]),
        (
            ARTICLE_FR,
            [
                ("en", ARTICLE_EN, "ltr"),
                ("ar", ARTICLE_AR, "rtl"),
                ("fr", ARTICLE_FR, "ltr"),
            ],
        ),
        (PLAN_FR, [("en", PLAN_EN, "ltr"), ("fr", PLAN_FR, "ltr")]),
        (AWARDS_FR, [("en", AWARDS_EN, "ltr"), ("fr", AWARDS_FR, "ltr")]),
    ],
    ids=["home", "news article", "master plan", "awards"],
)
def test_the_switcher_lands_on_the_translation(page, site_url, start, steps):
    page.goto(site_url + start)
    for language, path, direction in steps:
        switch(page, language)
        assert page.url == site_url + path
        assert page.get_attribute("html", "lang") == language
        assert direction_of(page) == direction


def test_an_untranslated_page_leads_to_the_arabic_home_page(page, site_url):
    page.goto(site_url + UNTRANSLATED_IN_ARABIC)
    link = page.locator("nav.languages a[hreflang='ar']")
    # Its label tells screen reader users where it leads.
    assert "page d'accueil" in link.inner_text()
    switch(page, "ar")
    assert page.url == site_url + "/ar/"


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "items => items.map(item => { const box = item.getBoundingClientRect();"
        " return {left: box.left, right: box.right}; })",
    )


def test_the_arabic_home_page_is_mirrored(page, site_url, tmp_path):
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + "/ar/")
    page.screenshot(path=str(tmp_path / "home-ar.png"), full_page=True)
    assert direction_of(page) == "rtl"
    width = page.evaluate("document.documentElement.clientWidth")
    # The site's name and logo stand on the right, where an Arabic line starts.
    [brand] = boxes(page, ".brand")
    assert brand["left"] > width / 2
    # The languages read from right to left: the first one is the rightmost.
    languages = boxes(page, "nav.languages li")
    assert len(languages) == 3
    assert [box["left"] for box in languages] == sorted(
        (box["left"] for box in languages), reverse=True
    )
    # The text of the page starts on the right too.
    [heading] = boxes(page, "h1")
    french = page.context.new_page()
    french.set_viewport_size(DESKTOP)
    french.goto(site_url + "/")
    [french_brand] = boxes(french, ".brand")
    french.close()
    assert french_brand["right"] < width / 2
    assert heading["right"] > width / 2


def years(page) -> list[float]:
    """Where the time chart's years stand, from its own left edge."""
    [chart] = boxes(page, ".policy-timechart__svg")
    return [
        round(box["left"] - chart["left"], 1)
        for box in boxes(page, ".policy-timechart__svg text[text-anchor='middle']")
    ]


def test_bars_fill_from_the_right_and_axes_stay_left_to_right(page, site_url):
    """The master plan's page, its reading direction switched to right to left:
    progress starts on the right like the text; the time chart keeps its years
    from left to right."""
    page.set_viewport_size(DESKTOP)
    page.goto(site_url + PLAN_FR)
    track = boxes(page, ".policy-meter__track")[0]
    fill = boxes(page, ".policy-meter__fill")[0]
    assert abs(fill["left"] - track["left"]) < 1  # left to right: starts on the left
    years_ltr = years(page)
    page.evaluate("document.documentElement.dir = 'rtl'")
    track = boxes(page, ".policy-meter__track")[0]
    fill = boxes(page, ".policy-meter__fill")[0]
    assert abs(fill["right"] - track["right"]) < 1
    assert fill["left"] > track["left"] + 1
    years_rtl = years(page)
    assert years_rtl == years_ltr
    assert years_rtl == sorted(years_rtl)
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.policy-timechart__svg')).direction"
        )
        == "ltr"
    )


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/ar/", ARTICLE_FR, ARTICLE_EN, ARTICLE_AR, "/ar/al-akhbar/"],
)
def test_every_language_is_accessible(page, site_url, path):
    page.set_viewport_size(DESKTOP)
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_violations(page)
