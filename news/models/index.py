"""The news index of one language: listing, filters and feeds."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from home.caching.fragments import deferred, may_cache
from home.models import SitePage
from home.query_filters import without_default_fields

from ..feeds import NewsAtomFeed, NewsRssFeed
from ..filters import FILTER_KEYS, NewsFilterForm, NewsFilters
from .article import NewsPage, article_queryset
from .categories import NewsCategory, attach_categories, sort_key

ARTICLES_PER_PAGE = 12
# What the index's cached fragment shows (news/news_index_page.html).
LISTING = ("articles", "paginator", "filters", "categories", "tags", "years")
FEED_LENGTH = 20


class NewsIndexPage(RoutablePageMixin, SitePage):
    """The news section of one language: the articles newest first, filters by
    category, tag and year, and the RSS and Atom feeds residents subscribe to."""

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    # --- listing -------------------------------------------------------------

    def articles(self) -> models.QuerySet[NewsPage]:
        return article_queryset(self.locale_id).child_of(self)

    def category_choices(self) -> list[NewsCategory]:
        """Every category in this index's language (untranslated ones in the
        source language, never in a third one), one query."""

        def preference(category: NewsCategory) -> int:
            if category.locale_id == self.locale_id:
                return 2
            return int(category.locale.language_code == settings.LANGUAGE_CODE)

        by_key: dict[object, NewsCategory] = {}
        for category in NewsCategory.objects.select_related("locale"):
            current = by_key.get(category.translation_key)
            if current is None or preference(category) > preference(current):
                by_key[category.translation_key] = category
        return sorted(by_key.values(), key=lambda c: sort_key(c.name))

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        if request.GET or not may_cache(request):
            # Filtered or paged (any query string) or a preview: afresh.
            listing = self._listing(request)
            context.update(listing)
            context["fragments_off"] = True
            context["feeds"] = self.feed_links(request, listing["filters"].category)
            context["noindex"] = (
                listing["filters"].active or listing["articles"].number > 1
            )
            return context
        # The first page, unfiltered: its filters and articles are read by the
        # template's cached fragment only when it is not in the cache.
        built = functools.cache(lambda: self._listing(request))
        context.update(
            {name: deferred(lambda name=name: built()[name]) for name in LISTING}
        )
        context["feeds"] = self.feed_links(request)
        context["noindex"] = False
        return context

    def _listing(self, request: HttpRequest) -> dict:
        categories = self.category_choices()
        filters = NewsFilterForm(request.GET, categories=categories).filters()
        articles = self.articles()
        paginator = Paginator(filters.apply(articles), ARTICLES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        attach_categories(page_obj.object_list, self.locale_id)
        return {
            "articles": page_obj,
            "paginator": paginator,
            "filters": filters,
            "categories": categories,
            "tags": Tag.objects.filter(
                news_newspagetag_items__content_object__in=articles.order_by()
            )
            .distinct()
            .order_by("name"),
            "years": [
                d.year for d in articles.order_by().dates("date", "year", order="DESC")
            ],
        }

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The listing; a query string with empty filters is redirected to the
        one without them, the address people share."""
        query = without_default_fields(request.GET, FILTER_KEYS)
        if query is not None:
            return redirect(self.get_url(request) + query)
        return super().index_route(request, *args, **kwargs)

    def get_cached_paths(self) -> list[str]:
        """What a frontend cache must forget when the listing changes: the page
        and its feeds (home/caching/frontend.py purges them when an article is
        published)."""
        return [
            "/",
            "/" + self.reverse_subpage("rss"),
            "/" + self.reverse_subpage("atom"),
        ]

    # --- feeds -----------------------------------------------------------------

    def feed_links(
        self, request: HttpRequest, category: NewsCategory | None = None
    ) -> list[dict[str, str]]:
        """The feeds announced in the page head: all news, and the category's."""
        base = self.get_url(request) or ""
        links = [
            {
                "type": "application/rss+xml",
                "title": _("News (RSS)"),
                "url": base + self.reverse_subpage("rss"),
            },
            {
                "type": "application/atom+xml",
                "title": _("News (Atom)"),
                "url": base + self.reverse_subpage("atom"),
            },
        ]
        if category:
            kwargs = {"slug": category.slug}
            links += [
                {
                    "type": "application/rss+xml",
                    "title": _("News: %(category)s (RSS)")
                    % {"category": category.name},
                    "url": base + self.reverse_subpage("category_rss", kwargs=kwargs),
                },
                {
                    "type": "application/atom+xml",
                    "title": _("News: %(category)s (Atom)")
                    % {"category": category.name},
                    "url": base + self.reverse_subpage("category_atom", kwargs=kwargs),
                },
            ]
        return links

    def feed_articles(self, filters: NewsFilters) -> list[NewsPage]:
        """The latest articles a feed carries, their categories attached."""
        articles = list(filters.apply(self.articles())[:FEED_LENGTH])
        attach_categories(articles, self.locale_id)
        return articles

    def _feed(self, request: HttpRequest, kind: str, slug: str | None) -> HttpResponse:
        data = {"category": slug} if slug is not None else {}
        form = NewsFilterForm(data, categories=self.category_choices())
        feed_class = NewsRssFeed if kind == "rss" else NewsAtomFeed
        return feed_class(self, form.filters().category)(request)

    @path("rss/", name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        return self._feed(request, "rss", None)

    @path("atom/", name="atom")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return self._feed(request, "atom", None)

    @path("categories/<slug:slug>/rss/", name="category_rss")
    def category_rss_feed(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._feed(request, "rss", slug)

    @path("categories/<slug:slug>/atom/", name="category_atom")
    def category_atom_feed(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._feed(request, "atom", slug)
