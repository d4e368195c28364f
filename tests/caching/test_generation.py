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
