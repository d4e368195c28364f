"""The pages an event points to: the actions of the master plan it serves and
the articles that report on it; each lists the event in turn."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    PageChooserPanel,
)
from wagtail.models import Orderable


class EventActionLink(Orderable):
    """An action of the master plan the event serves; the action lists the event
    in turn (in the reader's language)."""

    page = ParentalKey(
        "events.EventPage", related_name="action_links", on_delete=models.CASCADE
    )
    action = models.ForeignKey(
        "policy.ActionPage",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="event_links",
        help_text=_("Its translation is shown on translated pages."),
    )

    panels = [PageChooserPanel("action", "policy.ActionPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("action of the master plan")
        verbose_name_plural = _("actions of the master plan")


class EventArticleLink(Orderable):
    """A news article that reports on the event; the article lists the event in
    turn (in the reader's language)."""

    page = ParentalKey(
        "events.EventPage", related_name="article_links", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="event_links",
        help_text=_("Its translation is shown on translated pages."),
    )

    panels = [PageChooserPanel("article", "news.NewsPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
