"""The « latest news » section that the news app adds to the home page."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from news.wagtail_hooks import latest_news_section

pytestmark = pytest.mark.django_db


def test_no_section_without_articles(home, news_index):
    assert latest_news_section(RequestFactory().get("/"), home) is None


def test_three_latest_articles_of_the_home_language(
    client, home, home_en, news_index, news_index_en, make_article
):
    for year in range(2021, 2026):
        make_article(f"Article {year}", date=datetime.date(year, 6, 1))
    make_article("Brouillon", date=datetime.date(2026, 1, 1), publish=False)
    make_article("In English", parent=news_index_en)

    section = latest_news_section(RequestFactory().get("/"), home)
    assert section["order"] == 10
    assert section["template"] == "news/includes/home_latest_news.html"
    assert [a.title for a in section["articles"]] == [
        "Article 2025",
        "Article 2024",
        "Article 2023",
    ]
    assert section["index"].pk == news_index.pk

    english = latest_news_section(RequestFactory().get("/en/"), home_en)
    assert [a.title for a in english["articles"]] == ["In English"]

    response = client.get("/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    latest = page.find("section", class_="news-latest")
    assert [h3.get_text() for h3 in latest.find_all("h3")] == [
        "Article 2025",
        "Article 2024",
        "Article 2023",
    ]
    assert latest.find("a", class_=False, href=news_index.url)
    assert len(page.find_all("h1")) == 1
