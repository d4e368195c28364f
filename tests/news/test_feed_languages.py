"""News feeds follow a language added by setting (DJANGO_LANGUAGES)."""

from __future__ import annotations

import feedparser
import pytest

from tests.helpers import HOME_ES, use_languages
from tests.tree import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_index(settings, site_tree, news_index):
    use_languages(settings, "fr,en,es")
    translate(site_tree.home_fr, HOME_ES, "es")
    return translate(news_index, {"title": "Noticias", "slug": "noticias"}, "es")


def test_news_feeds_per_language(client, spanish_index, news_index, make_article):
    article = make_article("Fête du libre")
    index_es = spanish_index
    translate(article, {"title": "Fiesta del software libre", "slug": "fiesta"}, "es")
    response = client.get(index_es.url + "rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.language == "es"
    assert feed.feed.link == "http://testserver/es/noticias/"
    assert [entry.title for entry in feed.entries] == ["Fiesta del software libre"]
    french = feedparser.parse(client.get(news_index.url + "rss/").content)
    assert [entry.title for entry in french.entries] == ["Fête du libre"]
