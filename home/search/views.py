"""Site search: the live public pages of the reader's language, every page type.

On PostgreSQL, Wagtail's database backend uses full-text search with a French
configuration that also drops accents (`french_unaccent`, created by
`home.apps.create_search_configuration`): « numériques » finds « numérique »,
« donnees » finds « données ». SQLite's FTS5 tokenizer drops accents too; it
does not stem.

What residents type is reduced to its words before it reaches the database: the
SQLite backend pastes terms into an FTS5 MATCH expression without escaping double
quotes, so a stray `"` is a syntax error there, and boolean operators typed by
hand would be read as words that no page contains.

Nothing here names a page type: results, their type, date and excerpt, and the
facets come from the page models themselves, so that a new app's pages are found
as soon as they define `search_fields`.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.search.query import PlainText
from wagtail.search.utils import normalise_query_string

from home.caching import generation
from home.caching.fragments import fragments_of
from home.caching.page_cache import no_page_cache
from home.models import SiteMapPage
from home.search_text import normalise_arabic
from home.security.page_access import site_pages

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 50
EXCERPT_WORDS = 40
# Excerpts are looked for in the beginning of a page's text: a long page costs no
# more than a short one.
EXCERPT_SOURCE_LENGTH = 20_000
# FTS5's operators (upper case only there); typed by a resident they mean "and".
OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
# Letters, combining marks (accents, Arabic vowel signs) and digits make words.
WORD_CATEGORIES = ("L", "M", "N")
TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,99}\.[a-z][a-z0-9_]{0,99}$")
WORD_PATTERN = re.compile(r"(\w+)")


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


@functools.lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """A word without accents nor case, to compare words as the search does (an
    Arabic word also without its article: home/search_text.py)."""
    decomposed = unicodedata.normalize("NFD", normalise_arabic(word))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


def term_stems(terms: list[str]) -> list[str]:
    """Beginnings of the terms that words of the text must start with to be
    highlighted: close enough to stemming (« numériques » marks « numérique »)."""
    stems = []
    for term in terms:
        folded = fold(term)
        stems.append(folded if len(folded) <= 4 else folded[: max(4, len(folded) - 2)])
    return stems


def highlight(text: str, terms: list[str], words: int = EXCERPT_WORDS) -> SafeString:
    """An excerpt of `text` around its first matched term, every matched word in
    <mark>. Both the text and the terms are escaped: whatever an editor wrote or a
    resident typed comes out as text."""
    stems = tuple(term_stems(terms))
    parts = WORD_PATTERN.split(" ".join(text[:EXCERPT_SOURCE_LENGTH].split()))
    # Odd indexes are words, even ones what separates them. Words are folded up
    # to the first match, then only within the excerpt.
    first = next(
        (
            i
            for i in range(1, len(parts), 2)
            if stems and fold(parts[i]).startswith(stems)
        ),
        1,
    )
    start = max(0, first - 20)
    start -= start % 2
    end = min(len(parts), start + 2 * words)
    matches = {
        i
        for i in range(start | 1, end, 2)
        if stems and fold(parts[i]).startswith(stems)
    }
    html = []
    if start > 0:
        html.append("… ")
    for i in range(start, end):
        if i % 2 and i in matches:
            html.append(f"<mark>{escape(parts[i])}</mark>")
        else:
            html.append(escape(parts[i]))
    if end < len(parts) and "".join(parts[end:]).strip():
        html.append(" …")
    return mark_safe("".join(html).strip())  # noqa: S308 - every part escaped


def page_text(page: Page) -> str:
    """The text a page is found by, title aside: its indexed fields, in the order
    the model lists them. Only the page's own columns are read (no query)."""
    chunks = []
    for field in page.search_fields:
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            model_field = field.get_field(type(page))
        except FieldDoesNotExist:
            continue
        if model_field.is_relation:
            continue
        value = field.get_value(page)
        if isinstance(value, list | tuple):
            value = " ".join(str(item) for item in value)
        if value:
            # Rich text is HTML; a plain field's "<" is text, shown escaped.
            text = str(value)
            chunks.append(
                strip_tags(text) if isinstance(model_field, RichTextField) else text
            )
    return " ".join(chunks)


def page_date(page: Page) -> datetime.date | None:
    """The date a resident reads on a result: the page's own date when its type
    has one (an article's), otherwise its last publication."""
    own = getattr(page, "date", None)
    if isinstance(own, datetime.date):
        return own
    published = page.last_published_at
    return published.date() if published else None


def type_label(model: type[models.Model]) -> str:
    return capfirst(model._meta.verbose_name)


@dataclass(frozen=True)
class Result:
    page: Page
    type_label: str
    date: datetime.date | None
    excerpt: SafeString


@dataclass(frozen=True)
class Facet:
    label: str
    count: int
    url: str
    current: bool


class BadSearch(ValueError):
    """A parameter the search page does not offer: answered with a 400 page."""


def type_filter(request: HttpRequest) -> ContentType | None:
    """The page type chosen in the facets (`?type=news.newspage`), or None."""
    values = request.GET.getlist("type")
    if not values or values == [""]:
        return None
    if len(values) > 1:
        raise BadSearch(_("Choose one type of page at a time."))
    value = values[0]
    if TYPE_PATTERN.match(value):
        app_label, model_name = value.split(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        except ContentType.DoesNotExist:
            content_type = None
        model = content_type.model_class() if content_type else None
        if model is not None and issubclass(model, Page) and model is not Page:
            return content_type
    raise BadSearch(_("This type of page does not exist."))


def search_url(request: HttpRequest, **params: str | int | None) -> str:
    query = {
        "q": clean_query(request.GET.get("q", "")),
        "type": request.GET.get("type"),
    }
    query.update(params)
    return "?" + urlencode({k: v for k, v in query.items() if v not in (None, "")})


def promotions(query: str, locale: Locale) -> list[SearchPromotion]:
    """What editors chose to show first for this query (« Promoted search
    results » in the admin): live public pages of the reader's language, or
    external links. A query no promotion is for costs no query."""
    normalised = normalise_query_string(query)
    if normalised not in promoted_queries():
        return []
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    public = set(
        site_pages()
        .live()
        .public()
        .filter(locale=locale, pk__in=[p.page_id for p in picks if p.page_id])
        .values_list("pk", flat=True)
    )
    return [p for p in picks if p.page_id in public or p.external_link_url]


def promoted_queries() -> frozenset[str]:
    """The queries editors promoted results for, once per content generation
    (a saved or deleted promotion is a change of content)."""
    return generation.cached(
        lambda: frozenset(
            SearchPromotion.objects.values_list("query__query_string", flat=True)
        ),
        "promoted-queries",
    )


def active_locale() -> Locale:
    """The locale of the reader's language, once per content generation."""
    return generation.cached(
        Locale.get_active, "active-locale", translation.get_language() or ""
    )


def clean_query(value: str) -> str:
    """What was typed, as shown back: no control character (NUL included), spaces
    collapsed, at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in value)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@no_page_cache
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    context: dict = {"query": query, "results": None, "facets": [], "promoted": []}
    try:
        content_type = type_filter(request)
    except BadSearch as error:
        context["error"] = str(error)
        return render(request, "home/search.html", context, status=400)
    terms = search_terms(query) if query else []
    if query:
        locale = active_locale()
        pages = site_pages().live().public().filter(locale=locale)
        plain = PlainText(" ".join(terms), operator="and")
        total = 0
        if terms:
            context["facets"], counts = facets(request, pages, plain, content_type)
            total = (
                counts.get(content_type.pk, 0) if content_type else sum(counts.values())
            )
            if content_type is not None:
                pages = pages.filter(content_type=content_type)
            found = pages.search(plain)
        else:
            found = Page.objects.none()
        paginator = Paginator(found, RESULTS_PER_PAGE)
        paginator.count = total  # The facets counted them: no COUNT query.
        results = paginator.get_page(request.GET.get("page"))
        results.object_list = result_cards(request, list(results.object_list), terms)
        context["results"] = results
        if results.number == 1 and content_type is None:
            context["promoted"] = promotions(query, locale)
        if not results.paginator.count:
            context["suggestions"] = suggestions(request, terms, locale)
    context["type_label"] = (
        type_label(content_type.model_class()) if content_type else None
    )
    results = context["results"]
    if results is not None and results.has_other_pages():
        if results.has_previous():
            context["previous_url"] = search_url(
                request, page=results.previous_page_number()
            )
        if results.has_next():
            context["next_url"] = search_url(request, page=results.next_page_number())
    return render(request, "home/search.html", context)


# Words only reach the database (search_terms): a NUL byte is dropped like any
# other symbol instead of failing the whole request.
search.accepts_nul_characters = True  # type: ignore[attr-defined]


def result_cards(
    request: HttpRequest, pages: list[Page], terms: list[str]
) -> list[Result]:
    """The results shown: each page's type, date and excerpt. The date and the
    text an excerpt is cut from are read once per content generation for each
    page (one query per type of page among those not cached yet); the excerpt
    is cut for the words searched."""

    def build(ids: list[int]) -> dict[int, tuple[datetime.date | None, str]]:
        return {
            page.pk: (page_date(page), page_text(page)[:EXCERPT_SOURCE_LENGTH])
            for page in Page.objects.filter(pk__in=ids).specific()
        }

    cards = fragments_of(request, build, "search-card", [page.pk for page in pages])
    results = []
    for page in pages:
        date, text = cards.get(page.pk, (None, ""))
        results.append(
            Result(
                page=page,
                type_label=type_label(page.specific_class or type(page)),
                date=date,
                excerpt=highlight(text, terms),
            )
        )
    return results


def facets(
    request: HttpRequest,
    pages: models.QuerySet,
    plain: PlainText,
    chosen: ContentType | None,
) -> tuple[list[Facet], dict[int, int]]:
    """Result counts per page type (one query), largest first, with the address
    that shows only that type; and the counts by content type id."""
    counts = pages.search(plain).facet("content_type_id")
    found: list[Facet] = []
    for content_type_id, count in counts.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        key = f"{model._meta.app_label}.{model._meta.model_name}"
        found.append(
            Facet(
                label=type_label(model),
                count=count,
                url=search_url(request, type=key, page=None),
                current=chosen is not None and chosen.pk == content_type_id,
            )
        )
    return found, dict(counts)


def suggestions(request: HttpRequest, terms: list[str], locale: Locale) -> dict:
    """What to try when nothing matched: each word alone when there were
    several, and the site map of the reader's language."""
    site_map = SiteMapPage.objects.live().public().filter(locale=locale).first()
    return {
        "words": [
            {"term": term, "url": search_url(request, q=term, type=None, page=None)}
            for term in terms
        ]
        if len(terms) > 1
        else [],
        "site_map": site_map.get_url(request) if site_map else None,
    }
