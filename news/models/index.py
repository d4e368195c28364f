"""The news index of one language: listing, filters and feeds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from home.models import SitePage

from .article import NewsPage, article_queryset, in_categories
from .categories import NewsCategory, attach_categories, sort_key

ARTICLES_PER_PAGE = 12
FEED_LENGTH = 20
# ASCII digits only (int() reads other scripts' digits too), years 1000-2999.
YEAR_PATTERN = re.compile(r"^[12][0-9]{3}\Z")
SLUG_PATTERN = re.compile(r"^[-\w]{1,100}\Z")
FILTER_KEYS = ("category", "tag", "year")


@dataclass
class NewsFilters:
    """The filters of the news index, read from (and written back to) its query
    string so that a filtered listing can be shared."""

    category: NewsCategory | None = None
    tag: Tag | None = None
    year: int | None = None
    params: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.category or self.tag or self.year)

    def querystring(self, **changes: object) -> str:
        """`?category=...&tag=...` with `changes` applied (None removes a key)."""
        params = {**self.params, **{k: str(v) for k, v in changes.items() if v}}
        for key, value in changes.items():
            if not value:
                params.pop(key, None)
        return "?" + urlencode(params) if params else "?"

    def apply(self, queryset: models.QuerySet[NewsPage]) -> models.QuerySet[NewsPage]:
        if self.category:
            queryset = in_categories(queryset, [self.category.translation_key])
        if self.tag:
            queryset = queryset.filter(tagged_items__tag=self.tag)
        if self.year:
            queryset = queryset.filter(date__year=self.year)
        return queryset


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
        """Every category in this index's language (untranslated ones in their
        source language), one query."""
        by_key: dict[object, NewsCategory] = {}
        for category in NewsCategory.objects.select_related("locale"):
            current = by_key.get(category.translation_key)
            if current is None or category.locale_id == self.locale_id:
                by_key[category.translation_key] = category
        return sorted(by_key.values(), key=lambda c: sort_key(c.name))

    def parse_filters(
        self, request: HttpRequest, categories: list[NewsCategory]
    ) -> NewsFilters:
        """Read the query string; an unknown category or tag, or a year that is not
        one, is a 404 (never a 500, never a silently unfiltered list)."""
        filters = NewsFilters()
        category_slug = request.GET.get("category", "").strip()
        if category_slug:
            filters.category = next(
                (c for c in categories if c.slug == category_slug), None
            )
            if filters.category is None:
                raise Http404("Unknown category")
            filters.params["category"] = filters.category.slug
        tag_slug = request.GET.get("tag", "").strip()
        if tag_slug:
            # Checked before the query: PostgreSQL refuses NUL characters.
            if not SLUG_PATTERN.match(tag_slug):
                raise Http404("Invalid tag")
            filters.tag = Tag.objects.filter(
                slug=tag_slug, news_newspagetag_items__isnull=False
            ).first()
            if filters.tag is None:
                raise Http404("Unknown tag")
            filters.params["tag"] = filters.tag.slug
        year = request.GET.get("year", "").strip()
        if year:
            if not YEAR_PATTERN.match(year):
                raise Http404("Invalid year")
            filters.year = int(year)
            filters.params["year"] = year
        return filters

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        categories = self.category_choices()
        filters = self.parse_filters(request, categories)
        articles = self.articles()
        paginator = Paginator(filters.apply(articles), ARTICLES_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        attach_categories(page_obj.object_list, self.locale_id)
        context.update(
            {
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
                    d.year
                    for d in articles.order_by().dates("date", "year", order="DESC")
                ],
                "feeds": self.feed_links(request, filters.category),
                "noindex": filters.active or page_obj.number > 1,
            }
        )
        return context

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The listing. The filter form sends every field, chosen or not: empty
        ones are dropped with a redirect so that the address people share reads
        `?category=evenements&year=2026`."""
        if any(
            key in request.GET and not request.GET[key].strip() for key in FILTER_KEYS
        ):
            params = {key: value for key, value in request.GET.items() if value.strip()}
            query = "?" + urlencode(params) if params else ""
            return redirect(self.get_url(request) + query)
        return super().index_route(request, *args, **kwargs)

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

    def _feed(self, request: HttpRequest, kind: str, slug: str | None) -> HttpResponse:
        from ..feeds import NewsAtomFeed, NewsRssFeed

        category = None
        if slug is not None:
            category = next(
                (c for c in self.category_choices() if c.slug == slug), None
            )
            if category is None:
                raise Http404("Unknown category")
        feed_class = NewsRssFeed if kind == "rss" else NewsAtomFeed
        return feed_class(self, category)(request)

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
