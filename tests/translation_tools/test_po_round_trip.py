"""The PO round trip (docs/translation.md): a translator submits a news
article for translation, downloads its PO file, translates it offline, uploads it;
a manager publishes; residents read the English article. A bad file gets a message
and changes nothing."""

from __future__ import annotations

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail_localize.models import StringTranslation

from tests.helpers import soup
from tests.translation_tools.conftest import (
    edit_url,
    messages_of,
    publish_in_editor,
    submit_for_translation,
)

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Fibre optique dans les écoles": "Fibre optics in the schools",
    "Les écoles sont raccordées à la fibre.": "The schools are connected to fibre.",
    "Un paragraphe de texte.": "A paragraph of text.",
    "Des cercles bleus": "Blue circles",
}


def download(client, translation) -> polib.POFile:
    response = client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert "attachment" in response["Content-Disposition"]
    return polib.pofile(response.content.decode())


def upload(client, translation, content: bytes, name: str = "article-en.po"):
    """The editor's « Upload PO file », followed back to the editor."""
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {
            "file": SimpleUploadedFile(name, content, "text/x-gettext-translation"),
            "next": edit_url(translation),
        },
        follow=True,
    )


def translated_offline(po: polib.POFile) -> bytes:
    for entry in po:
        if entry.msgid in ENGLISH:
            entry.msgstr = ENGLISH[entry.msgid]
    return str(po).encode()


def test_a_po_file_round_trip_publishes_the_english_article(
    translator_client,
    manager_client,
    article,
    news_index_en,
    client,
    django_capture_on_commit_callbacks,
):
    translation = submit_for_translation(translator_client, article)
    draft = translation.get_target_instance()
    assert draft.locale.language_code == "en" and not draft.live

    po = download(translator_client, translation)
    assert set(ENGLISH) <= {entry.msgid for entry in po}
    assert all(entry.msgstr == "" for entry in po)

    response = upload(translator_client, translation, translated_offline(po))
    assert response.status_code == 200
    assert "Successfully imported translations from PO File." in messages_of(response)
    # The texts are in the translation, as if typed in the editor.
    assert {entry.msgstr for entry in download(translator_client, translation)} >= set(
        ENGLISH.values()
    )

    response = publish_in_editor(
        manager_client, translation, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    english = translation.get_target_instance()
    assert english.live
    assert english.get_parent().pk == news_index_en.pk

    page = client.get(english.url)
    assert page.status_code == 200
    document = soup(page)
    assert document.find("h1").get_text(strip=True) == "Fibre optics in the schools"
    text = document.get_text(" ", strip=True)
    assert "The schools are connected to fibre." in text
    assert "A paragraph of text." in text
    assert "Fibre optique" not in document.find("main").get_text()
    assert document.find("img", alt="Blue circles") is not None


@pytest.fixture
def translated(translator_client, article):
    """A translation whose PO file was already uploaded once."""
    translation = submit_for_translation(translator_client, article)
    po = download(translator_client, translation)
    upload(translator_client, translation, translated_offline(po))
    return translation


def saved_texts(translation) -> set[str]:
    return set(
        StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__object_id=translation.source.object_id,
        ).values_list("data", flat=True)
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a PO file (it is not UTF-8 text)"),
        (b"Just some notes, not a PO file.\n", "not a PO file downloaded from"),
        (b'msgid "unterminated\n', "not a PO file downloaded from"),
        (b'msgid "Bonjour"\nmsgstr "Hello"\n', "not a PO file downloaded from"),
        (b"/etc/passwd", "not a PO file downloaded from"),
        (b"", "not a PO file downloaded from"),
    ],
    ids=["binary", "text", "broken-syntax", "no-header", "a-path", "empty"],
)
def test_a_bad_file_gets_a_message_and_changes_nothing(
    translator_client, translated, content, message
):
    before = saved_texts(translated)
    assert before >= set(ENGLISH.values())
    response = upload(translator_client, translated, content)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == edit_url(translated)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert saved_texts(translated) == before


def test_the_po_file_of_another_translation_is_refused(
    translator_client, translated, make_article
):
    other = submit_for_translation(translator_client, make_article("Autre article"))
    po = download(translator_client, other)
    for entry in po:
        entry.msgstr = "Wrong page"
    before = saved_texts(translated)
    response = upload(translator_client, translated, str(po).encode())
    assert any("downloaded for another translation" in m for m in messages_of(response))
    assert saved_texts(translated) == before
    assert "Wrong page" not in saved_texts(other)


def test_an_upload_without_a_file_gets_a_message(translator_client, translated):
    response = translator_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translated.pk]),
        {"next": edit_url(translated)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose a PO file to upload." in messages_of(response)


def test_entries_of_a_changed_page_are_reported(translator_client, translated):
    po = download(translator_client, translated)
    po.append(polib.POEntry(msgid="Texte disparu", msgstr="Gone", msgctxt="body.x"))
    response = upload(translator_client, translated, str(po).encode())
    assert "Successfully imported translations from PO File." in messages_of(response)
    assert any("matched no text of this page" in m for m in messages_of(response))


def test_anonymous_visitors_and_strangers_cannot_upload(client, translated):
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translated.pk]), {}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_translation_of_a_deleted_page_is_not_found(translator_client, translated):
    translated.get_target_instance().delete()
    machine = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
        "OPTIONS": {},
    }
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=machine):
        response = translator_client.post(
            reverse("wagtail_localize:machine_translate", args=[translated.pk])
        )
    assert response.status_code == 404
    url = reverse("wagtail_localize:upload_pofile", args=[translated.pk])
    assert translator_client.post(url).status_code == 404
    url = reverse("wagtail_localize:download_pofile", args=[translated.pk])
    assert translator_client.get(url).status_code == 404
