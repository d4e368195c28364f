"""PostgreSQL full-text search in each page's language.

Wagtail's database backend indexes and queries with one text search
configuration. This one picks it by language: a page (any object with a
locale) is indexed with its language's configuration, and a query runs with the
configuration of the language being read — the search page only searches pages
of that language, so both sides always agree. Objects without a locale (images,
documents) use the French one; a language PostgreSQL has no stemmer for is
searched word for word.

The configurations (`french_unaccent`, `arabic_unaccent`...: the language's
stemmer after `unaccent`, home/search_languages.py) are created after `migrate`
(home/apps.py).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from contextvars import ContextVar

from django.utils import translation
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
)

from home.search_languages import configuration_name

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


class SearchBackend(PostgresSearchBackend):
    index_class = LanguageIndex

    @property
    def config(self) -> str:
        return configuration(_indexing_language.get() or translation.get_language())

    @config.setter
    def config(self, value: str | None) -> None:
        """The parent sets SEARCH_CONFIG; the language decides instead."""
