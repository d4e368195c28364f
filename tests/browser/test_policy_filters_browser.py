"""Finding an action of the master plan, in Chromium, in French and English: the
plan page's form leads to « All the actions » (25 a page), which filters,
searches, sorts and turns pages without script and by keyboard; the address can
be shared, axe-core finds no violation."""

import re

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

PLANS = [
    (
        "/schema-directeur-du-numerique/",
        "fr",
        re.compile(r"^\d+ actions? correspond(ent)? à ces filtres\."),
        "Réalisée",
        "Toutes les actions",
    ),
    (
        "/en/digital-master-plan/",
        "en",
        re.compile(r"^\d+ actions? match(es)? these filters\."),
        "Done",
        "All the actions",
    ),
]
IDS = ["french", "english"]


@pytest.mark.parametrize(("path", "lang", "announced", "done", "title"), PLANS, ids=IDS)
def test_filter_the_plan_by_status(page, site_url, path, lang, announced, done, title):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator(".policy-action").count() == 0  # listed two clicks away
    page.select_option("#policy-filter-status", "done")
    with page.expect_navigation():
        page.locator(".policy-filters button[type='submit']").click()
    assert page.url.endswith(path + "actions/?status=done")  # empty fields dropped
    assert page.locator("h1").inner_text() == title
    count = page.locator(".policy-results__count")
    assert announced.match(count.inner_text().strip())
    listed = page.locator(".policy-action").count()
    assert listed > 0
    assert str(listed) in count.inner_text()
    labels = page.locator(".policy-action .policy-status__label").all_inner_texts()
    assert set(labels) == {done}
    assert (
        page.locator("meta[name='robots']")
        .get_attribute("content")
        .startswith("noindex")
    )
    assert page.locator("#policy-filter-status").input_value() == "done"
    assert_no_violations(page)

    # Reset gives every action back, 25 a page.
    with page.expect_navigation():
        page.locator(".policy-filters__actions a").click()
    assert page.locator(".policy-action").count() == 25


@pytest.mark.parametrize(("path", "lang", "announced", "done", "title"), PLANS, ids=IDS)
def test_all_the_actions_by_keyboard(
    page, site_url, path, lang, announced, done, title
):
    page.goto(site_url + path + "actions/")
    assert page.get_attribute("html", "lang") == lang
    first_page = page.locator(".policy-action__title a").all_inner_texts()
    assert len(first_page) == 25
    assert_no_violations(page)

    # The next page, by keyboard.
    page.locator(".policy-pagination a[rel='next']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path + "actions/?page=2")
    assert page.locator(".policy-pagination a[aria-current='page']").inner_text() == "2"
    second_page = page.locator(".policy-action__title a").all_inner_texts()
    assert second_page and not set(second_page) & set(first_page)
    assert_no_violations(page)

    # Words typed, then Enter: the matching actions, most advanced first.
    word = "ateliers" if lang == "fr" else "workshops"
    page.locator("#policy-filter-q").focus()
    page.keyboard.type(word)
    page.select_option("#policy-filter-sort", "progress")
    page.locator("#policy-filter-q").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sort=progress" in page.url and "q=" in page.url
    assert announced.match(page.locator(".policy-results__count").inner_text())
    found = page.locator(".policy-action__title a").all_inner_texts()
    assert found
    assert_no_violations(page)

    # An action is the second click from the plan: its link, by keyboard.
    link = page.locator(".policy-action__title a").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == found[0]


def test_no_match_and_bad_values(page, site_url):
    # The human resources department has no abandoned action.
    page.goto(
        site_url + "/schema-directeur-du-numerique/"
        "?status=abandoned&department=direction-des-ressources-humaines"
    )
    assert page.url.endswith(
        "/actions/?status=abandoned&department=direction-des-ressources-humaines"
    )
    assert page.locator(".policy-action").count() == 0
    assert page.locator(".policy-empty-state").is_visible()
    assert_no_violations(page)

    response = page.goto(
        site_url + "/schema-directeur-du-numerique/actions/?axis=inconnu"
    )
    assert response.status == 400
    assert page.locator(".policy-filters__errors").is_visible()
    assert_no_violations(page)


def test_the_plan_in_dark_mode(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "/schema-directeur-du-numerique/")
    assert_no_violations(page)
    page.goto(site_url + "/schema-directeur-du-numerique/actions/?status=in_progress")
    assert_no_violations(page)
