"""A translator's whole round, through wagtail-localize's admin views as the
editor's JavaScript drives them: submit for translation, open the editor, save
each string through its JSON endpoint, publish, and read the translated page as a
resident. Then the French changes: sync keeps what was translated and offers the
new sentence, and the translated page keeps its content meanwhile."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable

import pytest
from django.test.client import encode_multipart
from django.urls import reverse
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail_localize.models import TranslationSource

from news.models import NewsCategory, NewsPage
from policy.models import ActionPage, ActionStatus
from tests.helpers import add_page, publish, soup

pytestmark = pytest.mark.django_db

BOUNDARY = "translation-test-boundary"

CATEGORY_EN = {"Logiciels libres": "Free software", "logiciels-libres": "free-software"}
ARTICLE_EN = {
    "Le conseil adopte PeerTube": "The council adopts PeerTube",
    "le-conseil-adopte-peertube": "the-council-adopts-peertube",
    "Les vidéos de la ville quittent les plateformes.": (
        "The town's videos leave the platforms."
    ),
    "Des cercles bleus": "Blue circles",
    "Un choix voté à l'unanimité": "A unanimous choice",
    "Les séances seront diffusées en direct.": "Meetings will be streamed live.",
}
ACTION_EN = {
    "Cartographie libre": "Free mapping",
    "cartographie-libre": "free-mapping",
    "Les plans de la ville sur OpenStreetMap.": "The town's maps on OpenStreetMap.",
    "Service urbanisme": "Planning department",
    "Les données sont versées chaque mois.": "The data are uploaded every month.",
}


def editor(client, url: str) -> dict:
    """The props the translation editor's React component is given."""
    response = client.get(url)
    assert response.status_code == 200
    node = soup(response).select_one(".js-translation-editor")
    assert node is not None, "the translation editor is not shown"
    return json.loads(node["data-props"])


def save_strings(client, props: dict, english: Callable[[str], str | None]) -> None:
    """Type each string's translation, as the editor does (PUT on its editUrl);
    strings `english` has no translation for are left untranslated."""
    for segment in props["segments"]:
        if segment["type"] != "string":
            continue
        value = english(segment["source"])
        if value is None:
            continue
        response = client.put(
            segment["editUrl"],
            data=encode_multipart(BOUNDARY, {"value": value}),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )
        assert response.status_code in (200, 201), response.content


def publish_in_editor(client, url: str, capture) -> None:
    with capture(execute=True):
        response = client.post(url, {"action": "publish"})
    assert response.status_code == 302, response.content


def strict(table: dict) -> Callable[[str], str]:
    """A translator who knows every string: a string missing from `table` is a
    text offered for translation that the test did not expect."""

    def english(text: str) -> str:
        assert text in table, f"unexpected string offered: {text!r}"
        return table[text]

    return english


def submit(client, url: str, locale: Locale, capture) -> None:
    with capture(execute=True):
        response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content


@pytest.fixture
def category(plan, locales) -> NewsCategory:
    return NewsCategory.objects.create(
        locale=locales[0], name="Logiciels libres", slug="logiciels-libres"
    )


@pytest.fixture
def article(plan, category) -> NewsPage:
    index = plan.article.get_parent()
    article = NewsPage(
        title="Le conseil adopte PeerTube",
        slug="le-conseil-adopte-peertube",
        introduction="Les vidéos de la ville quittent les plateformes.",
        date=datetime.date(2026, 4, 2),
        image=plan.article.image,
        image_alt="Des cercles bleus",
        body=[
            ("heading", {"text": "Un choix voté à l'unanimité", "level": "h2"}),
            (
                "paragraph",
                RichText("<p>Les séances seront diffusées en direct.</p>"),
            ),
        ],
    )
    article.categories.set([category])
    return add_page(index, article)


def test_a_category_and_an_article_translated_in_the_admin(
    admin_client, client, article, category, locales, django_capture_on_commit_callbacks
):
    english = locales[1]
    capture = django_capture_on_commit_callbacks
    submit(
        admin_client,
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["news", "newscategory", category.pk],
        ),
        english,
        capture,
    )
    category_en = category.get_translation(english)
    category_url = reverse(
        "wagtailsnippets_news_newscategory:edit", args=[category_en.pk]
    )
    save_strings(admin_client, editor(admin_client, category_url), strict(CATEGORY_EN))
    publish_in_editor(admin_client, category_url, capture)
    category_en.refresh_from_db()
    assert (category_en.name, category_en.slug) == ("Free software", "free-software")

    submit(
        admin_client,
        reverse("wagtail_localize:submit_page_translation", args=[article.pk]),
        english,
        capture,
    )
    article_en = article.get_translation(english)
    assert not article_en.live  # a draft until the translator publishes
    edit_url = reverse("wagtailadmin_pages:edit", args=[article_en.pk])
    props = editor(admin_client, edit_url)
    offered = {s["source"] for s in props["segments"] if s["type"] == "string"}
    assert offered == set(ARTICLE_EN)
    # The translator may replace the image (with one showing English text).
    overridable = {
        s["contentPath"] for s in props["segments"] if s["type"] == "synchronised_value"
    }
    assert "image" in overridable
    save_strings(admin_client, props, strict(ARTICLE_EN))
    publish_in_editor(admin_client, edit_url, capture)

    article_en = NewsPage.objects.get(pk=article_en.pk)
    assert article_en.live
    assert article_en.url_path.endswith("/the-council-adopts-peertube/")
    assert (article_en.date, article_en.image_id) == (article.date, article.image_id)
    response = client.get(article_en.get_url())
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "The council adopts PeerTube"
    text = page.main.get_text(" ", strip=True)
    for value in ARTICLE_EN.values():
        if "-" not in value:  # slugs are in the address, not the text
            assert value in text or page.find(alt=value), value
    assert "Free software" in text  # the category, in English
    assert "Logiciels libres" not in text


@pytest.fixture
def action(plan) -> ActionPage:
    return add_page(
        plan.objective,
        ActionPage(
            title="Cartographie libre",
            slug="cartographie-libre",
            introduction="Les plans de la ville sur OpenStreetMap.",
            description=[
                (
                    "paragraph",
                    RichText("<p>Les données sont versées chaque mois.</p>"),
                )
            ],
            status=ActionStatus.IN_PROGRESS,
            progress=30,
            department="Service urbanisme",
            start_date=datetime.date(2025, 1, 6),
        ),
    )


def translate_action(admin_client, action, english, capture) -> ActionPage:
    submit(
        admin_client,
        reverse("wagtail_localize:submit_page_translation", args=[action.pk]),
        english,
        capture,
    )
    action_en = action.get_translation(english)
    edit_url = reverse("wagtailadmin_pages:edit", args=[action_en.pk])
    save_strings(admin_client, editor(admin_client, edit_url), strict(ACTION_EN))
    publish_in_editor(admin_client, edit_url, capture)
    return ActionPage.objects.get(pk=action_en.pk)


def test_an_action_translated_then_synced_keeps_its_translations(
    admin_client, client, action, locales, django_capture_on_commit_callbacks
):
    english = locales[1]
    capture = django_capture_on_commit_callbacks
    action_en = translate_action(admin_client, action, english, capture)
    response = client.get(action_en.get_url())
    assert response.status_code == 200
    text = soup(response).main.get_text(" ", strip=True)
    for value in ("Free mapping", "Planning department", "every month"):
        assert value in text
    assert (action_en.status, action_en.progress) == (ActionStatus.IN_PROGRESS, 30)

    # The French page changes: a new sentence, a new progress
    action = ActionPage.objects.get(pk=action.pk)
    # (as in the editor: the existing blocks keep their ids)
    action.description = [
        *action.description.get_prep_value(),
        {
            "type": "paragraph",
            "value": "<p>Une carte des pistes cyclables est ajoutée.</p>",
            "id": str(uuid.uuid4()),
        },
    ]
    action.progress = 60
    publish(action)

    source = TranslationSource.objects.get_for_instance(action)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert admin_client.get(sync_url).status_code == 200
    with capture(execute=True):
        response = admin_client.post(sync_url, {})
    assert response.status_code == 302

    # The translated page stays live with what it said until the translator
    # publishes again: nothing is lost.
    live = client.get(action_en.get_url())
    assert "The data are uploaded every month." in live.content.decode()

    edit_url = reverse("wagtailadmin_pages:edit", args=[action_en.pk])
    props = editor(admin_client, edit_url)
    translated = {
        t["segment_id"]: t["data"] for t in props["initialStringTranslations"]
    }
    by_source = {
        s["source"]: translated.get(s["id"])
        for s in props["segments"]
        if s["type"] == "string"
    }
    # Untouched strings keep their translations; the new one is offered, empty.
    assert by_source == {
        **ACTION_EN,
        "Une carte des pistes cyclables est ajoutée.": None,
    }
    save_strings(
        admin_client,
        props,
        lambda text: (
            "A map of the cycle lanes is added."
            if text == "Une carte des pistes cyclables est ajoutée."
            else None
        ),
    )
    publish_in_editor(admin_client, edit_url, capture)
    action_en = ActionPage.objects.get(pk=action_en.pk)
    assert action_en.progress == 60  # synchronised from the source
    html = client.get(action_en.get_url()).content.decode()
    for value in (
        "Free mapping",
        "The data are uploaded every month.",
        "A map of the cycle lanes is added.",
    ):
        assert value in html
    assert "Une carte" not in html


def test_an_awarding_body_synced_in_the_admin_keeps_its_translation(
    admin_client, client, awards, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    body = awards.bodies["adullact"]
    body_en = awards.bodies_en["adullact"]
    body.name = "Association ADULLACT"
    body.save()

    source = TranslationSource.objects.get_for_instance(body)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert admin_client.get(sync_url).status_code == 200
    with capture(execute=True):
        assert admin_client.post(sync_url, {}).status_code == 302

    edit_url = reverse("wagtailsnippets_policy_awardingbody:edit", args=[body_en.pk])
    props = editor(admin_client, edit_url)
    translated = {
        t["segment_id"]: t["data"] for t in props["initialStringTranslations"]
    }
    by_source = {
        s["source"]: translated.get(s["id"])
        for s in props["segments"]
        if s["type"] == "string"
    }
    assert by_source == {
        "Association ADULLACT": None,
        "L'association des collectivités pour le logiciel libre.": (
            "The association of communities for free software."
        ),
    }
    # The website may be replaced by an English page; the anchor (#adullact)
    # is the same in every language.
    overridable = {
        s["contentPath"] for s in props["segments"] if s["type"] == "synchronised_value"
    }
    assert overridable == {"website"}

    save_strings(
        admin_client,
        props,
        lambda text: (
            "The ADULLACT association" if text == "Association ADULLACT" else None
        ),
    )
    publish_in_editor(admin_client, edit_url, capture)
    body_en.refresh_from_db()
    assert body_en.name == "The ADULLACT association"
    assert body_en.description == "The association of communities for free software."
    assert body_en.slug == "adullact"
    html = client.get(awards.page_en.get_url()).content.decode()
    assert "The ADULLACT association" in html
    assert "Association ADULLACT" not in html
