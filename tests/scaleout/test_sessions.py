"""Sessions in the shared Redis cache (database 5 here): an editor signed in
through one application server is signed in on every other."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(redis_url, settings):
    """The settings REDIS_URL gives (website/settings/base.py), under a key
    prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"test-sessions-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    connection = redis.Redis.from_url(redis_url)
    yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def test_a_session_written_by_one_server_is_read_by_another(shared_cache, admin_user):
    connection, prefix = shared_cache
    first_server, second_server = Client(), Client()
    first_server.force_login(admin_user)
    session_key = first_server.cookies["sessionid"].value

    cached = f"{prefix}:1:django.contrib.sessions.cached_db{session_key}"
    assert connection.exists(cached)

    second_server.cookies["sessionid"] = session_key
    response = second_server.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert response.context["request"].user == admin_user
