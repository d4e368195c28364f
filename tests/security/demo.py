"""The addresses the whole demo site serves (tests.tree.DemoTestCase loads it)."""

from __future__ import annotations

from wagtail.models import Page

from news.models import NewsIndexPage
from policy.models import MasterPlanPage, OpenDataPage


def page_urls() -> list[str]:
    """Every live page of every language."""
    return sorted(page.url for page in Page.objects.live().filter(depth__gt=1))


def export_urls() -> dict[str, str]:
    """Feeds and exports by name, for every language: routes of routable pages."""
    urls: dict[str, str] = {}
    routes = {
        NewsIndexPage: ("rss", "atom"),
        OpenDataPage: ("dcat_jsonld", "dcat_turtle", "catalogue_csv"),
        MasterPlanPage: ("actions_csv", "actions_json"),
    }
    for model, names in routes.items():
        for page in model.objects.live():
            for name in names:
                key = f"{name} {page.locale.language_code}"
                urls[key] = page.url + page.reverse_subpage(name)
    return urls
