from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# PostgreSQL's configurations stem words but keep their accents: « donnees »
# would not find « données ». These run `unaccent` before each language's stemmer
# (home/search_backend.py picks one by language).
SEARCH_CONFIGURATIONS = {"french_unaccent": "french", "english_unaccent": "english"}


def configuration_sql(name: str, language: str) -> str:
    return f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
    CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language});
    ALTER TEXT SEARCH CONFIGURATION {name}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem;
  END IF;
END
$$;
"""


def create_search_configuration(using: str = "default", **kwargs) -> None:
    """Create the search configurations, once, after migrate
    (tests' databases included). A signal rather than a migration: it belongs to
    the database server, not to any model, and needs no ordering with others."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            for name, language in SEARCH_CONFIGURATIONS.items():
                cursor.execute(configuration_sql(name, language))


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from home.locales import create_content_locales_after_migrate

        post_migrate.connect(create_search_configuration, sender=self)
        post_migrate.connect(create_content_locales_after_migrate, sender=self)
