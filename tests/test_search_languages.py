"""Search in every configured language: on PostgreSQL, each language is stemmed
with its own rules (PostgreSQL's built-in configurations), a language it has no
stemmer for is searched word for word; a language added by setting gets its
configuration on the next `migrate`."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from home.apps import create_search_configuration
from home.locales import create_content_locales
from home.models import ContentPage
from home.search.languages import configuration_name
from home.search_text import normalise_arabic
from tests.helpers import HOME_ES, add_page, soup, use_languages
from tests.tree import translate

# Behaviour that depends on the database engine: CI runs it on SQLite and PostgreSQL.
pytestmark = pytest.mark.engine

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's full-text search has no stemmer: stemming per language "
    "is PostgreSQL's (run with DATABASE_URL=postgres://...)",
)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("fr", "french_unaccent"),
        ("en", "english_unaccent"),
        ("ar", "arabic_unaccent"),
        ("es", "spanish_unaccent"),
        ("pt-br", "portuguese_unaccent"),
        ("tr", "turkish_unaccent"),
        ("ja", "simple_unaccent"),
        (None, "simple_unaccent"),
    ],
)
def test_each_language_has_its_configuration(code, name):
    assert configuration_name(code) == name


def configurations() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def spanish(settings, site_tree):
    use_languages(settings, "fr,en,es,ja", migrate=False)
    create_content_locales()
    create_search_configuration()  # what `migrate` does after its migrations
    site_tree.home_es = translate(site_tree.home_fr, HOME_ES, "es")
    return site_tree


def results(client, language: str, query: str) -> list[str]:
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [a.get_text(strip=True) for a in soup(response).select(".search-results a")]


@pytest.mark.django_db
@needs_postgresql
def test_a_language_added_by_setting_gets_its_configuration(spanish):
    assert {"spanish_unaccent", "simple_unaccent", "french_unaccent"} <= (
        configurations()
    )


@pytest.mark.django_db
@needs_postgresql
def test_a_third_language_is_stemmed_with_its_own_rules(client, spanish):
    add_page(
        spanish.home_es,
        ContentPage(
            title="Bibliotecas públicas",
            slug="bibliotecas",
            locale=spanish.home_es.locale,
            introduction="Las bibliotecas de la ciudad prestan ordenadores.",
        ),
    )
    # Spanish stemming: « biblioteca » and « bibliotecas » share their stem;
    # accents do not matter.
    assert results(client, "es", "biblioteca publica") == ["Bibliotecas públicas"]
    # Only the reader's language is searched.
    assert results(client, "fr", "bibliotecas") == []


@pytest.mark.django_db
@needs_postgresql
def test_a_language_without_a_stemmer_is_searched_word_for_word(client, spanish):
    home_ja = translate(spanish.home_fr, {"title": "テスト市", "slug": "ja-home"}, "ja")
    add_page(
        home_ja,
        ContentPage(
            title="図書館",
            slug="toshokan",
            locale=home_ja.locale,
            introduction="市の図書館",
        ),
    )
    assert results(client, "ja", "図書館") == ["図書館"]


# Arabic: light normalisation of the indexed text and of the queries
# (home/search_text.py), on SQLite as on PostgreSQL.
SOFTWARE = "البرمجيات الحرة في المدرسة"
HOSPITAL = "مستشفى المدينة"


@pytest.fixture
def arabic(settings, site_tree):
    use_languages(settings, "fr,en,ar")
    home_ar = translate(
        site_tree.home_fr, {"title": "مدينة الاختبار", "slug": "ar-home"}, "ar"
    )
    for title, slug, introduction in (
        (
            SOFTWARE,
            "software",
            "وبالبرمجيات المفتوحة نُعلّم الأطفالَ في مكتبةِ المدينة.",
        ),
        (HOSPITAL, "hospital", "مواعيد الاستشارات كل يوم."),
    ):
        add_page(
            home_ar,
            ContentPage(
                title=title, slug=slug, locale=home_ar.locale, introduction=introduction
            ),
        )
    return site_tree


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("البرمجيات", "برمجيات"),
        ("وبالبرمجيات", "برمجيات"),
        ("للمدرسة", "مدرسه"),
        ("نُعلّم الأطفالَ", "نعلم اطفال"),
        ("برمجــيات", "برمجيات"),
        ("إسلام آمن أحمد", "اسلام امن احمد"),
        ("مستشفى", "مستشفي"),
        ("الله", "الله"),  # fewer than three letters would be left
        ("Les données", "Les données"),
    ],
)
def test_arabic_text_is_normalised(text, normalised):
    assert normalise_arabic(text) == normalised


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("برمجيات", [SOFTWARE]),
        ("البرمجيات", [SOFTWARE]),
        ("بالبرمجيات", [SOFTWARE]),
        ("وبالبرمجيات", [SOFTWARE]),
        ("برمجــيات", [SOFTWARE]),
        ("مدرسة", [SOFTWARE]),
        ("المدرسه", [SOFTWARE]),
        ("نعلم", [SOFTWARE]),
        ("الاطفال", [SOFTWARE]),
        ("أطفال", [SOFTWARE]),
        ("مكتبة", [SOFTWARE]),
        ("مستشفي", [HOSPITAL]),
        ("المستشفى", [HOSPITAL]),
        ("برمجيات مستشفى", []),
        ("رياضة", []),
    ],
)
def test_arabic_search_finds_words_with_their_article_and_variants(
    client, arabic, query, found
):
    assert results(client, "ar", query) == found
