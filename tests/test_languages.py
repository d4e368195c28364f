"""Languages are a setting (DJANGO_LANGUAGES): a third language, added without any
code, gets its locale on `migrate`, and the switcher, hreflang, the sitemap, the
feeds, the search page and the API follow. Arabic is read right to left."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import formats, translation
from wagtail.models import Locale

from home.locales import create_content_locales
from home.models import ContentPage
from home.templatetags.site_tags import compact_number
from tests.helpers import HOME_ES, add_page, soup, use_languages
from tests.tree import translate
from website.settings.languages import parse_languages

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_default_languages_are_french_and_english():
    assert parse_languages(None) == [("fr", "Français"), ("en", "English")]


def test_languages_are_named_in_their_own_language_french_first():
    assert parse_languages(" ar, es ,fr,ES,pt_br ") == [
        ("fr", "Français"),
        ("ar", "العربيّة"),
        ("es", "Español"),
        ("pt-br", "Português Brasileiro"),
    ]


@pytest.mark.parametrize("value", ["fr,en,xx", "fr,klingon", "fr,zh"])
def test_an_unknown_language_stops_the_start_up_with_its_code(value):
    with pytest.raises(ImproperlyConfigured, match="unknown language code"):
        parse_languages(value)


def test_french_cannot_be_left_out():
    with pytest.raises(ImproperlyConfigured, match="must include 'fr'"):
        parse_languages("en,ar")


@pytest.mark.engine
def test_the_migration_creates_a_locale_per_language(settings):
    Locale.objects.exclude(language_code="fr").delete()
    use_languages(settings, "fr,en,ar", migrate=False)
    migration = importlib.import_module("home.migrations.0007_content_locales")

    class SchemaEditor:
        pass

    SchemaEditor.connection = connection
    migration.create_locales(apps, SchemaEditor())
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {"fr", "en", "ar"}


@pytest.mark.engine
def test_a_language_added_later_gets_its_locale_on_the_next_migrate(settings, locales):
    use_languages(settings, "fr,en,it", migrate=False)
    assert not Locale.objects.filter(language_code="it").exists()
    call_command("migrate", verbosity=0)
    assert Locale.objects.filter(language_code="it").exists()
    assert create_content_locales() == []  # nothing twice


@pytest.fixture
def spanish(settings, site_tree):
    """The bilingual site with Spanish added by setting, its home translated."""
    use_languages(settings, "fr,en,es")
    site_tree.home_es = translate(site_tree.home_fr, HOME_ES, "es")
    return site_tree


@pytest.fixture
def french_only_page(spanish) -> ContentPage:
    return add_page(
        spanish.home_fr,
        ContentPage(title="Démarches", slug="demarches", locale=spanish.locale_fr),
    )


def test_the_switcher_and_hreflang_offer_the_third_language(client, spanish):
    response = client.get("/es/")
    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "es"
    assert document.html["dir"] == "ltr"
    assert document.h1.get_text(strip=True) == HOME_ES["title"]
    switcher = document.select("nav.languages a")
    assert [(a["hreflang"], a["href"]) for a in switcher] == [
        ("fr", "/"),
        ("en", "/en/"),
        ("es", "/es/"),
    ]
    assert switcher[2].get_text(strip=True) == "Español"
    assert switcher[2]["aria-current"] == "true"
    alternates = {
        link["hreflang"]: link["href"]
        for link in document.select("link[rel=alternate][hreflang]")
    }
    assert alternates == {
        "fr": "http://testserver/",
        "en": "http://testserver/en/",
        "es": "http://testserver/es/",
        "x-default": "http://testserver/",
    }


def test_an_untranslated_page_links_to_the_language_home_page_and_says_so(
    client, french_only_page
):
    document = soup(client.get(french_only_page.url))
    spanish = document.select_one("nav.languages a[hreflang=es]")
    assert spanish["href"] == "/es/"
    label = spanish.select_one(".visually-hidden")
    assert label["lang"] == "fr"
    assert "page d'accueil" in label.get_text()
    assert not document.select("link[rel=alternate][hreflang=es]")
    french = document.select_one("nav.languages a[hreflang=fr]")
    assert not french.select(".visually-hidden")


def test_the_sitemap_lists_the_third_language(client, spanish):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    urls = {
        url.findtext(f"{SITEMAP}loc").strip(): {
            link.get("hreflang"): link.get("href")
            for link in url.iter("{http://www.w3.org/1999/xhtml}link")
        }
        for url in tree.iter(f"{SITEMAP}url")
    }
    assert urls["http://testserver/es/"] == {
        "fr": "http://testserver/",
        "en": "http://testserver/en/",
        "es": "http://testserver/es/",
        "x-default": "http://testserver/",
    }


def test_search_answers_in_the_third_language(client, spanish):
    with translation.override("es"):
        url = reverse("search")
    assert url.startswith("/es/")
    response = client.get(url, {"q": "ciudad"})
    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "es"
    assert HOME_ES["title"] in document.select_one("main").get_text()


def test_the_api_reads_the_third_language(client, spanish):
    response = client.get("/api/v2/pages/", {"locale": "es"})
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == [HOME_ES["title"]]


@pytest.fixture
def arabic(settings, site_tree):
    use_languages(settings, "fr,en,ar")
    site_tree.home_ar = translate(
        site_tree.home_fr,
        {"title": "مدينة الاختبار", "slug": "alrayiysia"},
        "ar",
    )
    return site_tree


def test_arabic_pages_are_read_right_to_left(client, arabic):
    document = soup(client.get("/ar/"))
    assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
    arabic_link = document.select_one("nav.languages a[hreflang=ar]")
    assert arabic_link.get_text(strip=True) == "العربيّة"
    french = soup(client.get("/"))
    assert (french.html["lang"], french.html["dir"]) == ("fr", "ltr")


def test_the_admin_preview_of_an_arabic_page_is_right_to_left(arabic):
    """Previews run in the editor's language (French): the page keeps its own."""
    with translation.override("fr"):
        response = arabic.home_ar.make_preview_request()
    document = soup(response)
    assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")


@pytest.mark.parametrize(
    ("language", "date", "number"),
    [
        ("fr", "9 décembre 2021", "1\xa0234,5"),
        ("en", "9 December 2021", "1,234.5"),
        ("ar", "9 ديسمبر، 2021", "1234,5"),
        ("es", "9 de diciembre de 2021", "1\xa0234,5"),
    ],
)
def test_dates_and_numbers_are_written_the_readers_way(
    settings, language, date, number
):
    """Django's formats of each language (website/formats/ only overrides
    English's dates): a decimal comma on an Arabic page, a month in Arabic."""
    use_languages(settings, "fr,en,ar,es", migrate=False)
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override(language):
        assert formats.date_format(datetime.date(2021, 12, 9)) == date
        assert compact_number(Decimal("1234.50")) == number
