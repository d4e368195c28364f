"""Finding an action on the master plan page, in Chromium, in French and English:
the filter form works without script, the address can be shared, axe-core finds
no violation."""

import re

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

PLANS = [
    (
        "/schema-directeur-du-numerique/",
        "fr",
        re.compile(r"^\d+ actions? correspond(ent)? à ces filtres\.$"),
        "Réalisée",
    ),
    (
        "/en/digital-master-plan/",
        "en",
        re.compile(r"^\d+ actions? match(es)? these filters\.$"),
        "Done",
    ),
]


@pytest.mark.parametrize(
    ("path", "lang", "announced", "done"), PLANS, ids=["french", "english"]
)
def test_filter_the_plan_by_status(page, site_url, path, lang, announced, done):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    every = page.locator(".policy-action").count()
    page.select_option("#policy-filter-status", "done")
    with page.expect_navigation():
        page.locator(".policy-filters button[type='submit']").click()
    assert page.url.endswith(path + "?status=done")  # empty fields dropped
    count = page.locator(".policy-results__count")
    assert announced.match(count.inner_text().strip())
    listed = page.locator(".policy-action").count()
    assert 0 < listed < every
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

    # Reset gives the whole plan back.
    with page.expect_navigation():
        page.locator(".policy-filters__actions a").click()
    assert page.locator(".policy-action").count() == every


def test_no_match_and_bad_values(page, site_url):
    # The human resources department has no abandoned action.
    page.goto(
        site_url + "/schema-directeur-du-numerique/"
        "?status=abandoned&department=direction-des-ressources-humaines"
    )
    assert page.locator(".policy-action").count() == 0
    assert page.locator(".policy-empty-state").is_visible()
    assert_no_violations(page)

    response = page.goto(site_url + "/schema-directeur-du-numerique/?axis=inconnu")
    assert response.status == 400
    assert page.locator(".policy-filters__errors").is_visible()
    assert_no_violations(page)


def test_the_plan_in_dark_mode(page, site_url):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "/schema-directeur-du-numerique/?status=in_progress")
    assert_no_violations(page)
