"""The article body: the shared blocks plus videos that load only on request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import BaseStreamBlock

from .embeds import resolve_embed


class ClickToLoadEmbedBlock(blocks.StructBlock):
    """A video or external page shown as a link. Nothing is requested from its host
    until the reader asks: following « play here » renders the provider's player
    for that one response (see NewsPage.serve), the other link leads to the host."""

    url = blocks.URLBlock(
        label=_("Address"),
        help_text=_(
            "Address of the video or page (https). PeerTube, YouTube, Vimeo and "
            "Dailymotion videos can be played on the page; anything else is a link."
        ),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=200,
        help_text=_("What the reader will find, e.g. 'AlpOSS 2026: the opening talk'."),
    )
    description = blocks.TextBlock(
        label=_("Description"),
        required=False,
        max_length=600,
        help_text=_("Duration, language, whether subtitles or a transcript exist."),
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and not value["url"].startswith("https://"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Use a secure address (https://)."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["embed"] = resolve_embed(value["url"]) if value.get("url") else None
        return context

    class Meta:
        icon = "media"
        label = _("Video or external content")
        template = "news/blocks/embed_block.html"


class NewsStreamBlock(BaseStreamBlock):
    embed = ClickToLoadEmbedBlock()
