"""The theme's header and footer: menus, language links, breadcrumbs and the
accessibility label.

What every page shares is read once per content generation (see home/chrome.py):
once cached, the header and the footer run no query, whatever the number of menu
items, translations or ancestors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page

from home import chrome
from home.caching import generation
from home.models import Menu, resolve_links
from home.translation.interface_language import fallback_attributes

register = template.Library()

# Open Graph wants a territory; our languages are published without one.
OG_LOCALES = {
    **{"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "es": "es_ES", "ar": "ar_AR"},
    **{"it": "it_IT", "pt": "pt_PT", "tr": "tr_TR"},
}


def _memo(request: HttpRequest | None) -> dict:
    """A per-request store; a throwaway one when there is no request."""
    if request is None:
        return {}
    if not hasattr(request, "_site_tags_memo"):
        request._site_tags_memo = {}
    return request._site_tags_memo


def _context_page(context: template.Context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


def current_locale_id(context: template.Context) -> int | None:
    """The locale of the page being shown, or of the active language."""
    page = _context_page(context)
    if page is not None and page.locale_id:
        return page.locale_id
    return chrome.active_locale_id(context.get("request"))


def home_pages(request: HttpRequest | None) -> dict[int, dict]:
    """The live home page of each locale of the current site, by locale id."""
    return chrome.home_pages(request)


def _current_chrome(context: template.Context) -> dict:
    return chrome.locale_chrome(context.get("request"), current_locale_id(context))


@register.simple_tag(takes_context=True)
def content_language(context: template.Context) -> str:
    """The language of the page shown (right even in the admin's previews, which
    run in the editor's language), else the active language."""
    page = _context_page(context)
    if page is not None and page.locale_id:
        home = home_pages(context.get("request")).get(page.locale_id)
        return home["language_code"] if home else page.locale.language_code
    return translation.get_language()


@register.simple_tag(takes_context=True)
def ui_lang(context: template.Context) -> SafeString:
    """` lang="fr" dir="ltr"` on an element of interface strings when the
    active language has no catalogue of its own (its strings fall back to
    French) in a page of that language; nothing otherwise."""
    attributes = fallback_attributes(
        translation.get_language() or settings.LANGUAGE_CODE,
        content_language(context),
    )
    return format_html_join("", ' {}="{}"', attributes.items())


@register.simple_tag(takes_context=True)
def source_lang(context: template.Context) -> SafeString:
    """` lang="fr"` for what is written once, in the source language, whatever
    the page's language (the site settings: the commune's name, its address),
    on a page in another language; nothing on a French page."""
    if content_language(context) == settings.LANGUAGE_CODE:
        return SafeString("")
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def content_lang(context: template.Context) -> SafeString:
    """The page's own `lang` and `dir` again, for content (menu entries, page
    titles) inside an element that `ui_lang` marked as French; nothing when
    `ui_lang` marked nothing."""
    shown = content_language(context)
    if not fallback_attributes(translation.get_language() or shown, shown):
        return SafeString("")
    bidi = translation.get_language_info(shown)["bidi"]
    attributes = {"lang": shown, "dir": "rtl" if bidi else "ltr"}
    return format_html_join("", ' {}="{}"', attributes.items())


def _locale_languages(request: HttpRequest | None) -> dict[int, str]:
    """Every locale's language code by locale id, read once per content
    generation (a locale added or removed bumps it)."""
    memo = _memo(request)
    if "locale_languages" not in memo:
        memo["locale_languages"] = generation.cached(
            lambda: dict(Locale.objects.values_list("pk", "language_code")),
            "locale-languages",
        )
    return memo["locale_languages"]


def _lang_attributes(language_code: str) -> SafeString:
    bidi = translation.get_language_info(language_code)["bidi"]
    return format_html(' lang="{}" dir="{}"', language_code, "rtl" if bidi else "ltr")


@register.simple_tag(takes_context=True)
def lang_of(context: template.Context, item: Any) -> SafeString:
    """` lang` and `dir` for a translatable item (a snippet, a page) shown in a
    page: its own language when it is not the page's (a category or an award
    not translated yet shows in French), else what `content_lang` gives (the
    page's language again inside an element marked French)."""
    shown = content_language(context)
    locale_id = getattr(item, "locale_id", None)
    if locale_id is not None:
        language = _locale_languages(context.get("request")).get(locale_id)
        if language and language != shown:
            return _lang_attributes(language)
    return content_lang(context)


@register.simple_tag(takes_context=True)
def site_settings(context: template.Context) -> dict[str, Any]:
    """The site settings the theme shows: commune_name, address, phone, email,
    logo (a ready-made ``<img>``, empty without a logo) and social_links."""
    values = dict(_current_chrome(context)["settings"])
    values["logo"] = mark_safe(values["logo"])  # Rendered by Wagtail's image tag.
    return values


@register.simple_tag(takes_context=True)
def site_motto(context: template.Context) -> str:
    """The motto of the header in the reader's language: a field of that
    language's home page, translated with it; the French one until it is."""
    homes = home_pages(context.get("request"))
    home = homes.get(current_locale_id(context))
    if home is None:
        home = next(
            (h for h in homes.values() if h["language_code"] == settings.LANGUAGE_CODE),
            None,
        )
    return home["motto"] if home is not None else ""


@register.simple_tag(takes_context=True)
def home_url(context: template.Context) -> str:
    """The home page of the reader's language (the site root as a last resort)."""
    homes = home_pages(context.get("request"))
    home = homes.get(current_locale_id(context))
    if home is None and homes:
        home = next(iter(homes.values()))
    return (home["url"] if home is not None else None) or "/"


def _language_names() -> dict[str, str]:
    return dict(settings.LANGUAGES)


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """One link per language: to the current page's live translation, or else to
    that language's home page. Each: code, name (in its own language), url,
    full_url, is_current, is_translation. No query once the content is cached."""
    request = context.get("request")
    memo = _memo(request)
    if "language_links" in memo:
        return memo["language_links"]
    page = _context_page(context)
    current = content_language(context)
    homes_by_locale = home_pages(request)
    translations: dict[str, str] = {}
    if page is not None and page.pk and page.translation_key:
        translations = dict(chrome.page_translations(request, page))
        # A preview or a draft shows its own language even before publication.
        own_home = homes_by_locale.get(page.locale_id)
        own_code = (
            own_home["language_code"]
            if own_home is not None
            else page.locale.language_code
        )
        if own_code not in translations:
            own_url = page.get_url(request)
            if own_url:
                translations[own_code] = own_url
    homes = {home["language_code"]: home["url"] for home in homes_by_locale.values()}
    links = []
    for code, name in _language_names().items():
        url = translations.get(code)
        is_translation = url is not None
        url = url or homes.get(code)
        if not url:
            continue
        full_url = request.build_absolute_uri(url) if request is not None else url
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "full_url": full_url,
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    memo["language_links"] = links
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context: template.Context) -> list[dict[str, str]]:
    """`<link rel="alternate" hreflang>` entries: each live translation of the
    page, plus x-default pointing at the default language's version."""
    links = [
        {"hreflang": link["code"], "href": link["full_url"]}
        for link in language_links(context)
        if link["is_translation"]
    ]
    if len(links) < 2:
        return links
    default = next(
        (link for link in links if link["hreflang"] == settings.LANGUAGE_CODE), None
    )
    if default is not None:
        links.append({"hreflang": "x-default", "href": default["href"]})
    return links


@register.filter
def isolate(value: Any, item: Any = None) -> SafeString:
    """An editor's text (a title, a name) inside a translated sentence, isolated
    in `<bdi>` so that a French title keeps its order in an Arabic sentence and
    the sentence keeps its own (escaped like any other value). In a language
    without a catalogue the sentence is marked French (`ui_lang`): the text,
    written in the page's language, gets that language back. With `item` (a
    category, a snippet), the text is in that item's language, marked when it is
    not the active one (an untranslated category on a German page)."""
    language = translation.get_language()
    own = getattr(getattr(item, "locale", None), "language_code", None)
    if own and own != language:
        return format_html("<bdi{}>{}</bdi>", _lang_attributes(own), value)
    if language and fallback_attributes(language, language):
        return format_html("<bdi{}>{}</bdi>", _lang_attributes(language), value)
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate_label(value: Any) -> SafeString:
    """An interface label (a status, a theme) or a visitor's words inside a
    translated sentence: isolated, in the sentence's own language (no `lang`)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def in_source_language(value: Any) -> SafeString:
    """What is written once, in the source language (a data schema's title),
    inside a sentence of another language: isolated and marked French."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return isolate(value)
    return format_html(
        '<bdi lang="{}" dir="ltr">{}</bdi>', settings.LANGUAGE_CODE, value
    )


@register.filter
def og_locale(language_code: str) -> str:
    """`fr` → `fr_FR`, as Open Graph expects."""
    return OG_LOCALES.get(language_code, translation.to_locale(language_code or ""))


@register.filter
def compact_number(value: Decimal | float | None) -> str:
    """87.50 → « 87,5 » in French, « 87.5 » in English; 100.00 → « 100 »."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.partition(".")[2])
    return formats.number_format(Decimal(text), decimals, use_l10n=True)


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    """`url` on the host that served the request (for Open Graph images)."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None and url else url


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The absolute address of the page being shown, on the host that served it
    (so that it never points at another domain than the reader's)."""
    page = _context_page(context)
    request = context.get("request")
    if page is None or not page.pk:
        return ""
    url = page.get_url(request)
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


def _mark_current(links: list[dict], page: Page | None, home_ids: set) -> list[dict]:
    """Copies of `links` ({"url", "text", "page_id", "page_path"}) marked
    is_current (the page being read) and is_ancestor (a section it is in)."""
    marked = []
    for link in links:
        target_id, target_path = link["page_id"], link["page_path"]
        is_current = bool(page and target_id and target_id == page.pk)
        # A section is "active" when the page being read is inside it (the home
        # page, ancestor of everything, never is).
        is_ancestor = bool(
            page
            and target_id
            and not is_current
            and target_id not in home_ids
            and page.path.startswith(target_path)
        )
        marked.append({**link, "is_current": is_current, "is_ancestor": is_ancestor})
    return marked


@register.simple_tag(takes_context=True)
def menu_links(context: template.Context, location: str) -> list[dict]:
    """The live menu at `location` in the reader's language, as [{"url", "text",
    "page_id", "page_path", "is_current", "is_ancestor"}]. No query once the
    content is cached, however long the menu."""
    links = _current_chrome(context)["menus"].get(location)
    if not links:
        return []
    home_ids = {home["id"] for home in home_pages(context.get("request")).values()}
    return _mark_current(links, _context_page(context), home_ids)


@register.simple_tag(takes_context=True)
def preview_menu_links(context: template.Context, menu: Menu) -> list[dict]:
    """The links of a given menu (a draft in the admin's preview, for instance)."""
    request = context.get("request")
    links = [
        chrome.link_data(link)
        for link in resolve_links(menu.items, menu.locale_id, request)
    ]
    home_ids = {home["id"] for home in home_pages(request).values()}
    return _mark_current(links, _context_page(context), home_ids)


@register.simple_tag(takes_context=True)
def accessibility_status(context: template.Context) -> dict[str, str | None]:
    """The footer's conformity label and the statement it links to: {"label",
    "url"}. Without a live statement in this language: « not compliant », no URL."""
    return _current_chrome(context)["accessibility"]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict[str, Any]:
    """The trail from the home page to the current page (one query, none once
    the content is cached), shown on pages deeper than the home page."""
    request = context.get("request")
    page = _context_page(context)
    crumbs: list[dict] = []
    if page is not None and page.pk and page.path:
        home = home_pages(request).get(page.locale_id)
        if (
            home is not None
            and page.path.startswith(home["path"])
            and page.pk != home["id"]
        ):
            crumbs = [
                *chrome.ancestor_crumbs(request, page, home),
                {"url": None, "title": page.title},
            ]
    if len(crumbs) < 2:
        return {"crumbs": [], "structured_data": None}
    return {
        "crumbs": crumbs,
        "structured_data": breadcrumb_list(request, page, crumbs),
        # What `ui_lang` reads to mark the trail's label.
        "page": page,
        "request": request,
    }


def breadcrumb_list(
    request: HttpRequest | None, page: Page, crumbs: list[dict]
) -> dict:
    """The same trail as a schema.org BreadcrumbList, with absolute addresses."""

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if request is not None else url

    items = []
    for position, crumb in enumerate(crumbs, start=1):
        url = crumb["url"] or page.get_url(request)
        item = {"@type": "ListItem", "position": position, "name": crumb["title"]}
        if url:
            item["item"] = absolute(url)
        items.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }
