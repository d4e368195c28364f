"""Actions of the master plan: their status, progress, indicators and the news
articles that report on them (the history of their status is in `history`)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index

from home.bases import follow_source
from home.blocks import BaseStreamBlock
from home.caching.fragments import deferred
from home.models import SitePage, page_sections
from home.translation.facts import FACTS
from news.models import NewsPage

from .history import ActionStatusChange, IndicatorValueChange
from .status import PROGRESS_MAX, ActionStatus


@functools.cache
def _language_of(locale_id: int) -> str:
    return Locale.objects.get(pk=locale_id).language_code


class StatusLabelField(serializers.Field):
    """An action's status as residents read it, in the page's language (the API
    answers in no particular language)."""

    def to_representation(self, page: ActionPage) -> str:
        with translation.override(_language_of(page.locale_id)):
            return str(page.get_status_display())


class ActionPage(SitePage):
    """One action of the plan, with its own address that residents share and news
    articles cite. Communications staff update its status and progress; each new
    value that goes live is added to the history the page shows. Editors also keep
    its indicators and the articles that report on it."""

    introduction = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "What the action does, in one or two plain sentences: shown under the "
            "title and in the plan's listings."
        ),
    )
    description = StreamField(
        BaseStreamBlock(),
        verbose_name=_("description"),
        blank=True,
        help_text=_("The details: why, how, with whom."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
        help_text=_(
            "Planned means 0 % progress and done means 100 %. Each new status that "
            "goes live is added to the history residents see."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        help_text=_("From 0 to 100. Each new value that goes live enters the history."),
    )
    department = models.CharField(
        _("responsible department"),
        max_length=120,
        blank=True,
        help_text=_(
            "The department that carries the action, e.g. « Direction du numérique »."
        ),
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("When the action started or is to start."),
    )
    target_date = models.DateField(
        _("target date"),
        null=True,
        blank=True,
        help_text=_("When the action is to be done. Not before the start date."),
    )
    budget = models.DecimalField(
        _("budget (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The budget allotted, in euros. Left empty, none is shown."),
    )

    parent_page_types = ["policy.ObjectivePage"]
    subpage_types: list[str] = []
    # A translation follows the source's status, progress, dates and budget (facts,
    # copied on publish, home.translation.facts): the history is shared by the
    # translations and a translator cannot make them say something else.
    override_translatable_fields = follow_source(*FACTS["policy.ActionPage"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                FieldPanel("department"),
            ],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("target_date")]),
                FieldPanel("budget"),
            ],
            heading=_("Dates and budget"),
        ),
        FieldPanel("description"),
        InlinePanel("indicators", heading=_("Indicators")),
        InlinePanel("news_links", heading=_("News articles reporting on the action")),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("description"),
        index.SearchField("department"),
        index.FilterField("status"),
        # The editors' listing filters and sorts by these while searching.
        index.FilterField("progress"),
        index.FilterField("department"),
    ]
    api_fields = [
        *SitePage.api_fields,
        APIField("status"),
        APIField("status_label", serializer=StatusLabelField(source="*")),
        APIField("progress"),
        APIField("department"),
        APIField("start_date"),
        APIField("target_date"),
        APIField("budget"),
        APIField("description"),
        APIField("indicators"),
    ]

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def clean(self) -> None:
        super().clean()
        errors = self.status_errors()
        if errors:
            raise ValidationError(errors)

    def status_errors(self) -> dict[str, list]:
        """The rules between the status, the progress and the dates, by field,
        without a query: the edit form (through `clean`) and the update from a
        spreadsheet (policy.plan_import) check the same."""
        errors: dict[str, list] = {}
        progress = self.progress
        if progress is not None and not 0 <= progress <= PROGRESS_MAX:
            errors.setdefault("progress", []).append(
                _("Progress is a percentage, from 0 to 100.")
            )
        elif self.status == ActionStatus.DONE and progress != PROGRESS_MAX:
            errors.setdefault("progress", []).append(
                _(
                    "A done action is at 100 %: set the progress to 100 or change "
                    "the status."
                )
            )
        elif self.status == ActionStatus.PLANNED and progress:
            errors.setdefault("progress", []).append(
                _(
                    "A planned action has not started: set the progress to 0 or the "
                    "status to « in progress »."
                )
            )
        if self.start_date and self.target_date and self.target_date < self.start_date:
            errors.setdefault("target_date", []).append(
                _("The target date cannot come before the start date.")
            )
        return errors

    def history(self) -> models.QuerySet[ActionStatusChange]:
        """The status changes residents see, oldest first (by their corrected
        date), withdrawn ones included (the page says they were withdrawn);
        shared by the action's translations."""
        return (
            ActionStatusChange.objects.filter(
                action__translation_key=self.translation_key
            )
            .with_shown_values()
            .order_by("shown_on", "pk")
        )

    def indicator_history(
        self, indicators: list[ActionIndicator]
    ) -> list[IndicatorValueChange]:
        """The indicators' value changes, oldest first, shared by the action's
        translations: each named as `indicators` (the page's own, in its
        language) name it, or as it was named when it changed (an indicator
        removed since)."""
        by_key = {str(indicator.translation_key): indicator for indicator in indicators}
        entries = list(
            IndicatorValueChange.objects.filter(
                action__translation_key=self.translation_key
            ).order_by("date", "pk")
        )
        for entry in entries:
            indicator = by_key.get(str(entry.indicator_key))
            entry.shown_name = indicator.name if indicator else entry.name
            entry.shown_unit = indicator.unit if indicator else entry.unit
            entry.translated = indicator is not None
        return entries

    def news_articles(self) -> list[NewsPage]:
        """The live articles that report on the action, in the page's language
        (an article not translated into it is left out), in the editors' order."""
        links = list(self.news_links.select_related("article"))
        if not links:
            return []
        keys = [link.article.translation_key for link in links]
        found = {
            article.translation_key: article
            for article in NewsPage.objects.live()
            .public()
            .filter(translation_key__in=keys, locale_id=self.locale_id)
        }
        return [found[key] for key in dict.fromkeys(keys) if key in found]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # Read by the template's cached fragment (the description, indicators,
        # their charts, the history and the articles) only when it is not in
        # the cache: no query then.
        indicators = deferred(lambda: list(self.indicators.all()))
        context.update(
            {
                "indicators": indicators,
                "history": deferred(lambda: list(self.history())),
                "indicator_history": deferred(
                    lambda: self.indicator_history(indicators())
                ),
                # Correction reasons are written in the admin, in the source
                # language: marked as such on translations.
                "history_language": settings.LANGUAGE_CODE,
                "news_articles": deferred(self.news_articles),
                # Sections of other apps (the events that serve the action),
                # so that `policy` never imports them.
                **page_sections("action_page_sections", request, self),
            }
        )
        return context


class ActionIndicator(TranslatableMixin, Orderable):
    """A figure that measures an action: its baseline, target and latest value.
    Translatable so that the name and unit are translated with the page."""

    page = ParentalKey(
        "policy.ActionPage", related_name="indicators", on_delete=models.CASCADE
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("What is measured, e.g. « Workshops held »."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=40,
        blank=True,
        help_text=_("E.g. « % », « workshops ». Left empty for a plain count."),
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value when the action started."),
    )
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value the action aims at."),
    )
    current_value = models.DecimalField(
        _("current value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The latest measure."),
    )
    measured_on = models.DateField(
        _("measured on"),
        null=True,
        blank=True,
        help_text=_("The date of the latest measure."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("unit")]),
        FieldRowPanel(
            [FieldPanel("baseline"), FieldPanel("target"), FieldPanel("current_value")]
        ),
        FieldPanel("measured_on"),
    ]
    # The figures read the same in every language; the name and unit are translated.
    override_translatable_fields = follow_source(*FACTS["policy.ActionIndicator"])
    api_fields = [
        APIField("name"),
        APIField("unit"),
        APIField("baseline"),
        APIField("target"),
        APIField("current_value"),
        APIField("measured_on"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class ActionNewsLink(Orderable):
    """A news article that reports on the action; the article lists the action in
    turn (in the reader's language)."""

    page = ParentalKey(
        "policy.ActionPage", related_name="news_links", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="policy_action_links",
        help_text=_("Its translation is shown on translated pages."),
    )

    panels = [PageChooserPanel("article", "news.NewsPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
