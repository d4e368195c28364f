"""The site's routes, plus a trivial Django view: what the same server and the
same middleware answer when no page, template or query is involved."""

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import path

from website.urls import handler404, handler500
from website.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

MAX_SIZE = 1024 * 1024


@cache
def filler(size: int) -> bytes:
    head = b"<!doctype html><title>bench</title><p>"
    return head + b"x" * max(0, size - len(head))


def trivial(request: HttpRequest, size: int) -> HttpResponse:
    return HttpResponse(filler(min(size, MAX_SIZE)), content_type="text/html")


urlpatterns = [
    path("bench/trivial/<int:size>/", trivial, name="bench-trivial"),
    *site_urlpatterns,
]
