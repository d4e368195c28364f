"""Actions of the master plan: their status, progress, indicators, the news
articles that report on them, and the history of their status shown to residents."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest
from django.utils import timezone, translation
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
from home.models import SitePage
from home.translation.facts import FACTS
from news.models import NewsPage

PROGRESS_MAX = 100


class ActionStatus(models.TextChoices):
    """Closed choices: residents compare actions by them."""

    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    ABANDONED = "abandoned", _("abandoned")


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
    # copied on publish, home.facts): the history is shared by the translations and
    # a translator cannot make them say something else.
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
        if errors:
            raise ValidationError(errors)

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
        context.update(
            {
                "indicators": list(self.indicators.all()),
                "history": list(self.history()),
                # Correction reasons are written in the admin, in the source
                # language: marked as such on translations.
                "history_language": settings.LANGUAGE_CODE,
                "news_articles": self.news_articles(),
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


CORRECTION_REQUIRED = _("Choose whether the entry is corrected or withdrawn.")
REASON_REQUIRED = _("Give the reason: residents read it with the entry.")


class Correction(models.TextChoices):
    """What a manager did to a history entry published by mistake."""

    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class StatusChangeQuerySet(models.QuerySet):
    def standing(self) -> StatusChangeQuerySet:
        """The entries that still say something: not withdrawn."""
        return self.exclude(correction=Correction.WITHDRAWN)

    def with_shown_values(self) -> StatusChangeQuerySet:
        """Annotated with the date, status and progress residents read (the
        corrected ones where there are): `shown_on`, `shown_status_value`,
        `shown_progress_value`."""
        return self.annotate(
            shown_on=Coalesce("corrected_date", "date"),
            shown_status_value=Coalesce(
                NullIf("corrected_status", Value("")), "status"
            ),
            shown_progress_value=Coalesce("corrected_progress", "progress"),
        )


class ActionStatusChange(models.Model):
    """A status and progress that went live on a date: the history residents read.

    Not a child of the page: revisions and translations must not rewrite it. Written
    by the `page_published` handler (policy.signals) or the demo data.

    A manager may correct an entry published by mistake, or withdraw it, with a
    reason residents read (policy.history_admin). The published date, status and
    progress are never changed: the corrected ones are kept beside them, and each
    correction is in the admin's log."""

    action = models.ForeignKey(
        "policy.ActionPage",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="status_changes",
        help_text=_("The action whose status changed (any of its translations)."),
    )
    date = models.DateField(_("date"), help_text=_("The day the change went live."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        help_text=_("The status from that day."),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), help_text=_("The progress from that day, 0 to 100.")
    )
    correction = models.CharField(
        _("correction"),
        max_length=20,
        choices=Correction.choices,
        blank=True,
        help_text=_(
            "Empty while the entry stands as published. Corrected: residents read "
            "the corrected values with a note giving the reason. Withdrawn: "
            "residents read only that the entry was withdrawn, and why."
        ),
    )
    corrected_date = models.DateField(
        _("corrected date"),
        null=True,
        blank=True,
        help_text=_("The date shown instead of the published one; empty: unchanged."),
    )
    corrected_status = models.CharField(
        _("corrected status"),
        max_length=20,
        choices=ActionStatus.choices,
        blank=True,
        help_text=_("The status shown instead of the published one; empty: unchanged."),
    )
    corrected_progress = models.PositiveSmallIntegerField(
        _("corrected progress (%)"),
        null=True,
        blank=True,
        help_text=_(
            "The progress shown instead of the published one, 0 to 100; empty: "
            "unchanged."
        ),
    )
    correction_reason = models.TextField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_(
            "Why the entry is corrected or withdrawn, in plain words: residents "
            "read it under the entry, on every translation of the action."
        ),
    )
    corrected_at = models.DateTimeField(
        _("corrected at"),
        null=True,
        blank=True,
        help_text=_("When the latest correction was made; residents read its date."),
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who made the latest correction (the admin's log keeps them all)."),
    )

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return (
            f"{self.action.title}, {self.date}: {self.get_status_display()} "
            f"({self.progress} %)"
        )

    def save(self, *args, **kwargs) -> None:
        # Residents read the date of a correction: never without one.
        if self.correction and self.corrected_at is None:
            self.corrected_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_withdrawn(self) -> bool:
        return self.correction == Correction.WITHDRAWN

    @property
    def is_corrected(self) -> bool:
        return self.correction == Correction.CORRECTED

    # The values residents read, as `with_shown_values` computes them in SQL.
    @property
    def shown_date(self) -> datetime.date:
        return self.corrected_date or self.date

    @property
    def shown_status(self) -> str:
        if self.corrected_status:
            return self.corrected_status
        return self.status

    @property
    def shown_progress(self) -> int:
        if self.corrected_progress is not None:
            return self.corrected_progress
        return self.progress

    def get_shown_status_display(self) -> str:
        return str(ActionStatus(self.shown_status).label)

    def clean(self) -> None:
        """A correction gives its reason; a corrected entry changes something and
        reads as an action's status does (done at 100 %, planned at 0 %); a
        withdrawn one has no corrected values."""
        super().clean()
        errors: dict[str, list] = {}
        corrected_values = {
            "corrected_date": self.corrected_date,
            "corrected_status": self.corrected_status,
            "corrected_progress": self.corrected_progress,
        }
        if not self.correction:
            if self.correction_reason or any(
                value not in (None, "") for value in corrected_values.values()
            ):
                errors.setdefault("correction", []).append(CORRECTION_REQUIRED)
        elif not self.correction_reason.strip():
            errors.setdefault("correction_reason", []).append(REASON_REQUIRED)
        if self.is_withdrawn:
            for name, value in corrected_values.items():
                if value not in (None, ""):
                    errors.setdefault(name, []).append(
                        _("A withdrawn entry shows no value: leave this empty.")
                    )
        if self.is_corrected:
            progress = self.shown_progress
            if not 0 <= progress <= PROGRESS_MAX:
                errors.setdefault("corrected_progress", []).append(
                    _("Progress is a percentage, from 0 to 100.")
                )
            elif self.shown_status == ActionStatus.DONE and progress != PROGRESS_MAX:
                errors.setdefault("corrected_progress", []).append(
                    _("A done action is at 100 %: correct the progress or the status.")
                )
            elif self.shown_status == ActionStatus.PLANNED and progress:
                errors.setdefault("corrected_progress", []).append(
                    _("A planned action is at 0 %: correct the progress or the status.")
                )
            if self.corrected_date and self.corrected_date > timezone.localdate():
                errors.setdefault("corrected_date", []).append(
                    _("A change cannot be dated in the future.")
                )
            unchanged = (self.shown_date, self.shown_status, progress) == (
                self.date,
                self.status,
                self.progress,
            )
            if unchanged and not errors:
                errors.setdefault("__all__", []).append(
                    _(
                        "A correction changes the date, the status or the progress: "
                        "give at least one new value, or withdraw the entry."
                    )
                )
        if errors:
            raise ValidationError(errors)
