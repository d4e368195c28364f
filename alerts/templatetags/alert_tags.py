"""`{% alert_banners %}`: the banners at the top of every page (base.html)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from home.caching.page_cache import expire_page_at
from home.chrome import site_for
from home.templatetags.site_tags import content_language, current_locale_id, ui_lang

from ..banners import for_locale

register = template.Library()


@register.inclusion_tag("alerts/banners.html", takes_context=True)
def alert_banners(context: template.Context) -> dict:
    """The banners shown now in the page's language; the page is cached no
    longer than until the next one starts or ends. No query once cached."""
    request = context.get("request")
    site = site_for(request)
    banners, expires = for_locale(
        request, current_locale_id(context), site.pk if site is not None else 0
    )
    expire_page_at(request, expires)
    language = content_language(context)
    return {
        "banners": banners,
        "language": language,
        "language_dir": "rtl" if get_language_info(language)["bidi"] else "ltr",
        # The level's word is an interface string: marked when it falls back.
        "ui_attrs": ui_lang(context),
        # A link to a page not translated says « (in French) ».
        "source_language": settings.LANGUAGE_CODE,
    }
