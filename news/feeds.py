"""RSS 2.0 and Atom feeds of a news index, for all news or one category.

Django's syndication framework writes the XML (escaping, RFC 822 dates for RSS,
RFC 3339 for Atom); every link is absolute, built from the requested host.
The index serves them and hands them its articles: this module never imports it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from home.models import SiteSettings
from home.xml_text import plain_text

from .filters import NewsFilters

if TYPE_CHECKING:
    from .models import NewsCategory, NewsIndexPage, NewsPage


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index: NewsIndexPage, category: NewsCategory | None = None):
        super().__init__()
        self.index = index
        self.category = category
        self.filters = NewsFilters(category=category)
        self.request: HttpRequest | None = None
        self.language = index.locale.language_code

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.request = request
        self.settings = SiteSettings.for_request(request)
        with override(self.index.locale.language_code):
            response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=900"
        return response

    def _get_dynamic_attr(self, attname: str, obj, default=None):
        """Every value the feed writes, without the control characters XML
        cannot carry (Django's writer raises on them: a 500 for the feed).
        Django 5.2's private hook: tests/test_upgrade_guards.py."""
        value = super()._get_dynamic_attr(attname, obj, default)
        if isinstance(value, str):
            return plain_text(value)
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return [plain_text(v) for v in value]
        return value

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    def title(self) -> str:
        if self.category:
            return _("%(category)s — news of %(commune)s") % {
                "category": self.category.name,
                "commune": self.settings.commune_name,
            }
        return _("News of %(commune)s") % {"commune": self.settings.commune_name}

    def plain_description(self) -> str:
        if self.category and self.category.description:
            return self.category.description
        return self.index.introduction or self.title()

    def description(self) -> str:
        # RSS readers read the channel's <description> as HTML: escaped, as the
        # items' are.
        return escape(self.plain_description())

    def link(self) -> str:
        url = self.index.get_url(self.request)
        if self.filters.active:
            url += self.filters.querystring()
        return self.absolute(url)

    def feed_url(self) -> str:
        return self.absolute(self.request.path)

    def feed_guid(self) -> str:
        return self.feed_url()

    def author_name(self) -> str:
        return self.settings.commune_name

    def feed_copyright(self) -> str:
        return self.settings.commune_name

    def items(self) -> list[NewsPage]:
        return self.index.feed_articles(self.filters)

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        # RSS readers read <description> as HTML: the plain introduction is escaped.
        return escape(item.introduction)

    def item_link(self, item: NewsPage) -> str:
        return self.absolute(item.get_url(self.request))

    def item_guid(self, item: NewsPage) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: NewsPage) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: NewsPage) -> datetime.datetime:
        return item.modified_at

    def item_author_name(self, item: NewsPage) -> str:
        return self.settings.commune_name

    def item_enclosures(self, item: NewsPage) -> list[Enclosure]:
        """The article's image, as feed readers show it (the rendition shared
        with social networks; RSS allows one enclosure per item)."""
        rendition = item.share_rendition()
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:  # the file went missing from storage: no enclosure
            return []
        return [Enclosure(self.absolute(rendition.url), str(length), "image/jpeg")]

    def item_categories(self, item: NewsPage) -> list[str]:
        return [category.name for category in item.display_categories]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        # Atom's <subtitle> is plain text (no type="html"): not escaped twice.
        return self.plain_description()
