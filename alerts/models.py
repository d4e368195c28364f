"""The alert banner: what cannot wait (the town hall closed, a service down, a
storm warning), shown at the top of every public page between two moments.

A banner is a translatable snippet edited as drafts and moderated like a page:
writers draft and submit it, managers approve (publish) it. Published, it is
shown from `starts_at` until `ends_at`; the window and the level are the
French version's (translations follow them, `follow_source`), the text is each
language's, the French text standing in for a language not translated yet."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.locks import ScheduledForPublishLock
from wagtail.models import LockableMixin

from home.bases import DraftableTranslatableSnippet, follow_source
from home.translation.facts import FACTS


class AlertBanner(LockableMixin, DraftableTranslatableSnippet):
    """A short message for every visitor, at the top of every page, during a
    scheduled window. Not for news (an article) nor for an event (the agenda):
    for what residents must know before anything else."""

    class Level(models.TextChoices):
        INFORMATION = "information", _("Information")
        WARNING = "warning", _("Warning")
        EMERGENCY = "emergency", _("Emergency")

    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        default=Level.INFORMATION,
        help_text=_(
            "Information: a practical change (a closure, new opening hours). "
            "Warning: a service disrupted. Emergency: a danger to people (storm, "
            "flood, water unfit to drink); screen readers interrupt their reading "
            "to announce it."
        ),
    )
    text = models.CharField(
        _("text"),
        max_length=250,
        help_text=_(
            "One or two short sentences that say what happens and when, e.g. "
            "« Town hall closed on 26 December. » The page linked below gives "
            "the details."
        ),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("linked page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A page of the site that gives the details; its translation is linked "
            "on translated pages. Or give an address below."
        ),
    )
    link_url = models.URLField(
        _("link address"),
        blank=True,
        help_text=_("Or the address of another site (https://…)."),
    )
    link_text = models.CharField(
        _("link text"),
        max_length=80,
        blank=True,
        help_text=_(
            "What the link says, understandable on its own, e.g. « Opening hours "
            "of the services ». Needed with a link."
        ),
    )
    starts_at = models.DateTimeField(
        _("shown from"),
        help_text=_(
            "The moment the banner appears on every page, once a manager has "
            "published it (Paris time)."
        ),
    )
    ends_at = models.DateTimeField(
        _("shown until"),
        help_text=_("The moment it disappears from every page (Paris time)."),
    )

    # The window and the level read the same in every language: a translation
    # follows the French (home/translation/facts.py).
    override_translatable_fields = follow_source(*FACTS["alerts.AlertBanner"])

    panels = [
        FieldPanel("level"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                PageChooserPanel("link_page"),
                FieldPanel("link_url"),
                FieldPanel("link_text"),
            ],
            heading=_("Link (optional)"),
        ),
        FieldRowPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at")],
            heading=_("When it is shown"),
        ),
    ]

    class Meta(DraftableTranslatableSnippet.Meta):
        verbose_name = _("alert banner")
        verbose_name_plural = _("alert banners")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError | str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.link_page_id and self.link_url:
            errors["link_url"] = _("Give either a page of the site or an address.")
        has_link = bool(self.link_page_id or self.link_url)
        if has_link and not self.link_text.strip():
            errors["link_text"] = _("Say what the link leads to.")
        if self.link_text.strip() and not has_link:
            errors["link_text"] = _("Choose a page or give an address for this text.")
        if errors:
            raise ValidationError(errors)

    # Banners have no slug: the base's one-value-per-language rule is the
    # translation key's, which wagtail-localize already keeps unique.
    unique_per_locale = "translation_key"

    def get_lock(self):
        """Wagtail's order of locks: a scheduled publication, then a manager's
        lock, then the moderation task's (a banner in moderation is locked to
        all but the managers). `LockableMixin` comes first in the bases, so that
        a revision brought back keeps the lock as it is, and its own
        `get_lock` would stop at the manager's lock."""
        if self.approved_schedule:
            return ScheduledForPublishLock(self)
        if lock := LockableMixin.get_lock(self):
            return lock
        if task := self.current_workflow_task:
            return task.lock_class(self, task)
        return None

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "alerts/previews/banner.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict:
        """The banner as the pages show it (alerts/banners.html), in the
        editor's language around it."""
        context = super().get_preview_context(request, mode_name)
        url = self.link_url
        if self.link_page_id:
            url = self.link_page.get_url(request) or ""
        language = self.locale.language_code if self.locale_id else ""
        shown = translation.get_language()
        bidi = translation.get_language_info(language or shown)["bidi"]
        context["preview_banners"] = [
            {
                "level": self.level,
                "text": self.text,
                "link_url": url,
                "link_text": self.link_text if url else "",
                "lang": language if language != shown else "",
                "dir": "rtl" if bidi else "ltr",
            }
        ]
        return context


class AnnouncedBanner(models.Model):
    """A banner row the caches were last told the pages show, with its live
    revision (alerts.banners.announce): bookkeeping, not edited by anyone."""

    # Plain numbers, not links: a deleted banner stays recorded until the next
    # announcement, which then sees that it is gone.
    banner_id = models.PositiveIntegerField()
    revision_id = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("announced banner")
        verbose_name_plural = _("announced banners")

    def __str__(self) -> str:
        return f"{self.banner_id}@{self.revision_id}"
