"""What the agenda's pages share: an event's status and audience, the series
that links an event's editions (« AlpOSS »), and when a listing of events stops
being true with time alone."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)

from home.bases import (
    TranslatableSnippet,
)

if TYPE_CHECKING:
    from .event import EventPage

HOME_EVENTS = 3


def next_midnight(now: datetime.datetime) -> datetime.datetime:
    """The start of tomorrow, Paris time: when « today » and « this week » move."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time.min),
        timezone.get_default_timezone(),
    )


def next_change(
    events: list[EventPage], now: datetime.datetime, *, by_day: bool = False
) -> datetime.datetime | None:
    """When a listing of these events stops being true with time alone: the
    soonest moment one of those not over yet becomes past, and the next midnight
    too if the listing reads dates relative to today (`by_day`)."""
    moments = [e.over_at for e in events if not e.is_past(now)]
    if by_day:
        moments.append(next_midnight(now))
    return min(moments, default=None)


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    RESCHEDULED = "rescheduled", _("rescheduled")
    POSTPONED = "postponed", _("postponed, new date to come")
    CANCELLED = "cancelled", _("cancelled")
    FULL = "full", _("full")


class EventAudience(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    FAMILIES = "families", _("families")
    YOUTH = "youth", _("young people")
    SENIORS = "seniors", _("seniors")
    PROFESSIONALS = "professionals", _("professionals")
    PUBLIC_SECTOR = "public-sector", _("elected members and public agents")


class EventSeries(TranslatableSnippet):
    """Events that come back (« AlpOSS », every February): the series links its
    editions, and search engines read it as the `superEvent` of each."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=_("Left empty, it is made from the name."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences: what the series is, who runs it."),
    )
    url = models.URLField(
        _("website"), blank=True, help_text=_("The series' own site, if it has one.")
    )
    unique_per_locale = "slug"
    unique_per_locale_message = _("Another series of this language has this slug.")
    slug_from = "name"

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("url"),
    ]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_event_series_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name
