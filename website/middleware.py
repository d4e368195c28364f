"""Response headers that keep residents' browsers from talking to anyone but us."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from home.api import CORS_HEADERS
from home.csp import admin_content_security_policy, content_security_policy
from home.unavailable import is_database_unavailable, unavailable_response

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
# The admin (and its previews) runs Wagtail's own scripts: its own policy.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


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
