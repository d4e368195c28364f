"""An event of the agenda: when and where, for whom, its status; the actions it
serves and the articles that report on it."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.bases import (
    MainImageMixin,
    follow_source,
    main_image_panel,
)
from home.caching.fragments import fragment
from home.caching.page_cache import expire_page_at
from home.models import BodyPage, SitePage
from home.translation.facts import FACTS
from news.models import (
    NewsPage,
    NewsPageForm,
    localized_categories,
    sort_key,
)
from policy.models import ActionPage

from .. import calendars
from ..blocks import MaterialsBlock, OrganisersBlock
from ..structured_data import event_structured_data
from .base import EventAudience, EventSeries, EventStatus, next_midnight
from .links import EventActionLink, EventArticleLink
from .queries import with_sequence


def event_queryset(locale_id: int | None = None) -> models.QuerySet[EventPage]:
    """Live, public events ready for a listing, in start order."""
    queryset = (
        EventPage.objects.live()
        .public()
        .select_related("image", "locale", "series")
        .prefetch_related("image__renditions", "categories")
        .order_by("start", "pk")
    )
    if locale_id is not None:
        queryset = queryset.filter(locale_id=locale_id)
    return queryset


class EventPageForm(NewsPageForm):
    """Offers only the categories of the event's language (as an article's form)
    and checks the dates."""


class EventPage(RoutablePageMixin, MainImageMixin, BodyPage):
    """An event of the agenda: AlpOSS, a workshop, a network meeting. Its dates
    in Europe/Paris, its place or online address, its status, who organises it,
    and after it « what happened »; downloadable as an iCalendar file and
    described to search engines as a schema.org Event."""

    introduction = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "One or two plain sentences: shown under the title, in the agenda and "
            "in calendars."
        ),
    )
    start = models.DateTimeField(
        _("start"), help_text=_("Date and time, in the commune's time zone (Paris).")
    )
    end = models.DateTimeField(
        _("end"),
        help_text=_("Date and time. For an event over several days, its last day."),
    )
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("Tick for an event without hours: only the dates are shown."),
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The series this edition belongs to, e.g. « AlpOSS »."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_(
            "Cancelled events stay listed, marked as such, and are sent to "
            "calendars as cancelled. Rescheduled: give the new dates above and the "
            "date first announced below."
        ),
    )
    previous_start = models.DateTimeField(
        _("date first announced"),
        null=True,
        blank=True,
        help_text=_("For a rescheduled event: the start first announced."),
    )
    place_name = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("E.g. « La Rampe ».")
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_url = models.URLField(
        _("online address"),
        blank=True,
        help_text=_("For an event online or streamed: where to join it."),
    )
    accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Step-free access, hearing loop, sign-language interpreting, parking..."
        ),
    )
    organisers = StreamField(
        OrganisersBlock(),
        verbose_name=_("organisers and partners"),
        blank=True,
    )
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=EventAudience.choices,
        default=EventAudience.EVERYONE,
    )
    free = models.BooleanField(_("free"), default=True)
    price = models.DecimalField(
        _("price (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The full price, when the event is not free."),
    )
    registration_url = models.URLField(
        _("registration address"),
        blank=True,
        help_text=_("Left empty, the event is shown as « without registration »."),
    )
    categories = ParentalManyToManyField(
        "news.NewsCategory",
        verbose_name=_("categories"),
        blank=True,
        related_name="events",
        help_text=_("The news categories: residents filter the agenda by them."),
    )
    attendance = models.PositiveIntegerField(
        _("attendance"),
        null=True,
        blank=True,
        help_text=_("After the event: how many people came."),
    )
    report = models.TextField(
        _("what happened"),
        blank=True,
        max_length=2000,
        help_text=_("After the event: a few sentences on how it went."),
    )
    materials = StreamField(
        MaterialsBlock(),
        verbose_name=_("materials and replays"),
        blank=True,
    )

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    override_translatable_fields = follow_source(
        "categories", "series", *FACTS["events.EventPage"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("previous_start")]),
                FieldPanel("series"),
            ],
            heading=_("Dates and status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("locality")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("online_url"),
                FieldPanel("accessibility"),
            ],
            heading=_("Place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("free"), FieldPanel("price")]),
                FieldPanel("registration_url"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Audience and registration"),
        ),
        main_image_panel(),
        FieldPanel("body"),
        FieldPanel("organisers"),
        InlinePanel("action_links", heading=_("Actions of the master plan it serves")),
        InlinePanel("article_links", heading=_("News articles reporting on it")),
        MultiFieldPanel(
            [FieldPanel("attendance"), FieldPanel("report"), FieldPanel("materials")],
            heading=_("After the event"),
        ),
    ]
    search_fields = [
        *BodyPage.search_fields,
        index.SearchField("place_name"),
        index.SearchField("locality"),
        index.SearchField("report"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    api_fields = [
        *SitePage.api_fields,
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("status"),
        APIField("place_name"),
        APIField("street_address"),
        APIField("postal_code"),
        APIField("locality"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("online_url"),
        APIField("audience"),
        APIField("free"),
        APIField("price"),
        APIField("registration_url"),
        APIField(
            "series",
            serializer=serializers.SlugRelatedField(read_only=True, slug_field="name"),
        ),
        APIField(
            "categories",
            serializer=serializers.SlugRelatedField(
                many=True, read_only=True, slug_field="name"
            ),
        ),
        APIField("organisers"),
        APIField("body"),
        APIField("attendance"),
        APIField("report"),
        APIField("materials"),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="event_ends_after_it_starts",
            )
        ]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end cannot come before the start.")
        if not self.free and self.price is None:
            errors["price"] = _("Give the price, or tick « free ».")
        if self.free:
            self.price = None
        if self.status == EventStatus.RESCHEDULED and not self.previous_start:
            errors["previous_start"] = _(
                "Give the date first announced, or choose another status."
            )
        if not (self.place_name or self.online_url):
            errors["place_name"] = _("Give the place, or the online address.")
        if errors:
            raise ValidationError(errors)

    # --- what the templates show --------------------------------------------

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.end)

    @property
    def multi_day(self) -> bool:
        return self.local_start.date() != self.local_end.date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_on_site(self) -> bool:
        return bool(self.place_name or self.street_address)

    @property
    def location_text(self) -> str:
        parts = [
            self.place_name,
            self.street_address,
            " ".join(p for p in (self.postal_code, self.locality) if p),
        ]
        return ", ".join(p for p in parts if p)

    @property
    def organiser_list(self) -> list[dict]:
        return [b.value for b in self.organisers if b.value["role"] == "organiser"]

    @property
    def partner_list(self) -> list[dict]:
        return [b.value for b in self.organisers if b.value["role"] == "partner"]

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.over_at <= now

    @property
    def over_at(self) -> datetime.datetime:
        """The moment the event is past: its end, or the midnight after its last
        day when it lasts all day."""
        if self.all_day:
            return next_midnight(self.end)
        return self.end

    def when(self, today: datetime.date) -> str:
        """« today » or « this week », for an upcoming event; else empty."""
        start, end = self.local_start.date(), self.local_end.date()
        if start <= today <= end:
            return "today"
        monday = today - datetime.timedelta(days=today.weekday())
        if monday <= start < monday + datetime.timedelta(days=7):
            return "this-week"
        return ""

    def linked_pages(self) -> tuple[list[Page], list[Page]]:
        """The plan's actions and the news articles linked, in this page's
        language (those not translated into it are left out): two queries."""
        actions = (
            list(
                ActionPage.objects.live()
                .public()
                .filter(
                    translation_key__in=EventActionLink.objects.filter(
                        page__translation_key=self.translation_key
                    ).values("action__translation_key"),
                    locale_id=self.locale_id,
                )
                .order_by("path")
            )
            if self.pk
            else []
        )
        articles = (
            list(
                NewsPage.objects.live()
                .public()
                .filter(
                    translation_key__in=EventArticleLink.objects.filter(
                        page__translation_key=self.translation_key
                    ).values("article__translation_key"),
                    locale_id=self.locale_id,
                )
                .order_by("-date")
            )
            if self.pk
            else []
        )
        return actions, articles

    def other_editions(self) -> list[EventPage]:
        """The series' other editions in this language, by date."""
        if not self.series_id or not self.pk:
            return []
        return list(
            EventPage.objects.live()
            .public()
            .filter(
                series__translation_key=self.series.translation_key,
                locale_id=self.locale_id,
            )
            .exclude(pk=self.pk)
            .order_by("start")
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # What the event shows of other content (categories, series, actions,
        # articles, editions, form, JSON-LD), once per content generation and
        # language (afresh for a preview); whether it is over, at each render.
        context.update(
            fragment(request, lambda: self._linked_context(request), "event", self.pk)
        )
        index_page = self.get_parent().specific_deferred
        is_past = self.is_past()
        if not is_past:  # « This event is over » from its end on.
            expire_page_at(request, self.over_at)
        context.update(
            {
                "index_page": index_page,
                "index_url": index_page.get_url(request),
                "is_past": is_past,
                "ics_url": (self.get_url(request) or "") + self.reverse_subpage("ics")
                if self.pk
                else "",
            }
        )
        return context

    def _linked_context(self, request: HttpRequest) -> dict:
        own = list(self.categories.all())
        mapping = localized_categories(own, self.locale_id)
        categories = sorted(
            {c.translation_key: mapping[c.translation_key] for c in own}.values(),
            key=lambda c: sort_key(c.name),
        )
        series = self.series
        if series and series.locale_id != self.locale_id:
            series = (
                EventSeries.objects.filter(
                    translation_key=series.translation_key, locale_id=self.locale_id
                ).first()
                or series
            )
        actions, articles = self.linked_pages()
        return {
            "display_categories": categories,
            "display_series": series,
            "actions": actions,
            "articles": articles,
            "other_editions": list(self.other_editions()),
            "sign_up_form": self.sign_up_form(),
            "structured_data": event_structured_data(self, request, series),
        }

    def sign_up_form(self) -> Page | None:
        """The site's own sign-up form for this event, in the reader's language
        if it is translated: a published form page that names this event (the
        forms app's `FormPage.event`). Residents register there rather than at
        `registration_url`."""
        forms = getattr(self, "sign_up_forms", None)
        if forms is None or not self.translation_key:
            return None
        candidates = (
            forms.model.objects.live()
            .public()
            .filter(event__translation_key=self.translation_key)
        )
        return (
            candidates.filter(locale_id=self.locale_id).first()
            or candidates.order_by("pk").first()
        )

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return super().index_route(request, *args, **kwargs)

    @path("ics/", name="ics")
    def ics(self, request: HttpRequest) -> HttpResponse:
        """The event as an iCalendar file (« Add to my calendar »)."""
        event = with_sequence(EventPage.objects.filter(pk=self.pk)).first() or self
        event.locale = self.locale
        return calendars.calendar_response(
            [event],
            request,
            name=self.title,
            filename=f"{self.slug}.ics",
            language=self.locale.language_code,
        )
