"""Stylesheets load from the page's head on every public page type: a link in the
body is invalid HTML and makes the page repaint once it arrives."""

from __future__ import annotations

import pytest

from home.models import ContentPage
from tests.helpers import add_page, soup

pytestmark = pytest.mark.django_db

EMBED = {
    "url": "https://tube.example.org/w/9Yx3kQ2rT5mN",
    "title": "Le conseil municipal en vidéo",
    "description": "",
}


@pytest.fixture
def public_pages(home, news_index, make_article) -> dict[str, str]:
    article = make_article("Vidéo du conseil", body=[("embed", EMBED)])
    content = add_page(home, ContentPage(title="Mentions légales", slug="mentions"))
    return {
        "home": home.url,
        "content page": content.url,
        "news index": news_index.url,
        "article": article.url,
        "search": "/recherche/?q=conseil",
    }


def stylesheets(url: str, client) -> tuple[list[str], list[str]]:
    """The stylesheets linked inside <head>, and any linked elsewhere."""
    response = client.get(url)
    assert response.status_code == 200
    document = soup(response)
    links = document.select("link[rel=stylesheet]")
    head = document.head.select("link[rel=stylesheet]")
    outside = [link["href"] for link in links if link not in head]
    return [link["href"] for link in head], outside


def test_no_stylesheet_is_linked_outside_the_head(client, public_pages):
    for name, url in public_pages.items():
        in_head, outside = stylesheets(url, client)
        assert outside == [], name
        assert any(href.endswith("/site.css") for href in in_head), name


def test_pages_showing_news_buttons_link_the_news_styles(client, public_pages):
    for name in ("home", "news index", "article"):
        in_head, _ = stylesheets(public_pages[name], client)
        assert [href for href in in_head if href.endswith("/news.css")], name
        assert len(in_head) == len(set(in_head)), name
    page = soup(client.get(public_pages["article"]))
    assert page.select_one("main .news-embed a.news-button")
