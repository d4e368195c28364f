"""Form pages are posted without Django's CSRF cookie, which residents never get.

Wagtail's page view (`wagtail_serve`) answers every page, form pages' posts
included. Django's CSRF check would refuse those posts for want of the cookie,
so this middleware, placed before `CsrfViewMiddleware`, exempts posts to that
view: the form page checks its own signed token, the browser's `Origin` and
`Sec-Fetch-Site` instead (contact/protection.py). No other page type acts on a
post (it renders as for a GET), and every other view (the admin, the
password forms of private pages) keeps Django's check.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from wagtail import views as wagtail_views


class FormPostCsrfMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args, view_kwargs
    ) -> None:
        if request.method == "POST" and view_func is wagtail_views.serve:
            request._dont_enforce_csrf_checks = True
        return None
