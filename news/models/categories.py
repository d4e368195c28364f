"""News categories: translatable snippets residents filter and subscribe by."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from home.bases import TranslatableSnippet

if TYPE_CHECKING:
    from .article import NewsPage


class NewsCategory(TranslatableSnippet):
    """A theme articles are filed under (« Événements », « Données ouvertes »...).
    Residents filter the news and subscribe to a feed per category; translators
    translate each category once. Revisions but no drafts: a taxonomy goes live
    on save."""

    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("Shown on articles, in the filters and in the feed titles."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_(
            "Used in addresses (filters and feeds). Left empty, it is made from the "
            "name. Changing it breaks the links residents have saved."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=400,
        help_text=_("One sentence saying what the category covers."),
    )
    unique_per_locale = "slug"
    unique_per_locale_message = _("Another category of this language has this slug.")
    slug_from = "name"

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableSnippet.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_news_category_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


def sort_key(text: str) -> str:
    """Alphabetical order that puts « Événements » among the E's."""
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    )


def localized_categories(
    categories: Iterable[NewsCategory], locale_id: int
) -> dict[object, NewsCategory]:
    """Map each category's translation_key to its version in `locale_id` (or to
    itself when not yet translated), with one query whatever their number."""
    categories = list(categories)
    mapping: dict[object, NewsCategory] = {c.translation_key: c for c in categories}
    # Those already in that language need no look-up.
    keys = {c.translation_key for c in categories if c.locale_id != locale_id}
    if keys:
        mapping.update(
            (c.translation_key, c)
            for c in NewsCategory.objects.filter(
                translation_key__in=keys, locale_id=locale_id
            )
        )
    return mapping


def attach_categories(
    articles: Iterable[NewsPage],
    locale_id: int,
    mapping: dict[object, NewsCategory] | None = None,
) -> None:
    """Set `display_categories` on each article: its categories in the reader's
    language (wagtail-localize copies the source's choices into translations).
    The articles' `categories` must be prefetched; `mapping`, from
    localized_categories, when the caller already has it."""
    articles = list(articles)
    if mapping is None:
        mapping = localized_categories(
            (c for article in articles for c in article.categories.all()), locale_id
        )
    for article in articles:
        shown = {
            c.translation_key: mapping[c.translation_key]
            for c in article.categories.all()
        }
        article.display_categories = sorted(
            shown.values(), key=lambda c: sort_key(c.name)
        )
