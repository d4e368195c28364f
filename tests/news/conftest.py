"""The news section on top of the shared bilingual site (tests/conftest.py): the
French news index and its English translation (made through wagtail-localize, as
translators make them), categories, and a factory of articles. The index, the
categories and the image are built once (tests/tree.py): each test reads fresh
instances of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from wagtail.images import get_image_model

from home.models import HomePage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from tests import tree


@tree.shared_layer("_news_layer", on="_site_layer")
def _news_layer(below: dict) -> tree.NewsKeys:
    return tree.build_news(below["_site_layer"])


@pytest.fixture
def translate() -> Callable[..., object]:
    """publish_translation, with the publication wagtail-localize defers to the
    transaction's commit carried out (tests run inside a transaction)."""
    return tree.translate


@pytest.fixture
def home_en(site_tree) -> HomePage:
    return site_tree.home_en


@pytest.fixture
def news_index(_news_layer: tree.NewsKeys) -> NewsIndexPage:
    return NewsIndexPage.objects.get(pk=_news_layer.index)


@pytest.fixture
def news_index_en(_news_layer: tree.NewsKeys) -> NewsIndexPage:
    return NewsIndexPage.objects.get(pk=_news_layer.index_en)


def _categories(pks: dict[str, int]) -> dict[str, NewsCategory]:
    found = NewsCategory.objects.in_bulk(pks.values())
    return {slug: found[pk] for slug, pk in pks.items()}


@pytest.fixture
def categories(_news_layer: tree.NewsKeys) -> dict[str, NewsCategory]:
    """The French categories, by slug."""
    return _categories(_news_layer.categories)


@pytest.fixture
def categories_en(_news_layer: tree.NewsKeys) -> dict[str, NewsCategory]:
    """Their English translations, by the French slug."""
    return _categories(_news_layer.categories_en)


@pytest.fixture
def image(_news_layer: tree.NewsKeys):
    return get_image_model().objects.get(pk=_news_layer.image)


@pytest.fixture
def make_article(news_index, image) -> Callable[..., NewsPage]:
    """Articles published under the French index (or `parent`); see add_article."""

    def make(title: str | None = None, *, parent=None, **options) -> NewsPage:
        return tree.add_article(parent or news_index, image, title, **options)

    return make
