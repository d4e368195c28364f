"""What a front cache (nginx, docs/deploy/nginx.conf) is told it may keep: only
pages any anonymous reader may get, for DJANGO_FRONT_CACHE_SECONDS, never past
the moment the page stops being true."""

from __future__ import annotations

import time

from home.caching.page_cache import shared_max_age
from tests.caching.test_page_cache import content_page, get, page_cache  # noqa: F401


def test_the_front_cache_keeps_a_page_no_longer_than_it_is_true(settings):
    settings.FRONT_CACHE_SECONDS = 60
    assert shared_max_age({"expires": None}) == 60
    assert shared_max_age({"expires": time.time() + 3600}) == 60
    assert 0 < shared_max_age({"expires": time.time() + 20.5}) <= 20
    assert shared_max_age({"expires": time.time() - 5}) == 0


def test_no_front_cache_lifetime_when_turned_off(
    client,
    content_page,  # noqa: F811
    settings,
):
    settings.FRONT_CACHE_SECONDS = 0
    for _ in range(2):  # a miss, then a hit
        assert get(client, content_page.url)["Cache-Control"] == "public, max-age=0"


def test_what_readers_with_a_cookie_get_is_never_for_a_front_cache(
    client,
    content_page,  # noqa: F811
):
    client.cookies["django_language"] = "en"
    response = client.get(content_page.url)
    assert response.status_code == 200
    assert "s-maxage" not in response.get("Cache-Control", "")
