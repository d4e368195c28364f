"""The agenda's admin (event series), and its contributions to the home page,
to news articles, to the plan's actions and to the demo data, through hooks (so
that the other apps never import `events`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from home.editorial.snippet_rights import TranslatableSnippetViewSet
from home.roles import MANAGERS

from .models import (
    HOME_EVENTS,
    EventActionLink,
    EventArticleLink,
    EventIndexPage,
    EventPage,
    EventSeries,
    event_queryset,
    next_change,
)

MISSING_REPORTS_SHOWN = 20


class EventSeriesViewSet(TranslatableSnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = _("Event series")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "description"]
    add_to_admin_menu = True
    menu_order = 320


register_snippet(EventSeriesViewSet)


@hooks.register("home_page_sections")
def upcoming_events_section(request: HttpRequest, page: Page) -> dict | None:
    """The next three events of the home page's language that are not over nor
    cancelled: two queries and the images' renditions. The section expires when
    the first of them ends (the next one then takes its place)."""
    now = timezone.now()
    events = list(
        event_queryset(page.locale_id)
        .descendant_of(page)
        .filter(
            Q(all_day=False, end__gt=now)
            | Q(all_day=True, end__date__gte=timezone.localdate(now))
        )
        .exclude(status="cancelled")[:HOME_EVENTS]
    )
    if not events:
        return None
    index = EventIndexPage.objects.live().public().child_of(page).first()
    return {
        "order": 15,
        "template": "events/includes/home_events.html",
        # The news cards' styles; the badges are the site's.
        "stylesheets": ["css/news.css"],
        "events": events,
        "index": index,
        "expires": next_change(events, now),
    }


def linked_events_section(links, page) -> dict | None:
    """The events whose links (`links`, a queryset of EventArticleLink or
    EventActionLink already narrowed to `page`'s translations) name the page, in
    its language, newest first."""
    events = list(
        EventPage.objects.live()
        .public()
        .filter(
            translation_key__in=links.values("page__translation_key"),
            locale_id=page.locale_id,
        )
        .order_by("-start")
    )
    if not events:
        return None
    return {
        "template": "events/includes/linked_events.html",
        "order": 60,
        "events": events,
    }


@hooks.register("news_page_sections")
def events_reported_on(request: HttpRequest, page) -> dict | None:
    """The events an article reports on, in the article's language."""
    return linked_events_section(
        EventArticleLink.objects.filter(article__translation_key=page.translation_key),
        page,
    )


@hooks.register("action_page_sections")
def events_serving_the_action(request: HttpRequest, page) -> dict | None:
    """The events that serve an action of the master plan, in its language."""
    return linked_events_section(
        EventActionLink.objects.filter(action__translation_key=page.translation_key),
        page,
    )


@hooks.register("load_demo_data")
def load_events_demo_data() -> Path:
    """The agenda's demo content: data files read by home's loader."""
    return Path(__file__).resolve().parent / "demo_data"


class MissingReportsPanel(Component):
    """For managers, on the admin's dashboard: past events in the site's main
    language that have no « what happened » yet (neither report nor
    attendance), latest first."""

    name = "events_missing_reports"
    template_name = "events/admin/missing_reports_panel.html"
    order = 96

    def get_context_data(self, parent_context: dict) -> dict:
        events = (
            EventPage.objects.filter(
                end__lt=timezone.now(),
                report="",
                attendance__isnull=True,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .exclude(status="cancelled")
            .order_by("-start")
        )
        return {"events": list(events[:MISSING_REPORTS_SHOWN])}


def is_manager(user) -> bool:
    return user.is_superuser or user.groups.filter(name=MANAGERS).exists()


@hooks.register("construct_homepage_panels")
def add_missing_reports_panel(request: HttpRequest, panels: list) -> None:
    if is_manager(request.user):
        panels.append(MissingReportsPanel())
