"""The page tree most tests start from, built once and shared between tests.

Building the French home page with its English translation, and the news section
on top of it, takes about a second: doing it again for every test used to cost
more than the tests themselves. Here each layer of that tree is built once, inside
a transaction left open (one savepoint per layer), and every test runs in its own
savepoint on top of it (pytest-django's `db`), rolled back when the test ends.

A test sees exactly the layers its fixtures ask for, as when each test built its
own: a test asking for none gets the empty database. When a test needs fewer
layers than are standing, the extra ones are rolled back, and rebuilt by the next
test that needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import TestCase
from wagtail.models import Locale, Page, Site

from home.demo.context import make_image
from home.demo.translation import publish_translation
from home.models import HomePage
from news.models import NewsCategory, NewsIndexPage
from tests.helpers import HOME_EN, HOME_FR, add_page

CATEGORIES = {
    # French slug: (French name, English name, English slug)
    "evenements": ("Événements", "Events", "events"),
    "labels-et-prix": ("Labels et prix", "Awards and labels", "awards-and-labels"),
    "donnees-ouvertes": ("Données ouvertes", "Open data", "open-data"),
}


def translate(source: Any, values: dict, locale_code: str = "en") -> Any:
    """publish_translation, with the publication that wagtail-localize defers to the
    transaction's commit carried out now: neither a test's transaction nor the
    shared tree's ever commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation = publish_translation(source, values, locale_code)
    translation.refresh_from_db()
    return translation


@dataclass(frozen=True)
class SiteKeys:
    """Primary keys of the site layer: a default site serving a French HomePage,
    translated into English."""

    site: int
    home_fr: int
    home_en: int
    locale_fr: int
    locale_en: int


@dataclass(frozen=True)
class NewsKeys:
    """Primary keys of the news layer: the news index and its translation, three
    categories and their translations, an illustration."""

    index: int
    index_en: int
    categories: dict[str, int]
    categories_en: dict[str, int]
    image: int


def build_site() -> SiteKeys:
    """The default site serving a French HomePage, translated into English;
    Wagtail's welcome page removed (its slug `home` is the English one's)."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage(locale=french, **HOME_FR)
    add_page(Page.get_first_root_node(), home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = "Ville de test"
    site.save()
    Page.objects.filter(
        depth=2, content_type=ContentType.objects.get_for_model(Page)
    ).delete()
    home_en = translate(home, HOME_EN)
    return SiteKeys(site.pk, home.pk, home_en.pk, french.pk, english.pk)


def build_news(site: SiteKeys) -> NewsKeys:
    """The news section under the French home page, translated into English."""
    index = NewsIndexPage(
        title="Actualités", slug="actualites", introduction="Les nouvelles."
    )
    HomePage.objects.get(pk=site.home_fr).add_child(instance=index)
    index.save_revision().publish()
    index_en = translate(
        index, {"title": "News", "slug": "news", "introduction": "The news."}
    )
    categories = {
        slug: NewsCategory.objects.create(
            locale_id=site.locale_fr, name=name, slug=slug
        )
        for slug, (name, _name_en, _slug_en) in CATEGORIES.items()
    }
    categories_en = {
        slug: translate(
            category, {"name": CATEGORIES[slug][1], "slug": CATEGORIES[slug][2]}
        )
        for slug, category in categories.items()
    }
    image = make_image("Illustration de test", "Des cercles bleus", seed="test")
    return NewsKeys(
        index=index.pk,
        index_en=index_en.pk,
        categories={slug: c.pk for slug, c in categories.items()},
        categories_en={slug: c.pk for slug, c in categories_en.items()},
        image=image.pk,
    )


@dataclass(frozen=True)
class Layer:
    """One layer of the shared tree: the fixture that asks for it, and how it is
    built from the keys of the layers below."""

    fixture: str
    build: Callable[..., Any]


LAYERS = (Layer("_site_layer", build_site), Layer("_news_layer", build_news))


def required_level(fixturenames: Iterable[str]) -> int:
    """How many layers a test needs, from the fixtures it uses (directly or not)."""
    names = set(fixturenames)
    return max(
        (level for level, layer in enumerate(LAYERS, 1) if layer.fixture in names),
        default=0,
    )


class SharedTree:
    """The layers standing in the test database, each in its own open atomic block.

    Layers are only ever built or rolled back between tests, never inside a test's
    own transaction: `ensure` checks it, so that a layer can never be built into a
    test's savepoint and vanish with it."""

    def __init__(self) -> None:
        self._standing: list[tuple[transaction.Atomic, Any]] = []
        self._blocker: Any = None

    @property
    def level(self) -> int:
        return len(self._standing)

    def keys(self, level: int) -> Any:
        if self.level < level:
            raise RuntimeError(
                f"{LAYERS[level - 1].fixture} is not built: request the tree's "
                "fixtures as test arguments, not with getfixturevalue()"
            )
        return self._standing[level - 1][1]

    def ensure(self, level: int, blocker: Any = None) -> None:
        """Roll back or build layers until exactly `level` of them stand."""
        if blocker is not None:
            self._blocker = blocker
        if level == self.level:
            return
        with self._blocker.unblock():
            if len(connection.atomic_blocks) != self.level:
                raise RuntimeError(
                    "the shared tree can only change between tests, outside any "
                    "other transaction"
                )
            while self.level > level:
                block, _keys = self._standing.pop()
                transaction.set_rollback(True)
                block.__exit__(None, None, None)
            while self.level < level:
                layer = LAYERS[self.level]
                block = transaction.atomic()
                block.__enter__()
                try:
                    keys = layer.build(*(keys for _block, keys in self._standing))
                except BaseException:
                    transaction.set_rollback(True)
                    block.__exit__(None, None, None)
                    raise
                self._standing.append((block, keys))


SHARED_TREE = SharedTree()
