"""The translatable menus (header and footer) and their links, resolved in the
reader's language."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from home.bases import (
    DraftableTranslatableSnippet,
    follow_source,
)
from home.blocks import (
    LinkBlock,
)
from home.translation.menus import MenuTranslationsPanel


class Menu(DraftableTranslatableSnippet, ClusterableModel):
    """A navigation menu of one language: the header's main menu or the footer's.
    Edited as drafts, previewed and scheduled like a page."""

    class Location(models.TextChoices):
        MAIN = "main", _("Main menu (header)")
        FOOTER = "footer", _("Footer menu")

    location = models.CharField(
        _("location"),
        max_length=20,
        choices=Location.choices,
        help_text=_("Where the menu is shown. One menu per location and language."),
    )
    items = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("links"),
        blank=True,
        help_text=_("Pages are followed into the reader's language when translated."),
    )
    unique_per_locale = "location"
    # A translated menu stands at its source's place (one per place and language).
    override_translatable_fields = follow_source("location")
    unique_per_locale_message = _("This language already has a menu at this location.")

    panels = [
        FieldPanel("location"),
        FieldPanel("items"),
        MenuTranslationsPanel(heading=_("Translations of the entries")),
        PublishingPanel(),
    ]

    class Meta(DraftableTranslatableSnippet.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "locale"], name="unique_menu_location_per_locale"
            )
        ]

    def __str__(self) -> str:
        # A menu being previewed before its first save has no locale yet.
        if not self.locale_id:
            return str(self.get_location_display())
        return f"{self.get_location_display()} ({self.locale})"

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "home/previews/menu.html"


def resolve_links(
    stream,
    locale_id: int,
    request: HttpRequest | None = None,
    text_locale_id: int | None = None,
) -> list[dict]:
    """Turn a stream of LinkBlocks into [{"url", "text", "page", "language",
    "text_language"}], following each page to its translation in `locale_id`
    when it is live, with one query for all (two when a page is not translated).

    A page not translated into `locale_id` is linked in its own language:
    `language` is then its language code (for `hreflang`), else None.
    `text_language` is the language of `text` when it is not `locale_id`'s: the
    page's title, or the block's own text when the stream is written in
    `text_locale_id` (a menu borrowed from another language)."""
    pages = [block.value["page"] for block in stream if block.value.get("page")]
    translated: dict = {}
    if pages:
        for page in Page.objects.live().filter(
            translation_key__in=[p.translation_key for p in pages], locale_id=locale_id
        ):
            translated[page.translation_key] = page
    codes: dict[int, str] = {}
    text_locale_id = text_locale_id or locale_id

    def code(other_locale_id: int) -> str | None:
        if other_locale_id == locale_id:
            return None
        if not codes:
            codes.update(Locale.objects.values_list("pk", "language_code"))
        return codes.get(other_locale_id)

    links = []
    for block in stream:
        page = block.value.get("page")
        own_text = block.value.get("text")
        if page is not None:
            page = translated.get(page.translation_key, page if page.live else None)
            if page is None:
                continue
            links.append(
                {
                    "url": page.get_url(request),
                    "text": own_text or page.title,
                    "page": page,
                    "language": code(page.locale_id),
                    "text_language": code(
                        text_locale_id if own_text else page.locale_id
                    ),
                }
            )
        elif block.value.get("url"):
            links.append(
                {
                    "url": block.value["url"],
                    "text": own_text,
                    "page": None,
                    "language": None,
                    "text_language": code(text_locale_id),
                }
            )
    return links
