"""Absurd values in every query parameter of every public page type of the demo
site: an answer (200) or a clear refusal (4xx), never a server error."""

from __future__ import annotations

from urllib.parse import quote

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from tests.tree import DemoTestCase

ABSURD_VALUES = [
    "",
    "-1",
    str(10**30),
    "1.5",
    "abc",
    "%00",
    "%ff%fe%fd",
    "%E2%82",
    quote("' OR 1=1 --"),
    quote("<script>alert(1)</script>"),
    quote("é" * 3000),
    "x" * 20_000,
]
# The parameters each page type reads (news/filters.py, policy/filters.py,
# policy/catalogue.py, policy/models/awards.py, home/search/views.py, news embeds),
# plus an unknown one.
PARAMETERS = {
    "news.NewsIndexPage": ["category", "tag", "year", "page"],
    "news.NewsPage": ["embed"],
    "policy.MasterPlanPage": ["axis", "status", "department", "page"],
    "policy.OpenDataPage": [
        "q",
        "theme",
        "format",
        "licence",
        "keyword",
        "sort",
        "page",
    ],
    "policy.AwardsPage": ["body", "page"],
}
COMMON_PARAMETERS = ["page", "unknown"]
API_PARAMETERS = [
    "search",
    "search_operator",
    "locale",
    "limit",
    "offset",
    "order",
    "fields",
    "type",
    "child_of",
]


def queries(name: str) -> list[str]:
    """One query string per absurd value, then the parameter given twice and as
    an array."""
    found = [f"{name}={value}" for value in ABSURD_VALUES]
    found += [f"{name}=1&{name}=2", f"{name}[]=1"]
    return found


class AbsurdQueryParameterTests(DemoTestCase):
    def setUp(self) -> None:
        cache.clear()  # the API throttle counts requests per address
        self.client.raise_request_exception = False

    def assert_no_server_error(self, url: str) -> None:
        response = self.client.get(url)
        self.assertLess(response.status_code, 500, url)
        self.assertIn(response.status_code, {200, 301, 302, 400, 404, 429}, url)

    def test_every_page_type_refuses_absurd_parameters_cleanly(self):
        seen = set()
        pages = Page.objects.live().filter(depth__gt=1).order_by("path")
        for page in pages.specific():
            label = page._meta.label
            if label in seen:
                continue
            seen.add(label)
            for name in [*PARAMETERS.get(label, []), *COMMON_PARAMETERS]:
                for query in queries(name):
                    with self.subTest(page=label, query=query[:60]):
                        self.assert_no_server_error(f"{page.url}?{query}")
        self.assertGreaterEqual(len(seen), 12)

    def test_the_search_page_refuses_absurd_parameters_cleanly(self):
        with translation.override("en"):
            url = reverse("search")
        for name in ("q", "type", "page"):
            for query in queries(name):
                with self.subTest(url=url, query=query[:60]):
                    self.assert_no_server_error(f"{url}?q=numerique&{query}")

    def test_the_api_refuses_absurd_parameters_cleanly(self):
        for name in API_PARAMETERS:
            cache.clear()
            for query in queries(name):
                with self.subTest(query=query[:60]):
                    self.assert_no_server_error(f"/api/v2/pages/?{query}")
        for endpoint in ("images", "documents"):
            for query in queries("search") + queries("limit"):
                with self.subTest(endpoint=endpoint, query=query[:60]):
                    self.assert_no_server_error(f"/api/v2/{endpoint}/?{query}")
