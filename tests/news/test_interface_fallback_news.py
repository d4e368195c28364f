"""The news in a language without an interface catalogue ("fr,en,de"): the
interface strings of the index and of an article fall back to French and are
marked French; the news itself keeps its German."""

from __future__ import annotations

import pytest

from tests.helpers import use_languages
from tests.language_marks import unmarked_french

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_news(settings, site_tree, news_index, categories, make_article, translate):
    use_languages(settings, "fr,en,de")
    # The categories are content: translated, they read German (an untranslated
    # one shows in French, marked: test_untranslated_categories.py).
    for number, category in enumerate(categories.values()):
        translate(
            category, {"name": f"Rubrik {number}", "slug": f"rubrik-{number}"}, "de"
        )
    translate(site_tree.home_fr, {"title": "Teststadt", "slug": "startseite"}, "de")
    index = translate(news_index, {"title": "Nachrichten", "slug": "nachrichten"}, "de")
    article = make_article("Un article")
    translated = translate(
        article, {"title": "Ein Artikel", "slug": "ein-artikel"}, "de"
    )
    return index, translated


def test_the_german_news_marks_its_french_interface(client, german_news):
    for page in german_news:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert unmarked_french(response.content.decode()) == [], page.url
