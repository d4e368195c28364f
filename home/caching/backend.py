"""A Redis cache that a stopped or unreachable Redis cannot take the site down with.

Django's ``RedisCache`` has no option to ignore connection errors (unlike
django-redis' ``IGNORE_EXCEPTIONS``): with Redis away, every cache read raises
and every request ends in a 500, although the database holds everything a page
needs. ``TolerantRedisCache`` turns an unreachable Redis into a cache that
misses every read and skips every write, so pages are served, only slower:

- after a failure, Redis is left alone for ``RETRY_AFTER`` seconds (the
  operations return at once), then tried again, so that a Redis that does not
  answer costs one short timeout every few seconds, not one per cache call;
- a warning is logged when Redis is found away, at most once every
  ``WARNING_INTERVAL`` seconds, and an info line when it answers again;
- when it answers again after writes were lost (a deleted session, a bumped
  content generation...), it is cleared once before being used, since it may
  still hold what those writes replaced (Redis was unreachable, not restarted).

``incr`` keeps Django's contract: a missing key raises ``ValueError``; with
Redis away every key is missing. Both extra settings go in ``OPTIONS``; the
other options are the Redis client's (short ``socket_connect_timeout`` and
``socket_timeout`` by default).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
RETRY_AFTER = 5.0
WARNING_INTERVAL = 60.0

T = TypeVar("T")


@dataclass
class Availability:
    """What one process knows of one Redis, shared by its threads (Django gives
    each thread its own cache object)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    away: bool = False
    retry_at: float = 0.0
    warned_at: float | None = None
    lost_writes: int = 0  # Writes skipped or failed since it was away.


_availability: dict[tuple[str, ...], Availability] = {}
_availability_lock = threading.Lock()


def availability(servers: Iterable[str]) -> Availability:
    key = tuple(servers)
    with _availability_lock:
        return _availability.setdefault(key, Availability())


def without_credentials(servers: Iterable[str]) -> str:
    """The servers as logs may show them: host, port and database, no password."""
    shown = []
    for server in servers:
        parts = urlsplit(server)
        if not parts.hostname:  # A Unix socket.
            shown.append(parts.path)
            continue
        port = f":{parts.port}" if parts.port else ""
        shown.append(f"{parts.hostname}{port}{parts.path}")
    return ", ".join(shown)


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, serving misses while Redis is away (see the module)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.retry_after = float(options.pop("RETRY_AFTER", RETRY_AFTER))
        self.warning_interval = float(options.pop("WARNING_INTERVAL", WARNING_INTERVAL))
        super().__init__(server, {**params, "OPTIONS": options})
        self._availability = availability(self._servers)

    def _run(self, operation: Callable[[], T], fallback: Any, *, write: bool) -> T:
        state = self._availability
        if state.away:
            if time.monotonic() < state.retry_at:
                if write:
                    with state.lock:
                        state.lost_writes += 1
                return fallback
            try:
                self._recover()
            except UNREACHABLE as error:
                self._failed(error, write=write)
                return fallback
        try:
            return operation()
        except UNREACHABLE as error:
            self._failed(error, write=write)
            return fallback

    def _failed(self, error: Exception, *, write: bool) -> None:
        state = self._availability
        now = time.monotonic()
        with state.lock:
            state.away = True
            state.retry_at = now + self.retry_after
            state.lost_writes += write
            if state.warned_at is not None and (
                now - state.warned_at < self.warning_interval
            ):
                return
            state.warned_at = now
        logger.warning(
            "Redis cache at %s unreachable (%r): pages are served without it, "
            "trying again every %g s",
            without_credentials(self._servers),
            error,
            self.retry_after,
        )

    def _recover(self) -> None:
        """Redis may answer again: clear it first if writes were lost meanwhile."""
        state = self._availability
        cleared = state.lost_writes
        if cleared:
            self._cache.clear()
        with state.lock:
            # Writes skipped by other threads meanwhile are covered by the clear.
            state.away, state.lost_writes = False, 0
        logger.info(
            "Redis cache at %s answers again%s",
            without_credentials(self._servers),
            " (cleared: writes were lost while it was away)" if cleared else "",
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).add(key, value, timeout, version),
            False,
            write=True,
        )

    def get(self, key, default=None, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).get(key, default, version),
            default,
            write=False,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).set(key, value, timeout, version),
            None,
            write=True,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).touch(key, timeout, version),
            False,
            write=False,
        )

    def delete(self, key, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).delete(key, version),
            False,
            write=True,
        )

    def get_many(self, keys, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).get_many(keys, version),
            {},
            write=False,
        )

    def has_key(self, key, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).has_key(key, version),
            False,
            write=False,
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._run(
            lambda: super(TolerantRedisCache, self).incr(key, delta, version),
            missing,
            write=True,
        )
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the Redis cache is away).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version),
            list(data),
            write=True,
        )

    def delete_many(self, keys, version=None):
        return self._run(
            lambda: super(TolerantRedisCache, self).delete_many(keys, version),
            None,
            write=True,
        )

    def clear(self):
        return self._run(
            lambda: super(TolerantRedisCache, self).clear(), False, write=True
        )
