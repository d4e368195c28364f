"""Where the project relies on the internals of Wagtail, its libraries, Django or
pytest-django (private names, re-implemented methods, a copied template), each
recorded here with the version it was written against and a digest of the upstream
code it follows. An upgrade that changes that code fails here, naming what to
re-read, instead of breaking the site or the tests in silence.

On such a failure: read the upstream change, adapt the project's code named in
the message (or drop it, when the upgrade made it useless), then record the new
digest and version below. docs/upstream.md (« Guarded internals ») lists them.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.metadata
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.tree import SHARED_TREE


@dataclass(frozen=True)
class Internal:
    name: str  # dotted path of the upstream function, method or class
    distribution: str
    version: str  # the distribution's version the project's code was written against
    digest: str  # first 16 hex digits of the sha256 of its source
    used_by: str


INTERNALS = [
    # Routing in one query, restrictions read once (home/security/page_access.py).
    Internal(
        "wagtail.models.Page.route",
        "wagtail",
        "8.0.1",
        "643c9afcc2deb381",
        "home/security/page_access.py route_below, which routes as it does",
    ),
    Internal(
        "wagtail.models.Page.get_view_restrictions",
        "wagtail",
        "8.0.1",
        "f41021bde7cdda11",
        "home/security/page_access.py view_restrictions, which skips it outside "
        "restricted sections and aliases",
    ),
    Internal(
        "wagtail.query.PageQuerySet.private_q",
        "wagtail",
        "8.0.1",
        "eb30b1c0017f13c2",
        "home/security/page_access.py SitePageQuerySet.private_q, which replaces it",
    ),
    Internal(
        "treebeard.mp_tree.MP_Node.get_parent",
        "django-treebeard",
        "5.3.1",
        "bfeb7b9d494a1320",
        "home/security/page_access.py"
        ", which sets the private `_cached_parent_obj` it reads",
    ),
    # The test database's shared tree (tests/conftest.py, tests/tree.py).
    Internal(
        "pytest_django.fixtures._django_db_helper",
        "pytest-django",
        "4.14.0",
        "ad985fc4faa3ae07",
        "tests/conftest.py, which overrides this private fixture",
    ),
    # Costly groups kept in one process (tests/conftest.py name_the_group).
    Internal(
        "xdist.remote.WorkerInteractor.pytest_collection_modifyitems",
        "pytest-xdist",
        "3.8.0",
        "17d257b6d4280466",
        "tests/conftest.py name_the_group, which names the group on pytest's "
        "structured node id (a fixed pytest-xdist may make it useless)",
    ),
    Internal(
        "_pytest.nodeid.NodeId",
        "pytest",
        "9.2.0",
        "bc36916775935dc7",
        "tests/conftest.py name_the_group, which rebuilds an item's `_id`",
    ),
    Internal(
        "pytest_django.plugin._django_db_marker",
        "pytest-django",
        "4.14.0",
        "288622ae34e54347",
        "tests/conftest.py: the django_db mark goes through _django_db_helper",
    ),
    Internal(
        "django.db.transaction.Atomic.__enter__",
        "django",
        "5.2.19",
        "1cccb72ad29b1ace",
        "tests/tree.py, which reads `connection.atomic_blocks`",
    ),
    # Search with normalised Arabic queries (home/search/backend.py).
    Internal(
        "modelsearch.backends.base.BaseSearchBackend._search",
        "modelsearch",
        "1.3.2",
        "b3a85a2b27624f5d",
        "home/search/backend.py NormalisedQueries._search, which wraps it",
    ),
    # Demo translations (home/demo/translation.py).
    Internal(
        "modelcluster.fields.create_deferring_foreign_related_manager",
        "django-modelcluster",
        "6.5",
        "f374746c1d713edf",
        "home/demo/translation.py, which copies `_cluster_related_objects`",
    ),
    # wagtail-localize's translation editor (home/translation/dates.py,
    # home/translation/localize_rights.py).
    Internal(
        "wagtail_localize.models.StringTranslation.get_comment",
        "wagtail-localize",
        "1.14.5",
        "3256d5690c1415d7",
        "home/translation/dates.py, which replaces it (upstream bug, docs/upstream.md)",
    ),
    Internal(
        "wagtail_localize.views.edit_translation.edit_translation",
        "wagtail-localize",
        "1.14.5",
        "a6457c5b67a42e94",
        "home/translation/localize_rights.py"
        ", which rewrites the editor's props it builds",
    ),
    Internal(
        "wagtail_localize.models.TranslationContext._get_path_id",
        "wagtail-localize",
        "1.14.5",
        "1f67364f56a74021",
        "tests/test_shared_bases.py, which calls it",
    ),
    Internal(
        "wagtail.documents.models.AbstractDocument._set_document_file_metadata",
        "wagtail",
        "8.0.1",
        "869f1faedf2354d9",
        "tests/policy/test_opendata.py, which calls it",
    ),
    # Placeholders for broken images (home/files/images.py).
    Internal(
        "wagtail.images.models.AbstractImage.get_rendition",
        "wagtail",
        "8.0.1",
        "b8d5d70680023197",
        "home/files/images.py, which wraps it: every rendition must go through it",
    ),
    Internal(
        "wagtail.images.models.AbstractImage.get_renditions",
        "wagtail",
        "8.0.1",
        "7b437e9fc45e7c63",
        "home/files/images.py, which wraps it: every rendition must go through it",
    ),
    # Django's private hooks the project overrides.
    Internal(
        "wagtail.contrib.sitemaps.Sitemap._urls",
        "wagtail",
        "8.0.1",
        "4bfc0b041a937325",
        "home/search/sitemaps.py AllLocalesSitemap._urls, which replaces it",
    ),
    Internal(
        "django.contrib.syndication.views.Feed._get_dynamic_attr",
        "django",
        "5.2.19",
        "23e19ecfea1a0d41",
        "news/feeds.py, which filters what it returns",
    ),
    Internal(
        "django.forms.models.BaseModelForm._post_clean",
        "django",
        "5.2.19",
        "7ac9e513c344a332",
        "home/forms.py StoredFileMixin and policy/history_admin.py, which extend it",
    ),
    Internal(
        "django.contrib.messages.storage.base.BaseStorage",
        "django",
        "5.2.19",
        "659b6758a4abce87",
        "home/editorial/moderation.py"
        ", which edits `request._messages._queued_messages`",
    ),
    Internal(
        "wagtail.images.models.Filter.run",
        "wagtail",
        "8.0.1",
        "081b1757ccedc0bb",
        "tests/renditions.py, which keeps what it drew for the test process",
    ),
    # The indexes' tasks once per request (home/search/tasks.py).
    Internal(
        "django_tasks.backends.immediate.ImmediateBackend.enqueue",
        "django-tasks",
        "0.12.0",
        "20beb013ad5404e9",
        "home/search/tasks.py BatchingBackend.enqueue, which builds the same "
        "TaskResult when it records a task instead of running it",
    ),
    # The demo's reference-index tasks keyed on the indexed object (home/demo/tasks.py).
    Internal(
        "wagtail.tasks.update_reference_index_task.func",
        "wagtail",
        "8.0.1",
        "a194cc1f23bc41d8",
        "home/demo/tasks.py indexed_object, which follows an inline row's "
        "ParentalKey to the object the task indexes, as the task does",
    ),
    # Reading ODS uploads cell by cell (policy/plan_import.py read_ods).
    Internal(
        "tablib.formats._ods.ODSFormat.read_cell",
        "tablib",
        "3.10.0",
        "14433bfa94a8736b",
        "policy/plan_import.py read_ods, which calls it on each cell",
    ),
    Internal(
        "tablib.formats._ods.ODSFormat.import_sheet",
        "tablib",
        "3.10.0",
        "22fc403c4f50ca49",
        "policy/plan_import.py read_ods, which replaces it: it drops repeated "
        "empty cells (a fixed version may make read_ods useless)",
    ),
]


def resolve(name: str):
    module_name, _, rest = name.partition(".")
    parts = name.split(".")
    for index in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:index]))
        except ImportError:
            continue
        for attribute in parts[index:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(module_name + rest)


def digest(obj) -> str:
    """Of the upstream source, under the project's wrappers (home/files/images.py)."""
    source = inspect.getsource(inspect.unwrap(obj))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


@pytest.mark.parametrize("internal", INTERNALS, ids=lambda internal: internal.name)
def test_upstream_code_is_the_one_the_project_was_written_against(internal):
    installed = importlib.metadata.version(internal.distribution)
    try:
        found = digest(resolve(internal.name))
    except (ImportError, AttributeError) as error:
        pytest.fail(
            f"{internal.name} is gone in {internal.distribution} {installed} "
            f"(written against {internal.version}): {internal.used_by} must be "
            f"rewritten ({error})"
        )
    assert found == internal.digest, (
        f"{internal.name} changed between {internal.distribution} "
        f"{internal.version} and {installed}. Check against the new code: "
        f"{internal.used_by}. Then record digest {found!r} and version "
        f"{installed!r} in tests/test_upgrade_guards.py"
    )


# The copied admin template ----------------------------------------------------

COPY = Path(settings.BASE_DIR) / "templates/wagtailadmin/pages/listing"
COPY = COPY / "_page_title_explore.html"
# The line the project adds to Wagtail's template (the review flag).
ADDED = '{% include "home/admin/includes/review_overdue_flag.html" with page=page %}'


def upstream_template() -> Path:
    wagtail_admin = Path(importlib.import_module("wagtail.admin").__file__).parent
    return wagtail_admin / "templates/wagtailadmin/pages/listing" / COPY.name


def test_the_copied_listing_template_is_wagtails_current_one():
    recorded = re.search(
        r"Copied from Wagtail (\S+), sha256 ([0-9a-f]{64})", COPY.read_text()
    )
    assert recorded, f"{COPY.name} does not say which Wagtail it was copied from"
    version, recorded_digest = recorded.groups()
    installed = importlib.metadata.version("wagtail")
    upstream = hashlib.sha256(upstream_template().read_bytes()).hexdigest()
    assert upstream == recorded_digest, (
        f"Wagtail {installed} changed {COPY.name} since {version}: copy "
        f"{upstream_template()} again into templates/wagtailadmin/pages/listing/, "
        f"add the line `{ADDED}` after the locked indicator, and record the new "
        "version and sha256 in its header comment"
    )


def test_the_copy_only_adds_the_review_flag_to_wagtails_template():
    upstream = upstream_template().read_text().splitlines()
    ours = COPY.read_text().splitlines()
    changes = [
        line
        for line in difflib.ndiff(upstream, ours)
        if line.startswith(("- ", "+ ")) and not re.match(r"\+ \{#.*#\}$", line)
    ]
    assert changes == [f"+     {ADDED}"]


# What the guarded code relies on, checked by behaviour --------------------------


@pytest.mark.django_db
def test_a_cached_parent_is_what_get_parent_returns_without_a_query(home):
    """home/security/page_access.py hands each routed page its parent in the private
    `_cached_parent_obj`, as Page.route does: get_parent() must read it."""
    child = Page.objects.get(pk=home.pk)
    stand_in = Page(title="Stand-in parent", path=child.path[:-4], depth=1)
    child._cached_parent_obj = stand_in
    with CaptureQueriesContext(connection) as queries:
        parent = child.get_parent()
    assert parent is stand_in
    assert len(queries) == 0


def page_access_module():
    """home/security/page_access.py."""
    from home.security import page_access

    return page_access


def test_page_access_names_the_versions_recorded_here():
    """The note in home/security/page_access.py follows the records above."""
    note = " ".join(inspect.getdoc(page_access_module()).split())
    for internal in INTERNALS:
        if internal.used_by.startswith("home/security/page_access.py"):
            assert f"{internal.distribution} {internal.version}" in note.replace(
                "Wagtail", "wagtail"
            ), internal


@pytest.mark.django_db
def test_the_django_db_mark_opens_the_test_transaction_on_the_shared_tree(request):
    """tests/conftest.py overrides pytest-django's private `_django_db_helper`:
    the `django_db` mark must still go through it, after the shared tree."""
    assert "_shared_tree_level" in request.fixturenames
    # The shared tree's layers (none here), then pytest-django's transaction.
    assert len(connection.atomic_blocks) > len(SHARED_TREE._standing)


def test_the_db_fixture_opens_the_test_transaction_on_the_shared_tree(
    request, _site_layer
):
    """The same through the `db` fixture, with a layer standing: the test's own
    transaction is nested inside the layer's (tests/tree.py rolls it back after)."""
    assert "_shared_tree_level" in request.fixturenames
    assert list(SHARED_TREE._standing) == ["_site_layer"]
    layer_block, _keys = SHARED_TREE._standing["_site_layer"]
    assert layer_block in connection.atomic_blocks
    assert connection.atomic_blocks[-1] is not layer_block
