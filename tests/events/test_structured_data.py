"""An event's schema.org Event JSON-LD, read as search engines read it."""

from __future__ import annotations

import pytest

from tests.events.conftest import paris
from tests.structured_data import by_type, check_json_ld

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def event_data(client, event) -> dict:
    (data,) = by_type(check_json_ld(client.get(event.url)), "Event")
    return data


def test_an_event_on_site_with_its_series_and_organisers(client, make_event, series):
    event = make_event(
        "AlpOSS 2026",
        start=paris(2026, 2, 17, 9),
        hours=9,
        series=series,
        place_name="La Rampe",
        latitude="45.146000",
        longitude="5.717000",
        organisers=[
            (
                "organiser",
                {"name": "OW2", "url": "https://www.ow2.org/", "role": "organiser"},
            ),
            ("organiser", {"name": "Une association", "url": "", "role": "partner"}),
        ],
    )
    data = event_data(client, event)
    assert data["name"] == "AlpOSS 2026"
    assert data["startDate"] == "2026-02-17T09:00:00+01:00"
    assert data["endDate"] == "2026-02-17T18:00:00+01:00"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    place = data["location"]
    assert place["@type"] == "Place"
    assert place["name"] == "La Rampe"
    assert place["address"]["@type"] == "PostalAddress"
    assert place["address"]["postalCode"] == "38130"
    assert place["geo"]["latitude"] == 45.146
    assert data["organizer"] == [
        {"@type": "Organization", "name": "OW2", "url": "https://www.ow2.org/"}
    ]
    assert data["sponsor"][0]["name"] == "Une association"
    assert data["offers"]["price"] == "0"
    assert data["offers"]["priceCurrency"] == "EUR"
    assert data["superEvent"]["@type"] == "EventSeries"
    assert data["superEvent"]["name"] == "AlpOSS"


def test_online_event_cancelled_and_paid(client, make_event):
    event = make_event(
        "Webinaire",
        place_name="",
        online_url="https://visio.example.org/webinaire",
        status="cancelled",
        free=False,
        price="5.00",
    )
    data = event_data(client, event)
    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    locations = {item["@type"] for item in data["location"]}
    assert locations == {"Place", "VirtualLocation"}
    assert data["offers"]["price"] == "5.00"
    assert data["organizer"]["@type"] == "GovernmentOrganization"


def test_rescheduled_event_gives_its_first_date(client, make_event):
    event = make_event(
        "Rencontre", status="rescheduled", previous_start=paris(2026, 4, 2, 18)
    )
    data = event_data(client, event)
    assert data["eventStatus"] == SCHEMA + "EventRescheduled"
    assert data["previousStartDate"] == "2026-04-02T18:00:00+02:00"
