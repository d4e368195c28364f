"""The news filter form on its own: what the index and the feeds rely on."""

from __future__ import annotations

import pytest
from django.http import Http404, QueryDict

from home.query_filters import without_default_fields
from news.filters import FILTER_KEYS, NewsFilterForm, NewsFilters

pytestmark = pytest.mark.django_db


def read(query: str, categories) -> NewsFilters:
    return NewsFilterForm(QueryDict(query), categories=list(categories)).filters()


def test_valid_filters_are_read_and_written_back(make_article, categories):
    make_article("AlpOSS 2026", tags=["AlpOSS"])
    filters = read("category=+evenements+&tag=alposs&year=2026", categories.values())
    assert filters.category == categories["evenements"]
    assert filters.tag.name == "AlpOSS"
    assert filters.year == 2026
    assert filters.active
    assert filters.querystring() == "?category=evenements&tag=alposs&year=2026"
    # Links that change one filter keep the others.
    assert filters.querystring(year=2025) == "?category=evenements&tag=alposs&year=2025"
    assert filters.querystring(tag=None) == "?category=evenements&year=2026"


def test_no_filter_is_the_whole_listing(categories):
    filters = read("", categories.values())
    assert filters == NewsFilters()
    assert not filters.active
    assert filters.querystring() == "?"


@pytest.mark.parametrize(
    "query",
    [
        "category=inconnue",
        "tag=inconnu",
        "tag=a%20b",
        "year=1999x",
        "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95",  # 2025 in full-width digits
        "year=3000",
    ],
)
def test_invalid_filters_are_a_missing_page(make_article, categories, query):
    make_article(tags=["AlpOSS"])
    with pytest.raises(Http404):
        read(query, categories.values())


@pytest.mark.parametrize("field", ["category", "tag", "year"])
def test_nul_characters_are_refused_before_any_query(
    categories, django_assert_num_queries, field
):
    form = NewsFilterForm({field: "a\x00b"}, categories=list(categories.values()))
    with django_assert_num_queries(0):
        assert not form.is_valid()
    assert field in form.errors


def test_empty_fields_are_dropped_from_the_query_string():
    """The news index's use of the shared helper (home/query_filters.py)."""
    chosen = QueryDict("category=evenements&year=2026")
    assert without_default_fields(chosen, FILTER_KEYS) is None
    query = QueryDict("category=evenements&tag=+&year=2026&page=2")
    assert without_default_fields(query, FILTER_KEYS) == (
        "?category=evenements&year=2026&page=2"
    )
    empty = QueryDict("category=&tag=&year=")
    assert without_default_fields(empty, FILTER_KEYS) == ""
