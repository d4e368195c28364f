from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# PostgreSQL's French configuration stems words but keeps their accents: « donnees »
# would not find « données ». This one runs `unaccent` before the French stemmer.
SEARCH_CONFIGURATION = "french_unaccent"
SEARCH_CONFIGURATION_SQL = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{SEARCH_CONFIGURATION}')
  THEN
    CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIGURATION} (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIGURATION}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
"""


def create_search_configuration(using: str = "default", **kwargs) -> None:
    """Create the search configuration the settings name, once, after migrate
    (tests' databases included). A signal rather than a migration: it belongs to
    the database server, not to any model, and needs no ordering with others."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_CONFIGURATION_SQL)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        post_migrate.connect(create_search_configuration, sender=self)
