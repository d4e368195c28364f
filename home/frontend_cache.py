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

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished


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
