"""Anonymous readers get pages from the full-page cache, and see every published
change on their next request; anyone with a cookie gets the page rendered for them.

Each test runs on the per-process memory cache and on Redis (database 4 of the
local server; skipped when it is not there, unless REQUIRE_REDIS=1)."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.utils.http import http_date
from wagtail.models import Page, PageViewRestriction

from home.models import ContentPage, Menu, SiteSettings
from home.security.csp import content_security_policy
from tests.helpers import publish

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/4"


def redis_is_there() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["memory", "redis"])
def page_cache(request, settings):
    settings.PAGE_CACHE_ENABLED = True
    if request.param == "redis":
        if not redis_is_there():
            if os.environ.get("REQUIRE_REDIS") == "1":
                pytest.fail(f"no Redis at {REDIS_URL} (REQUIRE_REDIS=1)")
            pytest.skip(f"no Redis at {REDIS_URL}")
        # Its own prefix, never a FLUSHDB: the SQLite and PostgreSQL suites run
        # side by side on the same Redis database.
        prefix = f"vivre-libre-tests-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        return
    cache.clear()
    yield request.param


@pytest.fixture
def content_page(home, page_cache) -> ContentPage:
    page = ContentPage(title="Généralités", slug="generalites")
    home.add_child(instance=page)
    return publish(page)


def get(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert not response.cookies, "an anonymous reader got a cookie"
    return response


def test_second_view_is_a_hit_without_any_query(
    client, content_page, django_assert_num_queries
) -> None:
    first = get(client, content_page.url)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = get(client, content_page.url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Généralités" in second.content.decode()
    assert second["ETag"] == first["ETag"]
    # Browsers ask again each time; a front cache (nginx) keeps it a minute.
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert "Cookie" in second["Vary"]


def test_a_publish_shows_on_the_next_request(client, content_page) -> None:
    get(client, content_page.url)
    content_page.title = "Généralités révisées"
    publish(content_page)
    response = get(client, content_page.url)
    assert response["X-Cache"] == "MISS"
    assert "Généralités révisées" in response.content.decode()
    assert get(client, content_page.url)["X-Cache"] == "HIT"


def test_unpublish_move_and_delete_show_on_the_next_request(
    client, home, content_page
) -> None:
    url = content_page.url
    assert get(client, url).status_code == 200

    content_page.unpublish()
    assert get(client, url).status_code == 404

    publish(content_page)
    assert get(client, url).status_code == 200
    parent = publish(
        home.add_child(instance=ContentPage(title="Mairie", slug="mairie"))
    )
    Page.objects.get(pk=content_page.pk).move(parent, pos="last-child")
    moved = get(client, url)  # Wagtail's automatic redirect
    assert (moved.status_code, moved["Location"]) == (301, "/mairie/generalites/")
    assert get(client, "/mairie/generalites/").status_code == 200

    Page.objects.get(pk=content_page.pk).delete()
    assert get(client, "/mairie/generalites/").status_code == 404


def test_a_menu_or_a_settings_change_shows_on_every_page(
    client, home, content_page
) -> None:
    assert "Vos démarches" not in get(client, content_page.url).content.decode()
    menu = Menu(location="main", locale=home.locale)
    link = {"page": None, "url": "/demarches/", "text": "Vos démarches"}
    menu.items = [("link", link)]
    menu.save()
    menu.save_revision().publish()
    assert "Vos démarches" in get(client, content_page.url).content.decode()

    settings = SiteSettings.for_site(home.get_site())
    settings.commune_name = "Commune de Saint-Libre"
    settings.save()
    response = get(client, content_page.url)
    assert response["X-Cache"] == "MISS"
    assert "Commune de Saint-Libre" in response.content.decode()


def test_each_language_and_query_string_has_its_own_page(
    client, site_tree, page_cache
) -> None:
    french = get(client, "/")
    english = get(client, "/en/")
    assert (french["X-Cache"], english["X-Cache"]) == ("MISS", "MISS")
    assert '<html lang="fr"' in french.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert get(client, "/en/")["Content-Language"] == "en"
    assert get(client, "/")["Content-Language"] == "fr"
    assert get(client, "/?page=2")["X-Cache"] == "MISS"
    assert get(client, "/?page=2")["X-Cache"] == "HIT"
    assert get(client, "/?page=3")["X-Cache"] == "MISS"


def test_a_session_or_any_cookie_gets_a_fresh_page(
    client, content_page, admin_user
) -> None:
    get(client, content_page.url)
    client.cookies["sessionid"] = "unknown"
    response = client.get(content_page.url)
    assert response.status_code == 200
    assert "X-Cache" not in response
    client.cookies.clear()
    client.force_login(admin_user)
    response = client.get(content_page.url)
    assert "X-Cache" not in response
    # An editor sees Wagtail's userbar, which readers never get from the cache.
    assert "wagtail-userbar" in response.content.decode()
    client.logout()
    client.cookies.clear()
    response = get(client, content_page.url)
    assert response["X-Cache"] == "HIT"
    assert "wagtail-userbar" not in response.content.decode()
    assert "X-Cache" not in client.get(
        content_page.url, headers={"authorization": "Basic Zm9vOmJhcg=="}
    )


def test_browsers_revalidate_with_a_304(client, content_page) -> None:
    first = get(client, content_page.url)
    not_modified = get(client, content_page.url, if_none_match=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    since = get(client, content_page.url, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304
    assert get(client, content_page.url, if_none_match='"other"').status_code == 200
    old = http_date(0)
    assert get(client, content_page.url, if_modified_since=old).status_code == 200
    # After a change the old ETag no longer matches.
    content_page.title = "Nouveau titre"
    publish(content_page)
    changed = get(client, content_page.url, if_none_match=first["ETag"])
    assert changed.status_code == 200
    assert "Nouveau titre" in changed.content.decode()


def test_hits_carry_the_security_headers(client, content_page, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 3600
    assert client.get(content_page.url, secure=True)["X-Cache"] == "MISS"
    for response in (
        client.get(content_page.url, secure=True),
        client.get(content_page.url, secure=True, headers={"if-none-match": "*"}),
    ):
        assert response["X-Cache"] == "HIT"
        assert response["Strict-Transport-Security"] == "max-age=3600"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
    assert response.status_code == 304
    full = client.get(content_page.url, secure=True)
    assert full["X-Frame-Options"] == "DENY"


def test_what_is_never_stored(client, home, content_page, admin_user) -> None:
    urls = [
        "/recherche/?q=g%C3%A9n%C3%A9ralit%C3%A9s",
        "/recherche/",
        "/api/v2/pages/",
        "/admin/login/",
        "/page-qui-n-existe-pas/",
    ]
    for url in urls:
        client.get(url)
        client.cookies.clear()
        assert "X-Cache" not in client.get(url), url
        client.cookies.clear()
    restricted = publish(
        home.add_child(instance=ContentPage(title="Conseil", slug="conseil"))
    )
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.get(restricted.url)
    client.cookies.clear()
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "X-Cache" not in client.post(content_page.url)


def test_a_video_allowed_for_one_address_stays_with_it(
    client, make_article, page_cache
) -> None:
    article = make_article(
        "Le résumé en vidéo",
        body=[
            (
                "embed",
                {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Le résumé",
                    "description": "",
                },
            )
        ],
    )
    block_id = article.body[0].id
    with_video = f"{article.url}?embed={block_id}"
    for state in ("MISS", "HIT"):
        response = get(client, with_video)
        assert response["X-Cache"] == state
        assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]
        response = get(client, article.url)
        assert response["X-Cache"] == state
        assert response["Content-Security-Policy"] == content_security_policy()


def test_feeds_sitemap_and_robots_are_cached(client, news_index, page_cache) -> None:
    urls = [
        news_index.url + news_index.reverse_subpage("rss"),
        "/sitemap.xml",
        "/robots.txt",
    ]
    for url in urls:
        assert client.head(url).get("X-Cache") is None, url  # HEAD stores nothing
        assert get(client, url)["X-Cache"] == "MISS", url
        assert client.head(url)["X-Cache"] == "HIT", url
        assert get(client, url)["X-Cache"] == "HIT", url
    # The view's own browser lifetime is kept.
    assert (
        get(client, "/robots.txt")["Cache-Control"]
        == "max-age=86400, public, s-maxage=60"
    )
