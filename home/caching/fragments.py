"""Parts of a page rendered once per content generation and language.

A fragment is what several uncached renders of a page share: the plan's
drawings, the awards' timeline, an article's related articles, the audit
figures of the accessibility statement... It is keyed on the content generation
(home/caching/generation.py), so a publication shows on the next render, on the
active language, so French, English and Arabic readers never see each other's,
and on what the caller names (the page, the site).

What may never be in a fragment: anything that depends on who reads (the
editors' user bar, a CSRF or form token, messages). The template tag refuses to
store output holding a CSRF field or the user bar, as a last guard.

Previews read and fill nothing: a preview shows a draft, and neither the draft
may reach readers nor the published fragment stand in for the draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject, empty

from home.caching import generation

T = TypeVar("T")

# Markers of what depends on the reader: output holding one is never stored.
PERSONAL_MARKERS = ("csrfmiddlewaretoken", "wagtail-userbar", "w-userbar")


def is_preview(request: HttpRequest | None) -> bool:
    return bool(getattr(request, "is_preview", False))


def may_cache(request: HttpRequest | None) -> bool:
    """A fragment is read and stored for a request that is not a preview."""
    return request is not None and not is_preview(request)


def site_key(request: HttpRequest | None) -> str:
    """The host the request came through: absolute URLs differ between sites."""
    if request is None:
        return ""
    try:
        return request.get_host()
    except Exception:  # noqa: BLE001 - a disallowed host renders no fragment
        return "?"


def fragment(request: HttpRequest | None, build: Callable[[], T], *parts: Any) -> T:
    """``build()``, once per content generation, language, host and ``parts``;
    computed afresh (and not stored) for previews and without a request."""
    if not may_cache(request):
        return build()
    language = translation.get_language() or ""
    return generation.cached(build, "fragment", language, site_key(request), *parts)


def fragments_of(
    request: HttpRequest | None,
    build: Callable[[list[Any]], dict[Any, T]],
    name: str,
    ids: list[Any],
) -> dict[Any, T]:
    """One fragment per id (``name`` and the id as its parts): those in the cache
    in one read, the others built together by ``build(missing ids)`` (a dict
    by id) and stored; all built afresh for previews and without a request."""
    if not may_cache(request) or not ids:
        return build(ids)
    language = translation.get_language() or ""
    host = site_key(request)
    keys = {generation.key("fragment", language, host, name, i): i for i in ids}
    found = {keys[k]: v for k, v in generation.read_many(list(keys)).items()}
    missing = [i for i in ids if i not in found]
    if missing:
        built = build(missing)
        generation.store_many(
            {k: built[i] for k, i in keys.items() if i in built},
            generation.timeout(),
        )
        found.update(built)
    return found


def is_personal(html: str) -> bool:
    return any(marker in html for marker in PERSONAL_MARKERS)


class Deferred(SimpleLazyObject):
    """A value built the first time it is used. Django's templates call what
    they read when it is callable: this one then gives the value itself (a
    number stays a number for ``blocktranslate count``); Python code reading
    the context sees the value through the proxy."""

    def __call__(self) -> Any:
        if self._wrapped is empty:
            self._setup()
        return self._wrapped


def deferred(build: Callable[[], T]) -> T:
    """A context value computed when a template first reads it, once: when the
    fragment that shows it comes from the cache, it is never computed."""
    return Deferred(build)
