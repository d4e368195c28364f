"""iCalendar (RFC 5545) files of the agenda, written with the `icalendar` library:
one event (« Ajouter à mon agenda »), and the feeds residents subscribe to (the
whole agenda, or one category).

- UID: the event's translation key and language, so that an edited event
  replaces its earlier copy in the resident's calendar instead of doubling it
  (each language is its own calendar entry: its texts differ);
- SEQUENCE: the number of revisions the page has had, which only grows;
- DTSTAMP: the last publication; STATUS: CONFIRMED or CANCELLED;
- times in Europe/Paris with their VTIMEZONE; an all-day event as dates, its
  DTEND the day after the last one (the end is exclusive).

This module reads the events it is given and imports nothing from the rest of
`events`: the models call it."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

if TYPE_CHECKING:
    from .models import EventPage

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Vivre libre//Agenda//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(event: EventPage, host: str) -> str:
    return f"{event.translation_key}-{event.locale.language_code}@{host}"


def vevent(event: EventPage, request: HttpRequest) -> Event:
    """One VEVENT; `event.sequence` must be set (EventPage.with_sequence)."""
    host = request.get_host().split(":")[0]
    component = Event()
    component.add("uid", event_uid(event, host))
    stamp = event.last_published_at or event.first_published_at or timezone.now()
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    if event.last_published_at:
        component.add("last-modified", event.last_published_at.astimezone(datetime.UTC))
    component.add("sequence", getattr(event, "sequence", 0) or 0)
    if event.all_day:
        component.add("dtstart", event.local_start.date())
        component.add("dtend", event.local_end.date() + datetime.timedelta(days=1))
    else:
        component.add("dtstart", event.start.astimezone(PARIS))
        component.add("dtend", event.end.astimezone(PARIS))
    component.add("summary", event.title)
    description = event.introduction
    if event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        component.add("description", description)
    location = event.location_text
    if location:
        component.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        component.add("geo", (float(event.latitude), float(event.longitude)))
    url = event.get_full_url(request)
    if url:
        component.add("url", url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def calendar(
    events: Iterable[EventPage], request: HttpRequest, name: str, language: str
) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    events = list(events)
    for event in events:
        cal.add_component(vevent(event, request))
    if any(not event.all_day for event in events):
        # The time zone's rules over the years the events cover, not since 1970.
        years = [event.local_start.year for event in events]
        cal.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 2, 1, 1),
        )
    return cal


def calendar_response(
    events: Iterable[EventPage],
    request: HttpRequest,
    *,
    name: str,
    filename: str,
    language: str,
    attachment: bool = True,
) -> HttpResponse:
    """The calendar as a download (one event) or as a feed (a subscription)."""
    body = calendar(events, request, name, language).to_ical()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Content-Language"] = language
    return response
