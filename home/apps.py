from django.apps import AppConfig
from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from home.search.languages import WORD_FOR_WORD, configuration_sql, postgres_language


def create_search_configuration(using: str = "default", **kwargs) -> None:
    """Create the search configurations of the configured languages (and of
    French, English and word-for-word search), once each, after migrate (tests'
    databases included). A signal rather than a migration: it belongs to the
    database server, not to any model, and a language added to DJANGO_LANGUAGES
    later gets its configuration on the next `migrate` (home/search/languages.py)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        languages = {WORD_FOR_WORD, "french", "english"} | {
            postgres_language(code) for code, _name in settings.LANGUAGES
        }
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            for language in sorted(languages):
                cursor.execute(configuration_sql(language))


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.core.checks import Tags, register

        from home.caching import generation, page_cache
        from home.caching.frontend import connect_purge_on_publish
        from home.editorial import moderation
        from home.editorial.media_rights import register as register_media_rights
        from home.files.images import install_placeholders
        from home.locales import create_content_locales_after_migrate
        from home.translation import facts
        from home.translation.dates import install as localise_translation_dates

        register_media_rights()
        generation.connect()
        facts.connect()
        moderation.connect()
        connect_purge_on_publish()
        install_placeholders()
        localise_translation_dates()
        register(page_cache.check_shared_cache, Tags.caches, deploy=True)
        post_migrate.connect(create_search_configuration, sender=self)
        post_migrate.connect(create_content_locales_after_migrate, sender=self)
