"""Redis away: the site keeps serving (slower, without its cache), editors stay
signed in and can publish, and the cache is used again when Redis returns.

The cache is the production one (home.caching.backend.TolerantRedisCache, as
website/settings/base.py sets it with REDIS_URL), on a redis-server of the test's
own that the tests stop, start, freeze and thaw. Without `redis-server` the tests
are skipped, unless REQUIRE_REDIS=1: then they fail."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from home.caching import backend as cache_backend
from home.caching import generation
from home.models import ContentPage
from news.models import NewsIndexPage
from tests import tree
from tests.scaleout.test_settings import settings_with
from tests.test_admin import page_form

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on a free port of 127.0.0.1, keeping nothing on disk."""

    def __init__(self, binary: str, directory: str) -> None:
        self.binary, self.directory = binary, directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", self.directory],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def freeze(self) -> None:
        """Still listening, never answering: a Redis cut off by the network."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def test_production_uses_the_tolerant_cache_with_short_timeouts(monkeypatch):
    cache_settings = settings_with(
        monkeypatch, "base", REDIS_URL="redis://cache:6379/1"
    )
    default = cache_settings["CACHES"]["default"]
    assert default["BACKEND"] == "home.caching.backend.TolerantRedisCache"
    assert default["OPTIONS"]["socket_connect_timeout"] <= 0.5
    assert default["OPTIONS"]["socket_timeout"] <= 0.5


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is not installed (REQUIRE_REDIS=1)")
        pytest.skip("redis-server is not installed")
    with tempfile.TemporaryDirectory() as directory:
        server = RedisServer(binary, directory)
        server.start()
        try:
            yield server
        finally:
            if server.process is not None:
                server.thaw()
            server.stop()


@pytest.fixture
def redis_cache(redis_server: RedisServer, settings) -> Iterator[RedisServer]:
    """The default cache and the sessions as with REDIS_URL, on the running server;
    Redis is tried again at once after a failure (RETRY_AFTER 0)."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.client().flushdb()
    cache_backend._availability.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "home.caching.backend.TolerantRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "vivre-libre",
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield redis_server
    if redis_server.process is not None:
        redis_server.thaw()
    cache_backend._availability.clear()


def retry_later(settings) -> None:
    """Redis left alone for a minute after a failure, as in production (5 s)."""
    default = settings.CACHES["default"]
    settings.CACHES = {"default": {**default, "OPTIONS": {"RETRY_AFTER": 60}}}


@pytest.fixture
def pages(home) -> dict[str, str]:
    index = NewsIndexPage(title="Actualités", slug="actualites", introduction="Tout.")
    home.add_child(instance=index)
    index.save_revision().publish()
    article = tree.add_article(index, None, "Le marché de Noël", with_image=False)
    return {"home": home.url, "article": article.url, "api": "/api/v2/pages/"}


def test_pages_the_api_and_the_admin_answer_with_redis_stopped(
    redis_cache, pages, admin_user
):
    editor = Client()
    editor.force_login(admin_user)
    reader = Client()
    assert reader.get(pages["article"]).status_code == 200  # Cached while up.
    assert redis_cache.client().dbsize() > 0

    redis_cache.stop()
    for name, url in pages.items():
        response = reader.get(url)
        assert response.status_code == 200, name
    assert "Le marché de Noël" in reader.get(pages["article"]).content.decode()
    response = editor.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert response.context["request"].user == admin_user  # Still signed in.


def test_an_editor_publishes_with_redis_stopped(redis_cache, home, admin_user):
    editor = Client()
    editor.force_login(admin_user)
    redis_cache.stop()
    response = editor.post(
        reverse("wagtailadmin_pages:add", args=("home", "contentpage", home.pk)),
        page_form(
            ContentPage,
            "Horaires de la mairie",
            "horaires",
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302
    page = ContentPage.objects.get(slug="horaires")
    assert page.live
    response = Client().get(page.url)
    assert response.status_code == 200
    assert "Horaires de la mairie" in response.content.decode()


def test_one_warning_while_redis_is_away_and_the_cache_is_used_again_after(
    redis_cache, pages, caplog
):
    caplog.set_level(logging.INFO, logger="home.caching.backend")
    redis_cache.stop()
    for _ in range(3):
        assert Client().get(pages["home"]).status_code == 200
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()

    redis_cache.start()
    assert Client().get(pages["home"]).status_code == 200
    cache.set("after-the-outage", "back")
    assert redis_cache.client().exists("vivre-libre:1:after-the-outage")
    assert cache.get("after-the-outage") == "back"
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_incr_of_a_missing_key_still_raises(redis_cache):
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set("counter", 1)
    assert cache.incr("counter") == 2
    redis_cache.stop()
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.get("counter", "missed") == "missed"
    assert cache.get_many(["counter"]) == {}
    assert cache.add("other", 1) is False
    assert cache.has_key("counter") is False


def test_what_changed_while_redis_was_cut_off_is_not_hidden_by_its_cache(
    redis_cache, home, admin_user, settings
):
    """Redis cut off (not restarted) keeps what it held: a publication and a
    sign-out made meanwhile must not be undone by it when it answers again."""
    retry_later(settings)
    assert generation.cached(lambda: "old", "motto") == "old"
    editor = Client()
    editor.force_login(admin_user)
    assert editor.get(reverse("wagtailadmin_home")).status_code == 200

    redis_cache.freeze()
    home.title = "Accueil modifié"
    home.save_revision().publish()  # The content generation cannot be bumped.
    editor.post(reverse("wagtailadmin_logout"))
    redis_cache.thaw()
    for state in cache_backend._availability.values():
        state.retry_at = 0  # As RETRY_AFTER seconds later.

    assert generation.cached(lambda: "new", "motto") == "new"
    response = editor.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302  # To the sign-in page.


def test_a_redis_that_does_not_answer_costs_one_timeout_not_one_per_call(
    redis_cache, settings
):
    retry_later(settings)
    cache.set("motto", "Vivre libre")
    redis_cache.freeze()
    started = time.monotonic()
    assert cache.get("motto") is None  # Waits for the read timeout once...
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(20):  # ...then misses at once.
        assert cache.get("motto") is None
        cache.set("motto", "Vivre libre")
    assert time.monotonic() - started < min(first, 0.2)
