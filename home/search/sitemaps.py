"""/sitemap.xml for every language, not only the active one.

Wagtail's own sitemap walks the tree of the active language's home page, so the
English pages (under /en/) never appeared. This one lists the live public pages
under each locale's home page of the current site, with the other languages'
versions as hreflang alternates, in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLocalesSitemap(Sitemap):
    """Absolute URLs on the host that was asked (like the canonical links)."""

    def items(self):
        site = self.get_wagtail_site()
        homes = Page.objects.filter(translation_key=site.root_page.translation_key)
        paths = [home.path for home in homes.only("path")]
        if not paths:
            return Page.objects.none()
        return (
            Page.objects.live()
            .public()
            .filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
            .select_related("locale")
            .order_by("path")
        )

    def _absolute(self, page: Page) -> str | None:
        url = page.get_url(self.request)
        if not url:
            return None
        return self.request.build_absolute_uri(url) if self.request else url

    # Replaces Wagtail 8.0.1's (Django's private) `_urls`: tests/test_upgrade_guards.py.
    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        locations = {item.pk: self._absolute(item) for item in pages}
        versions: dict = defaultdict(list)
        for item in pages:
            if locations[item.pk]:
                versions[item.translation_key].append(item)

        urls = []
        last_mods = set()
        for item in pages:
            location = locations[item.pk]
            if not location:
                continue
            lastmod = item.last_published_at or item.latest_revision_created_at
            url_info = {"item": item, "location": location, "lastmod": lastmod}
            translations = versions[item.translation_key]
            if len(translations) > 1:
                alternates = [
                    {
                        "lang_code": version.locale.language_code,
                        "location": locations[version.pk],
                    }
                    for version in translations
                ]
                default = next(
                    (
                        alternate
                        for alternate in alternates
                        if alternate["lang_code"] == settings.LANGUAGE_CODE
                    ),
                    None,
                )
                if default:
                    alternates.append(
                        {"lang_code": "x-default", "location": default["location"]}
                    )
                url_info["alternates"] = alternates
            urls.append(url_info)
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
