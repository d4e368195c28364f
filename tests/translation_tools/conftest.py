"""Translators, managers and a French news article on the shared bilingual site,
and the steps of a translation as they are taken in wagtail-localize's views."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from home.roles import MANAGERS, TRANSLATORS
from news.models import NewsPage
from tests.news.conftest import (  # noqa: F401 (fixtures)
    _news_layer,
    categories,
    categories_en,
    image,
    make_article,
    news_index,
    news_index_en,
)
from tests.workflow.conftest import logged_in, member


# The admin in English, so that the tests read wagtail-localize's messages as
# written; the French ones are checked with the catalogue.
@pytest.fixture
def translator(db, django_user_model):
    return member(django_user_model, "traductrice", TRANSLATORS, language="en")


@pytest.fixture
def manager(db, django_user_model):
    return member(django_user_model, "responsable", MANAGERS, language="en")


@pytest.fixture
def translator_client(translator) -> Client:
    return logged_in(translator)


@pytest.fixture
def manager_client(manager) -> Client:
    return logged_in(manager)


@pytest.fixture
def article(make_article) -> NewsPage:  # noqa: F811
    return make_article(
        "Fibre optique dans les écoles",
        introduction="Les écoles sont raccordées à la fibre.",
    )


def submit_for_translation(client: Client, page: Page, code: str = "en") -> Translation:
    """« Translate this page » into `code`, as the admin's form posts it."""
    locale = Locale.objects.get(language_code=code)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )


def edit_url(translation: Translation) -> str:
    target = translation.get_target_instance()
    return reverse("wagtailadmin_pages:edit", args=[target.pk])


def publish_in_editor(client: Client, translation: Translation, on_commit) -> object:
    """The translation editor's « Publish » button."""
    with on_commit(execute=True):
        response = client.post(edit_url(translation), {"action": "publish"})
    return response


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def editor_props(client: Client, translation: Translation) -> dict:
    """What wagtail-localize's translation editor is given to show: its buttons
    (publish, machine translation, PO upload...) follow these."""
    response = client.get(edit_url(translation))
    assert response.status_code == 200
    return json.loads(response.context["props"])


def denied(response) -> bool:
    """Wagtail's admin refuses with a 403 or by sending back to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
    )
