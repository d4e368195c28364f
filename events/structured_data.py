"""An event described in schema.org JSON-LD (`Event`), for search engines and
the aggregators that list what happens near residents.

- `eventStatus`: EventScheduled, EventRescheduled (with `previousStartDate`),
  EventPostponed or EventCancelled; a full event stays scheduled, its offer
  `SoldOut`;
- `eventAttendanceMode`: offline, online or mixed, from the place and the online
  address; `location` a `Place` with its `PostalAddress` (and `GeoCoordinates`),
  a `VirtualLocation`, or both;
- `organizer` (the commune when no one is named), `sponsor` for partners;
- `offers`: price 0 when free, the price in euros otherwise;
- `superEvent`: the series (« AlpOSS »).

This module imports nothing from the rest of `events` (the models call it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from home.models import commune_reference

if TYPE_CHECKING:
    from .models import EventPage, EventSeries

SCHEMA = "https://schema.org/"
STATUSES = {
    "scheduled": "EventScheduled",
    "full": "EventScheduled",
    "rescheduled": "EventRescheduled",
    "postponed": "EventPostponed",
    "cancelled": "EventCancelled",
}


def _date(event: EventPage, moment) -> str:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return local.date().isoformat() if event.all_day else local.isoformat()


def _organisation(value: dict) -> dict:
    data = {"@type": "Organization", "name": value["name"]}
    if value.get("url"):
        data["url"] = value["url"]
    return data


def event_structured_data(
    event: EventPage, request: HttpRequest, series: EventSeries | None = None
) -> dict:
    url = request.build_absolute_uri(event.get_url(request)) if event.pk else ""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.introduction,
        "startDate": _date(event, event.start),
        "endDate": _date(event, event.end),
        "eventStatus": SCHEMA + STATUSES.get(event.status, "EventScheduled"),
        "inLanguage": event.locale.language_code,
    }
    if url:
        data["url"] = url
    if event.status == "rescheduled" and event.previous_start:
        data["previousStartDate"] = _date(event, event.previous_start)
    locations = []
    if event.is_on_site:
        place: dict = {"@type": "Place", "name": event.place_name or event.locality}
        address = {
            "@type": "PostalAddress",
            "streetAddress": event.street_address,
            "postalCode": event.postal_code,
            "addressLocality": event.locality,
            "addressCountry": "FR",
        }
        place["address"] = {k: v for k, v in address.items() if v}
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.latitude),
                "longitude": float(event.longitude),
            }
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    mode = (
        "MixedEventAttendanceMode"
        if event.is_on_site and event.online_url
        else "OnlineEventAttendanceMode"
        if event.online_url
        else "OfflineEventAttendanceMode"
    )
    data["eventAttendanceMode"] = SCHEMA + mode
    organisers = [_organisation(v) for v in event.organiser_list]
    data["organizer"] = organisers if organisers else commune_reference(request)
    partners = [_organisation(v) for v in event.partner_list]
    if partners:
        data["sponsor"] = partners
    offer: dict = {
        "@type": "Offer",
        "price": "0" if event.free else f"{event.price:.2f}",
        "priceCurrency": "EUR",
        "availability": SCHEMA + ("SoldOut" if event.status == "full" else "InStock"),
        "url": event.registration_url or url,
    }
    if event.free or event.price is not None:
        data["offers"] = offer
    if event.audience and event.audience != "everyone":
        data["audience"] = {
            "@type": "Audience",
            "audienceType": str(event.get_audience_display()),
        }
    if event.image_id:
        rendition = event.image.get_rendition("fill-1200x675-c100|format-jpeg")
        data["image"] = request.build_absolute_uri(rendition.url)
    if series is not None:
        super_event: dict = {"@type": "EventSeries", "name": series.name}
        if series.url:
            super_event["url"] = series.url
        data["superEvent"] = super_event
    return data
