"""RSS and Atom feeds, read with a real feed parser."""

from __future__ import annotations

import datetime
import time

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models.index import FEED_LENGTH

pytestmark = pytest.mark.django_db

HOSTILE = 'Fête </title><script>alert("x")</script> & <b>co</b> ]]>'


@pytest.fixture
def articles(make_article, categories):
    events, labels = categories["evenements"], categories["labels-et-prix"]
    return [
        make_article(
            "AlpOSS 2024", date=datetime.date(2024, 2, 8), categories=[events]
        ),
        make_article("Label Or", date=datetime.date(2025, 12, 4), categories=[labels]),
        make_article(
            "AlpOSS 2026", date=datetime.date(2026, 2, 18), categories=[events, labels]
        ),
    ]


def parse(client, url: str, content_type: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert not response.cookies
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(
    ("suffix", "content_type", "version"),
    [
        ("rss/", "application/rss+xml", "rss20"),
        ("atom/", "application/atom+xml", "atom10"),
    ],
)
def test_all_news_feed(client, news_index, articles, suffix, content_type, version):
    feed = parse(client, news_index.url + suffix, content_type)
    assert feed.version == version
    assert "Ville d'Échirolles" in feed.feed.title
    assert feed.feed.link == "http://testserver/actualites/"
    assert feed.feed.language == "fr"
    assert [entry.title for entry in feed.entries] == [
        "AlpOSS 2026",
        "Label Or",
        "AlpOSS 2024",
    ]
    newest = feed.entries[0]
    assert newest.link == "http://testserver" + articles[2].url
    assert newest.id == newest.link
    assert newest.summary == articles[2].introduction
    published = newest.get("published_parsed") or newest.get("updated_parsed")
    assert time.strftime("%Y-%m-%d", published) in {"2026-02-18", "2026-02-17"}
    assert [tag.term for tag in newest.tags] == ["Événements", "Labels et prix"]
    [image] = newest.enclosures
    assert image.href.startswith("http://testserver/media/images/")
    assert image.type == "image/jpeg"
    assert int(image.length) > 0


def test_rss_dates_are_rfc_822_and_atom_dates_rfc_3339(client, news_index, articles):
    rss = client.get(news_index.url + "rss/").content.decode()
    assert "<pubDate>Wed, 18 Feb 2026 00:00:00 +0100</pubDate>" in rss
    atom = client.get(news_index.url + "atom/").content.decode()
    assert "<published>2026-02-18T00:00:00+01:00</published>" in atom


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed(client, news_index, articles, kind):
    feed = parse(
        client, f"{news_index.url}categories/labels-et-prix/{kind}/", "application/"
    )
    assert [entry.title for entry in feed.entries] == ["AlpOSS 2026", "Label Or"]
    assert "Labels et prix" in feed.feed.title
    assert feed.feed.link == "http://testserver/actualites/?category=labels-et-prix"


@pytest.mark.parametrize(
    "suffix",
    ["categories/inconnue/rss/", "categories/inconnue/atom/", "rss/extra/", "json/"],
)
def test_unknown_feeds_are_404(client, news_index, articles, suffix):
    assert client.get(news_index.url + suffix).status_code == 404


def test_english_feed(
    client, news_index_en, articles, categories_en, translate, make_article
):
    translate(articles[2], {"title": "AlpOSS 2026 in English", "slug": "alposs-2026"})
    feed = parse(client, news_index_en.url + "rss/", "application/rss+xml")
    assert feed.feed.language == "en"
    assert [entry.title for entry in feed.entries] == ["AlpOSS 2026 in English"]
    assert feed.entries[0].link == "http://testserver/en/news/alposs-2026/"
    assert [tag.term for tag in feed.entries[0].tags] == ["Awards and labels", "Events"]
    feed = parse(
        client, news_index_en.url + "categories/events/atom/", "application/atom+xml"
    )
    assert [entry.title for entry in feed.entries] == ["AlpOSS 2026 in English"]


def test_drafts_are_not_in_feeds(client, news_index, make_article):
    make_article("Brouillon", publish=False)
    assert parse(client, news_index.url + "rss/", "application/rss+xml").entries == []


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_titles_and_introductions_are_escaped(client, make_article, news_index, kind):
    make_article(HOSTILE, introduction=HOSTILE)
    response = client.get(f"{news_index.url}{kind}/")
    raw = response.content.decode()
    assert "<script>" not in raw
    assert "</title><script>" not in raw
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    entry = feed.entries[0]
    assert entry.title == HOSTILE
    # The description is HTML: the reader's program shows the text, not markup.
    summary = BeautifulSoup(entry.summary, "html.parser")
    assert summary.get_text() == HOSTILE
    assert not summary.find(["script", "b"])


def test_feeds_are_announced_and_linked(client, news_index, articles):
    html = client.get(news_index.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.head.find("link", type="application/rss+xml")["href"] == (
        "/actualites/rss/"
    )
    subscribe = page.find("aside", class_="news-subscribe")
    assert [a["href"] for a in subscribe.find_all("a")] == [
        "/actualites/rss/",
        "/actualites/atom/",
    ]


def test_feed_query_count_does_not_grow_with_articles(
    client, news_index, make_article, categories, subtests
):
    """3 articles, then more than a feed carries; built once for both feeds."""

    def count(kind: str) -> int:
        url = f"{news_index.url}{kind}/"
        client.get(url)  # renditions are generated on the first request
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    kinds = ("rss", "atom")
    for _ in range(3):
        make_article(categories=list(categories.values()))
    few = {kind: count(kind) for kind in kinds}
    for _ in range(FEED_LENGTH + 2 - 3):
        make_article(categories=list(categories.values()))
    for kind in kinds:
        with subtests.test(kind=kind):
            assert count(kind) == few[kind]
            feed = feedparser.parse(client.get(f"{news_index.url}{kind}/").content)
            assert len(feed.entries) == FEED_LENGTH
