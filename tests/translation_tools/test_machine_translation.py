"""Self-hosted machine translation: wagtail-localize's LibreTranslate backend,
configured from LIBRETRANSLATE_URL and LIBRETRANSLATE_API_KEY, off when unset.

A stand-in LibreTranslate server runs on 127.0.0.1 in the test; no request may
reach another host."""

from __future__ import annotations

import json
import runpy
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail_localize.models import StringTranslation

from tests.helpers import soup
from tests.translation_tools.conftest import (
    edit_url,
    editor_props,
    messages_of,
    publish_in_editor,
    submit_for_translation,
)

pytestmark = pytest.mark.django_db

# Read afresh (run, not imported) so that the environment of each test counts.
BASE_SETTINGS = "website.settings.base"
API_KEY = "cle-de-la-commune"
LIBRETRANSLATE = "wagtail_localize.machine_translators.libretranslate.LibreTranslator"


class StandIn(BaseHTTPRequestHandler):
    """LibreTranslate's POST /translate: q (a list), source, target, api_key,
    format; answers {"translatedText": [...]}, or 403 for a wrong key."""

    received: list[dict] = []
    answer_garbage = False

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        type(self).received.append(
            {"path": self.path, "content_type": self.headers["Content-Type"], **body}
        )
        if self.path != "/translate":
            self._send(404, {"error": "Not found"})
        elif body.get("api_key") != API_KEY:
            self._send(403, {"error": "Invalid API key"})
        elif type(self).answer_garbage:
            self._send(200, "<html>maintenance</html>", raw=True)
        else:
            texts = [f"[{body['target']}] {text}" for text in body["q"]]
            self._send(200, {"translatedText": texts})

    def _send(self, status: int, payload, raw: bool = False) -> None:
        data = payload.encode() if raw else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stand_in():
    StandIn.received = []
    StandIn.answer_garbage = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def local_connections_only(monkeypatch):
    """Any connection to another host than this machine fails the test."""
    connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        assert host in ("127.0.0.1", "::1", "localhost") or str(host).startswith("/"), (
            f"connection to {address}"
        )
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def translator_settings(url: str, key: str = API_KEY) -> dict:
    return {
        "CLASS": LIBRETRANSLATE,
        "OPTIONS": {"LIBRETRANSLATE_URL": url, "API_KEY": key, "TIMEOUT": 5},
    }


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def machine_translate(client, translation):
    return client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": edit_url(translation)},
        follow=True,
    )


def machine_texts(translation) -> list[str]:
    return list(
        StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__object_id=translation.source.object_id,
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        ).values_list("data", flat=True)
    )


def test_the_settings_read_the_server_from_the_environment(monkeypatch):
    monkeypatch.setenv("LIBRETRANSLATE_URL", "http://traduction.ville.example:5000/")
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "secret")
    configured = runpy.run_module(BASE_SETTINGS)
    assert configured["WAGTAILLOCALIZE_MACHINE_TRANSLATOR"] == {
        "CLASS": LIBRETRANSLATE,
        "OPTIONS": {
            "LIBRETRANSLATE_URL": "http://traduction.ville.example:5000",
            "API_KEY": "secret",
            "TIMEOUT": 10,
        },
    }
    monkeypatch.delenv("LIBRETRANSLATE_URL")
    assert "WAGTAILLOCALIZE_MACHINE_TRANSLATOR" not in runpy.run_module(BASE_SETTINGS)


def test_without_a_server_there_is_no_machine_translation(
    translator_client, article, settings
):
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    translation = submit_for_translation(translator_client, article)
    assert editor_props(translator_client, translation)["machineTranslator"] is None
    response = translator_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk])
    )
    assert response.status_code == 404
    assert machine_texts(translation) == []


def test_the_segments_are_machine_translated_and_the_page_publishes(
    stand_in,
    translator_client,
    manager_client,
    article,
    client,
    django_capture_on_commit_callbacks,
):
    with override_settings(
        WAGTAILLOCALIZE_MACHINE_TRANSLATOR=translator_settings(stand_in)
    ):
        translation = submit_for_translation(translator_client, article)
        offered = editor_props(translator_client, translation)["machineTranslator"]
        assert offered["name"] == "LibreTranslate"
        response = machine_translate(translator_client, translation)
    assert response.status_code == 200
    assert "Successfully translated with LibreTranslate." in messages_of(response)

    (request,) = StandIn.received
    assert request["path"] == "/translate"
    assert request["content_type"] == "application/json"
    assert (request["source"], request["target"]) == ("fr", "en")
    assert request["api_key"] == API_KEY
    assert request["format"] == "html"
    assert "Fibre optique dans les écoles" in request["q"]
    assert "[en] Fibre optique dans les écoles" in machine_texts(translation)

    response = publish_in_editor(
        manager_client, translation, django_capture_on_commit_callbacks
    )
    english = translation.get_target_instance()
    assert english.live
    page = client.get(english.url)
    assert page.status_code == 200
    document = soup(page)
    assert document.find("h1").get_text() == "[en] Fibre optique dans les écoles"
    assert "[en] Les écoles sont raccordées à la fibre." in document.get_text()


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("wrong key", "refused the request (check LIBRETRANSLATE_API_KEY)"),
        ("server down", "could not be reached"),
        ("garbage", "gave an answer that could not be read"),
    ],
)
def test_a_failing_server_gets_a_message_and_translates_nothing(
    stand_in, translator_client, article, problem, message
):
    url, key = stand_in, API_KEY
    if problem == "wrong key":
        key = "wrong"
    elif problem == "server down":
        url = closed_port()
    else:
        StandIn.answer_garbage = True
    with override_settings(
        WAGTAILLOCALIZE_MACHINE_TRANSLATOR=translator_settings(url, key)
    ):
        translation = submit_for_translation(translator_client, article)
        response = machine_translate(translator_client, translation)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == edit_url(translation)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert machine_texts(translation) == []


def test_sync_with_machine_translation_and_a_server_down_changes_nothing(
    manager_client, article
):
    with override_settings(
        WAGTAILLOCALIZE_MACHINE_TRANSLATOR=translator_settings(closed_port())
    ):
        translation = submit_for_translation(manager_client, article)
        article.title = "Fibre optique dans toutes les écoles"
        article.save_revision().publish()
        source = translation.source
        synced_at = source.last_updated_at
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        form = manager_client.get(url)
        assert 'name="use_machine_translation"' in form.content.decode()
        response = manager_client.post(
            url, {"use_machine_translation": "on"}, follow=True
        )
    assert response.status_code == 200
    assert any("could not be reached" in text for text in messages_of(response))
    source.refresh_from_db()
    assert source.last_updated_at == synced_at
    assert machine_texts(translation) == []
