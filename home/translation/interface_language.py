"""The language the site's own strings (templates, labels) are really in.

A language can be configured (`DJANGO_LANGUAGES`) before anyone has written its
interface catalogue (`locale/<code>/LC_MESSAGES/django.po`). Its pages then show
their content in that language, but gettext falls back to the source language's
catalogue for every interface string: a German page reads « Aller au contenu ».
Those strings must say so (`lang="fr"`, and their direction), or a screen reader
speaks French with a German voice. The `ui_lang` template tag (site_tags) writes
these attributes on the elements holding interface strings, and nothing at all
when the language has its own catalogue.
"""

from __future__ import annotations

import gettext as gettext_module
from functools import lru_cache

from django.conf import settings
from django.utils.translation import get_language_info, gettext, to_locale


@lru_cache(maxsize=64)
def has_catalogue(language_code: str) -> bool:
    """Whether the project ships an interface catalogue for this language (or
    its base language: `en` serves `en-gb`)."""
    return any(
        gettext_module.find("django", str(path), [to_locale(language_code)])
        for path in settings.LOCALE_PATHS
    )


def interface_language(language_code: str) -> str:
    """`language_code` itself when its catalogue exists; English (the message
    ids' language, which Django never replaces by another) for an English
    variant; else the source language, whose catalogue Django falls back to."""
    if has_catalogue(language_code):
        return language_code
    if language_code.split("-")[0] == "en":
        return "en"
    return settings.LANGUAGE_CODE


def fallback_attributes(language_code: str, shown_language: str) -> dict[str, str]:
    """The `lang` and `dir` an element of interface strings needs inside a page
    in `shown_language`: none when the strings are in that language."""
    real = interface_language(language_code)
    if real == shown_language:
        return {}
    return {"lang": real, "dir": "rtl" if get_language_info(real)["bidi"] else "ltr"}


def in_language_note(language_code: str) -> str:
    """« (in French) » in the reader's language, for a link that leads to a
    page in the source language (the one every page is first written in,
    always French: website/settings/languages.py): « (بالفرنسية) »."""
    if language_code != settings.LANGUAGE_CODE:
        raise ValueError(f"Only the source language has a note, not {language_code!r}")
    return gettext("(in French)")
