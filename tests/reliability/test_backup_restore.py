"""Backup and restore as docs/reliability.md describes them: `pg_dump -Fc` and a copy of
the media folder, restored with `pg_restore` into an empty database, give the same
pages, revisions and translations, and the images' files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Page, Revision

from home.demo.context import make_image
from home.models import ContentPage, HomePage
from tests.helpers import HOME_EN
from tests.tree import build_site, translate

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(
        not settings.IS_POSTGRESQL,
        reason="pg_dump and pg_restore back up PostgreSQL, the production database",
    ),
    # The dump is taken by another process: the data must be committed, then
    # removed (and the migrations' data put back) after the test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What must come back identical, row for row.
SNAPSHOT_QUERIES = {
    "pages": "SELECT id, path, title, slug, locale_id, translation_key, live, "
    "latest_revision_id, live_revision_id FROM wagtailcore_page ORDER BY id",
    "revisions": "SELECT id, object_id, content::text, created_at "
    "FROM wagtailcore_revision ORDER BY id",
    "locales": "SELECT id, language_code FROM wagtailcore_locale ORDER BY id",
    "translations": "SELECT t.id, s.object_id, t.target_locale_id, t.enabled "
    "FROM wagtail_localize_translation t "
    "JOIN wagtail_localize_translationsource s ON s.id = t.source_id ORDER BY t.id",
    "images": "SELECT id, title, file, file_hash FROM wagtailimages_image ORDER BY id",
}


def connection_url(name: str) -> str:
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def snapshot(cursor) -> dict[str, list[tuple]]:
    result = {}
    for name, sql in SNAPSHOT_QUERIES.items():
        cursor.execute(sql)
        result[name] = [tuple(row) for row in cursor.fetchall()]
    return result


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def restore_database():
    """An empty database beside the test database, dropped after the test."""
    name = connection.settings_dict["NAME"].removeprefix("test_") + "_restore"
    admin_url = connection_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield connection_url(name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_and_the_media_restore_the_same_site(tmp_path, restore_database):
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is not on the PATH"
    # A site: the French home page translated into English, a page with three
    # revisions (two published, one draft), an image and its file.
    keys = build_site()
    home = HomePage.objects.get(pk=keys.home_fr)
    page = ContentPage(title="Mentions légales", slug="mentions-legales")
    home.add_child(instance=page)
    page.save_revision().publish()
    page.title = "Mentions légales et crédits"
    page.save_revision().publish()
    page.title = "Brouillon des mentions"
    page.save_revision()
    translate(page, {"title": "Legal notice", "slug": "legal-notice"})
    image = make_image("Photo de la mairie", "La mairie", seed="backup")

    with connection.cursor() as cursor:
        before = snapshot(cursor)
    assert len(before["revisions"]) >= 5 and len(before["translations"]) >= 2

    # The backup: the database with pg_dump's custom format, the media folder.
    dump = tmp_path / "site.dump"
    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "-f", dump,
         connection_url(connection.settings_dict["NAME"])],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    media_copy = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, media_copy)

    # The restore, into an empty database.
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restore_database, dump],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with psycopg.connect(restore_database) as restored:
        after = snapshot(restored.cursor())
        titles = dict(
            restored.execute(
                "SELECT l.language_code || ':' || p.slug, p.title "
                "FROM wagtailcore_page p JOIN wagtailcore_locale l "
                "ON l.id = p.locale_id"
            ).fetchall()
        )
        draft = restored.execute(
            "SELECT content->>'title' FROM wagtailcore_revision WHERE id = %s",
            [Page.objects.get(pk=page.pk).latest_revision_id],
        ).fetchone()[0]

    assert after == before
    assert titles["fr:mentions-legales"] == "Mentions légales et crédits"
    assert titles["en:legal-notice"] == "Legal notice"
    assert titles["en:home"] == HOME_EN["title"]
    assert draft == "Brouillon des mentions"
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 3
    restored_file = media_copy / image.file.name
    assert sha256(restored_file) == sha256(Path(image.file.path))
