"""The Wagtail site of a request, found without a query once warm.

Wagtail looks the site up with a query on every request that reaches a page
(``Site.find_for_request``), then the root page's translation in the reader's
language and its specific class (two more). The site of a host and port is
kept here once per content generation (a saved or deleted Site bumps it, see
home/caching/generation.py), with its root page already specific; the home
page's ``localized`` keeps each language's home page the same way
(``HomePage.localized``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from home.caching import generation


def _host_and_port(request: HttpRequest) -> tuple[str, str]:
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _build(request: HttpRequest) -> dict:
    site = Site._find_for_request(request)
    if site is not None:
        # Fetched now, so that routing does not ask for it on each request.
        site.root_page = site.root_page.specific
        # The home page then keeps its translations too (HomePage.localized).
        site.root_page._site_root_from_cache = True
    return {"site": site}


def cached_site(request: HttpRequest) -> Site | None:
    """What ``Site.find_for_request`` finds, once per content generation, host
    and port (a fresh copy for each request: nothing is shared between them)."""
    hostname, port = _host_and_port(request)
    return generation.cached(lambda: _build(request), "site", hostname, port)["site"]


class CachedSiteMiddleware:
    """Gives Wagtail the request's site from the cache (it keeps it on the
    request as ``_wagtail_site``); the content generation is read once for the
    request (``generation.read_once``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # One read of the content generation for the whole request.
        with generation.read_once():
            return self.respond(request)

    def respond(self, request: HttpRequest) -> HttpResponse:
        try:
            # Only hosts the site answers for get an entry: any other Host
            # header could fill the cache otherwise (Django answers 400).
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        if not hasattr(request, "_wagtail_site"):
            # The database away (home/unavailable.py): the view meets it too,
            # and the outage middleware answers its themed 503 there.
            with suppress(OperationalError, InterfaceError):
                request._wagtail_site = cached_site(request)
        return self.get_response(request)
