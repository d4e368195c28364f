"""Frontend-cache purge on publish (wagtail.contrib.frontend_cache's backends,
configured by `WAGTAILFRONTENDCACHE`, see website/settings/scaleout.py).

Wagtail's own handler purges the published page only. A reader also sees a page
through its parent's listing (the news index and its feeds list its articles)
and through its translations' language links, so those are purged with it, in
one batch, once the publication is committed: purged earlier, the cache could
fetch the old version again before the new one is visible. Connected here
rather than by installing the contrib app, so that each publication sends one
batch, not two."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger("wagtail.frontendcache")


class HTTPPurgeBackend(HTTPBackend):
    """Wagtail's HTTP `PURGE` backend (Varnish...) with a time limit (`TIMEOUT`,
    seconds): Wagtail's waits for ever, and the purge runs in the editor's
    request, so a cache that does not answer would hold up the publication."""

    def __init__(self, params: dict) -> None:
        self.timeout = float(params.pop("TIMEOUT", 5))
        super().__init__(params)

    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        request = PurgeRequest(
            url=urlunsplit(
                (self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")
            ),
            headers={
                "Host": parts.netloc,
                "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
            },
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 (configured)
                pass
        except OSError as error:  # HTTP errors, refused, timed out
            logger.error("Could not purge %s from the frontend cache: %s", url, error)


def pages_to_purge(page: Page) -> list[Page]:
    """The page, its live translations and its parent (unless the tree's root)."""
    pages = [page, *page.get_translations().live()]
    parent = page.get_parent()
    if parent is not None and not parent.is_root():
        pages.append(parent)
    return pages


def purge_page_and_listings(sender, instance: Page, **kwargs) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_pages(pages_to_purge(instance))
    transaction.on_commit(batch.purge)


def connect_purge_on_publish() -> None:
    page_published.connect(purge_page_and_listings, dispatch_uid="frontend-cache")
    page_unpublished.connect(purge_page_and_listings, dispatch_uid="frontend-cache")
