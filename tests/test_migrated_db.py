"""The saved migrated database (tests/migrated_db.py) is found again by the next
test process only if its digest does not depend on the process's state."""

from __future__ import annotations

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
