"""Response headers that keep residents' browsers from talking to anyone but us,
and guards around the admin's requests."""

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.utils.cache import patch_cache_control
from django.utils.datastructures import MultiValueDictKeyError

from home.api.endpoints import CORS_HEADERS
from home.security.csp import admin_content_security_policy, content_security_policy
from home.unavailable import is_database_unavailable, unavailable_response

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
# The admin (and its previews) runs Wagtail's own scripts: its own policy.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# A `next` the admin may redirect to: a path of this site or an http(s) address
# (whose host Wagtail checks); anything else is no address.
NEXT_URL = re.compile(r"/|https?://", re.IGNORECASE)
# What a formset or StreamField count may be (`int()` takes more, such as "²").
COUNT = re.compile(r"[0-9]+")
# The listings whose usage-count filter the search backend cannot apply.
USAGE_COUNT_LISTING = re.compile(r"/admin/(documents|images)/(results/)?$")
USAGE_COUNT_FILTERS = ("usage_count_min", "usage_count_max")

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(ADMIN_PREFIXES):
            policy = admin_content_security_policy()
        else:
            policy = content_security_policy()
        response.setdefault("Content-Security-Policy", policy)
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in a path or query string is never legitimate, and PostgreSQL
    refuses it in a query: answer 400 before any view looks it up. A view that
    cleans its own parameters (the site search, which reads words only) says so
    with an `accepts_nul_characters = True` attribute and gets its query string."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return self.bad_request(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> HttpResponse | None:
        if "%00" in request.META.get("QUERY_STRING", "") and not getattr(
            view_func, "accepts_nul_characters", False
        ):
            return self.bad_request(request)
        return None

    @staticmethod
    def bad_request(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            # The API's clients read JSON, from any origin (its OpenAPI
            # description documents its 400s so).
            response = JsonResponse({"message": "NUL character"}, status=400)
            for header, value in CORS_HEADERS.items():
                response[header] = value
            return response
        return HttpResponseBadRequest(
            "Bad request: NUL character.", content_type="text/plain"
        )


class DatabaseUnavailableMiddleware:
    """A view (or its template, while it renders) that finds the database away
    gets a themed 503 with `Retry-After` instead of a server error. Placed after
    the security-headers middleware, so that its headers hold on the 503; an
    error raised by a middleware further in is caught by the 500 handler
    (`home.views.server_error`), which answers the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return unavailable_response(request, exception)
        return None


class SignedInPrivateMiddleware:
    """A page rendered for a signed-in user (the userbar, a preview, the admin)
    is theirs alone: `Cache-Control: private`, so that no shared cache keeps it.
    The page cache never stores it either: the request carries the session
    cookie (home/caching/page_cache.py). Placed after the authentication middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Without the session cookie no one is signed in: the session is not read.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        # No cache keeps it anyway (the 503 of a database away, whose session
        # cannot be read then).
        if "no-store" in response.get("Cache-Control", ""):
            return response
        user = getattr(request, "user", None)
        try:
            signed_in = user is not None and user.is_authenticated
        except DatabaseError:
            signed_in = True  # the session could not be read: assume it is theirs
        if signed_in:
            patch_cache_control(response, private=True)
        return response


class AdminRequestGuardMiddleware:
    """Admin requests Wagtail would half-do or answer with a 500 (see
    docs/upstream.md), refused or repaired before its views see them:

    - signing out by anything but POST: Wagtail's view answers 405 but still
      deletes the session cookie and queues « logged out » (the session itself
      stays valid);
    - a `next` that is neither a path nor an http(s) address (`next=default`):
      Wagtail redirects to it through `resolve_url`, which takes it for a view
      name and raises; it is dropped, and the view goes where it would without;
    - a search of the documents or images filtered by usage count: the search
      backend cannot filter on the count Wagtail annotates (a 400);
    - a form posted without the fields its widgets read, or with a count that
      is no number (a StreamField's `-count`): a 400, not a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> HttpResponse | None:
        if not request.path.startswith("/admin/"):
            return None
        if (
            request.resolver_match is not None
            and request.resolver_match.url_name == "wagtailadmin_logout"
            and request.method != "POST"
        ):
            return HttpResponseNotAllowed(["POST"])
        if (
            USAGE_COUNT_LISTING.match(request.path)
            and request.GET.get("q")
            and any(request.GET.get(name) for name in USAGE_COUNT_FILTERS)
        ):
            return HttpResponseBadRequest(
                "Bad request: a search cannot be filtered by usage count.",
                content_type="text/plain",
            )
        if request.method == "POST" and any(
            key.endswith("-count") and not COUNT.fullmatch(value)
            for key, value in request.POST.items()
        ):
            return self.incomplete_form(request, "a count that is no number")
        for name in ("GET", "POST"):
            data = getattr(request, name)
            if "next" in data and not NEXT_URL.match(data["next"]):
                data = data.copy()
                del data["next"]
                setattr(request, name, data)
        return None

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if (
            request.path.startswith("/admin/")
            and request.method == "POST"
            and isinstance(exception, MultiValueDictKeyError)
        ):
            return self.incomplete_form(request, f"no {exception}")
        return None

    @staticmethod
    def incomplete_form(request: HttpRequest, what: str) -> HttpResponse:
        logger.warning("Admin form posted with %s: %s", what, request.path)
        return HttpResponseBadRequest(
            "Bad request: the form is incomplete.", content_type="text/plain"
        )
