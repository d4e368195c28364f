"""Translators' rights, through the admin views (docs/translation.md):
they translate and edit the translations, never the French source; they publish
nothing (pages or snippets), nor through sync's « Publish immediately »; managers
do. Users and settings are the administrators' (tests/workflow/test_access_matrix.py
covers every admin URL for every role)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from home.models import Menu
from home.roles import TRANSLATORS, WRITERS
from news.models import NewsPage
from tests.translation_tools.conftest import (
    denied,
    edit_url,
    editor_props,
    messages_of,
    publish_in_editor,
    submit_for_translation,
)
from tests.tree import translate
from tests.workflow.conftest import logged_in, member

pytestmark = pytest.mark.django_db

REFUSED = "Translators do not change content in the source language"


def refused(response, message: str = REFUSED) -> bool:
    """Sent back with a message saying why, or denied by Wagtail: the page actions
    no menu offers translators (home/editorial/page_rights.py) are refused by Wagtail's
    permission check, before the hooks that would explain why."""
    if denied(response):
        return True
    if response.status_code != 302:
        return False
    return any(message in text for text in messages_of(response.client.get("/admin/")))


def test_translators_translate_a_page_but_do_not_publish_it(
    translator_client, manager_client, article, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(translator_client, article)
    english = translation.get_target_instance()
    assert not english.live

    props = editor_props(translator_client, translation)
    assert props["perms"]["canPublish"] is False
    assert props["perms"]["canUnpublish"] is False
    response = publish_in_editor(
        translator_client, translation, django_capture_on_commit_callbacks
    )
    assert denied(response)
    assert not Page.objects.get(pk=english.pk).live

    assert editor_props(manager_client, translation)["perms"]["canPublish"] is True
    publish_in_editor(manager_client, translation, django_capture_on_commit_callbacks)
    assert Page.objects.get(pk=english.pk).live


def test_translators_cannot_open_or_change_a_french_page(
    translator_client, manager_client, article, news_index
):
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = translator_client.get(url)
    assert response.status_code == 302
    assert refused(response)

    revisions = article.revisions.count()
    response = translator_client.post(
        url, {"title": "Titre changé", "slug": article.slug, "action-publish": "on"}
    )
    assert refused(response)
    article.refresh_from_db()
    assert article.title == "Fibre optique dans les écoles"
    assert article.revisions.count() == revisions

    revert = reverse(
        "wagtailadmin_pages:revisions_revert",
        args=[article.pk, article.latest_revision_id],
    )
    assert refused(translator_client.get(revert))

    assert manager_client.get(url).status_code == 200


def test_translators_add_pages_to_a_translation_only(
    translator_client, news_index, news_index_en
):
    def add(parent):
        return reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk])

    assert refused(translator_client.get(add(news_index)))
    assert refused(translator_client.post(add(news_index), {"title": "Intrus"}))
    assert translator_client.get(add(news_index_en)).status_code == 200
    assert not NewsPage.objects.filter(title="Intrus").exists()


@pytest.fixture
def french_draft(make_article) -> NewsPage:
    """A writer's draft: Wagtail lets anyone with the right to change it delete,
    copy or move it, translators included, were it not for their rules."""
    return make_article("Brouillon de la rédactrice", publish=False)


@pytest.mark.parametrize("action", ["delete", "copy", "move"])
def test_translators_do_not_delete_copy_or_move_french_pages(
    translator_client, french_draft, news_index, action
):
    url = reverse(f"wagtailadmin_pages:{action}", args=[french_draft.pk])
    message = REFUSED if action == "delete" else "Translators do not copy or move"
    if action == "move":  # the move itself, once the destination is chosen
        url = reverse(
            "wagtailadmin_pages:move_confirm", args=[french_draft.pk, news_index.pk]
        )
    else:
        assert refused(translator_client.get(url), message)
    data = {"chooser": news_index.pk, "new_title": "Copie", "new_slug": "copie"}
    assert refused(translator_client.post(url, data), message)
    assert NewsPage.objects.get(pk=french_draft.pk).get_parent().pk == news_index.pk
    assert not NewsPage.objects.filter(slug="copie").exists()


def test_translators_translate_snippets_but_not_the_french_ones(
    translator_client, manager_client, categories, categories_en
):
    french, english = categories["evenements"], categories_en["evenements"]

    def edit(category):
        return reverse("wagtailsnippets_news_newscategory:edit", args=[category.pk])

    response = translator_client.get(edit(french))
    assert response["Location"] == reverse("wagtailsnippets_news_newscategory:list")
    assert refused(response)
    response = translator_client.post(edit(french), {"name": "Piraté"})
    assert refused(response)
    french.refresh_from_db()
    assert french.name == "Événements"
    assert manager_client.get(edit(french)).status_code == 200

    # The English category opens in wagtail-localize's translation editor.
    response = translator_client.get(edit(english))
    assert response.status_code == 200
    assert response.templates[0].name == "wagtail_localize/admin/edit_translation.html"

    add = reverse("wagtailsnippets_news_newscategory:add")
    assert refused(translator_client.get(add))
    assert refused(translator_client.get(add, {"locale": "fr"}))
    assert translator_client.get(add, {"locale": "en"}).status_code == 200


def test_translators_do_not_publish_snippets(
    translator_client, manager_client, site_tree, django_capture_on_commit_callbacks
):
    french = Menu.objects.create(location="footer", locale=site_tree.locale_fr)
    french.save_revision().publish()
    english = translate(french, {})
    edit = reverse("wagtailsnippets_home_menu:edit", args=[english.pk])
    response = translator_client.get(edit)
    assert response.status_code == 200
    assert json.loads(response.context["props"])["perms"]["canPublish"] is False
    revision = english.live_revision_id
    with django_capture_on_commit_callbacks(execute=True):
        response = translator_client.post(edit, {"action": "publish"})
    assert denied(response)
    english.refresh_from_db()
    assert english.live_revision_id == revision

    french_edit = reverse("wagtailsnippets_home_menu:edit", args=[french.pk])
    assert refused(translator_client.get(french_edit))
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(edit, {"action": "publish"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live_revision_id != revision


@pytest.fixture
def synced_article(article, django_capture_on_commit_callbacks):
    """An article translated and published in English, whose French text then
    changed: its translation waits for a sync."""
    english = translate(
        article,
        {
            "title": "Fibre optics in the schools",
            "introduction": "The schools are connected to fibre.",
        },
    )
    article.introduction = "Toutes les écoles sont raccordées à la fibre."
    article.save_revision().publish()
    return article, english


def sync(client, article, data: dict | None = None):
    source = TranslationSource.objects.get_for_instance(article)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    if data is None:
        return client.get(url)
    return client.post(url, data)


PUBLISH_BOX = 'type="checkbox" name="publish_translations"'


def test_sync_publishes_immediately_only_for_managers(
    translator_client,
    manager_client,
    synced_article,
    django_capture_on_commit_callbacks,
):
    article, english = synced_article
    live = english.live_revision_id

    form = sync(translator_client, article)
    assert form.status_code == 200
    assert PUBLISH_BOX not in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = sync(translator_client, article, {"publish_translations": "on"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live_revision_id == live
    assert english.introduction == "The schools are connected to fibre."

    assert PUBLISH_BOX in sync(manager_client, article).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = sync(manager_client, article, {"publish_translations": "on"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live_revision_id != live


def test_translators_manage_neither_users_nor_settings(translator_client, site_tree):
    for url in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse(
            "wagtailsettings:edit", args=["home", "sitesettings", site_tree.site.pk]
        ),
        reverse("wagtaillocales:index"),
    ):
        response = translator_client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), url


def test_a_translator_who_also_writes_keeps_the_writers_rights(
    django_user_model, article
):
    both = member(django_user_model, "polyglotte", TRANSLATORS, language="en")
    both.groups.add(*both.groups.model.objects.filter(name=WRITERS))
    client = logged_in(both)
    assert client.get(edit_url_of(article)).status_code == 200


def edit_url_of(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_an_english_translation_opens_in_the_translation_editor(
    translator_client, article
):
    translation = submit_for_translation(translator_client, article)
    response = translator_client.get(edit_url(translation))
    assert response.status_code == 200
    assert response.templates[0].name == "wagtail_localize/admin/edit_translation.html"


def test_translators_do_not_bulk_delete_french_pages(translator_client, french_draft):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = translator_client.post(f"{url}?id={french_draft.pk}&next=/admin/")
    assert refused(response)
    assert NewsPage.objects.filter(pk=french_draft.pk).exists()
