"""The commune's agenda: one index per language, its events, and the series
that link an event's editions (« AlpOSS »)."""

from .base import (
    HOME_EVENTS,
    EventAudience,
    EventSeries,
    EventStatus,
    next_change,
    next_midnight,
)
from .event import EventPage, EventPageForm, event_queryset
from .index import EventIndexPage
from .links import EventActionLink, EventArticleLink
from .queries import with_sequence

__all__ = [
    "HOME_EVENTS",
    "EventActionLink",
    "EventArticleLink",
    "EventAudience",
    "EventIndexPage",
    "EventPage",
    "EventPageForm",
    "EventSeries",
    "EventStatus",
    "event_queryset",
    "next_change",
    "next_midnight",
    "with_sequence",
]
