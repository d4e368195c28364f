"""The demo's Arabic translation (home/demo_data/translations/ar.toml): published
only when Arabic is among the languages, read right to left, dates written the
Arabic way, and saying it is a demonstration translation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.test import TestCase, override_settings
from wagtail.models import Locale, Page, Site

from home.apps import create_search_configuration
from home.demo.loader import (
    DemoDataError,
    DemoLoader,
    Entry,
    read_file,
    read_translations,
)
from home.locales import create_content_locales
from tests.helpers import soup, use_languages
from website.settings.languages import content_languages, parse_languages

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
ARABIC = ROOT / "home/demo_data/translations/ar.toml"
ARTICLE = "premier-label-territoire-numerique-libre"
ARTICLE_AR = "/ar/al-akhbar/awwal-alama-iqlim-raqmi-hurr/"
CONTACT_AR = "/ar/ittisal/"
DEMO_NOTE = "ترجمة تجريبية"


def loaded_translations(loader: DemoLoader) -> list:
    """The Arabic entries of what the fixture loaded (the file also translates
    the plan, the awards and the catalogue, which it does not load)."""
    return [
        entry
        for entry in read_translations(ARABIC)
        if entry.data["key"] in loader.objects
    ]


def make_loader() -> DemoLoader:
    """The French home page, the news section and one article of the demo
    data, and the contact form the Contact page links to, served by the default
    site; the loader that made them (Arabic among the languages, and its
    locale, are the caller's)."""
    Page.objects.filter(
        depth=2, content_type=ContentType.objects.get_for_model(Page)
    ).delete()
    user = get_user_model().objects.create_superuser("demo", "demo@example.org", "x")
    loader = DemoLoader(user)
    entries = [
        *read_file(ROOT / "home/demo_data/pages.toml"),
        *read_file(ROOT / "news/demo_data/section.toml"),
        *(
            entry
            for entry in read_file(ROOT / "news/demo_data/articles.toml")
            if entry.key == ARTICLE
        ),
        *(
            entry
            for entry in read_file(ROOT / "contact/demo_data/forms.toml")
            if entry.key == "contact-form"
        ),
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        loader.create(entries)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": loader.objects["home"]},
    )
    return loader


def load_in_arabic(entries: list[Entry]) -> dict[str, tuple[str, int]]:
    """`entries` loaded on top of `make_loader`'s pages, then the Arabic
    translation of all of it, with Arabic among the languages (for a shared
    layer: the settings are restored when it is built). The loaded objects'
    models and primary keys, by key."""
    languages = parse_languages("fr,en,ar")
    with override_settings(
        LANGUAGES=languages, WAGTAIL_CONTENT_LANGUAGES=content_languages(languages)
    ):
        create_content_locales()
        create_search_configuration()
        loader = make_loader()
        with TestCase.captureOnCommitCallbacks(execute=True):
            loader.create(entries)
            loader.translate_into("ar", loaded_translations(loader))
    return {
        key: (obj._meta.label, obj.pk)
        for key, obj in loader.objects.items()
        if key != "root"
    }


@dataclass
class Loaded:
    """What `load_in_arabic` loaded, read afresh, by key."""

    objects: dict[str, Model]


def read_loaded(keys: dict[str, tuple[str, int]], settings) -> Loaded:
    """The objects `load_in_arabic` loaded, read afresh, with Arabic among the
    languages of the test (pytest-django's `settings`)."""
    use_languages(settings, "fr,en,ar")
    return Loaded(
        {
            key: apps.get_model(label).objects.get(pk=pk)
            for key, (label, pk) in keys.items()
        }
    )


@pytest.fixture
def loader(settings, locales) -> DemoLoader:
    """The French home page, the news section and one article of the demo
    data, with Arabic among the languages."""
    use_languages(settings, "fr,en,ar")
    return make_loader()


def test_the_arabic_demo_pages_read_right_to_left(
    client, loader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        loader.translate_into("ar", loaded_translations(loader))
    arabic = Locale.objects.get(language_code="ar")
    assert loader.objects["home"].get_translation(arabic).live
    for url in ("/ar/", "/ar/al-akhbar/", ARTICLE_AR, CONTACT_AR):
        response = client.get(url)
        assert response.status_code == 200, url
        document = soup(response)
        assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
        assert DEMO_NOTE in document.select_one("main").get_text(), url
    article = soup(client.get(ARTICLE_AR))
    assert article.h1.get_text(strip=True) == "أول علامة «إقليم رقمي حر»: المستوى 4"
    # Dates in Arabic: the month's Arabic name, Django's Arabic date format.
    dates = [time.get_text(strip=True) for time in article.select("main time")]
    assert "9 ديسمبر، 2021" in dates
    # The article's categories are read in Arabic too.
    assert "علامات وجوائز" in article.select_one("main").get_text()
    # The Contact page reads in Arabic and leads to the Arabic contact form.
    contact = soup(client.get(CONTACT_AR))
    assert contact.h1.get_text(strip=True) == "اتصل بنا"
    links = [a["href"] for a in contact.select("main a")]
    assert "/ar/murasalat-mudiriyat-al-raqmi/" in links
    assert "mailto:dpo@ville-echirolles.example" in links
    # Loading again changes nothing.
    count = Page.objects.count()
    loader.translate_into("ar", loaded_translations(loader))
    assert Page.objects.count() == count


def test_a_translation_that_does_not_pair_names_its_file_and_entry(tmp_path, loader):
    path = tmp_path / "ar.toml"
    path.write_text(
        f'[[translation]]\nkey = "{ARTICLE}"\ntitle = "عنوان"\n\n'
        '[[translation.body]]\ntype = "heading"\ntext = "عنوان وحيد"\n',
        encoding="utf-8",
    )
    with pytest.raises(
        DemoDataError, match=f"ar.toml, translation « {ARTICLE} »: does not pair"
    ):
        loader.translate_into("ar", read_translations(path))


def test_an_unknown_key_is_named(tmp_path, loader):
    path = tmp_path / "ar.toml"
    path.write_text('[[translation]]\nkey = "nowhere"\ntitle = "لا"\n')
    with pytest.raises(DemoDataError, match="unknown key « nowhere »"):
        loader.translate_into("ar", read_translations(path))
