"""PostgreSQL full-text search in each page's language.

Wagtail's database backend indexes and queries with one text search
configuration. This one picks it by language: a page (any object with a
locale) is indexed with its language's configuration, and a query runs with the
configuration of the language being read — the search page only searches pages
of that language, so both sides always agree. Objects without a locale (images,
documents) use the French one; a language PostgreSQL has no stemmer for is
searched word for word.

The configurations (`french_unaccent`, `arabic_unaccent`...: the language's
stemmer after `unaccent`, home/search/languages.py) are created after `migrate`
(home/apps.py).

On every database, queries are normalised as the indexed text is
(home/search_text.py: Arabic articles, diacritics and letter variants), whoever
searches: the site search, the API, the admin. `SearchBackend` picks the
database's backend (as Wagtail's `wagtail.search.backends.database` does) with
that normalisation.
"""

from __future__ import annotations

import copy
import functools
from collections import defaultdict
from contextvars import ContextVar
from typing import Any

from django.db import connection
from django.utils import translation
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
)
from modelsearch.query import SearchQuery

from home.search.languages import configuration_name
from home.search_text import normalise_arabic

DEFAULT_LANGUAGE = "fr"
_indexing_language: ContextVar[str | None] = ContextVar("indexing", default=None)


@functools.cache
def _language_of_locale(locale_id: int) -> str:
    from wagtail.models import Locale

    return Locale.objects.get(pk=locale_id).language_code


def language_of(obj: object) -> str:
    locale_id = getattr(obj, "locale_id", None)
    return _language_of_locale(locale_id) if locale_id else DEFAULT_LANGUAGE


def configuration(language: str | None) -> str:
    return configuration_name(language or DEFAULT_LANGUAGE)


class LanguageIndex(PostgresIndex):
    def add_items(self, model, objs) -> None:
        by_language: dict[str, list] = defaultdict(list)
        for obj in objs:
            by_language[language_of(obj)].append(obj)
        for language, group in by_language.items():
            token = _indexing_language.set(language)
            try:
                super().add_items(model, group)
            finally:
                _indexing_language.reset(token)


def normalised_query(query: Any) -> Any:
    """A query string or query object with its texts normalised as the index's."""
    if isinstance(query, str):
        return normalise_arabic(query)
    if not isinstance(query, SearchQuery):
        return query
    query = copy.copy(query)
    if isinstance(getattr(query, "query_string", None), str):
        query.query_string = normalise_arabic(query.query_string)
    if getattr(query, "subquery", None) is not None:
        query.subquery = normalised_query(query.subquery)
    if getattr(query, "subqueries", None) is not None:
        query.subqueries = [normalised_query(sub) for sub in query.subqueries]
    return query


class NormalisedQueries:
    """Searches and autocompletes with normalised queries."""

    # modelsearch 1.3.2's private entry point of search() and autocomplete()
    # (tests/test_upgrade_guards.py).
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, normalised_query(query), model_or_queryset, **kwargs
        )


class LanguageSearchBackend(NormalisedQueries, PostgresSearchBackend):
    index_class = LanguageIndex

    @property
    def config(self) -> str:
        return configuration(_indexing_language.get() or translation.get_language())

    @config.setter
    def config(self, value: str | None) -> None:
        """The parent sets SEARCH_CONFIG; the language decides instead."""


@functools.cache
def _normalised_class(backend_class: type) -> type:
    return type(backend_class.__name__, (NormalisedQueries, backend_class), {})


def SearchBackend(params: dict) -> Any:  # noqa: N802 (the name Wagtail looks up)
    """PostgreSQL: each language's configuration; SQLite (and others): Wagtail's
    database backend for it. Both with normalised queries."""
    if connection.vendor == "postgresql":
        return LanguageSearchBackend(params)
    database_backend = type(DatabaseSearchBackend(params))
    return _normalised_class(database_backend)(params)
