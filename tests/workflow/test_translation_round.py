"""A translator's round as the translators' tools tell it, through
wagtail-localize's own views: the status report and dashboard say « En cours »
from the first string saved until a manager publishes, the editor says what
happens next and offers no « Convert to alias page », and managers find the
translation waiting on their dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail_localize.models import Translation

from home.models import ContentPage
from tests.helpers import add_page, soup
from tests.test_translation_status import report_rows
from tests.translation.test_admin_views import (
    editor,
    publish_in_editor,
    save_strings,
    strict,
    submit,
)
from tests.translation_tools.conftest import denied

pytestmark = pytest.mark.django_db

PAGE_EN = {
    "Horaires de la médiathèque": "Library opening hours",
    "horaires-de-la-mediatheque": "library-opening-hours",
    "Ouverte six jours sur sept.": "Open six days a week.",
    "Fermée le lundi.": "Closed on Mondays.",
}
NEXT_STEP = "Un responsable publie ensuite la traduction"
WAITING = "#translations-awaiting-publication-section"


@pytest.fixture
def page(home) -> ContentPage:
    return add_page(
        home,
        ContentPage(
            title="Horaires de la médiathèque",
            slug="horaires-de-la-mediatheque",
            introduction="Ouverte six jours sur sept.",
            body=[("paragraph", RichText("<p>Fermée le lundi.</p>"))],
        ),
    )


def status_of(client, title: str) -> str:
    """The page's status in the report, as read on screen."""
    rows = report_rows(client.get(reverse("translation_status"), {"locale": "en"}))
    [row] = [row for row in rows if row[0] == title]
    return row[3]


def waiting_titles(client) -> list[str]:
    panel = soup(client.get(reverse("wagtailadmin_home"))).select_one(WAITING)
    if panel is None:
        return []
    assert "Traductions en attente de publication" in panel.get_text()
    return [th.get_text(strip=True) for th in panel.select("tbody th")]


def in_progress_count(client) -> str:
    panel = soup(client.get(reverse("wagtailadmin_home"))).select_one(
        "#translation-status-section"
    )
    cells = [td.get_text(strip=True) for td in panel.select("tbody tr td")]
    return cells[2]  # untranslated, outdated, in progress, up to date


def translated(client, page, english: Locale, capture):
    """Submit `page` for English translation through wagtail-localize's form;
    its English draft."""
    submit(
        client,
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        english,
        capture,
    )
    return page.get_translation(english)


def test_a_translation_is_in_progress_from_the_first_string_until_published(
    translator_client, manager_client, page, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    capture = django_capture_on_commit_callbacks
    target = translated(translator_client, page, english, capture)
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    title = page.title

    # Every string translated, nothing published: still « En cours ».
    save_strings(
        translator_client, editor(translator_client, edit_url), strict(PAGE_EN)
    )
    assert status_of(translator_client, title) == "En cours"
    before = in_progress_count(translator_client)
    assert waiting_titles(manager_client) == [title]
    assert waiting_titles(translator_client) == []  # translators do not publish

    with capture(execute=True):
        publish_in_editor(manager_client, edit_url, capture)
    assert status_of(translator_client, title) == "À jour"
    assert int(in_progress_count(translator_client)) == int(before) - 1
    assert waiting_titles(manager_client) == []

    # One string changed in the editor: « En cours » again, until published.
    props = editor(translator_client, edit_url)
    save_strings(
        translator_client,
        props,
        lambda text: (
            "Closed on Mondays and holidays." if text == "Fermée le lundi." else None
        ),
    )
    assert status_of(translator_client, title) == "En cours"
    assert waiting_titles(manager_client) == [title]
    publish_in_editor(manager_client, edit_url, capture)
    assert status_of(manager_client, title) == "À jour"


def test_a_text_shared_with_another_page_leaves_a_published_translation_up_to_date(
    translator_client, manager_client, home, page, django_capture_on_commit_callbacks
):
    """Two pages say « Fermée le lundi. »: translating the second one saves a
    string of the same text, which is not a change to the first page."""
    english = Locale.objects.get(language_code="en")
    capture = django_capture_on_commit_callbacks
    annex = add_page(
        home,
        ContentPage(
            title="Horaires de l'annexe",
            slug="horaires-de-l-annexe",
            introduction="Ouverte trois jours par semaine.",
            body=[("paragraph", RichText("<p>Fermée le lundi.</p>"))],
        ),
    )
    annex_en = {
        "Horaires de l'annexe": "Annex opening hours",
        "horaires-de-l-annexe": "annex-opening-hours",
        "Ouverte trois jours par semaine.": "Open three days a week.",
        "Fermée le lundi.": "Shut on Mondays.",
    }
    for source, texts in ((page, PAGE_EN), (annex, annex_en)):
        target = translated(translator_client, source, english, capture)
        edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
        save_strings(
            translator_client, editor(translator_client, edit_url), strict(texts)
        )
        if source == page:
            with capture(execute=True):
                publish_in_editor(manager_client, edit_url, capture)

    assert status_of(translator_client, page.title) == "À jour"
    assert status_of(translator_client, annex.title) == "En cours"
    assert waiting_titles(manager_client) == [annex.title]


def test_the_editor_tells_translators_what_happens_next_and_offers_no_alias(
    translator_client, manager_client, page, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    target = translated(
        manager_client, page, english, django_capture_on_commit_callbacks
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    convert_url = reverse("wagtail_localize:convert_to_alias", args=[target.pk])

    response = translator_client.get(edit_url)
    assert NEXT_STEP in response.content.decode()
    props = editor(translator_client, edit_url)
    assert props["links"]["convertToAliasUrl"] is None
    assert not props["perms"]["canPublish"]
    # The address refuses them too, whatever they send.
    assert denied(translator_client.get(convert_url))
    assert denied(translator_client.post(convert_url, {}))
    assert ContentPage.objects.get(pk=target.pk).alias_of_id is None

    # A manager keeps it, behind « Publish », and is not told to wait for anyone.
    response = manager_client.get(edit_url)
    assert NEXT_STEP not in response.content.decode()
    props = editor(manager_client, edit_url)
    assert props["links"]["convertToAliasUrl"] == convert_url
    assert props["perms"]["canPublish"]
    assert manager_client.get(convert_url).status_code == 200


def test_after_a_stopped_translation_conversion_is_never_the_main_button(
    translator_client, manager_client, page, django_capture_on_commit_callbacks
):
    """Once the synced translation is stopped, Wagtail's page editor offers
    wagtail-localize's « Convert to alias page »: not to translators, and for
    managers behind the main button, never as it."""
    english = Locale.objects.get(language_code="en")
    target = translated(
        manager_client, page, english, django_capture_on_commit_callbacks
    )
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english
    )
    translation.enabled = False
    translation.save()
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])

    response = translator_client.get(edit_url)
    assert response.status_code == 200
    assert "localize-convert-to-alias" not in response.content.decode()

    response = manager_client.get(edit_url)
    menu = response.context["action_menu"]
    names = [item.name for item in menu.menu_items]
    assert "localize-convert-to-alias" in names
    assert menu.default_item.name != "localize-convert-to-alias"
    assert names[-1] == "localize-convert-to-alias"
