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

The whole demo site (`load_demo_data`) is a layer too: the Django test cases that
read it (`DemoTestCase`) find it built once, as the suite runs them one after the
other (tests/conftest.py).

A test module shares its own data the same way: `shared_layer` registers a
builder on top of a layer and gives the fixture that stands it (see the articles
of tests/news/test_index.py); the module's public fixture then reads fresh
instances by primary key.
"""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from home.demo.context import make_image
from home.demo.translation import publish_translation
from home.models import HomePage
from news.models import NewsCategory, NewsIndexPage, NewsPage
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


_articles = itertools.count()


def add_article(
    parent: Page,
    image: Any,
    title: str | None = None,
    *,
    date: datetime.date | None = None,
    categories: Iterable[NewsCategory] = (),
    tags: Iterable[str] = (),
    body: list | None = None,
    publish: bool = True,
    with_image: bool = True,
    **fields: Any,
) -> NewsPage:
    """A news article under `parent`, published through a revision unless
    `publish` is false; every field has a plausible default."""
    number = next(_articles)
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
    parent.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article


@dataclass(frozen=True)
class Layer:
    """One layer of the shared tree: the layer it stands on, and how it is built
    from the keys of the standing layers (by name)."""

    name: str
    on: str | None
    build: Callable[[dict[str, Any]], Any]


LAYERS: dict[str, Layer] = {}


def shared_layer(name: str, on: str | None = None) -> Callable[..., Any]:
    """Register `build` as a layer standing on `on`, and return the fixture named
    `name` that hands its keys to a test. Data that several tests of a module read
    (and may change: each test is rolled back) is built once this way."""

    def register(build: Callable[[dict[str, Any]], Any]) -> Any:
        if name in LAYERS or (on is not None and on not in LAYERS):
            raise ValueError(f"layer {name} registered twice or on an unknown layer")
        LAYERS[name] = Layer(name, on, build)

        @pytest.fixture(name=name)
        def fixture(db, _shared_tree: SharedTree) -> Any:
            return _shared_tree.keys(name)

        return fixture

    return register


def required_layers(fixturenames: Iterable[str]) -> list[str]:
    """The layers a test needs, from the fixtures it uses (directly or not), in the
    order they are built: each one after the layer it stands on."""
    needed: set[str] = set()
    for name in set(fixturenames) & LAYERS.keys():
        while name is not None and name not in needed:
            needed.add(name)
            name = LAYERS[name].on
    return [name for name in LAYERS if name in needed]


class SharedTree:
    """The layers standing in the test database, each in its own open atomic block.

    Layers are only ever built or rolled back between tests, never inside a test's
    own transaction: `ensure` checks it, so that a layer can never be built into a
    test's savepoint and vanish with it (with Django's undocumented
    `connection.atomic_blocks`, as of Django 5.2: tests/test_upgrade_guards.py)."""

    def __init__(self) -> None:
        self._standing: dict[str, tuple[transaction.Atomic, Any]] = {}
        self._blocker: Any = None

    def keys(self, name: str) -> Any:
        if name not in self._standing:
            raise RuntimeError(
                f"{name} is not built: request the shared tree's fixtures as test "
                "arguments, not with getfixturevalue()"
            )
        return self._standing[name][1]

    def ensure(self, layers: list[str], blocker: Any = None) -> None:
        """Roll back and build layers until exactly `layers` stand."""
        if blocker is not None:
            self._blocker = blocker
        standing = list(self._standing)
        if standing == layers:
            return
        with self._blocker.unblock():
            if len(connection.atomic_blocks) != len(standing):
                raise RuntimeError(
                    "the shared tree can only change between tests, outside any "
                    "other transaction"
                )
            while list(self._standing) != layers[: len(self._standing)]:
                _name, (block, _keys) = self._standing.popitem()
                transaction.set_rollback(True)
                block.__exit__(None, None, None)
            for name in layers[len(self._standing) :]:
                block = transaction.atomic()
                block.__enter__()
                try:
                    below = {n: keys for n, (_block, keys) in self._standing.items()}
                    keys = LAYERS[name].build(below)
                except BaseException:
                    transaction.set_rollback(True)
                    block.__exit__(None, None, None)
                    raise
                self._standing[name] = (block, keys)


SHARED_TREE = SharedTree()


def load_demo_data(*args: str) -> str:
    """Run the command; its output. wagtail-localize publishes translations when
    the transaction commits, which a test's never does, so its callbacks run here."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


@shared_layer("_demo_layer")
def _demo_layer(below: dict) -> str:
    """The whole demo site, loaded on the empty database; what the command said."""
    assert not HomePage.objects.exists(), "the demo data needs an empty database"
    return load_demo_data()


class DemoTestCase(TestCase):
    """A test case on the whole demo site. Loading it takes many seconds: the
    shared tree's demo layer stands under every such class (tests/conftest.py),
    rolled back with the rest of the tree when the session ends."""

    shared_layers = ["_demo_layer"]

    @classmethod
    def tearDownClass(cls) -> None:
        """Roll the class's data back, as TestCase does, but keep the connection:
        TestCase then closes it, which on PostgreSQL would end the demo layer's
        open transaction under the next such class (SQLite in memory ignores it)."""
        cls._rollback_atomics(cls.cls_atomics)
        super(TestCase, cls).tearDownClass()

    @classmethod
    def demo_output(cls) -> str:
        """What `load_demo_data` printed when it built the demo layer."""
        return SHARED_TREE.keys("_demo_layer")
