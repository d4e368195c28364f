"""`{% alert_stylesheet %}` in the head and `{% alert_banners %}` at the top of
the header (base.html): the banners shown now, and their style sheet only while
one is (the home page's style budget, tests/browser/test_page_weight.py)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info

from home.caching.page_cache import expire_page_at
from home.chrome import site_for
from home.templatetags.site_tags import content_language, current_locale_id, ui_lang

from ..banners import for_locale

register = template.Library()


def _shown(context: template.Context) -> list[dict]:
    """The banners a page of this language shows now, read once per request;
    the page is cached no longer than until the next one starts or ends."""
    request: HttpRequest | None = context.get("request")
    locale_id = current_locale_id(context)
    memo = getattr(request, "_alert_banners", {}) if request is not None else {}
    if locale_id not in memo:
        site = site_for(request)
        memo[locale_id] = for_locale(
            request, locale_id, site.pk if site is not None else 0
        )
        if request is not None:
            request._alert_banners = memo
    banners, expires = memo[locale_id]
    expire_page_at(request, expires)
    return banners


@register.simple_tag(takes_context=True)
def alert_stylesheet(context: template.Context) -> SafeString:
    if not _shown(context):
        return SafeString("")
    return format_html('<link rel="stylesheet" href="{}">', static("css/alerts.css"))


@register.inclusion_tag("alerts/banners.html", takes_context=True)
def alert_banners(context: template.Context) -> dict:
    """No query once cached."""
    language = content_language(context)
    return {
        "banners": _shown(context),
        "language": language,
        "language_dir": "rtl" if get_language_info(language)["bidi"] else "ltr",
        # The level's word is an interface string: marked when it falls back.
        "ui_attrs": ui_lang(context),
        # A link to a page not translated says « (in French) ».
        "source_language": settings.LANGUAGE_CODE,
    }
