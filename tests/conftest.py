"""Shared fixtures: the two languages, a site whose French home page has an English
translation made the way translators make it (wagtail-localize), and helpers to
read pages as residents get them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from home.demo.translation import publish_translation
from home.models import HomePage
from tests.helpers import HOME_EN, HOME_FR, add_page


@dataclass
class SiteTree:
    site: Site
    home_fr: HomePage
    home_en: HomePage
    locale_fr: Locale
    locale_en: Locale


@pytest.fixture
def locales(db) -> tuple[Locale, Locale]:
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return french, english


@pytest.fixture
def site_tree(locales, django_capture_on_commit_callbacks) -> SiteTree:
    """The default site serving a French HomePage, translated into English; Wagtail's
    welcome page removed (its slug `home` is the English one's)."""
    french, english = locales
    root = Page.get_first_root_node()
    home = HomePage(locale=french, **HOME_FR)
    add_page(root, home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = "Ville de test"
    site.save()
    Page.objects.filter(
        depth=2, content_type=ContentType.objects.get_for_model(Page)
    ).delete()
    # wagtail-localize publishes translations once the transaction commits; a
    # test's transaction never does, so its callbacks are run here.
    with django_capture_on_commit_callbacks(execute=True):
        home_en = publish_translation(home, HOME_EN, "en")
    home_en.refresh_from_db()
    return SiteTree(site, HomePage.objects.get(pk=home.pk), home_en, french, english)


@pytest.fixture
def home(site_tree) -> HomePage:
    return site_tree.home_fr
