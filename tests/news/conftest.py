"""The news section on top of the shared bilingual site (tests/conftest.py): the
French news index and its English translation (made through wagtail-localize, as
translators make them), categories, and a factory of articles."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from home.demo.context import make_image
from home.demo.translation import publish_translation
from home.models import HomePage
from news.models import NewsCategory, NewsIndexPage, NewsPage

_counter = itertools.count()


@pytest.fixture
def translate(django_capture_on_commit_callbacks) -> Callable[..., object]:
    """publish_translation, with the publication wagtail-localize defers to the
    transaction's commit carried out (tests run inside a transaction)."""

    def translate(source, values: dict, locale_code: str = "en"):
        with django_capture_on_commit_callbacks(execute=True):
            translation = publish_translation(source, values, locale_code)
        translation.refresh_from_db()
        return translation

    return translate


@pytest.fixture
def home_en(site_tree) -> HomePage:
    return site_tree.home_en


@pytest.fixture
def news_index(home, home_en) -> NewsIndexPage:
    index = NewsIndexPage(
        title="Actualités", slug="actualites", introduction="Les nouvelles."
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def news_index_en(news_index, translate) -> NewsIndexPage:
    return translate(
        news_index, {"title": "News", "slug": "news", "introduction": "The news."}
    )


@pytest.fixture
def categories(locales) -> dict[str, NewsCategory]:
    return {
        slug: NewsCategory.objects.create(locale=locales[0], name=name, slug=slug)
        for slug, name in [
            ("evenements", "Événements"),
            ("labels-et-prix", "Labels et prix"),
            ("donnees-ouvertes", "Données ouvertes"),
        ]
    }


@pytest.fixture
def categories_en(categories, translate) -> dict[str, NewsCategory]:
    english = {
        "evenements": ("Events", "events"),
        "labels-et-prix": ("Awards and labels", "awards-and-labels"),
        "donnees-ouvertes": ("Open data", "open-data"),
    }
    return {
        slug: translate(category, {"name": english[slug][0], "slug": english[slug][1]})
        for slug, category in categories.items()
    }


@pytest.fixture
def image():
    return make_image("Illustration de test", "Des cercles bleus", seed="test")


@pytest.fixture
def make_article(news_index, image) -> Callable[..., NewsPage]:
    def make(
        title: str | None = None,
        *,
        date: datetime.date | None = None,
        categories: list[NewsCategory] = (),
        tags: list[str] = (),
        parent: NewsIndexPage | None = None,
        body: list | None = None,
        publish: bool = True,
        with_image: bool = True,
        **fields,
    ) -> NewsPage:
        number = next(_counter)
        title = title or f"Article {number}"
        article = NewsPage(
            title=title,
            slug=f"article-{number}",
            introduction=fields.pop("introduction", f"Introduction de {title}."),
            date=date or timezone.localdate(),
            live=publish,
            image=image if with_image else None,
            image_alt="Des cercles bleus" if with_image else "",
            body=body
            if body is not None
            else [("paragraph", RichText("<p>Un paragraphe de texte.</p>"))],
            **fields,
        )
        article.categories.set(list(categories))
        article.tags.set(list(tags))
        (parent or news_index).add_child(instance=article)
        revision = article.save_revision()
        if publish:
            revision.publish()
            article.refresh_from_db()
        return article

    return make
