"""The content generation changes with published content, and only with it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction

from home.caching import generation
from home.models import ContentPage, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_page(home) -> ContentPage:
    page = ContentPage(title="Généralités", slug="generalites")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def changes(action) -> bool:
    before = generation.current()
    action()
    return generation.current() != before


def test_cached_value_is_rebuilt_only_after_a_change(content_page) -> None:
    built = []

    def build() -> int:
        built.append(1)
        return len(built)

    assert generation.cached(build, "thing") == 1
    assert generation.cached(build, "thing") == 1
    content_page.title = "Autre titre"
    content_page.save_revision().publish()
    assert generation.cached(build, "thing") == 2


def test_publish_unpublish_move_delete_change_it(home, content_page) -> None:
    other = ContentPage(title="Autre", slug="autre")
    home.add_child(instance=other)
    assert changes(lambda: content_page.save_revision().publish())
    assert changes(content_page.unpublish)
    assert changes(lambda: content_page.move(other, pos="last-child"))
    assert changes(lambda: Page.objects.get(pk=other.pk).delete())


def test_settings_restrictions_and_documents_change_it(home, content_page) -> None:
    settings = SiteSettings.for_site(home.get_site())
    assert changes(settings.save)
    assert changes(
        lambda: PageViewRestriction.objects.create(
            page=content_page, restriction_type=PageViewRestriction.LOGIN
        )
    )
    document = get_document_model()(
        title="Rapport", file=SimpleUploadedFile("rapport.txt", b"Rapport")
    )
    assert changes(document.save)
    # Wagtail records a file's size while serving it: nothing public changed.
    document.file_size = 7
    assert not changes(lambda: document.save(update_fields=["file_size"]))


def test_draft_revisions_and_sessions_leave_it(content_page, client) -> None:
    assert not changes(lambda: client.get("/"))
    assert not changes(lambda: content_page.revisions.first().save())


def test_a_request_reads_the_generation_once(client, content_page, monkeypatch):
    """Every fragment of a render is keyed on the number the request read first:
    one round trip to the cache for it, not one per fragment."""
    from django.core.cache import caches

    backend = type(caches["default"])
    reads = []
    real_get = backend.get

    def get(self, key, *args, **kwargs):
        reads.append(key)
        return real_get(self, key, *args, **kwargs)

    client.get(content_page.url, headers={"Cookie": "reader=uncached"})
    monkeypatch.setattr(backend, "get", get)
    response = client.get(content_page.url, headers={"Cookie": "reader=uncached"})
    assert response.status_code == 200
    fragments = [key for key in reads if str(key).startswith("gen:")]
    assert len(fragments) >= 3  # The site, the chrome, the body...
    assert reads.count(generation.KEY) == 1


def test_a_change_within_a_request_is_seen_by_the_rest_of_it(content_page):
    with generation.read_once():
        before = generation.current()
        assert generation.current() == before
        content_page.title = "Autre titre"
        content_page.save_revision().publish()
        assert generation.current() > before
    # Outside a request, read from the cache each time.
    generation.bump()
    assert generation.current() > before + 1
