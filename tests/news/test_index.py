"""The news index: order, filters that combine, pagination, bad input, queries."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.images import get_image_model

from news.models import ARTICLES_PER_PAGE, NewsCategory, NewsIndexPage, NewsPage
from tests.helpers import assert_page_basics, count_queries
from tests.tree import add_article, shared_layer

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@shared_layer("_filtered_articles", on="_news_layer")
def _filtered_articles(below: dict) -> dict[str, int]:
    """Five articles over two years, two categories and two tags, built once."""
    news = below["_news_layer"]
    index = NewsIndexPage.objects.get(pk=news.index)
    image = get_image_model().objects.get(pk=news.image)
    events = NewsCategory.objects.get(pk=news.categories["evenements"])
    labels = NewsCategory.objects.get(pk=news.categories["labels-et-prix"])
    articles = {
        "alposs-2024": ("AlpOSS 2024", (2024, 2, 8), [events], ["AlpOSS"]),
        "label-2024": (
            "Niveau 5, troisième année",
            (2024, 12, 12),
            [labels],
            ["Territoire Numérique Libre"],
        ),
        "nec-2025": ("NEC d'or 2025", (2025, 10, 30), [labels, events], ["NEC"]),
        "label-2025": (
            "Label Or",
            (2025, 12, 4),
            [labels],
            ["Territoire Numérique Libre"],
        ),
        "alposs-2026": ("AlpOSS 2026", (2026, 2, 18), [events], ["AlpOSS"]),
    }
    return {
        key: add_article(
            index,
            image,
            title,
            date=datetime.date(*date),
            categories=categories,
            tags=tags,
        ).pk
        for key, (title, date, categories, tags) in articles.items()
    }


@pytest.fixture
def filtered_articles(_filtered_articles) -> dict[str, NewsPage]:
    """Five articles over two years, two categories and two tags."""
    found = NewsPage.objects.in_bulk(_filtered_articles.values())
    return {key: found[pk] for key, pk in _filtered_articles.items()}


def test_newest_first_with_one_h1_and_no_cookie(client, news_index, filtered_articles):
    response = client.get(news_index.url)
    assert response.status_code == 200
    assert titles(response) == [
        "AlpOSS 2026",
        "Label Or",
        "NEC d'or 2025",
        "Niveau 5, troisième année",
        "AlpOSS 2024",
    ]
    page = assert_page_basics(response, "fr")
    assert not response.cookies
    # Dates in French, machine-readable in <time>.
    time = page.select_one(".news-card time")
    assert time["datetime"] == "2026-02-18"
    assert time.get_text() == "18 février 2026"


def test_drafts_and_other_languages_are_not_listed(
    client, news_index, news_index_en, make_article
):
    make_article("Publié")
    make_article("Brouillon", publish=False)
    make_article("Published in English", parent=news_index_en)
    assert titles(client.get(news_index.url)) == ["Publié"]
    assert titles(client.get(news_index_en.url)) == ["Published in English"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=evenements", ["AlpOSS 2026", "NEC d'or 2025", "AlpOSS 2024"]),
        ("?tag=alposs", ["AlpOSS 2026", "AlpOSS 2024"]),
        ("?year=2025", ["Label Or", "NEC d'or 2025"]),
        ("?category=labels-et-prix&year=2025", ["Label Or", "NEC d'or 2025"]),
        ("?category=evenements&year=2025", ["NEC d'or 2025"]),
        ("?category=evenements&tag=alposs&year=2024", ["AlpOSS 2024"]),
        ("?category=labels-et-prix&tag=alposs", []),
    ],
)
def test_filters_combine(client, news_index, filtered_articles, query, expected):
    response = client.get(news_index.url + query)
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["paginator"].count == len(expected)


def test_filter_form_reflects_the_shared_url(client, news_index, filtered_articles):
    response = client.get(news_index.url + "?category=evenements&tag=alposs&year=2024")
    page = soup(response)
    form = page.find("form", class_="news-filters")
    assert form["method"] == "get"
    selected = {
        select["name"]: select.find("option", selected=True)["value"]
        for select in form.find_all("select")
    }
    assert selected == {"category": "evenements", "tag": "alposs", "year": "2024"}
    # Every select has a label; years and tags come from the articles.
    for select in form.find_all("select"):
        assert page.find("label", attrs={"for": select["id"]})
    years = [o["value"] for o in form.find("select", attrs={"name": "year"})("option")]
    assert years == ["", "2026", "2025", "2024"]
    # Filtered listings are not indexed by search engines.
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


def test_empty_fields_of_the_form_are_dropped_from_the_address(
    client, news_index, filtered_articles
):
    response = client.get(news_index.url + "?category=evenements&tag=&year=2024")
    assert response.status_code == 302
    assert response["Location"] == news_index.url + "?category=evenements&year=2024"
    response = client.get(news_index.url + "?category=&tag=+&year=")
    assert response["Location"] == news_index.url


def test_empty_result_has_a_clear_message(client, news_index, filtered_articles):
    response = client.get(news_index.url + "?category=labels-et-prix&tag=alposs")
    assert response.status_code == 200
    empty = soup(response).find(class_="news-empty")
    assert "Aucun article ne correspond à ces filtres." in empty.get_text()
    assert empty.find("a")["href"] == news_index.url


def test_index_without_articles(client, news_index):
    response = client.get(news_index.url)
    assert response.status_code == 200
    assert "Aucune actualité n'a encore été publiée." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?category=inconnue",
        "?tag=inconnu",
        "?year=deux-mille",
        "?year=20255",
        "?year=-1",
        "?category=events",  # the English slug on the French index
        "?tag=%ff",
        "?year=0000",
        "?year=9999",
        "?year=%D9%A2%D9%A0%D9%A2%D9%A5",  # 2025 in Arabic-Indic digits
    ],
)
def test_bad_filter_values_are_404(client, news_index, filtered_articles, query):
    assert client.get(news_index.url + query).status_code == 404


@pytest.mark.parametrize(
    "query", ["?category=%00", "?tag=%00", "?tag=a%00b", "?year=%00", "?page=%00"]
)
def test_nul_characters_are_a_client_error(
    client, news_index, filtered_articles, query
):
    # Refused by the project's middleware (400) or by the index itself (404).
    assert client.get(news_index.url + query).status_code in {400, 404}


def test_year_without_articles_is_an_empty_listing(
    client, news_index, filtered_articles
):
    response = client.get(news_index.url + "?year=1999")
    assert response.status_code == 200
    assert titles(response) == []


@shared_layer("_many_articles", on="_news_layer")
def _many_articles(below: dict) -> list[int]:
    """Thirty articles on thirty days, built once."""
    news = below["_news_layer"]
    index = NewsIndexPage.objects.get(pk=news.index)
    image = get_image_model().objects.get(pk=news.image)
    start = datetime.date(2025, 1, 1)
    return [
        add_article(index, image, f"Article n° {n:02d}", date=start + n * DAY).pk
        for n in range(30)
    ]


@pytest.fixture
def many_articles(_many_articles) -> list[NewsPage]:
    found = NewsPage.objects.in_bulk(_many_articles)
    return [found[pk] for pk in _many_articles]


def test_pagination(client, news_index, many_articles):
    first = client.get(news_index.url)
    assert len(first.context["articles"]) == ARTICLES_PER_PAGE
    assert titles(first)[0] == "Article n° 29"
    assert first.context["paginator"].num_pages == 3

    last = client.get(news_index.url + "?page=3")
    assert titles(last) == [f"Article n° {n:02d}" for n in range(5, -1, -1)]
    nav = soup(last).find("nav", class_="news-pagination")
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "3"
    assert nav.find("a", rel="prev")["href"] == "?page=2"
    assert not nav.find("a", rel="next")
    assert soup(last).find("meta", attrs={"name": "robots"})


def test_pagination_keeps_the_filters(client, news_index, many_articles):
    response = client.get(news_index.url + "?year=2025&page=2")
    nav = soup(response).find("nav", class_="news-pagination")
    assert nav.find("a", rel="next")["href"] == "?year=2025&page=3"


@pytest.mark.parametrize(
    ("number", "expected_page"),
    [("abc", 1), ("0", 3), ("-4", 3), ("999", 3), ("1.5", 1), ("", 1)],
)
def test_bad_page_numbers_give_the_first_or_last_page(
    client, news_index, many_articles, number, expected_page
):
    response = client.get(f"{news_index.url}?page={number}")
    assert response.status_code == 200
    assert response.context["articles"].number == expected_page


def test_english_index_shows_and_filters_english_categories(
    client, news_index_en, make_article, categories, categories_en, translate
):
    article = make_article(
        "AlpOSS 2026", categories=[categories["evenements"]], tags=["AlpOSS"]
    )
    translate(article, {"title": "AlpOSS 2026 in English", "slug": "alposs-2026"})
    response = client.get(news_index_en.url + "?category=events")
    assert response.status_code == 200
    assert titles(response) == ["AlpOSS 2026 in English"]
    page = assert_page_basics(response, "en")
    assert page.select_one(".news-card__categories").get_text() == "Events"
    options = [
        o.get_text() for o in page.find("select", id="news-filter-category")("option")
    ]
    assert options == ["All categories", "Awards and labels", "Events", "Open data"]
    assert client.get(news_index_en.url + "?category=evenements").status_code == 404
    assert titles(client.get(news_index_en.url + "?tag=alposs")) == [
        "AlpOSS 2026 in English"
    ]
    assert soup(response).select_one(".news-card time").get_text().endswith("2026")


@pytest.mark.engine
def test_query_count_does_not_grow_with_articles(
    client, news_index, make_article, categories
):
    def add(count: int) -> None:
        for n in range(count):
            make_article(
                categories=[categories["evenements"], categories["labels-et-prix"]],
                tags=[f"mot-{n}", "commun"],
            )

    # 3 articles, then more than a page shows: the listing grows to a full
    # page with its pagination, filtered or not.
    filtered = news_index.url + "?category=evenements&tag=commun"
    add(3)
    few = count_queries(client, news_index.url)
    filtered_few = count_queries(client, filtered)
    add(ARTICLES_PER_PAGE + 2 - 3)
    assert count_queries(client, news_index.url) == few
    assert count_queries(client, filtered) == filtered_few
    assert len(client.get(filtered).context["articles"]) == ARTICLES_PER_PAGE


def test_feed_links_in_the_head(client, news_index, categories):
    response = client.get(news_index.url + "?category=evenements")
    head = soup(response).head
    feeds = {
        link["href"]: link["type"]
        for link in head.find_all("link", rel="alternate")
        if link.get("type")
    }
    assert feeds == {
        "/actualites/rss/": "application/rss+xml",
        "/actualites/atom/": "application/atom+xml",
        "/actualites/categories/evenements/rss/": "application/rss+xml",
        "/actualites/categories/evenements/atom/": "application/atom+xml",
    }
