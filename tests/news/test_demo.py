"""The demo-data hook: a bilingual news section, created once however often it runs."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from home.demo.loader import DemoLoader, read_folder
from news.models import NewsCategory, NewsIndexPage, NewsPage
from news.wagtail_hooks import load_news_demo_data

pytestmark = pytest.mark.django_db

ARTICLES = [
    entry
    for entry in read_folder(load_news_demo_data())
    if entry.data["type"] == "news.NewsPage"
]


@pytest.fixture
def demo(home, home_en, locales) -> DemoLoader:
    assert not NewsIndexPage.objects.exists(), "the demo needs a tree without news"
    user = get_user_model().objects.create_superuser("demo", "demo@example.org", "x")
    return DemoLoader(user, objects={"home": home})


def counts() -> dict[str, int]:
    return {
        "indexes": NewsIndexPage.objects.count(),
        "articles": NewsPage.objects.count(),
        "categories": NewsCategory.objects.count(),
        "pages": Page.objects.count(),
    }


def test_demo_news_in_french_and_english_created_once(
    demo, client, django_capture_on_commit_callbacks
):
    # wagtail-localize publishes translations when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(read_folder(load_news_demo_data()))
    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(read_folder(load_news_demo_data()))
    assert counts() == first

    fr, en = demo.locale_fr, demo.locale_en
    assert len(ARTICLES) >= 12
    assert NewsPage.objects.live().filter(locale=fr).count() == len(ARTICLES)
    assert NewsPage.objects.live().filter(locale=en).count() == len(ARTICLES)
    assert NewsCategory.objects.filter(locale=fr).count() == 5
    assert NewsCategory.objects.filter(locale=en).count() == 5
    years = {article.date.year for article in NewsPage.objects.filter(locale=fr)}
    assert len(years) >= 4
    assert all(a.image_id for a in NewsPage.objects.all())

    alposs = NewsPage.objects.get(slug="alposs-2026-over-500-participants")
    assert alposs.locale == en
    assert alposs.image_alt.startswith("Abstract illustration")
    response = client.get(alposs.url)
    assert response.status_code == 200
    assert [c.name for c in response.context["display_categories"]] == [
        "Events",
        "Free software",
    ]
    assert [t.name for t in response.context["tags"]] == ["AlpOSS"]

    index_en = NewsIndexPage.objects.get(locale=en)
    assert index_en.url == "/en/news/"
    for article in NewsPage.objects.all():
        assert client.get(article.url).status_code == 200
