"""Shared fixtures: the two languages, a site whose French home page has an English
translation made the way translators make it (wagtail-localize), and helpers to
read pages as residents get them.

The tree is built once and shared (see tests/tree.py); the fixtures below hand
each test fresh instances read from it, so that what one test changes in memory
or in the database never reaches another."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import TestCase, TransactionTestCase
from django.utils import translation
from pytest_django.fixtures import validate_django_db
from wagtail.models import Locale, Site

from home.models import HomePage
from home.search.tasks import tasks_once
from tests import migrated_db
from tests.renditions import draw_each_rendition_once
from tests.tree import SHARED_TREE, SiteKeys, build_site, required_layers, shared_layer

draw_each_rendition_once()
connection_created.connect(migrated_db.start_from_the_saved_copy)


class OneMigration:
    """pytest-django's test database, created by one test process at a time: the
    first migrates and saves it, the next ones start from its copy
    (tests/migrated_db.py). A plugin, not this conftest's hook: pytest calls a
    conftest's hooks for the fixtures of its folder, and `django_db_setup` is
    the session's."""

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        if fixturedef.argname != "django_db_setup":
            return (yield)
        with migrated_db.one_at_a_time():
            result = yield
            with request.getfixturevalue("django_db_blocker").unblock():
                migrated_db.save(connection)
        return result


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(OneMigration(), "one-migration")
    keep_the_suite_order(config.option)


def keep_the_suite_order(option) -> None:
    """Under `--dist loadgroup`, pytest-xdist hands the work units out in the
    suite's order, not sorted by size (its `--no-loadscope-reorder`, set here
    so that no command line can forget it): a module's transactional tests,
    which empty the database, must not run before the other modules' tests of
    their process (`work_units`)."""
    if getattr(option, "dist", "no") == "loadgroup":
        option.loadscopereorder = False


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """The suite's own fixtures build pages and snippets as the admin's requests
    do: their index tasks run once each, when the fixture is ready
    (home/search/tasks.py), not at every save. Not the fixtures that stand the
    shared tree and open the test's transaction (named `_...`): they reach the
    database through pytest-django's blocker, which is closed again when they
    return."""
    module = getattr(fixturedef.func, "__module__", "") or ""
    if (
        fixturedef.scope != "function"
        or not module.startswith("tests.")
        or fixturedef.argname.startswith("_")
    ):
        return (yield)
    with tasks_once():
        return (yield)


@dataclass
class SiteTree:
    site: Site
    home_fr: HomePage
    home_en: HomePage
    locale_fr: Locale
    locale_en: Locale


@pytest.fixture(scope="session")
def _shared_tree(django_db_setup, django_db_blocker):
    """The shared tree, rolled back before pytest-django drops the test database."""
    yield SHARED_TREE
    SHARED_TREE.ensure([], django_db_blocker)


@pytest.fixture
def _shared_tree_level(request, _shared_tree, django_db_blocker) -> None:
    """Stand exactly the layers this test asks for, before its own transaction."""
    layers = required_layers(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )
    if transactional and layers:
        pytest.fail("the shared tree needs a test run inside a transaction")
    _shared_tree.ensure(layers, django_db_blocker)
    # Wagtail caches what it read of the tree (site root paths...): what a previous
    # test cached may describe pages it changed and then rolled back.
    cache.clear()
    # Jobs' progress reports are named after rows a rolled-back test may give
    # the next one again (SQLite reuses ids): a report left by one test would
    # be a sign of life of the next one's job (home.jobs.seems_dead). The
    # browser suite's file cache is its server's, left alone.
    if isinstance(caches["progress"], LocMemCache):
        caches["progress"].clear()


@pytest.fixture
def _django_db_helper(_shared_tree_level, _django_db_helper):
    """pytest-django's per-test transaction (its private `_django_db_helper`, behind
    `db` and the `django_db` mark), opened on top of the shared tree. Should a new
    pytest-django stop using it, the tree's fixtures fail loudly ("not built").
    Written against pytest-django 4.14.0 (tests/test_upgrade_guards.py)."""
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever an earlier
    test of the same process activated (Django keeps the active language per
    thread): a URL a test reverses must not depend on the tests before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="class", autouse=True)
def _shared_tree_under_test_case(request, django_db_blocker) -> None:
    """Django TestCase classes build their data themselves (`setUpTestData`), on
    the empty database, or on the layers they name in `shared_layers` (the demo
    site: tests.tree.DemoTestCase). Set up before the class's own `setUpClass`
    (pytest's fixture for it is the class's, inner to this one)."""
    cls = request.cls
    if cls is None or not issubclass(cls, TransactionTestCase):
        return
    layers = list(getattr(cls, "shared_layers", []))
    if layers:
        request.getfixturevalue("_shared_tree").ensure(layers, django_db_blocker)
    else:
        SHARED_TREE.ensure([], django_db_blocker)


# What a test process builds once for every test that needs it, at a cost of
# many seconds of CPU: under pytest-xdist's `--dist loadgroup` (`.ci/run`), the
# tests needing one of them go to the same process, which builds it once.
COSTLY_ONCE = {
    "demo": "_demo_layer",  # the whole demo site (tests/tree.py)
    "large-plan": "large_plan",  # 500 actions (tests/policy/conftest.py)
}


def fixtures_needed(item: pytest.Item) -> set[str]:
    """The fixtures a test uses, with the shared layers its test case class
    names (`shared_layers`, tests/tree.py)."""
    layers = getattr(getattr(item, "cls", None), "shared_layers", None) or []
    return set(layers) | set(getattr(item, "fixturenames", ()))


def costly_group(item: pytest.Item) -> str | None:
    needs = fixtures_needed(item)
    for group, fixture in COSTLY_ONCE.items():
        if fixture in needs:
            return group
    return None


def name_the_group(item: pytest.Item, group: str) -> None:
    """What pytest-xdist's `--dist loadgroup` does in each process (its node id
    ends in « @group », read by the scheduler), on pytest's structured node id:
    pytest-xdist 3.8.0 still writes the former `_nodeid`, which pytest 9.2 no
    longer reads (pytest-xdist issue 1386), and the groups were silently mixed.
    Written against pytest 9.2.0 and pytest-xdist 3.8.0
    (tests/test_upgrade_guards.py)."""
    node_id = item._id
    last = node_id.names[-1] + (f"[{node_id.params}]" if node_id.params else "")
    item._id = dataclasses.replace(
        node_id, names=(*node_id.names[:-1], f"{last}@{group}"), params=None
    )


def layers_of(item: pytest.Item) -> tuple[str, ...]:
    """The shared-tree layers a test stands on (tests/tree.py)."""
    return tuple(required_layers(fixtures_needed(item)))


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test in a database it empties afterwards,
    as its own order says (pytest-django 4.14's `get_order_number`, an inner
    function: the marker read by its `validate_django_db`)."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction, reset_sequences, *_ = validate_django_db(marker)
    return bool(transaction or reset_sequences)


def by_shared_layers(items: list[pytest.Item]) -> None:
    """Tests that stand on the same shared-tree layers run one after the
    other, so that a process builds each layer a few times rather than at
    every change of module (the plan layer was built 23 times in the suite's
    order, the site layer 60): tests are sorted by the layers they need, in
    the suite's order otherwise (a module whose tests need different layers
    then makes several work units). Only the span from the first test
    standing on a layer to the last one moves: it lies among pytest-django's
    tests on the database in a transaction, whose order among themselves is
    free; should a transactional test ever fall inside it, nothing moves."""
    layers = {id(item): layers_of(item) for item in items}
    standing = [index for index, item in enumerate(items) if layers[id(item)]]
    if not standing:
        return
    start, end = standing[0], standing[-1] + 1
    span = items[start:end]
    if any(is_transactional(item) for item in span):
        return
    items[start:end] = sorted(span, key=lambda item: layers[id(item)])


def work_units(items: list[pytest.Item], groups: dict[int, str | None]) -> dict:
    """What one process runs in a row under `--dist loadgroup`: a costly group,
    or else a module's tests that come one after the other in the final order.
    They then share their process's shared-tree layers (tests/tree.py) and
    their module's and class's fixtures, instead of alternating between the
    processes, where each built them again (pytest-xdist hands out one unit at
    a time, to the first process free; a test alone was a unit). A module
    whose transactional tests pytest-django moves to the end (they empty the
    database when they finish) makes two units, handed out in that order
    (`keep_the_suite_order`)."""
    units: dict[int, str] = {}
    runs: dict[str, int] = {}
    previous = None
    for item in items:
        module = item.nodeid.split("::")[0]
        if module != previous:
            runs[module] = runs.get(module, 0) + 1
            previous = module
        unit = groups[id(item)] or module
        if groups[id(item)] is None and runs[module] > 1:
            unit = f"{module}#{runs[module]}"
        units[id(item)] = unit
    return units


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """The tests on the demo site run one after the other, first: the demo
    layer is then loaded once for all of them. The others on the database
    follow, sorted by the shared layers they need (`by_shared_layers`). Under
    pytest-xdist's `--dist loadgroup`, each costly group goes to one process,
    and each run of a module's tests to one process (`work_units`). After
    pytest-django's own order (test cases, then tests on the database, then
    transactional ones, then the rest)."""
    grouped = bool(getattr(config.option, "loadgroup", False))  # in its processes
    by_shared_layers(items)
    # Keyed on identity: naming the group changes an item's node id (its hash).
    groups = {id(item): costly_group(item) for item in items}
    items.sort(key=lambda item: groups[id(item)] != "demo")
    units = work_units(items, groups)
    for item in items:
        group = groups[id(item)]
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
        unit = units[id(item)]
        if grouped and not item.nodeid.endswith(f"@{unit}"):
            name_the_group(item, unit)


@shared_layer("_site_layer")
def _site_layer(below: dict) -> SiteKeys:
    return build_site()


@pytest.fixture
def locales(db) -> tuple[Locale, Locale]:
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return french, english


@pytest.fixture
def site_tree(_site_layer, locales) -> SiteTree:
    """The default site serving a French HomePage, translated into English;
    Wagtail's welcome page removed (its slug `home` is the English one's)."""
    keys = _site_layer
    return SiteTree(
        Site.objects.get(pk=keys.site),
        HomePage.objects.get(pk=keys.home_fr),
        HomePage.objects.get(pk=keys.home_en),
        *locales,
    )


@pytest.fixture
def home(site_tree) -> HomePage:
    return site_tree.home_fr
