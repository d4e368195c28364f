"""Editors' work through the admin views: create each page type, preview it,
schedule it, roll a revision back; the same for the menus (snippets)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from contact.models import FormPage
from home.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    Menu,
    SiteMapPage,
)
from tests.helpers import add_page, soup
from tests.tree import build_site

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def body() -> dict[str, Any]:
    return streamfield(
        [
            ("heading", {"text": "Une section", "level": "h2"}),
            ("paragraph", rich_text("<p>Un paragraphe écrit dans l'admin.</p>")),
            ("quote", {"text": "Vivre libre.", "attribution": "La devise"}),
        ]
    )


def page_form(model: type[Page], title: str, slug: str, **extra: Any) -> dict:
    """What the admin's page form posts for `model`."""
    data: dict[str, Any] = {
        "title": title,
        "slug": slug,
        "introduction": f"Introduction de la page {title}.",
        "comments": inline_formset([]),
    }
    if model in (HomePage, ContentPage):
        data["body"] = body()
    if model is HomePage:
        data["image"] = ""
    if model is AccessibilityStatementPage:
        data.update(
            audit_date="2026-10-06",
            rgaa_version="4.1.2",
            auditor="Audit interne",
            compliance_rate="78.5",
            audited_pages=rich_text("<ul><li>Accueil</li></ul>"),
            test_environment=rich_text("<p>Firefox et NVDA.</p>"),
            non_compliant_content=rich_text("<p>Critère 1.3.</p>"),
            derogations=rich_text(""),
            exempt_content=rich_text(""),
            contact=rich_text("<p>Écrivez-nous.</p>"),
            recourse=rich_text(""),
        )
    data.update(extra)
    return nested_form_data(data)


@dataclass
class PageType:
    model: type[Page]
    under_root: bool = False

    @property
    def id(self) -> str:
        return self.model.__name__

    def parent(self, home: HomePage) -> Page:
        return Page.get_first_root_node() if self.under_root else home

    def add_url(self, home: HomePage) -> str:
        meta = self.model._meta
        return reverse(
            "wagtailadmin_pages:add",
            args=[meta.app_label, meta.model_name, self.parent(home).pk],
        )


PAGE_TYPES = [
    PageType(HomePage, under_root=True),
    PageType(ContentPage),
    PageType(AccessibilityStatementPage),
    PageType(SiteMapPage),
]
CHILD_TYPES = [page_type for page_type in PAGE_TYPES if not page_type.under_root]


def create_through_admin(client, page_type: PageType, home: HomePage, **extra):
    data = page_form(page_type.model, "Page d'essai", "page-d-essai", **extra)
    response = client.post(page_type.add_url(home), data)
    assert response.status_code == 302, _form_errors(response)
    return page_type.model.objects.get(slug="page-d-essai")


def _form_errors(response) -> str:
    document = soup(response)
    errors = document.select(".error-message, .help-critical, [role=alert]")
    return " | ".join(e.get_text(" ", strip=True) for e in errors)[:2000]


class PageTypesTests(WagtailPageTestCase):
    """Where each page type goes, and an editor creating and publishing each one
    through the admin; the tree is built once for the class."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.tree = build_site()
        cls.admin = cls.create_superuser("admin")

    def setUp(self) -> None:
        self.client.force_login(self.admin)

    def test_where_each_page_type_may_be_created(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(ContentPage, {Page, HomePage, ContentPage})
        # A form page (contact) may sit under a content page (« Contact »).
        self.assertAllowedSubpageTypes(ContentPage, {Page, ContentPage, FormPage})
        for model in (AccessibilityStatementPage, SiteMapPage):
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage})
                self.assertAllowedSubpageTypes(model, set())

    def test_an_editor_creates_and_publishes_each_page_type(self):
        home = HomePage.objects.get(pk=self.tree.home_fr)
        for page_type in PAGE_TYPES:
            with self.subTest(page_type=page_type.id):
                response = self.client.get(page_type.add_url(home))
                self.assertEqual(response.status_code, 200)
                parent = page_type.parent(home)
                slug = f"essai-{page_type.id.lower()}"
                data = page_form(page_type.model, "Page d'essai", slug)
                self.assertCanCreate(parent, page_type.model, data)
                page = page_type.model.objects.get(slug=slug)
                self.assertTrue(page.live)
                if not page_type.under_root:
                    self.assertEqual(page.locale, parent.locale)
                    self.assertPageIsRenderable(page)
                    h1 = soup(self.client.get(page.url)).h1
                    self.assertEqual(h1.get_text(strip=True), "Page d'essai")


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.id)
def test_a_draft_is_not_shown_to_residents(client, admin_client, home, page_type):
    page = create_through_admin(admin_client, page_type, home)
    assert not page.live
    assert page.has_unpublished_changes
    if not page_type.under_root:
        assert client.get(page.url).status_code == 404


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.id)
def test_preview_before_creating(admin_client, home, page_type):
    meta = page_type.model._meta
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=[meta.app_label, meta.model_name, page_type.parent(home).pk],
    )
    data = page_form(page_type.model, "Aperçu avant création", "apercu")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Aperçu avant création" in response.content.decode()
    assert not page_type.model.objects.filter(slug="apercu").exists()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.id)
def test_preview_of_an_edit_leaves_the_live_page_alone(
    client, admin_client, home, page_type
):
    page = create_through_admin(
        admin_client, page_type, home, **{"action-publish": "action-publish"}
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = page_form(page_type.model, "Titre en cours de relecture", page.slug)
    assert admin_client.post(url, data).json()["is_valid"] is True
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Titre en cours de relecture" in response.content.decode()
    page.refresh_from_db()
    assert page.title == "Page d'essai"


@pytest.mark.parametrize("page_type", CHILD_TYPES, ids=lambda t: t.id)
def test_a_scheduled_page_appears_when_its_time_comes(
    client, admin_client, home, page_type
):
    go_live_at = timezone.localtime() + datetime.timedelta(days=2)
    page = create_through_admin(
        admin_client,
        page_type,
        home,
        go_live_at=go_live_at.strftime(DATETIME_FORMAT),
        **{"action-publish": "action-publish"},
    )
    assert not page.live
    assert client.get(page.url).status_code == 404

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "published before its time"

    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_a_scheduled_edit_of_the_home_page_waits_for_its_time(
    client, admin_client, home
):
    go_live_at = timezone.localtime() + datetime.timedelta(days=2)
    data = page_form(
        HomePage,
        "Nouvel accueil programmé",
        home.slug,
        go_live_at=go_live_at.strftime(DATETIME_FORMAT),
        **{"action-publish": "action-publish"},
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]), data
    )
    assert response.status_code == 302, _form_errors(response)
    assert "Nouvel accueil programmé" not in client.get("/").content.decode()

    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    assert "Nouvel accueil programmé" in client.get("/").content.decode()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.id)
def test_an_editor_rolls_back_to_an_earlier_revision(
    client, admin_client, home, page_type
):
    publish = {"action-publish": "action-publish"}
    page = create_through_admin(admin_client, page_type, home, **publish)
    first_revision = page.latest_revision
    data = page_form(page_type.model, "Deuxième version", page.slug, **publish)
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data
    )
    assert response.status_code == 302, _form_errors(response)
    page.refresh_from_db()
    assert page.title == "Deuxième version"

    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=[page.pk, first_revision.pk]
    )
    response = admin_client.get(revert_url)
    assert response.status_code == 200
    title_input = soup(response).find("input", attrs={"name": "title"})
    assert title_input["value"] == "Page d'essai"

    data = page_form(page_type.model, "Page d'essai", page.slug, **publish)
    response = admin_client.post(revert_url, data)
    assert response.status_code == 302, _form_errors(response)
    page.refresh_from_db()
    assert page.title == "Page d'essai"
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.revert").exists()
    if not page_type.under_root:
        assert soup(client.get(page.url)).h1.get_text(strip=True) == "Page d'essai"


# Menus (snippets) -------------------------------------------------------------


def menu_form(location: str, pages: list[Page], **extra: Any) -> dict:
    items = [("link", {"page": page.pk, "url": "", "text": ""}) for page in pages]
    return nested_form_data(
        {"location": location, "items": streamfield(items), **extra}
    )


@pytest.fixture
def legal_pages(home) -> list[ContentPage]:
    return [
        add_page(home, ContentPage(title=title, slug=slug, locale=home.locale))
        for title, slug in [
            ("Mentions légales", "mentions-legales"),
            ("Données personnelles", "donnees-personnelles"),
        ]
    ]


def snippet_url(name: str, *args: Any) -> str:
    return reverse(f"wagtailsnippets_home_menu:{name}", args=args)


def test_an_editor_creates_previews_and_publishes_a_menu(
    client, admin_client, legal_pages
):
    add_url = snippet_url("add") + "?locale=fr"
    assert admin_client.get(add_url).status_code == 200

    preview_url = snippet_url("preview_on_add")
    data = menu_form("footer", legal_pages)
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    preview = admin_client.get(preview_url)
    assert preview.status_code == 200
    assert "Mentions légales" in preview.content.decode()

    response = admin_client.post(
        add_url, menu_form("footer", legal_pages, **{"action-publish": "publish"})
    )
    assert response.status_code == 302, _form_errors(response)
    menu = Menu.objects.get(location="footer", locale__language_code="fr")
    assert menu.live
    assert [block.value["page"].pk for block in menu.items] == [
        p.pk for p in legal_pages
    ]
    footer = soup(client.get("/")).find("footer")
    assert footer is not None and "Données personnelles" in footer.get_text()


def test_a_second_menu_at_the_same_place_is_refused(admin_client, legal_pages):
    Menu.objects.create(location="main", locale=legal_pages[0].locale)
    response = admin_client.post(
        snippet_url("add") + "?locale=fr",
        menu_form("main", legal_pages, **{"action-publish": "publish"}),
    )
    assert response.status_code == 200
    assert Menu.objects.filter(location="main").count() == 1


def test_menu_edit_preview_history_and_rollback(client, admin_client, legal_pages):
    publish = {"action-publish": "publish"}
    admin_client.post(
        snippet_url("add") + "?locale=fr", menu_form("main", legal_pages, **publish)
    )
    menu = Menu.objects.get(location="main")
    first_revision = menu.latest_revision
    edit_url = snippet_url("edit", menu.pk)
    assert admin_client.get(edit_url).status_code == 200

    preview_url = snippet_url("preview_on_edit", menu.pk)
    data = menu_form("main", legal_pages[:1])
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    assert admin_client.get(preview_url).status_code == 200

    response = admin_client.post(
        edit_url, menu_form("main", legal_pages[:1], **publish)
    )
    assert response.status_code == 302, _form_errors(response)
    menu.refresh_from_db()
    assert len(menu.items) == 1

    history = admin_client.get(snippet_url("history", menu.pk))
    assert history.status_code == 200

    revert_url = snippet_url("revisions_revert", menu.pk, first_revision.pk)
    assert admin_client.get(revert_url).status_code == 200
    response = admin_client.post(revert_url, menu_form("main", legal_pages, **publish))
    assert response.status_code == 302, _form_errors(response)
    menu.refresh_from_db()
    assert [block.value["page"].pk for block in menu.items] == [
        p.pk for p in legal_pages
    ]


# Moderation -------------------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model):
    """A member of Wagtail's « Editors » group: may write, not publish."""
    editor = django_user_model.objects.create_user("redaction", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_an_editor_submits_and_a_moderator_publishes(editor_client, admin_client, home):
    page_type = PageType(ContentPage)
    page = create_through_admin(
        editor_client, page_type, home, **{"action-submit": "action-submit"}
    )
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"

    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": "Relu, parfait."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert Client().get(page.url).status_code == 200


def test_an_editor_cannot_publish_directly(editor_client, home):
    page = create_through_admin(
        editor_client, PageType(ContentPage), home, **{"action-publish": "publish"}
    )
    assert not page.live
