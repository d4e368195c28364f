"""The read-only API (Wagtail API v2 at /api/v2/): pages, images and documents.

Only what residents may see is served: live pages that are not private
(Wagtail's `.live().public()`), images, and documents outside restricted
collections. Each page type says what it publishes with its `api_fields`; the
site's base page publishes its introduction, so a new app's pages are served
(and described in the OpenAPI document) without any change here.

Every answer may be read from another site (CORS, GET only), requests are
throttled per address, and the browsable HTML renderer is off: JSON only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from home.search.views import search_terms
from home.security.client_address import client_address

# The largest id or offset a database integer holds (PostgreSQL's `integer`).
MAX_ID = MAX_OFFSET = 2**31 - 1
SEARCH_OPERATORS = ("and", "or")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}


class ApiThrottle(AnonRateThrottle):
    """Requests per client address (`home.security.client_address`), every client
    counted as anonymous: the API has no accounts. The rate is
    `API_THROTTLE_RATE` (e.g. "120/minute")."""

    scope = "api"

    def get_rate(self) -> str:
        return getattr(settings, "API_THROTTLE_RATE", "120/minute")

    def get_ident(self, request) -> str:
        """The client's address as the trusted proxies saw it, never an
        `X-Forwarded-For` entry the client wrote itself."""
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        # AnonRateThrottle skips signed-in users; editors are throttled too.
        self.key = self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()


class WordsSearchFilter(SearchFilter):
    """`?search=`: the words of the query only, as on the site's search page, so
    that no typed operator or quote reaches the database's query syntax."""

    def filter_queryset(self, request, queryset, view):
        operator = request.GET.get("search_operator") or "and"
        # Checked even without `?search=`: a bad value is never silently ignored.
        if operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" not in request.GET:
            return queryset
        terms = search_terms(request.GET["search"][:200])
        if not terms:
            return queryset.none()
        return get_search_backend().search(
            PlainText(" ".join(terms), operator=operator),
            queryset,
            order_by_relevance="order" not in request.GET,
        )


class PublicAPIMixin:
    renderer_classes = [JSONRenderer]
    throttle_classes = [ApiThrottle]
    http_method_names = ["get", "head", "options"]

    def initial(self, request, *args, **kwargs) -> None:
        """Read in the language asked for (`?locale=en`), French otherwise: on
        PostgreSQL, `?search=` then uses that language's stemming, as the
        pages of that language were indexed with it."""
        super().initial(request, *args, **kwargs)
        # An offset past what the database can count (`?offset=10**30`) would
        # overflow its integers: a 400, as Wagtail answers a negative one.
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's pagination answers it with its own 400
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        codes = {code for code, _name in settings.LANGUAGES}
        language = request.GET.get("locale")
        translation.activate(language if language in codes else settings.LANGUAGE_CODE)

    def finalize_response(
        self, request: HttpRequest, response: Response, *args, **kwargs
    ):
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response


def api_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any address under /api/ that names nothing: a JSON 404 another site can
    read, as the API's own, not the site's HTML page. An address missing its
    final slash is redirected, as elsewhere on the site (APPEND_SLASH)."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(
                request.get_full_path(force_append_slash=True)
            )
    response = JsonResponse({"message": "not found"}, status=404)
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


def _with_words_search(backends: list) -> list:
    return [WordsSearchFilter if b is SearchFilter else b for b in backends]


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    filter_backends = _with_words_search(PagesAPIViewSet.filter_backends)

    def get_queryset(self):
        """Listing queries that do not grow with the pages: each page's locale,
        and the related rows its type's api_fields list (indicators...) or its
        `api_prefetch_related` names, are read once for all."""
        queryset = super().get_queryset().select_related("locale")
        return queryset.prefetch_related(*api_prefetches(queryset.model))

    def get_object(self):
        """The page with the same related rows as in a listing (Wagtail reads
        it again as its specific type, without them)."""
        page = super().get_object()
        models.prefetch_related_objects([page], *api_prefetches(type(page)))
        return api_prepared([page], self.request)[0]

    def paginate_queryset(self, queryset):
        """The page of results, read once and handed to its type's
        `api_prepare_pages` (see `api_prepared`)."""
        pages = super().paginate_queryset(queryset)
        if pages is None:
            return None
        return api_prepared(list(pages), self.request)


def api_prepared(pages: list, request: HttpRequest) -> list:
    """The pages as the API serves them: a page type may set, in memory, values
    its public page computes (a date refreshed from other data...) with a
    static `api_prepare_pages(pages, request)`, given all the pages of an
    answer at once so that its queries do not grow with them."""
    if pages:
        prepare = getattr(type(pages[0]), "api_prepare_pages", None)
        if prepare is not None:
            prepare(pages, request)
    return pages


def api_prefetches(model: type[models.Model]) -> list:
    """What a page type's API answer reads: its `api_prefetch_related` (names
    or Prefetch objects, which may filter the rows; or a function giving them),
    and its other related api_fields."""
    declared = getattr(model, "api_prefetch_related", ())
    declared = list(declared() if callable(declared) else declared)
    filtered = {p.prefetch_to for p in declared if isinstance(p, models.Prefetch)}
    return [
        *(name for name in related_api_fields(model) if name not in filtered),
        *declared,
    ]


def related_api_fields(model: type[models.Model]) -> list[str]:
    names = []
    for api_field in getattr(model, "api_fields", None) or []:
        name = getattr(api_field, "name", api_field)
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.one_to_many or field.many_to_many:
            names.append(name)
    return names


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    filter_backends = _with_words_search(ImagesAPIViewSet.filter_backends)


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    filter_backends = _with_words_search(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
