"""The saved migrated database (tests/migrated_db.py) is found again by the next
test process only if its digest does not depend on the process's state."""

from __future__ import annotations

import threading

import pytest
from django.utils import translation

from tests import migrated_db


def test_the_digest_does_not_depend_on_the_active_language():
    # The languages' names are translated: only their codes are digested.
    with translation.override("fr"):
        french = migrated_db.digest()
    with translation.override("en"):
        english = migrated_db.digest()
    assert french == english


def test_the_digest_follows_the_languages(settings):
    before = migrated_db.digest()
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    assert migrated_db.digest() != before


def test_no_saved_copy_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(migrated_db.ENV, raising=False)
    assert migrated_db.saved_copy() is None
    monkeypatch.setenv(migrated_db.ENV, str(tmp_path))
    assert migrated_db.saved_copy().parent == tmp_path


def test_a_process_waits_for_the_one_migrating(monkeypatch, tmp_path, settings):
    """Processes starting together take turns: while one holds the lock (it
    migrates, then saves the copy), the next does not start creating its own
    test database; it goes on once the first lets go."""
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("the lock guards SQLite's in-memory test databases only")
    monkeypatch.setenv(migrated_db.ENV, str(tmp_path))
    entered = threading.Event()

    def next_process() -> None:
        with migrated_db.one_at_a_time():
            entered.set()

    with migrated_db.one_at_a_time():
        waiting = threading.Thread(target=next_process)
        waiting.start()
        assert not entered.wait(0.5), "the next one went on while the first migrated"
    waiting.join(10)
    assert entered.is_set(), "the next one went on once the first let go"
