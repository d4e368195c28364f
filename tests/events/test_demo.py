"""The demo agenda, in French and English: the AlpOSS series and its figures, the
workshops, the cancelled one, the calendars, and the links to the plan and the
news."""

from __future__ import annotations

import datetime
from unittest import mock

from django.utils import timezone
from icalendar import Calendar

from events.models import EventPage
from tests.helpers import assert_page_basics, soup
from tests.structured_data import by_type, check_json_ld
from tests.tree import DemoTestCase

# A day of the demo's life: AlpOSS 2027 and the workshops to come.
DEMO_DAY = timezone.make_aware(datetime.datetime(2026, 12, 1, 12))


class DemoAgendaTests(DemoTestCase):
    def test_agenda_in_french_and_english(self):
        with mock.patch("django.utils.timezone.now", return_value=DEMO_DAY):
            french = self.client.get("/agenda/")
            english = self.client.get("/en/events/")
        assert_page_basics(french, "fr")
        assert_page_basics(english, "en")
        upcoming = [e.title for e in french.context["upcoming"]]
        assert upcoming[0] == "Atelier : protéger sa vie privée en ligne"
        assert "AlpOSS 2027" in upcoming
        years = [year for year, _events in french.context["past_by_year"]]
        assert years == [2026, 2025, 2024]
        titles = [e.title for e in english.context["upcoming"]]
        assert "France numérique libre network meeting" in titles

    def test_alposs_2026_with_its_figures_and_its_article(self):
        response = self.client.get("/agenda/alposs-2026/")
        document = assert_page_basics(response, "fr")
        assert "510 participants" in document.select_one(".event-report").get_text()
        editions = [e.title for e in response.context["other_editions"]]
        assert editions == [
            "AlpOSS 2024, première édition",
            "AlpOSS 2025",
            "AlpOSS 2027",
        ]
        assert [a.slug for a in response.context["articles"]] == [
            "alposs-2026-plus-de-500-participants"
        ]
        assert [a.slug for a in response.context["actions"]] == ["organiser-alposs"]
        (data,) = by_type(check_json_ld(response), "Event")
        assert data["superEvent"]["name"] == "AlpOSS"
        # The article lists the event in turn.
        article = EventPage.objects.get(slug="alposs-2026", locale__language_code="fr")
        html = self.client.get(
            "/actualites/alposs-2026-plus-de-500-participants/"
        ).content.decode()
        assert article.url in html

    def test_the_action_lists_the_events_that_serve_it(self):
        from policy.models import ActionPage

        for code, titles in (
            ("fr", ["AlpOSS 2027", "AlpOSS 2026"]),
            ("en", ["AlpOSS 2027", "AlpOSS 2026"]),
        ):
            action = ActionPage.objects.get(
                translation_key=ActionPage.objects.get(
                    slug="organiser-alposs"
                ).translation_key,
                locale__language_code=code,
            )
            document = soup(self.client.get(action.url))
            section = document.select_one(".events-linked")
            assert section is not None, code
            links = [a.get_text() for a in section.select("a")]
            assert links[:2] == titles
            assert len(links) == 4

    def test_the_english_event_and_its_calendar(self):
        response = self.client.get("/en/events/alposs-2027/")
        assert_page_basics(response, "en")
        calendar = Calendar.from_ical(
            self.client.get("/en/events/alposs-2027/ics/").content
        )
        (event,) = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == "AlpOSS 2027"
        assert event.decoded("DTSTART").isoformat() == "2027-02-16T09:00:00+01:00"

    def test_cancelled_workshop_in_the_feed(self):
        calendar = Calendar.from_ical(self.client.get("/agenda/ics/").content)
        statuses = {
            str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")
        }
        assert statuses["Atelier : protéger sa vie privée en ligne"] == "CANCELLED"
        assert statuses["AlpOSS 2027"] == "CONFIRMED"
        assert len(statuses) == 9

    def test_home_page_announces_the_next_events(self):
        with mock.patch("django.utils.timezone.now", return_value=DEMO_DAY):
            document = soup(self.client.get("/"))
        section = document.select_one(".events-upcoming")
        assert section is not None
        assert section.h2.get_text() == "Prochains rendez-vous"
        assert len(section.select(".event-card")) == 3
