"""The agenda of one language (the index page of the events)."""

from __future__ import annotations

import bisect
import datetime
import functools
from itertools import groupby

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from home.caching.fragments import deferred, fragment, may_cache
from home.caching.page_cache import expire_page_at
from home.models import SitePage
from home.query_filters import without_default_fields
from news.models import (
    NewsCategory,
    attach_categories,
    sort_key,
)

from .. import calendars
from ..feeds import UpcomingEventsAtomFeed, UpcomingEventsFeed
from ..filters import FILTER_KEYS, EventFilterForm, months_of
from .base import EventAudience, next_change, next_midnight
from .event import EventPage, event_queryset
from .queries import with_sequence

# What the agenda's cached fragment shows (events/event_index_page.html).
LISTING = (
    "upcoming",
    "past_by_year",
    "event_count",
    "filter_form",
    "filters",
    "categories",
    "months",
    "audiences",
)


class EventIndexPage(RoutablePageMixin, SitePage):
    """The agenda of one language: upcoming events first, then past ones by year;
    filters by category, month and audience; iCalendar feeds of the whole agenda
    and of each category."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def events(self) -> models.QuerySet[EventPage]:
        return event_queryset(self.locale_id).child_of(self)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        if request.GET or not may_cache(request):
            # Filtered (any query string) or a preview: afresh.
            listing = self._listing(request)
            context.update(listing)
            context["fragments_off"] = True
            context["feeds"] = self.feed_links(
                request, listing["filters"].category if listing["filters"] else None
            )
            context["noindex"] = listing["filters"] is None or listing["filters"].active
            return context
        # Unfiltered: the template's fragment is keyed on the day and on how many
        # events are over, so it changes with time as well as with content; its
        # events are read only when it is not in the cache.
        now = timezone.now()
        over = self.over_moments(request)
        position = bisect.bisect_right(over, now)
        expire_page_at(
            request, min([*over[position : position + 1], next_midnight(now)])
        )
        built = functools.cache(lambda: self._listing(request, now))
        context.update(
            {name: deferred(lambda name=name: built()[name]) for name in LISTING}
        )
        context["agenda_period"] = f"{timezone.localdate(now).isoformat()}:{position}"
        context["feeds"] = self.feed_links(request)
        context["noindex"] = False
        return context

    def over_moments(self, request: HttpRequest) -> list[datetime.datetime]:
        """When each event of the agenda is over, soonest first: once per
        content generation."""
        return fragment(
            request,
            lambda: sorted(event.over_at for event in self.events()),
            "agenda-over",
            self.pk,
        )

    def _listing(
        self, request: HttpRequest, now: datetime.datetime | None = None
    ) -> dict:
        events = list(self.events())
        attach_categories(events, self.locale_id)
        categories = sorted(
            {
                c.translation_key: c
                for event in events
                for c in event.display_categories
            }.values(),
            key=lambda c: sort_key(c.name),
        )
        months = months_of(events)
        form = EventFilterForm(
            request.GET,
            categories=categories,
            months=months,
            audiences=EventAudience.choices,
        )
        filters = form.filters()
        listed = [e for e in events if filters.keeps(e)] if filters else []
        now = now or timezone.now()
        upcoming = [e for e in listed if not e.is_past(now)]
        past = sorted(
            (e for e in listed if e.is_past(now)),
            key=lambda e: e.start,
            reverse=True,
        )
        today = timezone.localdate(now)
        for event in upcoming:
            event.when_label = event.when(today)
        # « Today », « this week » and the upcoming / past split move with time.
        expire_page_at(request, next_change(upcoming, now, by_day=True))
        return {
            "upcoming": upcoming,
            "past_by_year": [
                (year, list(group))
                for year, group in groupby(past, key=lambda e: e.local_start.year)
            ],
            "event_count": len(listed),
            "filter_form": form,
            "filters": filters,
            "categories": categories,
            "months": months,
            "audiences": EventAudience.choices,
        }

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The agenda; empty filters are redirected to the address without them,
        invalid ones are a 400 page that says what is wrong."""
        query = without_default_fields(request.GET, FILTER_KEYS)
        if query is not None:
            return redirect(self.get_url(request) + query)
        response = super().index_route(request, *args, **kwargs)
        if (
            isinstance(response, TemplateResponse)
            and (response.context_data or {}).get("filters", True) is None
        ):
            response.status_code = 400
        return response

    def get_cached_paths(self) -> list[str]:
        return [
            "/",
            "/" + self.reverse_subpage("ics"),
            "/" + self.reverse_subpage("rss"),
            "/" + self.reverse_subpage("atom"),
        ]

    # --- calendars --------------------------------------------------------------

    def feed_links(
        self, request: HttpRequest, category: NewsCategory | None = None
    ) -> list[dict[str, str]]:
        """The calendars offered: the whole agenda, and the category's."""
        base = self.get_url(request) or ""
        links = [
            {
                "type": "text/calendar",
                "title": _("Agenda (iCalendar)"),
                "url": base + self.reverse_subpage("ics"),
            },
            {
                "type": "application/rss+xml",
                "title": _("Upcoming events (RSS)"),
                "url": base + self.reverse_subpage("rss"),
            },
            {
                "type": "application/atom+xml",
                "title": _("Upcoming events (Atom)"),
                "url": base + self.reverse_subpage("atom"),
            },
        ]
        if category:
            links.append(
                {
                    "type": "text/calendar",
                    "title": _("Agenda: %(category)s (iCalendar)")
                    % {"category": category.name},
                    "url": base
                    + self.reverse_subpage(
                        "category_ics", kwargs={"slug": category.slug}
                    ),
                }
            )
        return links

    def _calendar(
        self, request: HttpRequest, category: NewsCategory | None
    ) -> HttpResponse:
        events = list(with_sequence(self.events()))
        name = self.title
        filename = f"{self.slug}.ics"
        if category is not None:
            keys = {category.translation_key}
            events = [
                e
                for e in events
                if keys & {c.translation_key for c in e.categories.all()}
            ]
            name = f"{self.title} — {category.name}"
            filename = f"{self.slug}-{category.slug}.ics"
        return calendars.calendar_response(
            events,
            request,
            name=name,
            filename=filename,
            language=self.locale.language_code,
            attachment=False,
        )

    @path("ics/", name="ics")
    def ics_feed(self, request: HttpRequest) -> HttpResponse:
        return self._calendar(request, None)

    def _feed(self, request: HttpRequest, feed_class: type) -> HttpResponse:
        """A feed of the upcoming events, soonest first; it ends with the first
        of them."""
        now = timezone.now()
        events = [e for e in self.events() if not e.is_past(now)]
        expires = next_change(events, now)
        expire_page_at(request, expires)
        return feed_class(self, events, expires=expires)(request)

    @path("rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        return self._feed(request, UpcomingEventsFeed)

    @path("atom/", name="atom")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return self._feed(request, UpcomingEventsAtomFeed)

    @path("categories/<slug:slug>/ics/", name="category_ics")
    def category_ics_feed(self, request: HttpRequest, slug: str) -> HttpResponse:
        category = NewsCategory.objects.filter(
            slug=slug, locale_id=self.locale_id
        ).first()
        if category is None:
            raise Http404("Unknown category")
        return self._calendar(request, category)
