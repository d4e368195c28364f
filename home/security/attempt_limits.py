"""Limits on guessing: shared passwords of private pages and document
collections, and password-reset requests.

Wagtail checks a page's or a collection's shared password, and sends
password-reset e-mails, as often as it is asked. This middleware counts each
attempt (a POST to those views) in Django's cache, per client address
(`home.security.client_address`) and per target, before the view runs; past a limit it
answers 429 with `Retry-After`, even for the right password, until the window
that the first attempt opened is over. An address over its own limit is not
counted against the target's, so it cannot lock the others out.

- A page's or a collection's password: `SHARED_PASSWORD_LIMIT` attempts from
  one address for that page or collection, `SHARED_PASSWORD_TARGET_LIMIT` from
  all addresses together (guessing spread over many addresses).
- Password resets: `PASSWORD_RESET_LIMIT` requests from one address (whatever
  e-mail it gives), `PASSWORD_RESET_TARGET_LIMIT` for one e-mail address (from
  all addresses: nobody's mailbox is flooded).

Each limit is `(attempts, seconds)`. The counters are atomic (`add` and `incr`)
on Redis and in memory; with the per-process memory cache, each worker counts
its own (set REDIS_URL with several workers). A Redis away counts nothing: the
limits then fail open, as the rest of the cache does.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from home.security.client_address import client_address

SHARED_PASSWORD_VIEWS = {
    # url name: the keyword argument naming the restriction (the target)
    "wagtailcore_authenticate_with_password": "page_view_restriction_id",
    "wagtaildocs_authenticate_with_password": "restriction_id",
}
PASSWORD_RESET_VIEW = "wagtailadmin_password_reset"
DEFAULTS = {
    "SHARED_PASSWORD_LIMIT": (10, 600),
    "SHARED_PASSWORD_TARGET_LIMIT": (100, 600),
    "PASSWORD_RESET_LIMIT": (5, 3600),
    "PASSWORD_RESET_TARGET_LIMIT": (3, 3600),
}


def limit(name: str) -> tuple[int, int]:
    return getattr(settings, name, DEFAULTS[name])


@dataclass(frozen=True)
class Counter:
    key: str
    attempts: int
    seconds: int

    def count(self) -> tuple[bool, int]:
        """Counts one attempt: whether it is within the limit, and the seconds
        until the window is over."""
        now = time.time()
        cache.add(f"{self.key}:until", now + self.seconds, self.seconds)
        cache.add(self.key, 0, self.seconds)
        try:
            made = cache.incr(self.key)
        except ValueError:  # the cache is away (or the entry just expired)
            return True, 0
        until = cache.get(f"{self.key}:until") or now + self.seconds
        return made <= self.attempts, max(1, ceil(until - now))


def counter(kind: str, setting: str, *parts: object) -> Counter:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    attempts, seconds = limit(setting)
    return Counter(f"attempts:{kind}:{setting}:{digest}", attempts, seconds)


def counters_for(request: HttpRequest, url_name: str, kwargs: dict) -> list[Counter]:
    address = client_address(request)
    if url_name in SHARED_PASSWORD_VIEWS:
        target = f"{url_name}:{kwargs.get(SHARED_PASSWORD_VIEWS[url_name])}"
        return [
            counter("password", "SHARED_PASSWORD_LIMIT", target, address),
            counter("password", "SHARED_PASSWORD_TARGET_LIMIT", target),
        ]
    if url_name == PASSWORD_RESET_VIEW:
        email = request.POST.get("email", "").strip().lower()
        return [
            counter("reset", "PASSWORD_RESET_LIMIT", address),
            counter("reset", "PASSWORD_RESET_TARGET_LIMIT", email),
        ]
    return []


def too_many_attempts(request: HttpRequest, retry_after: int, admin: bool):
    template = "home/admin/too_many_attempts.html" if admin else "429.html"
    response = render(
        request,
        template,
        {"minutes": ceil(retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "private, no-store"
    return response


class AttemptLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> HttpResponse | None:
        if request.method != "POST" or request.resolver_match is None:
            return None
        url_name = request.resolver_match.url_name
        # The address's own counter first: an address already refused does not
        # count against the target, so it cannot lock others out of it.
        for counted in counters_for(request, url_name, view_kwargs):
            allowed, wait = counted.count()
            if not allowed:
                return too_many_attempts(
                    request, wait, admin=url_name == PASSWORD_RESET_VIEW
                )
        return None
