"""Response headers that keep residents' browsers from talking to anyone but us."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from home.csp import content_security_policy

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
# The admin (and its previews) runs Wagtail's own scripts; it keeps its defaults.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not request.path.startswith(ADMIN_PREFIXES):
            response.setdefault("Content-Security-Policy", content_security_policy())
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
            return self.bad_request()
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> HttpResponse | None:
        if "%00" in request.META.get("QUERY_STRING", "") and not getattr(
            view_func, "accepts_nul_characters", False
        ):
            return self.bad_request()
        return None

    @staticmethod
    def bad_request() -> HttpResponse:
        return HttpResponseBadRequest(
            "Bad request: NUL character.", content_type="text/plain"
        )
