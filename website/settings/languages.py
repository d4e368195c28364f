"""The site's languages, read from one setting: `DJANGO_LANGUAGES`.

A comma-separated list of language codes (`fr,en` by default; `fr,en,ar` adds
Arabic). French is the language the site is written in: it is served at `/`,
every other language under its code (`/en/`, `/ar/`). Each language's name is
the one it gives itself (Django's `LANG_INFO`), so the language switcher reads
« English », « العربيّة », « Español »... In the admin, where Wagtail names a
content language inside its own sentences (« Publier en … », the locale labels,
the translation report), it is named in the admin's language instead
(`content_languages`): « Anglais » for a French editor. Adding a language needs
no code: set the variable and run `manage.py migrate`, which creates its locale.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

SOURCE_LANGUAGE = "fr"
DEFAULT_LANGUAGES = "fr,en"


def language_name(code: str) -> str:
    """The language's name in that language, with a capital: « Français »."""
    name = LANG_INFO[code]["name_local"]
    return name[:1].upper() + name[1:]


def parse_languages(value: str | None) -> list[tuple[str, str]]:
    """`"fr,en,ar"` → `[("fr", "Français"), ("en", "English"), ("ar", "العربيّة")]`.

    French first whatever its place in the list; duplicates ignored. A code
    Django does not know, or a list without French, stops the start-up with a
    message saying what to change."""
    codes: list[str] = []
    for raw in (value if value is not None else DEFAULT_LANGUAGES).split(","):
        code = raw.strip().lower().replace("_", "-")
        if code and code not in codes:
            codes.append(code)
    unknown = [code for code in codes if "name_local" not in LANG_INFO.get(code, {})]
    if unknown:
        raise ImproperlyConfigured(
            f"DJANGO_LANGUAGES: unknown language code(s) {', '.join(unknown)}. "
            "Use codes Django knows, separated by commas, e.g. "
            '"fr,en,ar,es,it,pt,tr" (see django/conf/locale/__init__.py).'
        )
    if SOURCE_LANGUAGE not in codes:
        raise ImproperlyConfigured(
            f"DJANGO_LANGUAGES must include {SOURCE_LANGUAGE!r}, the language the "
            f'site is written in (e.g. "{SOURCE_LANGUAGE},en"); got {value!r}.'
        )
    codes.remove(SOURCE_LANGUAGE)
    return [(code, language_name(code)) for code in [SOURCE_LANGUAGE, *codes]]


def content_languages(languages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """WAGTAIL_CONTENT_LANGUAGES: the same languages, each named in the language
    of whoever reads it, with Django's translations of its English name
    (« Anglais », « Français » in a French admin; « English », « French » in an
    English one). Wagtail's `Locale.get_display_name` reads these names."""
    return [(code, gettext_lazy(LANG_INFO[code]["name"])) for code, _name in languages]
