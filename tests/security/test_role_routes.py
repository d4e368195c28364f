"""Roles that hold against a determined user: what a role may not do is refused by
every route that can do it — the admin's views, its JSON API
(/admin/api/main/pages/<id>/action/<name>/), its bulk actions and
wagtail-localize's views — and the database is left as it was
(docs/permissions.md)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

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
    }


@pytest.mark.parametrize("kind", ["image", "document"])
@pytest.mark.parametrize("owned_by", ["manager", "writer"])
@pytest.mark.parametrize(
    "route", ["delete view (GET)", "delete view (POST)", "bulk delete (POST)"]
)
def test_writers_delete_no_image_or_document(kind, owned_by, route, writer, manager):
    item = upload(kind, manager if owned_by == "manager" else writer)
    method, url = media_urls(kind, item.pk)[route]
    client = logged_in(writer)
    response = getattr(client, method)(url)
    if method == "get":
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
@pytest.mark.parametrize("route", ["delete view (POST)", "bulk delete (POST)"])
def test_managers_delete_images_and_documents(kind, route, writer, manager):
    item = upload(kind, writer)
    method, url = media_urls(kind, item.pk)[route]
    response = getattr(logged_in(manager), method)(url)
    assert response.status_code == 302
    assert not type(item).objects.filter(pk=item.pk).exists()


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
