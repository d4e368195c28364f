"""The agenda's iCalendar files, parsed back with the library that wrote them:
the RFC 5545 properties calendars rely on (UID, DTSTAMP, DTSTART, DTEND), the
time zone, a stable UID, a SEQUENCE that grows, cancelled events."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from tests.events.conftest import paris
from tests.tree import translate

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_one_event_as_a_file(client, make_event):
    event = make_event("AlpOSS 2027", start=paris(2027, 2, 16, 9), hours=9)
    response = client.get(event.url + "ics/")
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (vevent,) = events_of(calendar)
    for name in ("UID", "DTSTAMP", "DTSTART", "DTEND"):
        assert name in vevent, name
    start = vevent.decoded("DTSTART")
    assert start == datetime.datetime(2027, 2, 16, 9, tzinfo=PARIS)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTEND") == datetime.datetime(2027, 2, 16, 18, tzinfo=PARIS)
    assert vevent.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert str(vevent["SUMMARY"]) == "AlpOSS 2027"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "La Rampe" not in str(vevent["LOCATION"])
    assert "Échirolles" in str(vevent["LOCATION"])
    timezones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert timezones == ["Europe/Paris"]


def test_uid_stays_and_sequence_grows_on_edit(client, make_event):
    event = make_event("Atelier")
    first = events_of(parse(client.get(event.url + "ics/")))[0]
    event.title = "Atelier déplacé"
    event.start += datetime.timedelta(days=1)
    event.end += datetime.timedelta(days=1)
    event.save_revision().publish()
    second = events_of(parse(client.get(event.url + "ics/")))[0]
    assert first["UID"] == second["UID"]
    assert str(event.translation_key) in str(first["UID"])
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])


def test_translations_have_their_own_uid(client, agenda_en, make_event):
    event = make_event("Atelier")
    english = translate(event, {"title": "Workshop", "slug": "workshop"})
    french = events_of(parse(client.get(event.url + "ics/")))[0]
    other = events_of(parse(client.get(english.url + "ics/")))[0]
    assert french["UID"] != other["UID"]
    assert str(other["SUMMARY"]) == "Workshop"


def test_cancelled_event_is_sent_as_cancelled(client, make_event):
    event = make_event("Atelier annulé", status="cancelled")
    (vevent,) = events_of(parse(client.get(event.url + "ics/")))
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_all_day_event_over_several_days(client, make_event):
    event = make_event(
        "Fête du libre",
        start=paris(2027, 5, 14, 0),
        end=paris(2027, 5, 15, 23),
        all_day=True,
    )
    (vevent,) = events_of(parse(client.get(event.url + "ics/")))
    assert vevent.decoded("DTSTART") == datetime.date(2027, 5, 14)
    # The end of an all-day event is exclusive: the day after the last one.
    assert vevent.decoded("DTEND") == datetime.date(2027, 5, 16)


def test_agenda_feed_and_category_feed(client, agenda, make_event, categories):
    tagged = make_event("Rencontre", in_categories=[categories["evenements"]])
    make_event("Atelier")
    calendar = parse(client.get(agenda.url + "ics/"))
    assert sorted(str(e["SUMMARY"]) for e in events_of(calendar)) == [
        "Atelier",
        "Rencontre",
    ]
    calendar = parse(client.get(agenda.url + "categories/evenements/ics/"))
    assert [str(e["SUMMARY"]) for e in events_of(calendar)] == [tagged.title]
    assert client.get(agenda.url + "categories/inconnue/ics/").status_code == 404


def test_the_agenda_announces_its_calendars(client, agenda):
    html = client.get(agenda.url).content.decode()
    assert 'type="text/calendar"' in html
    assert agenda.url + "ics/" in html


def test_rss_of_the_upcoming_events(client, agenda, make_event):
    import xml.etree.ElementTree as ET

    make_event("Bientôt")
    make_event("Passé", start=paris(2024, 3, 1, 10))
    response = client.get(agenda.url + "rss/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert len(titles) == 1
    assert titles[0].startswith("Bientôt — ")
    assert root.findtext("channel/language") == "fr"
    assert root.findtext("channel/title") == "Agenda : rendez-vous à venir"
