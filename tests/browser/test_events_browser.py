"""The agenda as residents meet it, in French and English, in Chromium: the
agenda and an event clean for axe-core, the filters, and « Ajouter à mon
agenda » downloading an iCalendar file that parses."""

from pathlib import Path

import pytest
from icalendar import Calendar

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

AGENDAS = [("/agenda/", "fr"), ("/en/events/", "en")]
EVENTS = [("/agenda/alposs-2027/", "fr"), ("/en/events/alposs-2027/", "en")]


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
