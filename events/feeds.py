"""The RSS 2.0 and Atom feeds of the agenda's upcoming events, for feed readers
(calendar applications subscribe to the iCalendar feed instead).

Django's syndication framework writes the XML; every link is absolute. The
agenda serves it and hands it its events: this module never imports it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from home.caching.generation import seconds_until
from home.models import SiteSettings
from home.xml_text import plain_text

if TYPE_CHECKING:
    from .models import EventIndexPage, EventPage

MAX_AGE = 900


class UpcomingEventsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(
        self,
        index: EventIndexPage,
        events: list[EventPage],
        expires: datetime.datetime | None = None,
    ):
        super().__init__()
        self.index = index
        self.events = events
        self.expires = expires
        self.request: HttpRequest | None = None
        self.language = index.locale.language_code

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.request = request
        self.settings = SiteSettings.for_request(request)
        with override(self.index.locale.language_code):
            response = super().__call__(request, *args, **kwargs)
        # Feed readers may keep it a quarter of an hour, not past an event's end.
        max_age = MAX_AGE
        if self.expires is not None:
            max_age = min(max_age, seconds_until(self.expires))
        response["Cache-Control"] = f"public, max-age={max_age}"
        return response

    def title(self) -> str:
        return _("%(agenda)s: upcoming events") % {"agenda": self.index.title}

    def link(self) -> str:
        return self.request.build_absolute_uri(self.index.get_url(self.request))

    def plain_description(self) -> str:
        return plain_text(self.index.introduction or self.title())

    def description(self) -> str:
        # Read as HTML by RSS readers: escaped, as the items' are.
        return escape(self.plain_description())

    def feed_url(self) -> str:
        return self.request.build_absolute_uri(self.request.path)

    def feed_guid(self) -> str:
        return self.feed_url()

    def author_name(self) -> str:
        return self.settings.commune_name

    def items(self) -> list[EventPage]:
        return self.events

    def item_title(self, item: EventPage) -> str:
        when = formats.date_format(item.local_start, "DATE_FORMAT")
        return plain_text(f"{item.title} — {when}")

    def item_description(self, item: EventPage) -> str:
        return escape(plain_text(item.introduction))

    def item_link(self, item: EventPage) -> str:
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_guid(self, item: EventPage) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: EventPage) -> datetime.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: EventPage) -> datetime.datetime | None:
        return item.last_published_at


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        # Atom's <subtitle> is plain text (no type="html"): not escaped twice.
        return self.plain_description()
