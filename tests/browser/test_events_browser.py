"""The agenda as residents meet it, in French, English and Arabic, in Chromium:
the agenda and an event clean for axe-core (on a desktop and at 320 px), the
Arabic ones right to left with no unmarked French, the agenda in the main menu,
the filters, and « Ajouter à mon agenda » downloading an iCalendar file that
parses."""

from pathlib import Path

import pytest
from icalendar import Calendar

from tests.browser.axe import assert_no_violations
from tests.language_marks import unmarked_french

pytestmark = pytest.mark.browser

AGENDAS = [("/agenda/", "fr"), ("/en/events/", "en")]
EVENTS = [("/agenda/alposs-2027/", "fr"), ("/en/events/alposs-2027/", "en")]
AGENDA_AR = "/ar/al-mawaid/"
ARABIC = {
    "agenda": AGENDA_AR,
    "past edition": AGENDA_AR + "alposs-2026/",
    "announced edition": AGENDA_AR + "alposs-2027/",
    "workshop": AGENDA_AR + "warshat-al-khutuwat-al-ula-maa-al-hasub/",
}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}


@pytest.mark.parametrize(("path", "lang"), AGENDAS, ids=["french", "english"])
def test_agenda_is_accessible(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert page.locator(".event-card").count() == 9
    assert page.locator("head link[type='text/calendar']").count() == 1
    assert_no_violations(page)


@pytest.mark.parametrize(("path", "lang"), EVENTS, ids=["french", "english"])
def test_event_is_accessible(page, site_url, path, lang):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    assert_no_violations(page)


def test_filters_and_their_error_page(page, site_url):
    page.goto(site_url + "/agenda/")
    page.select_option("#events-filter-audience", "seniors")
    with page.expect_navigation():
        page.locator(".events-filters button[type='submit']").click()
    assert page.url.endswith("/agenda/?audience=seniors")
    assert page.locator(".event-card__title").all_inner_texts() == [
        "Atelier : premiers pas avec un ordinateur"
    ]
    assert_no_violations(page)
    response = page.goto(site_url + "/agenda/?month=1999-01")
    assert response.status == 400
    assert page.locator(".events-filters__errors").is_visible()
    assert_no_violations(page)


def test_add_to_my_calendar_downloads_an_ics(page, site_url):
    page.goto(site_url + "/agenda/alposs-2027/")
    with page.expect_download() as info:
        page.locator(".event-calendar a").click()
    saved = info.value
    assert saved.suggested_filename == "alposs-2027.ics"
    calendar = Calendar.from_ical(Path(saved.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "AlpOSS 2027"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
@pytest.mark.parametrize("path", ARABIC.values(), ids=list(ARABIC))
def test_the_arabic_agenda_reads_right_to_left(page, site_url, path, viewport):
    """As tests/browser/test_arabic_browser.py reads every Arabic page type."""
    page.set_viewport_size(viewport)
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").count() == 1
    assert page.locator("nav.main-nav a").count() >= 4
    assert_no_violations(page)
    assert unmarked_french(page.content()) == []
    # Nothing wider than the screen: no sideways scrolling at 320 px.
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
@pytest.mark.parametrize(
    "path", [AGENDAS[0][0], EVENTS[0][0]], ids=["french agenda", "french event"]
)
def test_french_agenda_and_event_at_320px_and_on_a_desktop(
    page, site_url, path, viewport
):
    page.set_viewport_size(viewport)
    response = page.goto(site_url + path)
    assert response.status == 200
    assert_no_violations(page)
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    ("home", "agenda"),
    [("/", "/agenda/"), ("/en/", "/en/events/"), ("/ar/", AGENDA_AR)],
    ids=["french", "english", "arabic"],
)
def test_the_agenda_is_in_the_main_menu(page, site_url, home, agenda):
    page.goto(site_url + home)
    with page.expect_navigation():
        page.locator(f"nav.main-nav a[href='{agenda}']").click()
    assert page.url == site_url + agenda
    assert page.locator(".event-card").count() >= 1
