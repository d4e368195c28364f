"""The agenda and its events as residents read them, in French, English and
Arabic: one h1, the language and direction declared, upcoming first then past
by year, the empty state, the filters and their 400 page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from events.models import EventPage
from tests.events.conftest import paris
from tests.helpers import assert_page_basics, count_queries, soup, use_languages
from tests.tree import translate

pytestmark = pytest.mark.django_db


def test_empty_agenda_says_so(client, agenda):
    document = assert_page_basics(client.get(agenda.url), "fr")
    assert "Aucun rendez-vous" in document.select_one(".events-empty").get_text()


def test_upcoming_first_then_past_by_year(client, agenda, make_event):
    soon = make_event("Bientôt")
    later = make_event("Plus tard", start=timezone.now() + datetime.timedelta(days=60))
    past_2025 = make_event("AlpOSS 2025", start=paris(2025, 2, 18, 9))
    past_2024 = make_event("AlpOSS 2024", start=paris(2024, 2, 6, 9))
    response = client.get(agenda.url)
    document = assert_page_basics(response, "fr")
    assert [e.pk for e in response.context["upcoming"]] == [soon.pk, later.pk]
    years = [(y, [e.pk for e in evs]) for y, evs in response.context["past_by_year"]]
    assert years == [(2025, [past_2025.pk]), (2024, [past_2024.pk])]
    assert [h.get_text() for h in document.select(".events-year")] == ["2025", "2024"]


def test_today_and_this_week(client, agenda, make_event):
    now = timezone.localtime()
    today = make_event("Atelier du jour", start=now - datetime.timedelta(minutes=30))
    response = client.get(agenda.url)
    assert response.context["upcoming"][0].pk == today.pk
    labels = [s.get_text() for s in soup(response).select(".event-when")]
    assert labels[0] == "Aujourd’hui"
    assert today.when(now.date() - datetime.timedelta(days=1)) in ("this-week", "")
    assert today.when(now.date()) == "today"


def test_event_page_in_french_english_and_arabic(
    client, settings, site_tree, agenda, agenda_en, make_event, series, image
):
    event = make_event(
        "AlpOSS 2027",
        series=series,
        image=image,
        image_alt="La grande salle de La Rampe",
        accessibility="Salle accessible de plain-pied.",
    )
    document = assert_page_basics(client.get(event.url), "fr")
    assert "Ajouter à mon agenda" in document.get_text()
    assert document.select_one(".event-facts").get_text().count("AlpOSS") == 1

    english = translate(event, {"title": "AlpOSS 2027", "slug": "alposs-2027"})
    document = assert_page_basics(client.get(english.url), "en")
    assert "Add to my calendar" in document.get_text()

    use_languages(settings, "fr,en,ar")
    translate(site_tree.home_fr, {"title": "مدينة الاختبار", "slug": "ar-home"}, "ar")
    translate(agenda, {"title": "المواعيد", "slug": "ar-agenda"}, "ar")
    arabic = translate(event, {"title": "ألبوس 2027", "slug": "ar-alposs"}, "ar")
    for url in (arabic.url, arabic.get_parent().url):
        response = client.get(url)
        assert response.status_code == 200
        document = soup(response)
        assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
        assert len(document.find_all("h1")) == 1


def test_cancelled_event_is_marked_and_offers_no_calendar(client, make_event):
    event = make_event("Atelier annulé", status="cancelled")
    document = soup(client.get(event.url))
    assert "Annulé" in document.select_one(".event-status").get_text()
    assert document.select_one(".event-calendar") is None


def test_past_event_shows_what_happened(client, make_event):
    event = make_event(
        "AlpOSS 2026",
        start=paris(2026, 2, 17, 9),
        hours=9,
        attendance=520,
        report="Une journée de tables rondes et d'ateliers.",
        materials=[("link", {"title": "Les supports", "url": "https://example.org/s"})],
    )
    document = soup(client.get(event.url))
    report = document.select_one(".event-report").get_text()
    assert "520 participants" in report
    assert "Les supports" in report


def test_filters_keep_matching_events_and_count_them(
    client, agenda, make_event, categories
):
    tagged = make_event("Rencontre", in_categories=[categories["evenements"]])
    make_event("Atelier", audience="seniors")
    response = client.get(agenda.url + "?category=evenements")
    assert response.status_code == 200
    assert [e.pk for e in response.context["upcoming"]] == [tagged.pk]
    assert "1 rendez-vous" in soup(response).select_one(".events-results__count").text
    response = client.get(agenda.url + "?audience=seniors")
    assert [e.title for e in response.context["upcoming"]] == ["Atelier"]
    month = timezone.localtime(tagged.start).strftime("%Y-%m")
    response = client.get(agenda.url + f"?month={month}")
    assert tagged.pk in [e.pk for e in response.context["upcoming"]]


@pytest.mark.parametrize(
    "query",
    [
        "?category=inconnue",
        "?month=1999-01",
        "?month=2026-13",
        "?audience=martians",
        "?audience=seniors&audience=families",
        "?category=" + "x" * 300,
    ],
)
def test_bad_filters_are_a_400_page_that_says_why(client, agenda, make_event, query):
    make_event(audience="seniors")
    response = client.get(agenda.url + query)
    assert response.status_code == 400
    document = soup(response)
    assert document.select_one(".events-filters__errors li") is not None
    assert len(document.find_all("h1")) == 1


def test_empty_filters_redirect_to_the_address_without_them(client, agenda):
    response = client.get(agenda.url + "?category=&month=&audience=")
    assert response.status_code == 302
    assert response["Location"] == agenda.url


def test_end_before_start_is_a_form_error(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.end = event.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict


@pytest.mark.engine
def test_agenda_queries_do_not_grow_with_its_events(
    client, agenda, make_event, categories, image
):
    def add(count: int) -> None:
        for _ in range(count):
            make_event(
                in_categories=[categories["evenements"]],
                image=image,
                image_alt="Une salle",
            )
            make_event(start=paris(2024, 3, 1, 10))

    add(1)
    few = count_queries(client, agenda.url)
    add(4)
    many = count_queries(client, agenda.url)
    assert many == few
    assert EventPage.objects.count() == 10


@pytest.mark.engine
def test_home_section_queries_do_not_grow_with_the_events(
    client, site_tree, agenda, make_event
):
    make_event()
    few = count_queries(client, "/")
    for _ in range(4):
        make_event()
    assert count_queries(client, "/") == few


def test_home_page_lists_the_next_three_events(client, site_tree, agenda, make_event):
    events = [make_event(f"Rendez-vous {i}") for i in range(4)]
    make_event("Annulé", status="cancelled", start=timezone.now())
    document = soup(client.get("/"))
    titles = [a.get_text() for a in document.select(".events-upcoming .event-card a")]
    assert titles == [e.title for e in events[:3]]
