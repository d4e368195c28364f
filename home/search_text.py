"""Text as the search indexes it and as it is queried, normalised the same way
on both sides, whatever the database (SQLite or PostgreSQL)."""

from __future__ import annotations

import re
from typing import Any

from wagtail.search import index

# Arabic: light normalisation, the same on both sides of the search (the text
# indexed, SitePage.get_search_fields; the query, home.search.backend), so that
# « برمجيات » finds « البرمجيات » and « وبالبرمجيات ». Without it PostgreSQL's
# Arabic stemmer reads the two differently (« برمج » and « رمجيا ») and SQLite
# matches words exactly. What it does, to Arabic letters only:
# - no diacritics (tashkeel: fatha, damma, kasra, tanwin, shadda, sukun, dagger
#   alef) nor tatweel (the stretching stroke);
# - alef with hamza or madda (أ إ آ ٱ) → bare alef ا; alef maqsura ى → yaa ي;
#   taa marbuta ة → haa ه;
# - the article ال at the start of a word, also after the conjunction و or ف
#   and the preposition ب, ك or ل (« وال », « بال », « وبال »...), and لل (لـ +
#   الـ), when at least three letters remain (« الله » and short words are left
#   alone).
ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
)
ARABIC_WORD = re.compile("[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5]+")
ARABIC_ARTICLE = re.compile("^(?:[وف]?[بكل]?ال|[وف]?لل)(?=[\u0621-\u064a]{3})")
ARABIC_PRESENT = re.compile("[\u0600-\u06ff]")


def _arabic_word(match: re.Match) -> str:
    return ARABIC_ARTICLE.sub("", match[0])


def normalise_arabic(text: str) -> str:
    """`text` with its Arabic words normalised (see above); other text as is."""
    if not ARABIC_PRESENT.search(text):
        return text
    text = ARABIC_DIACRITICS.sub("", text).translate(ARABIC_LETTERS)
    return ARABIC_WORD.sub(_arabic_word, text)


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return normalise_arabic(value)
    if isinstance(value, list | tuple):
        return [_normalised(item) for item in value]
    return value


class NormalisedSearchField(index.SearchField):
    """A SearchField whose text is indexed normalised (Arabic above)."""

    def get_value(self, obj: Any) -> Any:
        return _normalised(super().get_value(obj))


class NormalisedAutocompleteField(index.AutocompleteField):
    def get_value(self, obj: Any) -> Any:
        return _normalised(super().get_value(obj))


def normalised_search_fields(fields: list) -> list:
    """`fields` with their texts indexed normalised: for a model's
    `get_search_fields()`."""
    normalised = []
    for field in fields:
        for plain, wrapper in (
            (index.SearchField, NormalisedSearchField),
            (index.AutocompleteField, NormalisedAutocompleteField),
        ):
            if type(field) is plain:
                extra = {"boost": field.boost} if plain is index.SearchField else {}
                field = wrapper(field.field_name, **extra, **field.kwargs)
                break
        normalised.append(field)
    return normalised
