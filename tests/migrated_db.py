"""The migrated empty database, made once and copied.

Creating the test database runs every migration (about 20 s of CPU on SQLite,
35 s on a slow machine), in each test process. When `TEST_MIGRATED_DB_DIR`
names a folder (CI sets it for the run: docs/testing.md), the first process to
migrate saves the result there, keyed on a digest of every installed app's
migration files and of the settings the data migrations read (the languages);
a later process whose in-memory test database would start from the same digest
starts from a copy of it instead, and Django's `migrate` then finds every
migration applied (and still runs the post-migrate handlers). Processes that
start together take turns (`one_at_a_time`, a lock beside the copy): one
migrates from the empty database, as a newcomer's first `migrate` does, and
the others wait for its copy instead of migrating too. Without the variable,
each process migrates.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils.module_loading import import_module

ENV = "TEST_MIGRATED_DB_DIR"
_restored = False


def digest() -> str:
    parts = [
        repr(django.VERSION),
        repr(settings.INSTALLED_APPS),
        repr(settings.LANGUAGE_CODE),
        # Codes only: the names are translated into the active language.
        repr([code for code, _name in settings.LANGUAGES]),
        repr([code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]),
    ]
    for app_config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        folder = Path(module.__file__).parent
        for path in sorted(folder.glob("*.py")):
            parts.append(f"{module_name}/{path.name}")
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def saved_copy() -> Path | None:
    folder = os.environ.get(ENV)
    if not folder:
        return None
    return Path(folder) / f"migrated-{digest()}.sqlite3"


@contextlib.contextmanager
def one_at_a_time() -> Iterator[None]:
    """Held while a process creates its test database: the first one migrates and
    saves the copy (`save`) before letting go, and the next ones, which waited,
    start from it (`start_from_the_saved_copy`). Without a folder, or on
    PostgreSQL (whose test database CI creates from a migrated template), no
    lock."""
    copy = saved_copy()
    if copy is None or "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        yield
        return
    copy.parent.mkdir(parents=True, exist_ok=True)
    with (copy.parent / "migrating.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _empty_test_database(connection: Any) -> bool:
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return False
    found = connection.connection.execute("SELECT count(*) FROM sqlite_master")
    return found.fetchone()[0] == 0


def start_from_the_saved_copy(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created`: the empty in-memory test database, filled from the
    saved copy when there is one for the same digest."""
    global _restored
    if _restored or not str(connection.settings_dict["NAME"]).startswith(
        "file:memorydb"
    ):
        return
    copy = saved_copy()
    if copy is None or not copy.exists() or not _empty_test_database(connection):
        return
    _restored = True
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def save(connection: Any) -> None:
    """Save the freshly migrated in-memory test database, unless a copy for the
    same digest exists (written to a temporary name, then renamed: processes
    running side by side never read half a file)."""
    copy = saved_copy()
    if copy is None or copy.exists() or connection.vendor != "sqlite":
        return
    if not connection.is_in_memory_db():
        return
    connection.ensure_connection()
    copy.parent.mkdir(parents=True, exist_ok=True)
    partial = copy.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, copy)


def copy_to(path: Path) -> bool:
    """A test server's SQLite file, about to be migrated by `manage.py migrate`,
    started from the saved copy (waiting for a process making it) when there is
    one: whether it was. The server's settings must give the same digest as
    this process's (the front-cache test's production settings do: the same
    apps and languages), or add languages only: the locales of languages added
    to DJANGO_LANGUAGES are created after `migrate` (home/locales.py), and no
    other migration reads the languages (the browser suite's server, with
    Arabic)."""
    copy = saved_copy()
    if copy is None:
        return False
    with one_at_a_time():
        if not copy.exists():
            return False
        shutil.copyfile(copy, path)
    return True
