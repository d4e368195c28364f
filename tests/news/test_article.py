"""The article page: what residents read, what search engines and social networks
see, and the click-to-load videos."""

from __future__ import annotations

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from home.models import SiteSettings
from home.security.csp import content_security_policy
from news.models import NewsPageRelatedLink
from tests.helpers import assert_page_basics

pytestmark = pytest.mark.django_db

HOSTILE = 'Fête </script><script>alert("x")</script> & <b>co</b>'


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def json_ld(response) -> dict:
    """The article's own JSON-LD (the BreadcrumbList and WebSite aside)."""
    scripts = soup(response).find_all("script", type="application/ld+json")
    blocks = [json.loads(script.string) for script in scripts]
    own = [b for b in blocks if b["@type"] not in {"BreadcrumbList", "WebSite"}]
    assert len(own) == 1
    return own[0]


@pytest.fixture
def article(make_article, categories):
    return make_article(
        "AlpOSS 2026 : plus de 500 participants",
        date=datetime.date(2026, 2, 18),
        categories=[categories["evenements"], categories["labels-et-prix"]],
        tags=["AlpOSS", "logiciel libre"],
        introduction="La troisième édition a réuni deux fois plus de monde.",
        body=[
            ("heading", {"text": "Le programme", "level": "h2"}),
            ("paragraph", RichText("<p>" + "mot " * 450 + "</p>")),
            (
                "embed",
                {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Le résumé en vidéo",
                    "description": "Trois minutes, sous-titrées.",
                },
            ),
        ],
    )


def test_article_page(client, article):
    response = client.get(article.url)
    page = assert_page_basics(response, "fr")
    assert not response.cookies
    assert [h1.get_text() for h1 in page.find_all("h1")] == [article.title]
    header = page.find("header", class_="news-article__header")
    time = header.find("time")
    assert (time["datetime"], time.get_text()) == ("2026-02-18", "18 février 2026")
    # 450 words of body plus the introduction: three minutes at 200 a minute.
    assert "Temps de lecture : 3 minutes" in header.get_text()
    chips = [(a.get_text(), a["href"]) for a in header.select(".news-chips a")]
    assert chips == [
        ("Événements", "/actualites/?category=evenements"),
        ("Labels et prix", "/actualites/?category=labels-et-prix"),
    ]
    tags = [a["href"] for a in page.select(".news-article__tags a")]
    assert tags == ["/actualites/?tag=alposs", "/actualites/?tag=logiciel-libre"]


def test_main_image_is_responsive_webp_with_alt_and_dimensions(client, article):
    img = soup(client.get(article.url)).select_one(".news-article__image img")
    assert img["alt"] == "Des cercles bleus"
    assert img["width"] and img["height"]
    sources = [entry.split() for entry in img["srcset"].split(",")]
    assert len(sources) >= 3
    assert all(url.endswith(".webp") for url, _ in sources)
    widths = [descriptor for _, descriptor in sources]
    assert len(set(widths)) == len(widths)
    assert img["sizes"]


def test_share_links_are_plain_links(client, article):
    page = soup(client.get(article.url))
    share = page.find("section", class_="news-share")
    links = [a["href"] for a in share.find_all("a")]
    assert links[0].startswith("mailto:?subject=AlpOSS%202026")
    assert all("http%3A%2F%2Ftestserver%2Factualites%2F" in href for href in links)
    # No third-party script, style or frame anywhere on the page.
    for tag in page.find_all(["script", "iframe", "link", "img"]):
        url = tag.get("src") or tag.get("href") or ""
        assert not url.startswith(("http://", "https://", "//")) or tag.name == "link"
    assert not page.find_all("script", src=True)
    assert not page.find_all(style=True)


def test_structured_data(client, article):
    article.image.description = "Des cercles bleus"
    response = client.get(article.url)
    data = json_ld(response)
    settings = SiteSettings.objects.get()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["description"] == article.introduction
    assert data["datePublished"].startswith("2026-02-18T")
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= (
        datetime.datetime.fromisoformat(data["datePublished"])
    )
    assert data["inLanguage"] == "fr"
    assert data["url"] == "http://testserver" + article.url
    assert data["publisher"] == {
        "@type": "GovernmentOrganization",
        "name": settings.commune_name,
        "url": "http://testserver/",
    }
    assert len(data["image"]) == 3
    assert all(url.startswith("http://testserver/") for url in data["image"])
    assert data["articleSection"] == ["Événements", "Labels et prix"]
    assert data["keywords"] == ["AlpOSS", "logiciel libre"]


def test_open_graph_and_twitter_meta(client, article):
    head = soup(client.get(article.url)).head

    def meta(key: str) -> list[str]:
        return [
            m["content"]
            for m in head.find_all("meta")
            if key in (m.get("property"), m.get("name"))
        ]

    assert meta("og:type") == ["article"]
    assert meta("og:image")[0].startswith("http://testserver/")
    assert meta("og:image:width") == ["1200"]
    assert meta("og:image:alt") == ["Des cercles bleus"]
    assert meta("article:published_time")[0].startswith("2026-02-18T")
    assert meta("article:section") == ["Événements", "Labels et prix"]
    assert meta("article:tag") == ["AlpOSS", "logiciel libre"]
    assert meta("twitter:card") == ["summary_large_image"]
    assert meta("og:description") == [article.introduction]
    assert meta("description") == [article.introduction]
    feeds = [link["href"] for link in head.find_all("link", type="application/rss+xml")]
    assert feeds == ["/actualites/rss/"]


def test_editor_text_is_escaped_in_html_and_json_ld(client, make_article):
    article = make_article(HOSTILE, introduction=HOSTILE)
    response = client.get(article.url)
    html = response.content.decode()
    assert '<script>alert("x")' not in html
    assert "<b>co</b>" not in html
    page = soup(response)
    assert page.find("h1").get_text() == HOSTILE
    data = json_ld(response)
    assert data["headline"] == HOSTILE
    assert data["description"] == HOSTILE
    # Only our own JSON-LD script element, nothing the editor typed.
    assert {s.get("type") for s in page.find_all("script")} == {"application/ld+json"}


def test_embed_is_a_link_until_the_reader_asks(client, article):
    response = client.get(article.url)
    assert response["Content-Security-Policy"] == content_security_policy()
    page = soup(response)
    assert not page.find("iframe")
    embed = page.find("figure", class_="news-embed")
    links = [a["href"] for a in embed.find_all("a")]
    block_id = next(b.id for b in article.body if b.block_type == "embed")
    assert links == [
        f"?embed={block_id}#embed-{block_id}",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ]
    assert "Le résumé en vidéo" in embed.get_text()
    assert "YouTube" in embed.get_text()


def test_requested_embed_is_framed_with_a_csp_for_that_provider_only(client, article):
    block_id = next(b.id for b in article.body if b.block_type == "embed")
    response = client.get(f"{article.url}?embed={block_id}")
    assert response.status_code == 200
    iframe = soup(response).find("iframe")
    assert iframe["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert iframe["title"] == "Le résumé en vidéo"
    csp = response["Content-Security-Policy"]
    assert "frame-src 'self' https://www.youtube-nocookie.com;" in csp
    assert (
        csp.replace(" https://www.youtube-nocookie.com", "")
        == content_security_policy()
    )
    # The next page is back to the strict policy.
    assert (
        client.get(article.url)["Content-Security-Policy"] == content_security_policy()
    )


@pytest.mark.parametrize("value", ["nope", "", "<script>", "1" * 500])
def test_unknown_embed_request_is_ignored(client, article, value):
    response = client.get(article.url, {"embed": value})
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == content_security_policy()
    assert not soup(response).find("iframe")


def test_previous_and_next_articles(client, make_article):
    older = make_article("Plus ancien", date=datetime.date(2024, 1, 1))
    middle = make_article("Au milieu", date=datetime.date(2025, 1, 1))
    newer = make_article("Plus récent", date=datetime.date(2026, 1, 1))
    nav = soup(client.get(middle.url)).find("nav", class_="news-neighbours")
    assert nav.find("a", rel="prev")["href"] == older.url
    assert nav.find("a", rel="next")["href"] == newer.url
    assert not soup(client.get(older.url)).find("a", rel="prev")


def test_related_articles_chosen_by_editors_else_same_category(
    client, make_article, categories
):
    events, labels = categories["evenements"], categories["labels-et-prix"]
    same = make_article("Même catégorie", categories=[events])
    make_article("Autre catégorie", categories=[labels])
    chosen = make_article("Choisi", categories=[labels])
    article = make_article("L'article", categories=[events])

    related = client.get(article.url).context["related_articles"]
    assert [a.title for a in related] == ["Même catégorie"]

    NewsPageRelatedLink.objects.create(page=article, related=chosen, sort_order=0)
    related = client.get(article.url).context["related_articles"]
    assert [a.title for a in related] == ["Choisi"]
    section = soup(client.get(article.url)).find("section", class_="news-related")
    assert section.find("h2")
    assert section.find("h3").a["href"] == chosen.url
    assert same  # listed before the editors chose


def test_english_article(
    client, make_article, categories, categories_en, news_index_en, translate
):
    source = make_article(
        "AlpOSS 2026 en français",
        date=datetime.date(2026, 2, 18),
        categories=[categories["evenements"]],
    )
    other = make_article("Autre", categories=[categories["evenements"]])
    translate(other, {"title": "Other", "slug": "other"})
    english = translate(
        source,
        {
            "title": "AlpOSS 2026 in English",
            "slug": "alposs-2026",
            "introduction": "The third edition.",
            "image_alt": "Blue circles",
        },
    )
    response = client.get(english.url)
    page = assert_page_basics(response, "en")
    assert page.find("h1").get_text() == "AlpOSS 2026 in English"
    assert (
        page.select_one(".news-article__header time").get_text() == "18 February 2026"
    )
    assert [a.get_text() for a in page.select(".news-chips a")] == ["Events"]
    assert page.select_one(".news-chips a")["href"] == "/en/news/?category=events"
    assert page.select_one(".news-article__image img")["alt"] == "Blue circles"
    data = json_ld(response)
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == ["Events"]
    related = [a.title for a in response.context["related_articles"]]
    assert related == ["Other"]


def test_article_query_count_does_not_grow_with_categories_and_related(
    client, make_article, categories, news_index
):
    def count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    def article_with(count: int) -> str:
        chosen = categories_list[:count]
        article = make_article(categories=chosen)
        for n in range(count):
            related = make_article(categories=chosen)
            NewsPageRelatedLink.objects.create(
                page=article, related=related, sort_order=n
            )
        return article.url

    categories_list = list(categories.values())
    assert count(article_with(1)) == count(article_with(3))
