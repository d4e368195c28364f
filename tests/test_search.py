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
        site_tree.home_fr,
        ContentPage(
            title="Logiciels libres",
            slug="logiciels-libres",
            introduction="La commune choisit des logiciels libres.",
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


FREE_SOFTWARE = "Logiciels libres"

# Queries a resident may type, with the page they must find (None: any result or
# none, as long as the page answers). Each is full-text syntax on SQLite's FTS5 or
# PostgreSQL's tsquery unless the site reduces it to its words.
ODD_QUERIES = [
    ('logiciels "libres"', FREE_SOFTWARE),
    ('"logiciels libres"', FREE_SOFTWARE),
    ('"logiciels', FREE_SOFTWARE),
    ('logiciels"', FREE_SOFTWARE),
    ("(logiciels)", FREE_SOFTWARE),
    ("logiciels)", FREE_SOFTWARE),
    ("((logiciels", FREE_SOFTWARE),
    ("logiciel*", None),
    ("logiciels*", FREE_SOFTWARE),
    ("^logiciels", FREE_SOFTWARE),
    ("-logiciels", FREE_SOFTWARE),
    ("+logiciels", FREE_SOFTWARE),
    ("logiciels -libres", FREE_SOFTWARE),
    ("title:logiciels", None),
    ("logiciels:", FREE_SOFTWARE),
    ("{title}: logiciels", None),
    ("logiciels AND libres", FREE_SOFTWARE),
    ("logiciels OR libres", FREE_SOFTWARE),
    ("logiciels NOT libres", FREE_SOFTWARE),
    ("logiciels NEAR libres", FREE_SOFTWARE),
    ("NEAR(logiciels libres)", FREE_SOFTWARE),
    ("NEAR(logiciels libres, 2)", None),
    ("AND", None),
    ("OR", None),
    ("NOT", None),
    ("NEAR", None),
    ("and", None),
    ("or logiciels", None),
    ("not", None),
    ("near(", None),
    ("AND logiciels", FREE_SOFTWARE),
    ("logiciels OR", FREE_SOFTWARE),
    ("logiciels & libres | !outils", None),
    ("logiciels <-> libres", FREE_SOFTWARE),
    ("logiciels:* libres:A", None),
    ("'logiciels'", FREE_SOFTWARE),
    ("l'atelier", None),
    ("logiciels\\", FREE_SOFTWARE),
    ('"', None),
    ('"""', None),
    ("'", None),
    ("(", None),
    (")", None),
    ("*", None),
    ("^", None),
    ("-", None),
    ("+", None),
    (":", None),
    ("{", None),
    ("[", None),
    ("?", None),
    ("!", None),
    ("%", None),
    ("_", None),
    ("\\", None),
    ("…", None),
    ("   ", None),
    ("\t\n", None),
    ("🙂", None),
    ("logiciels 🙂 libres", FREE_SOFTWARE),
    ("LOGICIELS", FREE_SOFTWARE),
    ("numériques", "Ateliers numériques"),
    ("nume\u0301riques", "Ateliers numériques"),
    ("البرمجيات الحرة", None),
    ("自由软件", None),
    ("ソフトウェア", None),
    ("x" * 10_000, None),
    ("logiciels " * 2_000, None),
    (" ".join(f"mot{n}" for n in range(100)), None),
    ("<script>alert(1)</script>", None),
    ("' OR 1=1 --", None),
    ("'; DROP TABLE wagtailcore_page; --", None),
    ("%27%22", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), ODD_QUERIES)
def test_odd_queries_answer_and_find_what_they_should(client, pages, query, expected):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    field = soup(response).select_one("#search-query")
    assert field["value"] == " ".join(query.split())[:200]
    if expected is not None:
        assert expected in result_titles(response)


@pytest.mark.django_db
def test_a_query_is_shown_as_text(client, pages):
    response = client.get("/recherche/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "<script>alert(1)</script>" in soup(response).select_one("h2").text


@pytest.mark.django_db
def test_a_query_without_words_shows_no_results(client, pages):
    response = client.get("/recherche/", {"q": '"() * ^ - + : 🙂'})
    assert response.status_code == 200
    assert not soup(response).select(".search-results")
    assert "Aucune page ne correspond" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5", "", "9" * 400])
def test_bad_page_numbers_still_give_a_page(client, pages, page):
    response = client.get("/recherche/", {"q": "ateliers", "page": page})
    assert response.status_code == 200
    assert result_titles(response) == ["Ateliers numériques"]


@pytest.mark.django_db
def test_search_is_read_only(client, pages):
    response = client.post("/recherche/", {"q": "ateliers"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"
