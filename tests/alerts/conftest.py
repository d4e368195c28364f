"""Alert banners on top of the shared site (French home page and its English
translation), with an Arabic home page: banners made as the admin makes them
(a revision published), translated through wagtail-localize, and the clock
moved with `django.utils.timezone.now`, which the pages, the caches and
`publish_scheduled` all read."""

from __future__ import annotations

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from alerts.models import AlertBanner
from tests import tree
from tests.helpers import use_languages
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    manager,
    manager_client,
    translator,
    translator_client,
    writer,
    writer_client,
)

PARIS = ZoneInfo("Europe/Paris")
# The banner's window in the tests: 26 December 2030, all day.
START = datetime.datetime(2030, 12, 26, 0, 0, tzinfo=PARIS)
END = datetime.datetime(2030, 12, 27, 0, 0, tzinfo=PARIS)
MINUTE = datetime.timedelta(minutes=1)
TEXT_FR = "Fermeture de l'hôtel de ville le 26 décembre."
TEXT_EN = "The town hall is closed on 26 December."
TEXT_AR = "مقر البلدية مغلق يوم 26 ديسمبر."
HOME_AR = {
    "title": "مدينة الاختبار",
    "slug": "al-raisiya",
    "introduction": "السياسة الرقمية لمدينة الاختبار.",
}
# Each language's home page: (address, language).
HOMES = [("/", "fr"), ("/en/", "en"), ("/ar/", "ar")]


def at(moment: datetime.datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def trilingual(site_tree, settings, django_capture_on_commit_callbacks):
    """French, English and Arabic home pages."""
    use_languages(settings, "fr,en,ar")
    tree.translate(site_tree.home_fr, HOME_AR, "ar")
    cache.clear()
    return site_tree


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()


def make_banner(publish: bool = True, **fields) -> AlertBanner:
    """A French banner, published through a revision as the admin does."""
    values = {
        "level": AlertBanner.Level.INFORMATION,
        "text": TEXT_FR,
        "starts_at": START,
        "ends_at": END,
        **fields,
    }
    banner = AlertBanner(locale=Locale.objects.get(language_code="fr"), **values)
    banner.live = publish
    banner.save()
    revision = banner.save_revision()
    if publish:
        revision.publish()
    return AlertBanner.objects.get(pk=banner.pk)


def translate_banner(banner: AlertBanner, text: str, code: str, **values):
    return tree.translate(banner, {"text": text, **values}, code)
