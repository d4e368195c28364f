"""A category not translated yet into the reader's language shows in its own
(French) on the news pages, and says so (`lang="fr"`, `dir`); a translated one
reads in the page's language with no French mark. In German (no interface
catalogue: the interface is marked French) and in Arabic (its own catalogue)."""

from __future__ import annotations

import pytest

from tests.helpers import soup, use_languages
from tests.language_marks import unmarked_french

pytestmark = pytest.mark.django_db

TRANSLATED = {"de": "Rubrik", "ar": "فئة"}


def closest(element) -> tuple[str | None, str | None]:
    found = element if element.has_attr("lang") else element.find_parent(lang=True)
    return (found["lang"], found.get("dir")) if found is not None else (None, None)


@pytest.fixture(params=["de", "ar"])
def news_pages(request, settings, site_tree, news_index, categories, translate):
    language = request.param
    use_languages(settings, f"fr,en,{language}")
    first, second = sorted(categories.values(), key=lambda c: c.pk)[:2]
    translate(first, {"name": TRANSLATED[language], "slug": "rubrik"}, language)
    translate(site_tree.home_fr, {"title": "Teststadt", "slug": "start"}, language)
    index = translate(news_index, {"title": "Nachrichten", "slug": "news"}, language)
    from tests.tree import add_article

    article = add_article(news_index, None, "Un article", categories=[first, second])
    translated = translate(
        article, {"title": "Ein Artikel", "slug": "ein-artikel"}, language
    )
    return language, second.name, index, translated


def test_an_untranslated_category_is_marked_french(client, news_pages):
    language, french_name, index, article = news_pages
    for url, selector in [
        (index.url, "#news-filter-category option"),
        (index.url, ".news-card__categories span, .news-card__categories"),
        (article.url, ".news-chips li"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert unmarked_french(response.content.decode()) == [], url
        document = soup(response)
        elements = document.select(selector)
        french = [e for e in elements if e.get_text(strip=True) == french_name]
        assert french, (url, selector)
        assert closest(french[0]) == ("fr", "ltr"), url
        translated = [
            e for e in elements if e.get_text(strip=True) == TRANSLATED[language]
        ]
        if "card" not in selector:
            assert translated, (url, selector)
            assert closest(translated[0])[0] == language, url
            if language == "ar":
                assert not translated[0].has_attr("lang")
