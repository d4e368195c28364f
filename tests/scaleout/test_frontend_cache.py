"""Frontend-cache purge on publish: the cache in front of the servers (Varnish
here, a tiny recorder on 127.0.0.1) forgets a page as soon as its publication is
committed, and the listings and translations that show it."""

from __future__ import annotations

import socket
import time

import pytest

from news.models import NewsIndexPage
from tests import tree
from tests.helpers import add_page, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(site_tree):
    index = add_page(
        site_tree.home_fr,
        NewsIndexPage(title="Actualités", slug="actualites", introduction="Infos."),
    )
    tree.translate(index, {"title": "News", "slug": "news", "introduction": "News."})
    return index


@pytest.fixture
def purges(frontend_cache, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "home.caching.frontend.HTTPPurgeBackend",
            "LOCATION": frontend_cache.location,
        }
    }
    return frontend_cache


def test_publishing_an_article_purges_it_and_the_news_listing(
    news, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = tree.add_article(news, None, "Conseil municipal", with_image=False)
        # Not before the commit: the cache would fetch the old listing again.
        assert purges.purged == []
    assert purges.paths() == {
        article.url,
        "/actualites/",
        "/actualites/rss/",
        "/actualites/atom/",
    }
    assert {host for host, _path in purges.purged} == {"localhost"}


def test_publishing_a_page_purges_its_translations_and_its_parent(
    news, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(news)
    assert purges.paths() == {
        *("/actualites/", "/actualites/rss/", "/actualites/atom/"),
        *("/en/news/", "/en/news/rss/", "/en/news/atom/"),
        "/",
    }


def test_unpublishing_a_page_purges_it(
    news, purges, django_capture_on_commit_callbacks
):
    article = tree.add_article(news, None, "Brouillon", with_image=False)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert article.url in purges.paths()


def test_nothing_is_purged_without_a_frontend_cache(
    news, frontend_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tree.add_article(news, None, "Sans cache", with_image=False)
    assert frontend_cache.purged == []


def test_a_cache_that_does_not_answer_does_not_hold_up_publishing(
    news, settings, django_capture_on_commit_callbacks, caplog
):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "home.caching.frontend.HTTPPurgeBackend",
                "LOCATION": f"http://127.0.0.1:{silent.getsockname()[1]}",
                "TIMEOUT": 0.2,
            }
        }
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            article = tree.add_article(news, None, "Publié", with_image=False)
        assert time.monotonic() - started < 5
    assert article.live
    assert "Could not purge" in caplog.text
