"""The answer when the database is away: a themed 503 with `Retry-After`, never a
500, rendered without the database (it is what failed).

`website.middleware.DatabaseUnavailableMiddleware` turns the errors of a view, or
of its template while it renders, into this answer; the project's 500 handler
does the same for an error raised by another middleware (`home.views`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation

from home.api.endpoints import CORS_HEADERS
from home.security.csp import content_security_policy

logger = logging.getLogger(__name__)

# Django wraps the driver's errors (psycopg, sqlite3) in its own classes: a server
# that is down, restarting, refusing connections, or a connection cut mid-query.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
# Seconds a reader (or an editor) is asked to wait: a database restart takes a few.
RETRY_AFTER_SECONDS = 10
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_UNAVAILABLE_ERRORS)


def response_language(request: HttpRequest) -> str:
    """The public site's language is in its URL (/en/...; French at the root). The
    admin's is the editor's choice, stored in the database: the browser's
    preference stands in for it."""
    if request.path.startswith(ADMIN_PREFIXES):
        return translation.get_language_from_request(request)
    return translation.get_language_from_path(request.path) or settings.LANGUAGE_CODE


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 page. No request context, no context processor, no template that
    reads settings or menus: nothing here touches the database."""
    logger.warning(
        "Database unavailable, 503 for %s %s: %s", request.method, request.path, error
    )
    if request.path.startswith("/api/"):
        return api_unavailable_response()
    language = response_language(request)
    in_admin = request.path.startswith(ADMIN_PREFIXES)
    with translation.override(language):
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        html = loader.get_template("503.html").render(
            {
                "language": language,
                "bidi": translation.get_language_bidi(),
                "not_saved": request.method not in SAFE_METHODS,
                "in_admin": in_admin,
                "home_url": "/admin/" if in_admin else f"{prefix}/",
                "retry_after": RETRY_AFTER_SECONDS,
            }
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Neither a browser nor a shared cache should keep it once the database is back.
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    # The page runs no script: the public policy holds in the admin too.
    response["Content-Security-Policy"] = content_security_policy()
    response["X-Frame-Options"] = "DENY"
    return response


def api_unavailable_response() -> HttpResponse:
    """The API's clients read JSON, from any origin: its 503 as its other errors
    (documented in its OpenAPI description)."""
    response = JsonResponse(
        {"message": "The database is unavailable: try again later."}, status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response
