"""Site search: residents find pages of their language; bad input never fails."""

import pytest
from django.db import connection
from wagtail.rich_text import RichText

from home.models import ContentPage
from tests.helpers import add_page, soup


@pytest.fixture
def pages(site_tree):
    add_page(
        site_tree.home_fr,
        ContentPage(
            title="Ateliers numériques",
            slug="ateliers",
            introduction="Des ateliers gratuits pour apprendre les outils libres.",
            body=[("paragraph", RichText("<p>Inscription à la médiathèque.</p>"))],
        ),
    )
    add_page(
        site_tree.home_en,
        ContentPage(
            title="Digital workshops",
            slug="workshops",
            introduction="Free workshops to learn free tools.",
        ),
    )
    return site_tree


def result_titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".search-results a")]


@pytest.mark.django_db
def test_search_finds_pages_of_the_readers_language(client, pages):
    french = client.get("/recherche/", {"q": "ateliers"})
    assert french.status_code == 200
    assert result_titles(french) == ["Ateliers numériques"]

    english = client.get("/en/search/", {"q": "workshops"})
    assert result_titles(english) == ["Digital workshops"]
    assert "Ateliers numériques" not in english.content.decode()


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French stemming needs PostgreSQL"
)
def test_postgresql_search_understands_french_word_forms(client, pages):
    # « atelier » (singular) finds « Ateliers », « medi » finds nothing wrong.
    response = client.get("/recherche/", {"q": "atelier gratuit"})
    assert result_titles(response) == ["Ateliers numériques"]


@pytest.mark.django_db
def test_empty_and_unmatched_queries_say_so(client, pages):
    empty = client.get("/recherche/")
    assert empty.status_code == 200
    assert not soup(empty).select(".search-results")

    unmatched = client.get("/recherche/", {"q": "zzzzqqq"})
    assert unmatched.status_code == 200
    assert "0 résultat" in unmatched.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "ateliers", "page": "abc"},
        {"q": "ateliers", "page": "999"},
        {"q": "ateliers", "page": "-1"},
        {"q": "<script>alert(1)</script>"},
        {"q": "' OR 1=1 --"},
    ],
)
def test_bad_queries_never_fail(client, pages, params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_search_is_read_only(client, pages):
    response = client.post("/recherche/", {"q": "ateliers"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
