"""The chrome every page shares (site settings, menus, home pages of each language,
motto, accessibility label), read from the database once per content generation.

What is kept between requests is plain data (strings, ids, paths, URLs and the
logo's ready-made ``<img>``), keyed on the site, the locale and the language, so
that nothing read from the cache queries the database later and a publish of any
page, menu, setting or image shows on the next request (see home/caching/generation.py).
Nothing here depends on who is reading: the editors' user bar is not part of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import HttpRequest
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Locale, Page, Site

from home.caching import generation
from home.models import (
    AccessibilityStatementPage,
    Conformity,
    Menu,
    SiteSettings,
    accessibility_label,
    resolve_links,
)
from home.translation.interface_language import in_language_note

LOGO = (
    "{% load wagtailimages_tags %}{% image logo height-160 format-webp preserve-svg"
    ' class="brand__logo" alt="" %}'
)


def _memo(request: HttpRequest | None) -> dict:
    """A per-request store; a throwaway one when there is no request."""
    if request is None:
        return {}
    if not hasattr(request, "_chrome_memo"):
        request._chrome_memo = {}
    return request._chrome_memo


def site_for(request: HttpRequest | None) -> Site | None:
    """The site serving the request (Wagtail keeps it on the request), else the
    default site."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        memo = _memo(request)
        if "default_site" not in memo:
            memo["default_site"] = (
                Site.objects.select_related("root_page")
                .filter(is_default_site=True)
                .first()
            )
        site = memo["default_site"]
    return site


def _site_key(site: Site | None) -> int:
    return site.pk if site is not None else 0


def active_locale_id(request: HttpRequest | None) -> int | None:
    """The locale of the active language (None if it has none)."""
    language = translation.get_language()

    def build() -> dict:
        try:
            return {"id": Locale.get_active().pk}
        except Locale.DoesNotExist:
            return {"id": None}

    memo = _memo(request)
    key = f"locale:{language}"
    if key not in memo:
        memo[key] = generation.cached(build, "chrome-locale", language)["id"]
    return memo[key]


def link_data(link: dict) -> dict:
    """A link as plain data: {"url", "text", "page_id", "page_path", "hreflang",
    "lang", "language_note"}; the last three say that the page, or the text, is
    in another language than the reader's (« (in French) », in the reader's)."""
    page = link["page"]
    hreflang = link.get("language")
    return {
        "url": link["url"],
        "text": str(link["text"]),
        "page_id": page.pk if page is not None else None,
        "page_path": page.path if page is not None else None,
        "hreflang": hreflang,
        "lang": link.get("text_language"),
        "language_note": in_language_note(hreflang) if hreflang else "",
    }


def _build_homes(request: HttpRequest | None, site: Site | None) -> dict:
    homes: dict[int, dict] = {}
    if site is None:
        return homes
    for home in (
        Page.objects.live()
        .filter(translation_key=site.root_page.translation_key)
        .select_related("locale")
        # The header's motto, in the same query (None if the root is not a
        # HomePage).
        .annotate(header_motto=F("homepage__motto"))
    ):
        homes[home.locale_id] = {
            "id": home.pk,
            "path": home.path,
            "depth": home.depth,
            "url": home.get_url(request),
            "language_code": home.locale.language_code,
            "motto": home.header_motto or "",
        }
    return homes


def home_pages(request: HttpRequest | None) -> dict[int, dict]:
    """The live home page of each locale of the site, by locale id: {"id", "path",
    "depth", "url", "language_code", "motto"}."""
    memo = _memo(request)
    if "homes" not in memo:
        site = site_for(request)
        memo["homes"] = generation.cached(
            lambda: _build_homes(request, site), "chrome-homes", _site_key(site)
        )
    return memo["homes"]


def _build_settings(request: HttpRequest | None, site: Site | None) -> dict:
    values = SiteSettings.for_site(site) if site is not None else SiteSettings()
    return {
        "commune_name": values.commune_name,
        "address": values.address,
        "phone": values.phone,
        "email": values.email,
        "logo_id": values.logo_id,
        "logo": (
            Template(LOGO).render(Context({"logo": values.logo}))
            if values.logo_id
            else ""
        ),
        "social_links": values.social_links,
    }


def _build_locale_chrome(
    request: HttpRequest | None, site: Site | None, locale_id: int | None
) -> dict:
    settings = _build_settings(request, site)
    stream = settings.pop("social_links")
    settings["social_links"] = (
        [link_data(link) for link in resolve_links(stream, locale_id, request)]
        if stream
        else []
    )
    return {
        "settings": settings,
        "menus": _menus(request, locale_id),
        "accessibility": _accessibility(request, locale_id),
    }


def _menus(request: HttpRequest | None, locale_id: int | None) -> dict:
    """The live menu of each location in this language, as links. A language
    has menus as soon as it exists: where it has no menu of its own yet, the
    source language's is shown, each entry followed into the reader's language
    when its page is translated and marked as French otherwise."""
    source = Locale.get_default()
    own: dict[str, Menu] = {}
    borrowed: dict[str, Menu] = {}
    for menu in Menu.objects.filter(locale_id__in={locale_id, source.pk}, live=True):
        (own if menu.locale_id == locale_id else borrowed)[menu.location] = menu
    menus = {**borrowed, **own}
    return {
        location: [
            link_data(link)
            for link in resolve_links(menu.items, locale_id, request, menu.locale_id)
        ]
        for location, menu in menus.items()
    }


def _statement(
    request: HttpRequest | None, locale_id: int | None
) -> AccessibilityStatementPage | None:
    statements = AccessibilityStatementPage.objects.live().filter(locale_id=locale_id)
    home = home_pages(request).get(locale_id)
    if home is not None:
        statements = statements.filter(path__startswith=home["path"])
    return statements.order_by("path").first()


def _accessibility(request: HttpRequest | None, locale_id: int | None) -> dict:
    """The footer's conformity label (in the reader's language) and the
    statement it links to: {"label", "url", "hreflang", "language_note"}.

    The legal claim is the same in every language: a language without its own
    statement links to the source language's, with its `hreflang` and a note
    saying which language it is in. No statement at all: « not compliant »."""
    statement = _statement(request, locale_id)
    hreflang = None
    if statement is None:
        source = Locale.get_default()
        if source.pk != locale_id:
            statement = _statement(request, source.pk)
            hreflang = source.language_code
    if statement is None:
        return {
            "label": str(accessibility_label(Conformity.NONE)),
            "url": None,
            "hreflang": None,
            "language_note": "",
        }
    return {
        "label": str(statement.conformity_label),
        "url": statement.get_url(request),
        "hreflang": hreflang,
        "language_note": in_language_note(hreflang) if hreflang else "",
    }


def locale_chrome(request: HttpRequest | None, locale_id: int | None) -> dict:
    """Settings, menus and accessibility label of the site in this locale:
    {"settings": {...}, "menus": {location: [links]}, "accessibility": {...}}.
    Each link: {"url", "text", "page_id", "page_path"}."""
    memo = _memo(request)
    language = translation.get_language()
    key = f"chrome:{locale_id}:{language}"
    if key not in memo:
        site = site_for(request)
        memo[key] = generation.cached(
            lambda: _build_locale_chrome(request, site, locale_id),
            "chrome",
            _site_key(site),
            locale_id,
            language,
        )
    return memo[key]


def page_translations(request: HttpRequest | None, page: Page) -> dict[str, str]:
    """The URL of each live translation of `page`, by language code."""

    def build() -> dict[str, str]:
        urls = {}
        for translated in (
            Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
        ):
            url = translated.get_url(request)
            if url:
                urls[translated.locale.language_code] = url
        return urls

    site = site_for(request)
    return generation.cached(
        build, "chrome-translations", _site_key(site), page.translation_key
    )


def ancestor_crumbs(
    request: HttpRequest | None, page: Page, home: dict
) -> list[dict[str, Any]]:
    """The live ancestors of `page` from its home page down: [{"url", "title"}]."""

    def build() -> list[dict[str, Any]]:
        crumbs = []
        for ancestor in (
            page.get_ancestors()
            .live()
            .filter(depth__gte=home["depth"])
            .order_by("path")
        ):
            url = ancestor.get_url(request)
            if url:
                crumbs.append({"url": url, "title": ancestor.title})
        return crumbs

    site = site_for(request)
    return generation.cached(
        build, "chrome-crumbs", _site_key(site), page.path, home["id"]
    )
