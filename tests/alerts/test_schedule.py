"""A scheduled banner appears and disappears on cached pages at its times, in
every language: the app's page cache keeps no page past the next start or end,
and `publish_scheduled` (run every minute by the timer) clears the page cache
and purges the front cache then, not at the next publication."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from alerts.models import AlertBanner, AnnouncedBanner
from home.caching import generation
from tests.alerts.conftest import (
    END,
    HOMES,
    START,
    TEXT_AR,
    TEXT_EN,
    TEXT_FR,
    at,
    make_banner,
    translate_banner,
)
from tests.helpers import soup
from tests.scaleout.conftest import frontend_cache  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SECONDS = datetime.timedelta(seconds=30)
TEXTS = {"/": TEXT_FR, "/en/": TEXT_EN, "/ar/": TEXT_AR}


@pytest.fixture
def purges(frontend_cache, settings):  # noqa: F811 (the fixture above)
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "home.caching.frontend.HTTPPurgeBackend",
            "LOCATION": frontend_cache.location,
        }
    }
    return frontend_cache


@pytest.fixture
def banner(trilingual, django_capture_on_commit_callbacks) -> AlertBanner:
    """Published and translated before its start, announced as not shown yet."""
    with django_capture_on_commit_callbacks(execute=True):
        banner = make_banner()
        translate_banner(banner, TEXT_EN, "en")
        translate_banner(banner, TEXT_AR, "ar")
    return banner


def read(client, url: str) -> tuple[str, str | None]:
    """What a resident without cookies gets: (X-Cache, banner text or None)."""
    response = client.get(url)
    assert response.status_code == 200
    found = soup(response).select_one(".alert .alert__text > span")
    return response["X-Cache"], found.get_text(strip=True) if found else None


def run_timer(capture) -> str:
    """`publish_scheduled` as the timer runs it, its commit carried out."""
    with capture(execute=True):
        return call_command("publish_scheduled")


def test_cached_pages_show_the_banner_at_its_start_and_lose_it_at_its_end(
    client, banner, page_cache, purges, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with at(START - SECONDS):
        run_timer(capture)
        for url, _language in HOMES:
            assert read(client, url) == ("MISS", None)
            assert read(client, url) == ("HIT", None)
    assert purges.purged == []

    with at(START + SECONDS):
        before = generation.current()
        run_timer(capture)
        # The page cache is cleared: every entry is under an old generation.
        assert generation.current() != before
        for url, _language in HOMES:
            assert read(client, url) == ("MISS", TEXTS[url])
            assert read(client, url) == ("HIT", TEXTS[url])
    # The front cache forgot every page of every language.
    assert purges.paths() == {"/", "/en/", "/ar/"}

    # A minute later nothing changed: nothing is cleared nor purged again.
    purges.purged.clear()
    with at(START + 3 * SECONDS):
        before = generation.current()
        run_timer(capture)
        assert generation.current() == before
        assert read(client, "/en/") == ("HIT", TEXT_EN)
    assert purges.purged == []

    with at(END + SECONDS):
        run_timer(capture)
        for url, _language in HOMES:
            assert read(client, url) == ("MISS", None)
    assert purges.paths() == {"/", "/en/", "/ar/"}


def test_no_cached_page_outlives_the_next_start_or_end(client, banner, page_cache):
    """Without the timer too: the app's cache keeps a page only until then."""
    with at(START - datetime.timedelta(seconds=1)):
        for url, _language in HOMES:
            read(client, url)
            assert read(client, url) == ("HIT", None)
    with at(START):
        for url, _language in HOMES:
            assert read(client, url) == ("MISS", TEXTS[url])
            assert read(client, url) == ("HIT", TEXTS[url])
    with at(END - datetime.timedelta(seconds=1)):
        assert read(client, "/ar/") == ("HIT", TEXT_AR)
    with at(END):
        for url, _language in HOMES:
            assert read(client, url) == ("MISS", None)


def test_a_dry_run_changes_nothing(client, banner, purges):
    with at(START + SECONDS):
        before = generation.current()
        call_command("publish_scheduled", dryrun=True)
        assert generation.current() == before
    assert purges.purged == []
    assert not AnnouncedBanner.objects.exists()


def test_publishing_changing_or_deleting_a_shown_banner_purges_at_once(
    banner, purges, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with at(START + SECONDS):
        run_timer(capture)
        purges.purged.clear()
        french = AlertBanner.objects.get(pk=banner.pk)
        french.text = "Fermeture de l'hôtel de ville les 26 et 27 décembre."
        with capture(execute=True):
            french.save_revision().publish()
        assert purges.paths() == {"/", "/en/", "/ar/"}

        purges.purged.clear()
        with capture(execute=True):
            AlertBanner.objects.get(
                translation_key=banner.translation_key, locale__language_code="en"
            ).delete()
        assert purges.paths() == {"/", "/en/", "/ar/"}
