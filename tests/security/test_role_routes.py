"""Roles that hold against a determined user: what a role may not do is refused by
every route that can do it — the admin's views, its JSON API
(/admin/api/main/pages/<id>/action/<name>/), its bulk actions and
wagtail-localize's views — and the database is left as it was
(docs/permissions.md)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
)

from news.models import NewsCategory
from tests import tree
from tests.test_uploads import png_bytes
from tests.workflow.conftest import logged_in

pytestmark = pytest.mark.django_db


def denied(response) -> bool:
    """Refused: a 403, Wagtail's « permission denied » (back to the dashboard), or
    sent back elsewhere with a message (a 302 that did not do the thing: the
    callers check the database)."""
    return response.status_code in (302, 400, 403, 404)


# Images and documents -------------------------------------------------------


def upload(kind: str, owner):
    if kind == "image":
        return get_image_model().objects.create(
            title="Plan du quartier",
            file=SimpleUploadedFile("plan.png", png_bytes()),
            uploaded_by_user=owner,
        )
    return get_document_model().objects.create(
        title="Compte rendu",
        file=SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4 compte rendu"),
        uploaded_by_user=owner,
    )


def media_urls(kind: str, pk: int) -> dict[str, tuple[str, str]]:
    app, model = (
        ("wagtailimages", "image") if kind == "image" else ("wagtaildocs", "document")
    )
    delete = reverse(f"{app}:delete", args=[pk])
    bulk = f"/admin/bulk/{app}/{model}/delete/?id={pk}"
    return {
        "delete view (GET)": ("get", delete),
        "delete view (POST)": ("post", delete),
        "bulk delete (POST)": ("post", bulk),
        "multiple upload's delete (POST)": (
            "post",
            reverse(f"{app}:delete_multiple", args=[pk]),
        ),
    }


WRITERS_ROUTES = [
    "delete view (GET)",
    "delete view (POST)",
    "bulk delete (POST)",
    "multiple upload's delete (POST)",
]


@pytest.mark.parametrize("kind", ["image", "document"])
@pytest.mark.parametrize("owned_by", ["manager", "writer"])
@pytest.mark.parametrize("route", WRITERS_ROUTES)
def test_writers_delete_no_image_or_document(
    kind, owned_by, route, writer, manager, django_capture_on_commit_callbacks
):
    item = upload(kind, manager if owned_by == "manager" else writer)
    method, url = media_urls(kind, item.pk)[route]
    client = logged_in(writer)
    # Wagtail removes the file once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url)
    if method == "get" or "multiple" in route:
        assert denied(response)
    model = type(item)
    assert model.objects.filter(pk=item.pk).exists()
    assert item.file.storage.exists(item.file.name)
    # Writers still change them.
    edit = reverse(
        ("wagtailimages" if kind == "image" else "wagtaildocs") + ":edit",
        args=[item.pk],
    )
    assert client.get(edit).status_code == 200


@pytest.mark.parametrize("kind", ["image", "document"])
@pytest.mark.parametrize(
    "route",
    ["delete view (POST)", "bulk delete (POST)", "multiple upload's delete (POST)"],
)
def test_managers_delete_images_and_documents(
    kind, route, writer, manager, django_capture_on_commit_callbacks
):
    item = upload(kind, writer)
    method, url = media_urls(kind, item.pk)[route]
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(logged_in(manager), method)(url)
    assert response.status_code in (200, 302)
    assert not type(item).objects.filter(pk=item.pk).exists()
    assert not item.file.storage.exists(item.file.name)


# Pages: writers delete their own drafts only ---------------------------------


def api_action(client, page: Page, name: str, payload: dict | None = None):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{name}/",
        data=json.dumps(payload or {}),
        content_type="application/json",
    )


def delete_page(client, page: Page, route: str):
    if route == "delete view":
        return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    if route == "API":
        return api_action(client, page, "delete")
    return client.post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}")


def draft(parent: Page, title: str, owner) -> Page:
    page = tree.add_article(parent, None, title, publish=False)
    page.owner = owner
    page.save()
    return page


def moderate(page: Page, user) -> None:
    Page.get_first_root_node().get_workflow().start(page, user)
    assert page.workflow_in_progress


PAGE_ROUTES = ["delete view", "API", "bulk"]


@pytest.mark.parametrize("route", PAGE_ROUTES)
@pytest.mark.parametrize("case", ["manager's draft", "in moderation", "own, moderated"])
def test_writers_delete_no_one_elses_page_nor_a_page_in_moderation(
    route, case, writer, manager, news_index
):
    if case == "manager's draft":
        page = draft(news_index, "Brouillon de la responsable", manager)
    elif case == "in moderation":
        page = draft(news_index, "En relecture", manager)
        moderate(page, manager)
    else:
        page = draft(news_index, "Le mien, en relecture", writer)
        moderate(page, writer)
    response = delete_page(logged_in(writer), page, route)
    assert denied(response)
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("route", ["delete view", "API"])
def test_writers_delete_their_own_drafts(route, writer, news_index):
    page = draft(news_index, "Mon brouillon", writer)
    delete_page(logged_in(writer), page, route)
    assert not Page.objects.filter(pk=page.pk).exists()


# Translators: nothing written in French, by any route ------------------------


def french_state() -> tuple:
    """Everything of the source language a route could change."""
    fr = Locale.get_default()
    pages = tuple(
        Page.objects.filter(locale=fr)
        .order_by("pk")
        .values_list(
            "pk", "title", "path", "live", "has_unpublished_changes", "alias_of_id"
        )
    )
    snippets = tuple(
        NewsCategory.objects.filter(locale=fr).order_by("pk").values_list("pk", "name")
    )
    return (
        pages,
        snippets,
        Revision.objects.count(),
        StringTranslation.objects.filter(locale=fr).count(),
        Translation.objects.filter(target_locale=fr).count(),
    )


@pytest.fixture
def french_article(make_article) -> Page:
    return make_article("Travaux rue de la Paix")


@pytest.fixture
def french_draft(news_index, manager) -> Page:
    return draft(news_index, "Brouillon de la responsable", manager)


@pytest.fixture
def english_only(news_index_en, translator) -> Page:
    """A translator's page written in English, with no French version."""
    return draft(news_index_en, "Only in English", translator)


@pytest.fixture
def english_category(locales) -> NewsCategory:
    return NewsCategory.objects.create(
        name="English only", slug="english-only", locale=locales[1]
    )


API_CASES = {
    "copy": lambda p: ("article", "copy", {}),
    "copy with a title": lambda p: (
        "article",
        "copy",
        {"title": "Copie", "slug": "copie"},
    ),
    "revert": lambda p: (
        "article",
        "revert_to_page_revision",
        {"revision_id": p["article"].latest_revision_id},
    ),
    "move": lambda p: (
        "article",
        "move",
        {"destination_page_id": p["index"].pk, "position": "first-child"},
    ),
    "copy into French": lambda p: (
        "english",
        "copy",
        {"destination_page_id": p["index"].pk, "slug": "copied-into-french"},
    ),
    "move into French": lambda p: (
        "english",
        "move",
        {"destination_page_id": p["index"].pk},
    ),
    "delete": lambda p: ("draft", "delete", {}),
    "publish": lambda p: ("draft", "publish", {}),
    "unpublish": lambda p: ("article", "unpublish", {}),
    "convert alias": lambda p: ("alias", "convert_alias", {}),
    "copy for translation": lambda p: (
        "english",
        "copy_for_translation",
        {"locale": "fr"},
    ),
}


@pytest.mark.parametrize("case", API_CASES)
def test_translators_change_no_french_page_through_the_api(
    case, translator_client, french_article, french_draft, english_only, news_index
):
    alias = french_article.create_alias(update_slug="alias-travaux")
    pages = {
        "article": french_article,
        "draft": french_draft,
        "alias": alias,
        "english": english_only,
        "index": news_index,
    }
    target, action, payload = API_CASES[case](pages)
    before = french_state()
    response = api_action(translator_client, pages[target], action, payload)
    assert denied(response), response.content
    assert french_state() == before


# wagtail-localize's routes


def test_translators_submit_no_page_into_french(translator_client, english_only):
    before = french_state()
    url = reverse("wagtail_localize:submit_page_translation", args=[english_only.pk])
    response = translator_client.post(url, {"locales": [Locale.get_default().pk]})
    assert denied(response) or response.status_code == 200
    assert french_state() == before
    assert not Page.objects.filter(
        translation_key=english_only.translation_key, locale=Locale.get_default()
    ).exists()


def test_translators_submit_no_snippet_into_french(translator_client, english_category):
    before = french_state()
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["news", "newscategory", english_category.pk],
    )
    response = translator_client.post(url, {"locales": [Locale.get_default().pk]})
    assert denied(response) or response.status_code == 200
    assert french_state() == before
    assert not NewsCategory.objects.filter(
        translation_key=english_category.translation_key, locale=Locale.get_default()
    ).exists()


def submitted_into_french(manager, url: str, translation_key) -> Translation:
    response = logged_in(manager).post(url, {"locales": [Locale.get_default().pk]})
    assert response.status_code == 302
    return Translation.objects.get(
        source__object_id=translation_key, target_locale=Locale.get_default()
    )


@pytest.fixture
def french_translation(english_only, manager) -> Translation:
    """The translator's English page, translated into French by a manager."""
    url = reverse("wagtail_localize:submit_page_translation", args=[english_only.pk])
    return submitted_into_french(manager, url, english_only.translation_key)


@pytest.fixture
def french_category_translation(english_category, manager) -> Translation:
    """An English category, translated into French by a manager (live at once)."""
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["news", "newscategory", english_category.pk],
    )
    return submitted_into_french(manager, url, english_category.translation_key)


def test_managers_submit_into_french(french_translation, french_category_translation):
    assert french_translation.get_target_instance().locale == Locale.get_default()
    category = french_category_translation.get_target_instance()
    assert category.name == "English only"


@pytest.mark.parametrize("publish", [False, True])
def test_translators_update_no_french_translation(
    translator_client, english_only, french_translation, publish
):
    english_only.title = "Only in English, changed"
    english_only.save_revision()
    source = french_translation.source
    content = source.content_json
    before = french_state()
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    payload = {"use_machine_translation": "on"}
    if publish:
        payload["publish_translations"] = "on"
    response = translator_client.post(url, payload)
    assert denied(response)
    assert french_state() == before
    source.refresh_from_db()
    assert source.content_json == content


@pytest.mark.parametrize("kind", ["page", "snippet"])
@pytest.mark.parametrize("method", ["put", "delete"])
def test_translators_edit_no_string_of_a_french_translation(
    translator_client, french_translation, french_category_translation, kind, method
):
    translation = french_translation if kind == "page" else french_category_translation
    segment = StringSegment.objects.filter(source=translation.source).first()
    assert segment is not None
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=Locale.get_default(),
        context=segment.context,
        data="Texte de la responsable",
    )
    before = french_state()
    data_before = list(StringTranslation.objects.values_list("data", flat=True))
    url = reverse(
        "wagtail_localize:edit_string_translation",
        args=[translation.pk, segment.pk],
    )
    response = getattr(translator_client, method)(
        url,
        urlencode({"value": "Texte de la traductrice"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert denied(response)
    assert french_state() == before
    assert list(StringTranslation.objects.values_list("data", flat=True)) == data_before


@pytest.mark.parametrize("kind", ["page", "snippet"])
@pytest.mark.parametrize(
    "name", ["machine_translate", "stop_translation", "download_pofile"]
)
def test_translators_leave_french_translations_alone(
    translator_client, french_translation, french_category_translation, kind, name
):
    translation = french_translation if kind == "page" else french_category_translation
    before = french_state()
    url = reverse(f"wagtail_localize:{name}", args=[translation.pk])
    response = translator_client.post(url, {"next": "/admin/"})
    assert denied(response)
    assert "msgstr" not in response.content.decode()
    assert french_state() == before
    translation.refresh_from_db()
    assert translation.enabled


def test_translators_convert_no_french_translation_to_an_alias(
    translator_client, french_translation
):
    page = french_translation.get_target_instance()
    before = french_state()
    url = reverse("wagtail_localize:convert_to_alias", args=[page.pk])
    response = translator_client.post(url)
    assert denied(response)
    assert french_state() == before


def test_translators_do_not_read_french_drafts(
    translator_client, french_draft, french_translation
):
    revision = french_draft.latest_revision
    for url in (
        reverse("wagtailadmin_pages:edit", args=[french_draft.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[french_draft.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[french_draft.pk]),
        reverse(
            "wagtailadmin_pages:revisions_view", args=[french_draft.pk, revision.pk]
        ),
        f"/admin/pages/{french_draft.pk}/revisions/compare/earliest...latest/",
        reverse("wagtail_localize:preview_translation", args=[french_translation.pk]),
    ):
        response = translator_client.get(url)
        assert denied(response), url
        assert "Brouillon" not in response.content.decode(), url
