"""Full-page cache: anonymous readers get public pages without a database query.

Our own middleware rather than wagtail-cache: pages show menus, footers, site
settings and snippets that wagtail-cache knows nothing about (it clears entries
by page URL on publish), and adding a dependency is not worth what one content
generation gives us (``home.caching.generation``): every entry records the
generation it was rendered under (read with it in one round trip) and is only
served while that generation is current, so
publishing, unpublishing, moving or deleting a page, or saving a snippet, a
setting, an image or a document makes every cached page unreachable at once.

Who gets cached pages: GET and HEAD requests without any cookie (so without a
session or a CSRF token) and without an Authorization header. What is stored:
200 answers to GET that set no cookie, are not ``private``, ``no-store`` or
``no-cache``, and vary on nothing but Cookie (no cookie here) and
Accept-Language (the language comes from the path: French at the root, other
languages under their prefix). So a page with a form and the password form of
a protected page (both set a CSRF cookie), a page restricted to signed-in
readers (a redirect), previews and the admin (a session) are never stored.
Left out on purpose: the admin and Django's admin, documents (streamed, with
their own access rules), the read-only API (its per-address throttle must count
every request) and the site search (every typed query would be a new entry, few
would ever be read again).

Where: after WhiteNoise (static files never get here) and before the session,
locale, CSRF and authentication middleware, so a hit touches neither the
database nor a session. Django's SecurityMiddleware and our
SecurityHeadersMiddleware sit outside, so HSTS, the CSP and the other headers
are added to hits as to fresh answers. The public CSP has no nonce (no inline
script at all), so replaying a stored page cannot replay a stale nonce; the
one per-response policy (an article that may frame the video a reader asked to
play, ``?embed=``) is stored with that answer, whose key includes the query
string.

Entries live ``DJANGO_PAGE_CACHE_SECONDS`` (600) with a shared cache (Redis),
and a few seconds only with the per-process memory cache
(``generation.timeout``), where other processes do not see a new
generation. Browsers get ``max-age=DJANGO_PAGE_CACHE_MAX_AGE`` (0: they ask
again each time, and the ETag or Last-Modified turns that into a 304), since a
published correction must show at once. A front cache (nginx,
docs/deploy/nginx.conf) gets ``s-maxage=DJANGO_FRONT_CACHE_SECONDS`` (60, no
longer than the page stays true): publishing purges the page, its parent and
its translations there (``home.caching.frontend``); other pages show a change
within that time.

A page that changes with time alone (the agenda once an event has ended, the
home page's « upcoming events ») says when, with ``expire_page_at(request,
moment)`` while it is rendered: its entry lives no longer than that, and is not
served from that moment on (read from ``django.utils.timezone.now``).
"""

from __future__ import annotations

import datetime
import hashlib
import math
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from home.caching import generation as cache_generation

EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/api/", "/media/")
# Vary headers that do not split what an anonymous request gets (see above).
HARMLESS_VARY = {"cookie", "accept-language"}
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}
# Set by this middleware on every answer, from the entry.
NOT_STORED = {"etag", "last-modified", "x-cache"}


def no_page_cache(view: Callable) -> Callable:
    """Mark a view whose answers are never stored (the site search)."""
    view.page_cache = False
    return view


def expire_page_at(request: HttpRequest, moment: datetime.datetime | None) -> None:
    """The page being rendered for ``request`` changes at ``moment`` even if no
    content does: the earliest such moment bounds its cached entry."""
    if moment is None or request is None:
        return
    earlier = getattr(request, "_page_cache_expires", None)
    if earlier is None or moment < earlier:
        request._page_cache_expires = moment


def page_expires(request: HttpRequest) -> datetime.datetime | None:
    return getattr(request, "_page_cache_expires", None)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def server_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def browser_max_age() -> int:
    return getattr(settings, "PAGE_CACHE_MAX_AGE", 0)


def front_cache_seconds() -> int:
    return getattr(settings, "FRONT_CACHE_SECONDS", 60)


def shared_max_age(entry: dict) -> int:
    """How long a front cache may keep this page: ``FRONT_CACHE_SECONDS``, no
    longer than the page stays true (``expire_page_at``)."""
    seconds = front_cache_seconds()
    expires = entry.get("expires")
    if expires is not None:
        seconds = min(seconds, max(0, math.floor(expires - time.time())))
    return seconds


def cache_key(request: HttpRequest) -> str | None:
    """The entry of this request, None when it may not get a cached page."""
    if request.method not in ("GET", "HEAD"):
        return None
    if request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"):
        return None
    if request.path.startswith(EXCLUDED_PREFIXES):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers 400 further in.
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{language}:{digest}"


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        return False
    if getattr(request, "_page_cache_skip", False):
        return False
    control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & UNCACHEABLE_CONTROL:
        return False
    vary = {
        part.strip().lower()
        for part in cc_delim_re.split(response.get("Vary", ""))
        if part.strip()
    }
    return vary <= HARMLESS_VARY


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request) if enabled() else None
        if key is None:
            return self.get_response(request)
        # The content generation and the entry in one round trip (Redis MGET):
        # the entry is good when it was stored under the generation now current.
        found = cache.get_many([cache_generation.KEY, key])
        generation = found.get(cache_generation.KEY) or cache_generation.current()
        entry = found.get(key)
        if (
            entry is not None
            and entry.get("generation") == generation
            and not self.expired(entry)
        ):
            return self.answer(request, entry, "HIT")
        response = self.get_response(request)
        if not storable(request, response):
            return response
        expires = page_expires(request)
        if expires is not None and expires <= timezone.now():
            return response
        if "Cache-Control" not in response:
            patch_cache_control(response, public=True, max_age=browser_max_age())
        patch_vary_headers(response, ("Cookie",))
        entry = {
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_STORED
            ],
            "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            "last_modified": int(time.time()),
            # Read before rendering: content changed meanwhile makes it stale.
            "generation": generation,
            "expires": expires.timestamp() if expires is not None else None,
        }
        cache.set(
            key, entry, cache_generation.capped_timeout(expires, server_seconds())
        )
        return self.answer(request, entry, "MISS")

    @staticmethod
    def expired(entry: dict) -> bool:
        expires = entry.get("expires")
        return expires is not None and timezone.now().timestamp() >= expires

    @staticmethod
    def answer(request: HttpRequest, entry: dict, state: str) -> HttpResponse:
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        response["X-Cache"] = state
        # Only answers that any anonymous reader may get come here: a front
        # cache may keep them (browsers still revalidate, max-age).
        if front_cache_seconds() > 0:
            patch_cache_control(response, s_maxage=shared_max_age(entry))
        conditional = get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=entry["last_modified"],
            response=response,
        )
        if conditional is not response:
            conditional["X-Cache"] = state
        return conditional

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> None:
        """Remember a view marked with ``no_page_cache`` for the way back."""
        if getattr(view_func, "page_cache", True) is False:
            request._page_cache_skip = True
        return None


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Several workers on the per-process memory cache each keep their own
    generation: after a publish, the others serve their old pages for a few
    seconds and every worker renders each page again. Gunicorn reads its number
    of workers from WEB_CONCURRENCY, the only count a check can see."""
    try:
        workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
    except ValueError:
        workers = 1
    if workers <= 1 or not enabled() or cache_generation.is_shared():
        return []
    return [
        checks.Warning(
            "The page cache is in each worker's memory while "
            f"WEB_CONCURRENCY={workers} workers serve the site.",
            hint="Set REDIS_URL so that the workers share one cache.",
            id="home.W001",
        )
    ]
