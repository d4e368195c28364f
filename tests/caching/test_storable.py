"""Which requests may get a cached page and which answers are kept: the rules
that keep a reader from ever getting someone else's page."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from home.caching import page_cache

factory = RequestFactory()


def answer(**headers) -> HttpResponse:
    response = HttpResponse("<p>Bonjour</p>")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@pytest.mark.parametrize(
    "headers",
    [
        {"Cache_Control": "private"},
        {"Cache_Control": "max-age=0, no-store"},
        {"Cache_Control": "no-cache"},
        {"Vary": "Accept"},
        {"Vary": "Cookie, Accept-Encoding"},
        {"Vary": "*"},
    ],
)
def test_private_or_varying_answers_are_not_kept(headers) -> None:
    assert not page_cache.storable(factory.get("/"), answer(**headers))


def test_public_answers_are_kept_unless_they_set_a_cookie() -> None:
    request = factory.get("/")
    kept = answer(Vary="Cookie, Accept-Language", Cache_Control="max-age=60")
    assert page_cache.storable(request, kept)
    with_cookie = answer()
    with_cookie.set_cookie("csrftoken", "x")
    assert not page_cache.storable(request, with_cookie)
    assert not page_cache.storable(request, StreamingHttpResponse(iter([b"x"])))
    assert not page_cache.storable(request, HttpResponse(status=404))
    assert not page_cache.storable(factory.head("/"), answer())
    assert not page_cache.storable(factory.post("/"), answer())


@pytest.mark.parametrize(
    "request_",
    [
        factory.post("/"),
        factory.get("/", headers={"cookie": "theme=dark"}),
        factory.get("/", headers={"authorization": "Bearer x"}),
        factory.get("/admin/"),
        factory.get("/django-admin/"),
        factory.get("/documents/1/rapport.pdf"),
        factory.get("/api/v2/pages/"),
        factory.get("/", headers={"host": "evil.example"}),
    ],
)
def test_who_never_gets_a_cached_page(request_, settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    assert page_cache.cache_key(request_) is None


def test_keys_differ_by_host_scheme_path_and_query(settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    keys = {
        page_cache.cache_key(request)
        for request in (
            factory.get("/"),
            factory.get("/", secure=True),
            factory.get("/", headers={"host": "other.example"}),
            factory.get("/en/"),
            factory.get("/?page=2"),
        )
    }
    assert len(keys) == 5
    assert page_cache.cache_key(factory.head("/")) == page_cache.cache_key(
        factory.get("/")
    )
