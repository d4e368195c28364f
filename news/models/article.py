"""News articles, their tags and the related articles editors choose."""

from __future__ import annotations

import datetime
import functools
from math import ceil

from django import forms
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.models import AbstractRendition
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.bases import MainImageMixin, follow_source, main_image_panel
from home.caching.fragments import deferred, fragment
from home.editorial.edit_forms import SitePageForm
from home.models import (
    BodyPage,
    SitePage,
    SiteSettings,
    commune_reference,
    page_sections,
    site_settings_data,
)
from home.security.csp import content_security_policy
from home.translation.facts import FACTS

from ..blocks import NewsStreamBlock
from ..embeds import EmbedTarget, resolve_embed
from ..filters import in_categories
from .categories import NewsCategory, attach_categories, localized_categories, sort_key

RELATED_COUNT = 3
# Open Graph's preferred 1.91:1 crop, in JPEG for the networks that take no WebP.
SHARE_IMAGE_SPEC = "fill-1200x630-c100|format-jpeg"
WORDS_PER_MINUTE = 200


def article_queryset(locale_id: int | None = None) -> models.QuerySet[NewsPage]:
    """Live, public articles ready for a listing: image and its renditions,
    categories prefetched; newest first."""
    queryset = (
        NewsPage.objects.live()
        .public()
        .select_related("image", "locale")
        .prefetch_related("image__renditions", "categories")
        .order_by("-date", "-pk")
    )
    if locale_id is not None:
        queryset = queryset.filter(locale_id=locale_id)
    return queryset


class NewsPageTag(TaggedItemBase):
    """Links an article to one of its free tags (taggit's shared Tag table)."""

    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPageRelatedLink(Orderable):
    """An article an editor recommends at the end of another."""

    page = ParentalKey(
        "news.NewsPage", related_name="related_links", on_delete=models.CASCADE
    )
    related = models.ForeignKey(
        "news.NewsPage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Its translation is shown on translated pages."),
    )

    panels = [PageChooserPanel("related", "news.NewsPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")


class NewsPageForm(SitePageForm):
    """Offers only the categories of the article's language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "categories" not in self.fields:
            return
        locale_id = self.instance.locale_id or (
            self.parent_page.locale_id if self.parent_page else None
        )
        if locale_id is None:
            return
        self.fields["categories"].queryset = NewsCategory.objects.filter(
            locale_id=locale_id
        )
        if self.instance.pk and not self.is_bound:
            mapping = localized_categories(self.instance.categories.all(), locale_id)
            self.initial["categories"] = [
                c.pk for c in mapping.values() if c.locale_id == locale_id
            ]


class NewsPage(MainImageMixin, BodyPage):
    """A news article: an event such as AlpOSS, an award, a new service, an
    open-data release. Listed in its language's news index, its feeds and on the
    home page; translated with wagtail-localize.

    Other apps add sections after the article (the master plan's actions it
    reports on...) with the `news_page_sections` hook, as for the home page's
    `home_page_sections`: `fn(request, page) -> dict | None`, with `template`,
    optional `order` and `stylesheets`; a fixed number of queries each."""

    introduction = models.TextField(
        _("introduction"),
        max_length=600,
        help_text=_(
            "One or two plain sentences: shown under the title, in listings, feeds "
            "and as the description search engines and social networks display."
        ),
    )
    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_(
            "The date shown to readers and used to order the news. Defaults to "
            "today; to publish later, set the go-live date in the publishing panel."
        ),
    )
    body = StreamField(
        NewsStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The article. Videos are shown as links until the reader asks."),
    )
    categories = ParentalManyToManyField(
        "news.NewsCategory",
        verbose_name=_("categories"),
        blank=True,
        related_name="articles",
        help_text=_("Residents filter the news and subscribe by category."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"),
        through=NewsPageTag,
        blank=True,
        help_text=_("Free keywords, e.g. 'AlpOSS', 'PeerTube'. Separate with commas."),
    )

    base_form_class = NewsPageForm
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    # wagtail-localize leaves many-to-many fields out unless told: translations
    # keep the source's categories, shown in the reader's language at render time.
    # The date orders the news the same way in every language.
    override_translatable_fields = follow_source("categories", *FACTS["news.NewsPage"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("date"),
        main_image_panel(),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        InlinePanel(
            "related_links",
            heading=_("Related articles"),
            max_num=RELATED_COUNT,
            help_text=_(
                "Left empty, the latest articles of the same categories are shown."
            ),
        ),
    ]
    search_fields = [*BodyPage.search_fields, index.FilterField("date")]
    api_fields = [
        *SitePage.api_fields,
        APIField("date"),
        APIField(
            "categories",
            serializer=serializers.SlugRelatedField(
                many=True, read_only=True, slug_field="name"
            ),
        ),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    # --- what the templates show ---------------------------------------------

    @property
    def published_at(self) -> datetime.datetime:
        """The publication moment: the real one when it fell on the displayed date,
        otherwise the start of that day (dates can be back-dated)."""
        tz = timezone.get_current_timezone()
        first = self.first_published_at
        if first and timezone.localtime(first, tz).date() == self.date:
            return first
        return timezone.make_aware(
            datetime.datetime.combine(self.date, datetime.time()), tz
        )

    @property
    def modified_at(self) -> datetime.datetime:
        return max(self.last_published_at or self.published_at, self.published_at)

    @property
    def updated_on_date(self) -> datetime.date | None:
        """The day of the last update readers are told about (« Mis à jour le »):
        the last publication, when it falls after the article's date."""
        if self.last_published_at is None:
            return None
        day = timezone.localdate(self.last_published_at)
        return day if day > self.date else None

    @property
    def reading_time(self) -> int:
        """Minutes a reader needs, at about 200 words a minute (never below 1)."""
        texts = [
            self.introduction,
            *self.body.stream_block.get_searchable_content(self.body),
        ]
        words = sum(len(str(text).split()) for text in texts)
        return max(1, ceil(words / WORDS_PER_MINUTE))

    def requested_embed(self, request: HttpRequest) -> tuple[str, EmbedTarget] | None:
        """The embed the reader asked to play (`?embed=<block id>`), if it exists
        and can be played on the page; anything else is ignored."""
        memo = request.__dict__.setdefault("_news_requested_embed", {})
        if self.pk not in memo:
            memo[self.pk] = self._find_embed(request.GET.get("embed", ""))
        return memo[self.pk]

    def _find_embed(self, block_id: str) -> tuple[str, EmbedTarget] | None:
        if not block_id:
            return None
        for block in self.body:
            if block.block_type == "embed" and block.id == block_id:
                target = resolve_embed(block.value["url"])
                return (block_id, target) if target.player_url else None
        return None

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().serve(request, *args, **kwargs)
        requested = self.requested_embed(request)
        if requested:
            # This response alone may frame the provider the reader asked for.
            response["Content-Security-Policy"] = content_security_policy(
                frame_src=requested[1].player_origin
            )
        return response

    def neighbours(self) -> tuple[NewsPage | None, NewsPage | None]:
        """(previous, next) article of the same index, in date order."""
        if not self.pk:  # the preview of an article not saved yet
            return None, None
        siblings = NewsPage.objects.live().public().sibling_of(self, inclusive=False)
        older = Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk)
        newer = Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)
        previous = siblings.filter(older).order_by("-date", "-pk").first()
        following = siblings.filter(newer).order_by("date", "pk").first()
        return previous, following

    def related_articles(self, categories: list[NewsCategory]) -> list[NewsPage]:
        """The editors' choice (in this language when translated), else the latest
        articles sharing a category."""
        chosen = [link.related for link in self.related_links.select_related("related")]
        queryset = article_queryset(self.locale_id).exclude(pk=self.pk)
        if chosen:
            keys = [page.translation_key for page in chosen]
            found = {
                p.translation_key: p for p in queryset.filter(translation_key__in=keys)
            }
            return [found[key] for key in keys if key in found]
        if not categories:
            return []
        keys = [category.translation_key for category in categories]
        return list(in_categories(queryset, keys)[:RELATED_COUNT])

    def structured_data(
        self,
        request: HttpRequest,
        categories: list[NewsCategory],
        tags: list[Tag],
        images: list[dict],
    ) -> dict:
        """schema.org NewsArticle; the commune is author and publisher."""
        publisher = commune_reference(request)
        if site_settings_data(request)["logo_id"]:
            logo = SiteSettings.for_request(request).logo.get_rendition(
                "max-600x60|format-png"
            )
            publisher["logo"] = {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(logo.url),
                "width": logo.width,
                "height": logo.height,
            }
        url = request.build_absolute_uri(self.get_url(request))
        data: dict = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.introduction,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": self.published_at.isoformat(),
            "dateModified": self.modified_at.isoformat(),
            "inLanguage": self.locale.language_code,
            "author": publisher,
            "publisher": publisher,
        }
        if images:
            data["image"] = [image["url"] for image in images]
        if categories:
            data["articleSection"] = [category.name for category in categories]
        if tags:
            data["keywords"] = [tag.name for tag in tags]
        return data

    def share_rendition(self) -> AbstractRendition | None:
        """The image as social networks and feed readers show it."""
        return self.image.get_rendition(SHARE_IMAGE_SPEC) if self.image else None

    def share_images(self, request: HttpRequest) -> list[dict]:
        """Absolute JPEG renditions for social networks and search engines
        (16:9, 4:3, 1:1, as Google asks)."""
        if not self.image:
            return []
        specs = [
            SHARE_IMAGE_SPEC,
            "fill-1200x900-c100|format-jpeg",
            "fill-1200x1200-c100|format-jpeg",
        ]
        renditions = self.image.get_renditions(*specs)
        return [
            {
                "url": request.build_absolute_uri(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for spec in specs
        ]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)

        def head() -> dict:
            own = list(self.categories.all())
            mapping = localized_categories(own, self.locale_id)
            categories = sorted(
                {c.translation_key: mapping[c.translation_key] for c in own}.values(),
                key=lambda c: sort_key(c.name),
            )
            images = self.share_images(request)
            tags = list(self.tags.all())
            return {
                "own": own,
                "categories": categories,
                "images": images,
                "tags": tags,
                "structured_data": self.structured_data(
                    request, categories, tags, images
                ),
            }

        # Its categories, tags, share images and JSON-LD: published content
        # alone, once per content generation (afresh for a preview).
        found = fragment(request, head, "article-head", self.pk)
        own, categories = found["own"], found["categories"]
        images, tags = found["images"], found["tags"]

        def related() -> list[NewsPage]:
            # Chosen by translation key, the same in every language; their
            # categories translated in one query.
            articles = self.related_articles(own)
            attach_categories(
                articles,
                self.locale_id,
                localized_categories(
                    [c for article in articles for c in article.categories.all()],
                    self.locale_id,
                ),
            )
            return articles

        neighbours = functools.cache(self.neighbours)
        # Its title, address and feeds are all it shows: no query for the rest.
        index_page = self.get_parent().specific_deferred
        absolute_url = request.build_absolute_uri(self.get_url(request))
        requested = self.requested_embed(request)
        context.update(
            {
                "display_categories": categories,
                "tags": tags,
                "index_page": index_page,
                "index_url": index_page.get_url(request),
                # Read by the template's cached fragment only when it is not
                # in the cache: no query then.
                "related_articles": deferred(related),
                "previous_article": deferred(lambda: neighbours()[0]),
                "next_article": deferred(lambda: neighbours()[1]),
                "share_image": images[0] if images else None,
                "absolute_url": absolute_url,
                "structured_data": found["structured_data"],
                "feeds": index_page.feed_links(request),
                # A video the reader asked for (`?embed=`), or any query
                # string: the body and the rest rendered afresh.
                "fragments_off": bool(request.GET),
                "embed_requested": requested[0] if requested else None,
                # Sections of other apps, so that `news` never imports them.
                **page_sections("news_page_sections", request, self),
            }
        )
        return context
