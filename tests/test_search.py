"""Site search: residents find pages of their language; bad input never fails."""

import pytest
from django.db import connection
from wagtail.rich_text import RichText

from home.models import ContentPage
from tests.helpers import add_page, soup

# Behaviour that depends on the database engine: CI runs it on SQLite and PostgreSQL.
pytestmark = pytest.mark.engine


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


# Search everywhere: header form, results with type, date and highlighted
# excerpt, facets by type, promotions, empty results, .public() and locales.


def add_content(parent, title: str, slug: str, introduction: str = "", **fields):
    return add_page(
        parent,
        ContentPage(title=title, slug=slug, introduction=introduction, **fields),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "action"), [("/", "/recherche/"), ("/en/", "/en/search/")]
)
def test_every_page_has_a_search_form_in_its_header(client, pages, url, action):
    response = client.get(url)
    form = soup(response).select_one("header.site-header form[role=search]")
    assert form is not None
    assert form["method"] == "get"
    assert form["action"] == action
    field = form.select_one("input[name=q]")
    label = form.select_one(f"label[for={field['id']}]")
    assert label.get_text(strip=True)
    assert form.select_one("button[type=submit]")

    # The form is a plain GET: what it sends is a search.
    found = client.get(
        action, {"q": "ateliers" if action == "/recherche/" else "workshops"}
    )
    assert len(result_titles(found)) == 1


@pytest.mark.django_db
def test_a_result_shows_its_type_date_and_highlighted_excerpt(client, pages):
    response = client.get("/recherche/", {"q": "gratuits"})
    item = soup(response).select_one(".search-results li")
    meta = item.select_one(".search-results__meta")
    assert "Page de contenu" in meta.get_text()
    assert item.select_one("time[datetime]")
    excerpt = item.select_one(".search-results__excerpt")
    assert [m.get_text() for m in excerpt.select("mark")] == ["gratuits"]
    assert "Des ateliers gratuits" in excerpt.get_text()


@pytest.mark.django_db
def test_highlighting_lets_no_html_through(client, site_tree):
    add_content(
        site_tree.home_fr,
        "Balises",
        "balises",
        "Un texte <script>alert(1)</script> & <b>numérique</b> libre.",
    )
    # PostgreSQL's parser skips what looks like tags: the words are found by the
    # others, and shown as written.
    response = client.get("/recherche/", {"q": "<texte> & libre"})
    html = response.content.decode()
    assert "<script>alert" not in html
    excerpt = soup(response).select_one(".search-results__excerpt")
    assert excerpt.select("script, b") == []
    assert "<script>alert(1)</script>" in excerpt.get_text()
    marked = [m.get_text() for m in excerpt.select("mark")]
    assert marked == ["texte", "libre"]


def test_highlight_marks_word_forms_without_accents():
    from home.search.views import highlight

    excerpt = highlight("Les données ouvertes & les <i>outils</i>", ["donnees"])
    assert (
        excerpt
        == "Les <mark>données</mark> ouvertes &amp; les &lt;i&gt;outils&lt;/i&gt;"
    )
    long_text = " ".join(f"mot{n}" for n in range(200)) + " numérique fin"
    excerpt = highlight(long_text, ["numériques"])
    assert excerpt.startswith("… ")
    assert "<mark>numérique</mark>" in excerpt


@pytest.fixture
def typed_pages(site_tree):
    from home.models import SiteMapPage

    for n in range(3):
        add_content(site_tree.home_fr, f"Atelier {n}", f"atelier-{n}", "Un atelier.")
    add_page(
        site_tree.home_fr,
        SiteMapPage(title="Plan du site", slug="plan-du-site", introduction="Atelier."),
    )
    return site_tree


@pytest.mark.django_db
def test_facets_count_results_by_type_and_filter_them(client, typed_pages):
    response = client.get("/recherche/", {"q": "atelier"})
    facets = {
        a.get_text(" ", strip=True): a["href"]
        for a in soup(response).select(".search-facets a")
    }
    assert list(facets) == [
        "Tous les types",
        "Page de contenu (3)",
        "Page plan du site (1)",
    ]
    assert facets["Page de contenu (3)"] == "?q=atelier&type=home.contentpage"
    assert facets["Page plan du site (1)"] == "?q=atelier&type=home.sitemappage"
    assert "Tous les types" in facets

    only_map = client.get("/recherche/", {"q": "atelier", "type": "home.sitemappage"})
    assert result_titles(only_map) == ["Plan du site"]
    current = soup(only_map).select_one(".search-facets a[aria-current]")
    assert current.get_text(" ", strip=True) == "Page plan du site (1)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "nope",
        "home.nope",
        "auth.user",
        "wagtailcore.page",
        "x" * 500,
        "home.contentpage\x01",
    ],
)
def test_an_unknown_type_is_a_clear_400(client, typed_pages, value):
    response = client.get("/recherche/", {"q": "atelier", "type": value})
    assert response.status_code == 400
    assert "Ce type de page n’existe pas" in response.content.decode()


@pytest.mark.django_db
def test_a_repeated_type_is_a_clear_400(client, typed_pages):
    response = client.get(
        "/recherche/?q=atelier&type=home.contentpage&type=home.sitemappage"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_drafts_and_private_pages_are_never_found(client, site_tree):
    from wagtail.models import PageViewRestriction

    add_content(site_tree.home_fr, "Confidentiel public", "public", "Confidentiel.")
    private = add_content(
        site_tree.home_fr, "Confidentiel privé", "prive", "Confidentiel."
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    hidden_child = add_content(
        private, "Confidentiel enfant", "enfant", "Confidentiel."
    )
    draft = ContentPage(title="Confidentiel brouillon", slug="brouillon", live=False)
    site_tree.home_fr.add_child(instance=draft)
    draft.save_revision()
    assert hidden_child.live

    response = client.get("/recherche/", {"q": "confidentiel"})
    assert result_titles(response) == ["Confidentiel public"]


@pytest.mark.django_db
def test_promoted_results_come_first_in_the_readers_language(client, pages):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    from home.models import ContentPage

    query = Query.get("Logiciel")
    target = ContentPage.objects.get(slug="logiciels-libres")
    SearchPromotion.objects.create(
        query=query, page=target, description="Notre choix.", sort_order=0
    )
    english = ContentPage.objects.get(slug="workshops")
    SearchPromotion.objects.create(query=query, page=english, sort_order=1)

    response = client.get("/recherche/", {"q": "logiciel"})
    promoted = soup(response).select_one(".search-promoted")
    assert [a.get_text() for a in promoted.select("a")] == ["Logiciels libres"]
    assert "Notre choix." in promoted.get_text()
    # Not repeated on later pages nor within a type.
    typed = client.get("/recherche/", {"q": "logiciel", "type": "home.contentpage"})
    assert not soup(typed).select(".search-promoted")


@pytest.mark.django_db
def test_an_empty_result_suggests_each_word_and_the_site_map(client, typed_pages):
    response = client.get("/recherche/", {"q": "atelier zzzqqq"})
    empty = soup(response).select_one(".search-empty")
    links = {a.get_text(): a["href"] for a in empty.select("a")}
    assert links["atelier"] == "?q=atelier"
    assert links["zzzqqq"] == "?q=zzzqqq"
    assert links["Parcourir toutes les pages dans le plan du site"] == "/plan-du-site/"
    assert len(result_titles(client.get("/recherche/" + links["atelier"]))) == 4


@pytest.mark.django_db
def test_searching_in_either_database_ignores_accents(client, site_tree):
    add_content(site_tree.home_fr, "Données ouvertes", "donnees", "Le catalogue.")
    for query in ("donnees", "DONNÉES", "données"):
        response = client.get("/recherche/", {"q": query})
        assert result_titles(response) == ["Données ouvertes"], query


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French stemming needs PostgreSQL"
)
def test_postgresql_stems_french_and_ignores_accents_together(client, site_tree):
    add_content(site_tree.home_fr, "Médiathèque municipale", "mediatheque", "Lire.")
    add_content(site_tree.home_fr, "Données publiques", "donnees", "Ouvrir.")
    for query in ("médiathèques", "mediatheques", "MÉDIATHÈQUES municipales"):
        response = client.get("/recherche/", {"q": query})
        assert result_titles(response) == ["Médiathèque municipale"], query
    assert result_titles(client.get("/recherche/", {"q": "donnee publique"})) == [
        "Données publiques"
    ]


@pytest.mark.django_db
def test_results_pages_run_the_same_queries_whatever_their_number(client, site_tree):
    from tests.helpers import count_queries

    for n in range(2):
        add_content(site_tree.home_fr, f"Atelier {n}", f"atelier-{n}", "Atelier.")
    few = count_queries(client, "/recherche/?q=atelier")
    for n in range(2, 10):
        add_content(site_tree.home_fr, f"Atelier {n}", f"atelier-{n}", "Atelier.")
    many = count_queries(client, "/recherche/?q=atelier")
    assert few == many


@pytest.mark.django_db
def test_a_nul_byte_in_the_query_is_a_search_like_any_other(client, pages):
    response = client.get("/recherche/?q=logiciels%00libres")
    assert response.status_code == 200
    assert "Logiciels libres" in result_titles(response)
    assert "\x00" not in response.content.decode()


@pytest.mark.django_db
def test_a_thousand_words_answer_quickly(client, pages):
    import time

    started = time.monotonic()
    response = client.get("/recherche/", {"q": " ".join(["logiciels"] * 1000)})
    assert response.status_code == 200
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_moderators_edit_promoted_results(client, site_tree):
    from django.contrib.auth.models import Group, User

    moderator = User.objects.create_user("moderatrice", password="x", is_staff=False)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for codename in ("add", "change", "delete"):
        assert moderator.has_perm(f"wagtailsearchpromotions.{codename}_searchpromotion")
    client.force_login(moderator)
    response = client.get("/admin/searchpicks/add/")
    assert response.status_code == 200
    editor = User.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/searchpicks/add/").status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Stemming per language needs PostgreSQL"
)
def test_postgresql_stems_each_language_with_its_own_rules(client, site_tree):
    from django.core.cache import cache

    add_content(site_tree.home_en, "Study of management", "study", "A study.")
    add_content(site_tree.home_fr, "Étude de gestion", "etude", "Une étude.")
    # English stemming: « studies » and « study » share their stem; French
    # stemming does not give them the same one.
    english = client.get("/en/search/", {"q": "studies management"})
    assert result_titles(english) == ["Study of management"]
    french = client.get("/recherche/", {"q": "études gestion"})
    assert result_titles(french) == ["Étude de gestion"]
    cache.clear()
    api = client.get(
        "/api/v2/pages/", {"locale": "en", "search": "studies management"}
    ).json()
    assert [item["title"] for item in api["items"]] == ["Study of management"]
