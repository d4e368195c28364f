"""The content generation: one number that changes whenever published content does.

Whatever is cached between requests (the chrome every page shares, rendered
pages for anonymous readers) is keyed on it, so a publish, an unpublish, a move,
a deletion, or a saved snippet, setting, image or document makes every such entry
unreachable at once: nothing has to know which page shows which snippet.

The number lives in the default cache. With Redis (production) every server
sees the same one. With the local-memory cache each process has its own, so
entries keyed on it also expire after ``CONTENT_CACHE_LOCAL_TIMEOUT`` seconds (a
setting, 5 by default): another process of the same server shows a change within
that time.

A change bumps the number at once (so the same request and the tests see it)
and again when its transaction commits (so a reader who cached the old content
between the two, under the new number, is not left with it).

Some content also changes with time alone: an event that has ended leaves the
home page's « upcoming events ». What is built from it says when it stops being
true (``cached_until``), and the entry is not served from that moment on, as
read from ``django.utils.timezone.now`` (the clock the content is built with).

A request reads the number once (``read_once``, around each request): every
fragment it reads or stores is keyed on the same generation, and a page that
reads twenty of them costs one round trip to Redis for the number instead of
twenty. A change made by the request itself bumps it for the rest of the
request as well.

With a shared cache (Redis), what a process reads or stores under a generation
(``read``, ``store``) is also kept in its own memory for
``CONTENT_CACHE_LOCAL_TIMEOUT`` seconds: such an entry never changes (a change
of content is a new number, read from Redis by the next request), so the next
requests of the process read it without a round trip. A Redis emptied while the
processes run (its number starting again from 1) must not let them meet an
entry of the same number: the shared cache holds an epoch, a token made anew
whenever the number starts again, and what a process keeps is known by it.
"""

from __future__ import annotations

import datetime
import math
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

KEY = "content-generation"

# Apps whose every model is content a page may show.
CONTENT_APPS = {
    "home",
    "news",
    "policy",
    "events",
    "alerts",
    "accessibility",
    "contact",
}
# Models of other apps that pages show or that decide who sees what. Not here on
# purpose: renditions (made while rendering), revisions and logs (drafts change
# nothing public), search query statistics (written by searches), sessions.
CONTENT_MODELS = {
    "wagtailcore.page",
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailcore.collection",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailsearchpromotions.searchpromotion",
    "taggit.tag",
}
# Wagtail fills these on an image or document while serving it: not a change.
BOOKKEEPING_FIELDS = {"file_size", "file_hash"}

T = TypeVar("T")

# The number as the current request first read it, and the shared cache's
# epoch (a list of two items, None until read); no list outside a request.
_read: ContextVar[list | None] = ContextVar("content_generation", default=None)
# A token that changes whenever the shared cache starts the number again (a
# fresh, emptied or evicted number): what a process keeps in memory is known by
# it, so that a number counted again from 1 never meets an older entry.
EPOCH_KEY = "content-generation-epoch"


def current() -> int:
    """The content generation now (1 for a fresh cache); within ``read_once``,
    as first read by the request."""
    return _current()[0]


def _current() -> tuple[int, str | None]:
    memo = _read.get()
    if memo is not None and memo[0] is not None:
        return memo[0], memo[1]
    shared = is_shared()
    if shared:  # Both in one round trip.
        found = cache.get_many([KEY, EPOCH_KEY])
        value, epoch = found.get(KEY), found.get(EPOCH_KEY)
    else:
        value, epoch = cache.get(KEY), None
    if value is None:
        cache.add(KEY, 1, None)
        value = cache.get(KEY, 1)
        epoch = _new_epoch() if shared else None
    elif shared and epoch is None:
        epoch = _new_epoch()
    if memo is not None:
        memo[0], memo[1] = value, epoch
    return value, epoch


def _new_epoch() -> str | None:
    """A new epoch in the shared cache (None while it does not answer)."""
    cache.set(EPOCH_KEY, secrets.token_hex(8), None)
    return cache.get(EPOCH_KEY)


def bump() -> None:
    memo = _read.get()
    if memo is not None:
        memo[0] = None  # Read again after this change.
    try:
        cache.incr(KEY)
    except ValueError:  # Not there yet (a fresh or cleared cache).
        cache.add(KEY, 2, None)
        if is_shared():
            _new_epoch()


@contextmanager
def read_once() -> Iterator[None]:
    """Within this block (a request), the generation is read from the cache
    once, and again only after a change the block makes itself."""
    token = _read.set([None, None])
    try:
        yield
    finally:
        _read.reset(token)


def is_shared() -> bool:
    """Does every process read the same cache (Redis, Memcached, a database)?"""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


def timeout(shared: int | None = None) -> int | None:
    """How long an entry keyed on the generation may live: as given when the
    cache is shared (None: until evicted), ``CONTENT_CACHE_LOCAL_TIMEOUT``
    seconds otherwise."""
    if is_shared():
        return shared
    return getattr(settings, "CONTENT_CACHE_LOCAL_TIMEOUT", 5)


def key(*parts: Any) -> str:
    """A cache key that is only reachable until content changes."""
    return ":".join(["gen", str(current()), *map(str, parts)])


# This process's copy of what it read from a shared cache under a generation.
_local = LocMemCache(
    "content-generation-local", {"OPTIONS": {"MAX_ENTRIES": 3000, "CULL_FREQUENCY": 3}}
)


def local_timeout(shared: int | None = None) -> int:
    seconds = getattr(settings, "CONTENT_CACHE_LOCAL_TIMEOUT", 5)
    return seconds if shared is None else min(seconds, shared)


def _epoch() -> str | None:
    """The shared cache's epoch; None without a shared cache (or while it does
    not answer): nothing is kept in the process's memory then."""
    return _current()[1] if is_shared() else None


def read(entry_key: str) -> Any:
    """The entry under ``entry_key`` (a ``key()``), or None."""
    epoch = _epoch()
    if epoch is None:
        return cache.get(entry_key)
    value = _local.get(f"{epoch}:{entry_key}")
    if value is None:
        value = cache.get(entry_key)
        if value is not None:
            _local.set(f"{epoch}:{entry_key}", value, local_timeout())
    return value


def read_many(keys: list[str]) -> dict[str, Any]:
    """The entries found under ``keys`` (``key()``s), by key."""
    epoch = _epoch()
    if epoch is None:
        return cache.get_many(keys)
    found = {
        k.split(":", 1)[1]: v
        for k, v in _local.get_many([f"{epoch}:{k}" for k in keys]).items()
    }
    missing = [k for k in keys if k not in found]
    if missing:
        fetched = cache.get_many(missing)
        _local.set_many(
            {f"{epoch}:{k}": v for k, v in fetched.items()}, local_timeout()
        )
        found.update(fetched)
    return found


def store(entry_key: str, value: Any, seconds: int | None) -> None:
    cache.set(entry_key, value, seconds)
    epoch = _epoch()
    if epoch is not None:
        _local.set(f"{epoch}:{entry_key}", value, local_timeout(seconds))


def store_many(entries: dict[str, Any], seconds: int | None) -> None:
    cache.set_many(entries, seconds)
    epoch = _epoch()
    if epoch is not None:
        _local.set_many(
            {f"{epoch}:{k}": v for k, v in entries.items()}, local_timeout(seconds)
        )


def cached(build: Callable[[], T], *parts: Any) -> T:
    """``build()``, computed once per content generation for these key parts."""
    entry_key = key(*parts)
    value = read(entry_key)
    if value is None:
        value = build()
        store(entry_key, value, timeout())
    return value


def seconds_until(moment: datetime.datetime) -> int:
    """Whole seconds from now until ``moment`` (0 once it has come)."""
    return max(0, math.ceil((moment - timezone.now()).total_seconds()))


def capped_timeout(
    expires: datetime.datetime | None, shared: int | None = None
) -> int | None:
    """``timeout(shared)``, no longer than until ``expires`` (when given)."""
    base = timeout(shared)
    if expires is None:
        return base
    left = seconds_until(expires)
    return left if base is None else min(base, left)


def cached_until(
    build: Callable[[], tuple[T, datetime.datetime | None]], *parts: Any
) -> tuple[T, datetime.datetime | None]:
    """``build()`` returns a value and the moment it stops being true (None:
    not before the content changes); computed once per content generation and,
    when it has one, again from that moment on. Returns both."""
    entry_key = key(*parts)
    entry = read(entry_key)
    if entry is not None:
        value, expires = entry
        if expires is None or timezone.now() < expires:
            return value, expires
    value, expires = build()
    if expires is None or timezone.now() < expires:
        store(entry_key, (value, expires), capped_timeout(expires))
    return value, expires


def is_content(model: type) -> bool:
    meta = model._meta
    if meta.app_label in CONTENT_APPS or meta.label_lower in CONTENT_MODELS:
        return True
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return model in (get_image_model(), get_document_model())


def _changed(sender, instance=None, update_fields=None, created=False, **kwargs):
    if not is_content(sender):
        return
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return  # Made with its defaults the first time a page reads it.
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    bump()
    transaction.on_commit(bump)


def connect() -> None:
    """Called once from ``HomeConfig.ready``."""
    from wagtail.signals import page_unpublished, post_page_move

    post_save.connect(_changed, dispatch_uid="cache-generation-save")
    post_delete.connect(_changed, dispatch_uid="cache-generation-delete")
    # A move or an unpublish also saves the page, but not always through save().
    post_page_move.connect(_page_event, dispatch_uid="cache-generation-move")
    page_unpublished.connect(_page_event, dispatch_uid="cache-generation-unpublish")


def _page_event(sender, **kwargs) -> None:
    bump()
    transaction.on_commit(bump)
