"""A locale for every configured language (`LANGUAGES`, from DJANGO_LANGUAGES).

Wagtail only creates the default language's locale. The migration
home/0007_content_locales creates the others once; this handler, run after
every `migrate`, creates those of languages added to the setting later, so that
adding a language is: set the variable, run `migrate`, translate. A language
removed from the setting keeps its locale and its pages (nothing is deleted).
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


def create_content_locales(apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> list:
    """Create the missing locales; return the language codes created."""
    Locale = apps.get_model("wagtailcore", "Locale")
    present = set(Locale.objects.using(using).values_list("language_code", flat=True))
    created = [
        code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code not in present
    ]
    Locale.objects.using(using).bulk_create(
        [Locale(language_code=code) for code in created]
    )
    return created


def create_content_locales_after_migrate(
    using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs
) -> None:
    create_content_locales(apps, using)
