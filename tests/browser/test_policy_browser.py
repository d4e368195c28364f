"""The master plan as residents meet it, in French and English, and as the demo
editor keeps it up to date from the admin's listing of actions, in Chromium."""

import re

import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PLANS = [
    ("/", "/schema-directeur-du-numerique/", "fr", "Schéma directeur du numérique"),
    ("/en/", "/en/digital-master-plan/", "en", "Digital master plan"),
]
AXES = [
    ("/schema-directeur-du-numerique/inclusion-numerique/", "fr", "Inclusion"),
    ("/en/digital-master-plan/digital-inclusion/", "en", "Digital inclusion"),
]
ACTIONS = [
    (
        "/schema-directeur-du-numerique/inclusion-numerique/"
        "accompagner-les-habitants-eloignes-du-numerique/ateliers-numeriques-gratuits/",
        "fr",
        "Des ateliers numériques gratuits",
        "En cours",
        "Historique",
    ),
    (
        "/en/digital-master-plan/digital-inclusion/"
        "supporting-residents-far-from-digital/free-digital-workshops/",
        "en",
        "Free digital workshops",
        "In progress",
        "History",
    ),
]


@pytest.mark.parametrize(
    ("home", "path", "lang", "title"), PLANS, ids=["french", "english"]
)
def test_the_plan_is_reached_from_the_menu_and_is_accessible(
    page, site_url, home, path, lang, title
):
    page.goto(site_url + home)
    with page.expect_navigation():
        page.locator(f"nav.main-nav a[href='{path}']").click()
    assert page.url == site_url + path
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().startswith(title)
    assert_no_violations(page)


@pytest.mark.parametrize(("path", "lang", "title"), AXES, ids=["french", "english"])
def test_an_axis_is_accessible(page, site_url, path, lang, title):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().startswith(title)
    # It lists its actions, each with its status.
    assert page.locator(".policy-status").count() >= 1
    assert_no_violations(page)


@pytest.mark.parametrize(
    ("path", "lang", "title", "status", "history"), ACTIONS, ids=["french", "english"]
)
def test_an_action_shows_its_status_and_history_accessibly(
    page, site_url, path, lang, title, status, history
):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == title
    status_box = page.locator("header .policy-status")
    assert status_box.is_visible()
    assert status in status_box.inner_text()
    assert re.search(r"70\s?%", status_box.inner_text())
    heading = page.locator("h2#policy-history-title")
    assert heading.inner_text() == history
    changes = page.locator(".policy-timeline li")
    assert changes.count() >= 1
    changes.last.scroll_into_view_if_needed()
    assert changes.last.is_visible()
    assert_no_violations(page)


def test_the_demo_editor_filters_the_actions_and_opens_one(page, site_url):
    sign_in(page, site_url, "editeur")
    assert page.url.rstrip("/").endswith("/admin")

    response = page.goto(site_url + "/admin/master_plan_actions/")
    assert response.status == 200
    assert page.title().startswith("Actions du schéma directeur")
    rows = page.locator("table.listing tbody tr")
    every = rows.count()
    assert every > 20

    # The status filter, as an editor sets it: only the done actions remain,
    # and the address keeps the filter.
    page.get_by_role("button", name="Afficher les filtres").click()
    page.locator("button[aria-controls='drilldown-id_status']").click()
    page.locator("#drilldown-id_status").get_by_label("réalisée", exact=True).check()
    page.wait_for_url(re.compile(r"status=done"))
    page.wait_for_function(
        "n => document.querySelectorAll('table.listing tbody tr').length < n", arg=every
    )
    statuses = set(
        page.locator("table.listing tbody tr td:nth-child(3)").all_inner_texts()
    )
    assert statuses == {"réalisée"}

    title_link = page.locator("table.listing tbody td.title a[href*='/edit/']").first
    title = title_link.inner_text().strip()
    with page.expect_navigation():
        title_link.click()
    assert "/admin/pages/" in page.url and "/edit/" in page.url
    assert page.locator("input[name='title']").input_value() == title
    assert page.locator("select[name='status']").input_value() == "done"
    assert page.locator("input[name='progress']").input_value() == "100"


@pytest.mark.parametrize(
    ("path", "lang", "note"),
    [
        (ACTIONS[0][0], "fr", "Corrigé le 17 octobre 2022 :"),
        (ACTIONS[1][0], "en", "Corrected on 17 October 2022:"),
    ],
    ids=["french", "english"],
)
def test_a_corrected_history_entry_shows_its_note_accessibly(
    page, site_url, path, lang, note
):
    """The demo's corrected entry (policy/demo_data/actions.toml): its corrected
    value and the reason, readable and in the right language."""
    response = page.goto(site_url + path)
    assert response.status == 200
    corrected = page.locator(
        ".policy-timeline li", has=page.locator(".policy-timeline__note")
    )
    assert corrected.count() == 1
    corrected.scroll_into_view_if_needed()
    assert corrected.is_visible()
    assert note in corrected.inner_text()
    assert re.search(r"30\s?%", corrected.inner_text())
    reason = corrected.locator(".policy-timeline__note > span")
    assert reason.get_attribute("lang") == (None if lang == "fr" else "fr")
    assert_no_violations(page, context=".policy-timeline")
    assert_no_violations(page)
