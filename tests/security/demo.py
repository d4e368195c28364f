"""The whole demo site, loaded into a test database, and the addresses it serves."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Page

from news.models import NewsIndexPage
from policy.models import MasterPlanPage, OpenDataPage


def load_demo_data() -> None:
    """The demo command; wagtail-localize publishes translations when the
    transaction commits, which a test's never does, so its callbacks run here."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo_data", stdout=io.StringIO())


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
