"""Helpers the tests share: reading pages as residents get them, building pages
the way the admin does."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.rich_text import RichText

HOME_FR = {
    "title": "Ville de test — Vivre libre",
    "slug": "accueil",
    "introduction": "La politique numérique de la ville de test.",
    "body": [
        ("heading", {"text": "Logiciels libres", "level": "h2"}),
        ("paragraph", RichText("<p>La ville privilégie les logiciels libres.</p>")),
    ],
}
HOME_EN = {
    "title": "Test town — Vivre libre",
    "slug": "home",
    "introduction": "The digital policy of the test town.",
    "body": [
        ("heading", {"text": "Free software", "level": "h2"}),
        ("paragraph", RichText("<p>The town favours free software.</p>")),
    ],
}
# A third language, added by setting (tests/test_languages.py).
HOME_ES = {
    "title": "Ciudad de prueba — Vivre libre",
    "slug": "inicio",
    "introduction": "La política digital de la ciudad de prueba.",
}


def use_languages(settings, value: str, *, migrate: bool = True) -> None:
    """The languages DJANGO_LANGUAGES=`value` gives, on pytest-django's
    `settings` fixture (restored after the test); with `migrate`, what the next
    `migrate` then does: their locales and search configurations."""
    from home.apps import create_search_configuration
    from home.locales import create_content_locales
    from website.settings.languages import content_languages, parse_languages

    settings.LANGUAGES = parse_languages(value)
    settings.WAGTAIL_CONTENT_LANGUAGES = content_languages(settings.LANGUAGES)
    if migrate:
        create_content_locales()
        create_search_configuration()


def publish(page: Page, user=None) -> Page:
    """Publish through a revision, as the admin does."""
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def add_page(parent: Page, page: Page, user=None) -> Page:
    parent.add_child(instance=page)
    return publish(page, user)


def soup(response: HttpResponse) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def assert_page_basics(response: HttpResponse, language: str) -> BeautifulSoup:
    """What every public page owes a resident: one h1, its language and direction
    declared, a text alternative on every image."""
    assert response.status_code == 200, response
    document = soup(response)
    html = document.find("html")
    assert html is not None
    assert html.get("lang") == language
    assert html.get("dir") == "ltr"
    headings = document.find_all("h1")
    assert len(headings) == 1, [h.get_text(strip=True) for h in headings]
    missing_alt = [
        str(img)[:120] for img in document.find_all("img") if not img.has_attr("alt")
    ]
    assert not missing_alt, missing_alt
    return document


def count_queries(client, url: str) -> int:
    """The queries of a view of `url` by the first reader after a publication
    (checking it answers): the image renditions are made and the caches a real
    site keeps warm are filled by a first view, then the content generation
    moves on (home/caching/generation.py), so that every fragment of the page
    (home/caching/fragments.py) is rendered again. A query per listed item
    inside a fragment shows here; on a second view it would be hidden by the
    fragment's cache. The warm view has its own budgets: `warm_queries`.
    The savepoint that wraps each request in the test's transaction
    (ATOMIC_REQUESTS) is not counted: it is the request's transaction, not
    something the page reads."""
    from home.caching import generation

    client.get(url)
    generation.bump()
    return _queries_of(client, url)


def warm_queries(client, url: str) -> int:
    """The queries of a second view of `url`, its fragments cached: what every
    reader after the first one costs (checking it answers)."""
    client.get(url)
    return _queries_of(client, url)


def _queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        for query in queries.captured_queries
    )


def run_background_jobs() -> int:
    """What the worker (`manage.py db_worker --backend background`) does, once:
    run every job waiting in the background queue, in this process and this
    test's transaction; the number of jobs run. The worker's check for stale
    connections is left out: inside a test's transaction it would close
    PostgreSQL's connection under the test."""
    from unittest import mock

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="background",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        worker.run()
    return worker._run_tasks
