"""Site search: the live public pages of the reader's language.

On PostgreSQL, Wagtail's database backend uses full-text search with the French
dictionary (stemming, accents), see WAGTAILSEARCH_BACKENDS in the settings.

What residents type is reduced to its words before it reaches the database: the
SQLite backend pastes terms into an FTS5 MATCH expression without escaping double
quotes, so a stray `"` is a syntax error there, and boolean operators typed by
hand would be read as words that no page contains.
"""

from __future__ import annotations

import unicodedata

from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page
from wagtail.search.query import PlainText

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 50
# FTS5's operators (upper case only there); typed by a resident they mean "and".
OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
# Letters, combining marks (accents, Arabic vowel signs) and digits make words.
WORD_CATEGORIES = ("L", "M", "N")


def search_terms(query: str) -> list[str]:
    """The words of a query: no punctuation, symbol, emoji nor operator; at most
    MAX_TERMS distinct words, none longer than any real word."""
    text = unicodedata.normalize("NFC", query)
    words = "".join(
        char if unicodedata.category(char)[0] in WORD_CATEGORIES else " "
        for char in text
    ).split()
    terms: list[str] = []
    for word in words:
        if word in OPERATOR_WORDS or len(word) > MAX_TERM_LENGTH:
            continue
        if word.casefold() not in (term.casefold() for term in terms):
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results: ResultsPage | None = None
    if query:
        terms = search_terms(query)
        pages = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(PlainText(" ".join(terms), operator="and"))
            if terms
            else Page.objects.none()
        )
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results": results})
