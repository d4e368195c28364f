"""What the agenda shows changes with time alone: an event that has ended
leaves the home page's « upcoming events » and the agenda's upcoming list, and
« today » moves at midnight. Nothing cached (the home page's sections, the
full-page cache, feed readers) outlives that moment. The clock is moved with
`django.utils.timezone.now`, which the pages and both caches read."""

from __future__ import annotations

import datetime
from unittest import mock

import feedparser
import pytest
from django.core.cache import cache
from django.utils import timezone

from events.models import EventPage, next_change, next_midnight
from home.caching import generation
from tests.events.conftest import paris
from tests.helpers import soup

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


def at(moment: datetime.datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()


def home_titles(client) -> list[str]:
    document = soup(client.get("/"))
    return [a.get_text() for a in document.select(".events-upcoming .event-card a")]


def upcoming_titles(response) -> list[str]:
    return [e.title for e in response.context["upcoming"]]


def test_publishing_an_event_or_its_series_changes_the_content_generation(
    make_event, series
):
    event = make_event("Atelier")
    before = generation.current()
    event.title = "Atelier numérique"
    event.save_revision().publish()
    assert generation.current() != before
    before = generation.current()
    series.description = "Le rendez-vous annuel du logiciel libre."
    series.save()
    assert generation.current() != before


def test_over_at_and_next_change(make_event):
    timed = make_event("Atelier", start=paris(2030, 3, 5, 18), hours=2)
    assert timed.over_at == paris(2030, 3, 5, 20)
    assert not timed.is_past(paris(2030, 3, 5, 19, 59))
    assert timed.is_past(paris(2030, 3, 5, 20))
    all_day = make_event(
        "Forum",
        start=paris(2030, 3, 6),
        end=paris(2030, 3, 7, 23, 59),
        all_day=True,
    )
    assert all_day.over_at == paris(2030, 3, 8)
    assert not all_day.is_past(paris(2030, 3, 7, 23, 59))
    assert next_midnight(paris(2030, 3, 5, 23, 50)) == paris(2030, 3, 6)
    events = [timed, all_day]
    assert next_change(events, paris(2030, 3, 5, 9)) == timed.over_at
    assert next_change(events, paris(2030, 3, 5, 21)) == all_day.over_at
    assert next_change(events, paris(2030, 3, 5, 9), by_day=True) == timed.over_at
    assert next_change(events, paris(2030, 3, 5, 21), by_day=True) == paris(2030, 3, 6)
    assert next_change(events, paris(2030, 3, 9)) is None


def test_home_section_drops_an_event_the_moment_it_ends(
    client, site_tree, agenda, make_event
):
    """The sections are cached per content generation: the entry ends with the
    first listed event, and the next one takes its place, without any publication."""
    start = timezone.now() + HOUR
    first = make_event("Atelier du soir", start=start, hours=2)
    others = [
        make_event(f"Rendez-vous {i}", start=start + datetime.timedelta(days=i))
        for i in (1, 2, 3)
    ]
    assert home_titles(client) == [first.title, others[0].title, others[1].title]
    with at(first.end - MINUTE):
        assert home_titles(client)[0] == first.title
    with at(first.end + MINUTE):
        assert home_titles(client) == [e.title for e in others]


def test_home_section_drops_an_event_that_ended_earlier_today(
    client, site_tree, agenda, make_event
):
    """« Never an event that has ended », even one of today's."""
    morning = make_event("Atelier du matin", start=paris(2030, 3, 5, 9), hours=2)
    evening = make_event("Atelier du soir", start=paris(2030, 3, 5, 18), hours=2)
    with at(paris(2030, 3, 5, 8)):
        assert home_titles(client) == [morning.title, evening.title]
    with at(paris(2030, 3, 5, 14)):
        assert home_titles(client) == [evening.title]
    with at(paris(2030, 3, 5, 21)):
        assert home_titles(client) == []


def test_page_cache_serves_the_home_page_until_the_event_ends(
    client, site_tree, agenda, make_event, page_cache
):
    # A fixed clock, a morning: an event ending after midnight would leave the
    # cache at midnight, before it ends.
    now = paris(2030, 3, 5, 10)
    first = make_event("Atelier du soir", start=now + HOUR, hours=2)
    second = make_event("Permanence", start=now + datetime.timedelta(days=2))
    with at(now):
        assert client.get("/")["X-Cache"] == "MISS"
    with at(first.end - MINUTE):
        assert client.get("/")["X-Cache"] == "HIT"
    with at(first.end + MINUTE):
        response = client.get("/")
        assert response["X-Cache"] == "MISS"
        assert first.title not in response.content.decode()
        assert second.title in response.content.decode()
        assert client.get("/")["X-Cache"] == "HIT"


def test_page_cache_moves_an_ended_event_to_the_agenda_past(
    client, agenda, make_event, page_cache
):
    # A fixed clock, a morning: the agenda reads « today », so its cached page
    # ends at midnight; with the real clock, an event ending after midnight
    # (a test run late in the evening) found it gone before the event ended.
    now = paris(2030, 3, 5, 10)
    event = make_event("Atelier du soir", start=now + HOUR, hours=2)
    later = make_event("Permanence", start=now + datetime.timedelta(days=40))
    with at(now):
        first = client.get(agenda.url)
    assert first["X-Cache"] == "MISS"
    assert upcoming_titles(first) == [event.title, later.title]
    with at(event.end - MINUTE):
        assert client.get(agenda.url)["X-Cache"] == "HIT"
        assert client.get(event.url)["X-Cache"] == "MISS"
        assert "Ce rendez-vous est passé" not in client.get(event.url).content.decode()
    with at(event.end + MINUTE):
        response = client.get(agenda.url)
        assert response["X-Cache"] == "MISS"
        assert upcoming_titles(response) == [later.title]
        assert [
            e.pk for _, group in response.context["past_by_year"] for e in group
        ] == [event.pk]
        page = client.get(event.url)
        assert page["X-Cache"] == "MISS"
        assert "Ce rendez-vous est passé" in page.content.decode()


def test_today_moves_at_midnight_through_the_page_cache(
    client, agenda, make_event, page_cache
):
    """« Aujourd'hui » and « cette semaine » read the date: the cached agenda
    ends at midnight, Paris time."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=30)
    evening = timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time(23, 50))
    )
    event = make_event(
        "Atelier du lendemain", start=evening + datetime.timedelta(hours=10)
    )
    with at(evening):
        response = client.get(agenda.url)
        assert response["X-Cache"] == "MISS"
        assert response.context["upcoming"][0].when_label != "today"
        assert client.get(agenda.url)["X-Cache"] == "HIT"
    with at(evening + datetime.timedelta(minutes=20)):
        response = client.get(agenda.url)
        assert response["X-Cache"] == "MISS"
        assert upcoming_titles(response) == [event.title]
        labels = [s.get_text() for s in soup(response).select(".event-when")]
        assert labels == ["Aujourd’hui"]


def test_rss_drops_an_ended_event_and_feed_readers_keep_it_no_longer(
    client, agenda, make_event, page_cache
):
    start = timezone.now() + HOUR
    event = make_event("Atelier du soir", start=start, hours=2)
    later = make_event("Permanence", start=start + datetime.timedelta(days=3))
    rss_url = agenda.url + "rss/"
    with at(event.end - 5 * MINUTE):
        response = client.get(rss_url)
        # Feed readers keep it 5 minutes, the front cache 1 (s-maxage).
        assert response["Cache-Control"] == "public, max-age=300, s-maxage=60"
        titles = [e.title for e in feedparser.parse(response.content).entries]
        assert titles[0].startswith(event.title)
    with at(event.end + MINUTE):
        response = client.get(rss_url)
        assert response["X-Cache"] == "MISS"
        titles = [e.title for e in feedparser.parse(response.content).entries]
        assert len(titles) == 1 and titles[0].startswith(later.title)
        assert response["Cache-Control"] == "public, max-age=900, s-maxage=60"


def test_no_time_bound_without_events_to_come(client, agenda, make_event, page_cache):
    make_event("AlpOSS 2025", start=paris(2025, 2, 18, 9))
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    assert EventPage.objects.count() == 1
