"""PostgreSQL text search configurations, one per content language.

Each configured language (`LANGUAGES`, from DJANGO_LANGUAGES) gets
`<name>_unaccent`: PostgreSQL's built-in configuration of that language (its
stemmer: « études » finds « étude ») after `unaccent` (« donnees » finds
« données »). A language PostgreSQL has no stemmer for is searched word for word
(`simple_unaccent`). The configurations are created after `migrate` (home/apps.py),
so adding a language to the setting and running `migrate` is enough.
"""

from __future__ import annotations

# Language code → PostgreSQL's built-in configuration (`\dF` in psql).
POSTGRES_CONFIGURATIONS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
WORD_FOR_WORD = "simple"


def postgres_language(code: str | None) -> str:
    """`pt-br` → `portuguese`; a language without a stemmer → `simple`."""
    return POSTGRES_CONFIGURATIONS.get((code or "").split("-")[0], WORD_FOR_WORD)


def configuration_name(code: str | None) -> str:
    return f"{postgres_language(code)}_unaccent"


def configuration_sql(language: str) -> str:
    """Create `<language>_unaccent` once. Should this server lack the language's
    stemmer (an older PostgreSQL), the configuration is made word for word, under
    the same name, so that searching never fails."""
    name = f"{language}_unaccent"
    return f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
    IF EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{language}')
       AND EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = '{language}_stem') THEN
      CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language});
      ALTER TEXT SEARCH CONFIGURATION {name}
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {language}_stem;
    ELSE
      CREATE TEXT SEARCH CONFIGURATION {name} (COPY = simple);
      ALTER TEXT SEARCH CONFIGURATION {name}
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
  END IF;
END
$$;
"""
