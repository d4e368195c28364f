"""What residents read on the awards page, in French and English: the timeline by
year, newest first, with stable anchors; the filter by awarding body and its bad
values; the chart of a label over the years and its table; the commune's
structured data, here and on the home page; the home page's latest awards and
the article that announces an award."""

from __future__ import annotations

import json

import pytest

from policy.models import Award
from tests.helpers import assert_page_basics, count_queries, soup
from tests.policy.awards.conftest import make_award

pytestmark = pytest.mark.django_db


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def sentence(element) -> str:
    """A paragraph as it reads: a name isolated in <bdi> adds no space."""
    return " ".join(element.get_text().split())


def timeline(document) -> list[tuple[str, list[str]]]:
    """Each year's heading and the ids of its awards, in page order."""
    return [
        (
            text(section.h2),
            [card["id"] for card in section.select("article.award")],
        )
        for section in document.select("section.awards-year")
    ]


def json_ld(document) -> dict:
    """The page's own JSON-LD (the BreadcrumbList and WebSite aside)."""
    scripts = document.find_all("script", type="application/ld+json")
    blocks = [json.loads(script.string) for script in scripts]
    own = [b for b in blocks if b["@type"] not in {"BreadcrumbList", "WebSite"}]
    assert len(own) == 1
    return own[0]


def test_the_timeline_groups_awards_by_year_newest_first(client, awards):
    document = assert_page_basics(client.get(awards.page.url), "fr")
    assert text(document.h1) == "Prix et labels"
    assert timeline(document) == [
        # Two awards in 2025: the dated one first; none in 2023.
        ("2025", ["award-nec-2025", "award-tnl-2025"]),
        ("2024", ["award-tnl-2024"]),
        ("2022", ["award-tnl-2022"]),
        ("2021", ["award-tnl-2021"]),
    ]
    card = document.select_one("#award-tnl-2021")
    assert text(card.h3) == "Label Territoire Numérique Libre — niveau 4"
    assert "Décerné par ADULLACT" in text(card)
    assert card.select_one("a[rel=external]")["href"] == "https://adullact.org/"
    assert [text(li) for li in card.select(".award__mentions li")] == [
        "« Meilleure première candidature »"
    ]
    assert "Mention spéciale :" in text(card)
    dated = document.select_one("#award-tnl-2022 time")
    assert (dated["datetime"], text(dated)) == ("2022-11-09", "9 novembre 2022")
    nec = document.select_one("#award-nec-2025")
    assert "Pour la cohérence de la politique numérique." in text(nec)
    article = nec.select_one(".award__evidence a")
    assert article["href"] == awards.article.url
    assert "La ville reçoit le NEC d'or" in text(article)
    assert document.select_one('link[href$="css/awards.css"]')


def test_the_english_page_shows_the_translations_under_the_same_anchors(client, awards):
    document = assert_page_basics(client.get(awards.page_en.url), "en")
    assert text(document.h1) == "Awards and labels"
    assert [ids for _year, ids in timeline(document)] == [
        ["award-nec-2025", "award-tnl-2025"],
        ["award-tnl-2024"],
        ["award-tnl-2022"],
        ["award-tnl-2021"],
    ]
    card = document.select_one("#award-tnl-2025")
    assert text(card.h3) == "Free Digital Territory label — Gold"
    assert "Awarded by ADULLACT" in text(card)
    assert [text(li) for li in card.select(".award__mentions li")] == [
        "“Promoting free software”"
    ]
    assert text(document.select_one("#award-tnl-2022 time")) == "9 November 2022"
    article = document.select_one("#award-nec-2025 .award__evidence a")
    assert article["href"] == awards.article_en.url


def test_drafts_and_other_languages_are_not_listed(client, awards):
    make_award(
        awards.bodies["anct"],
        "brouillon",
        {"name": "Prix en préparation", "year": 2026},
        publish=False,
    )
    document = soup(client.get(awards.page.url))
    assert not document.select_one("#award-brouillon")
    assert "Prix en préparation" not in text(document)
    assert "Free Digital Territory label" not in text(document)


def test_the_filter_by_awarding_body(client, awards):
    base = awards.page.url
    document = soup(client.get(base))
    links = document.select(".awards-filter a")
    assert [(text(a), a["href"]) for a in links] == [
        ("Tous", base),
        ("ADULLACT", f"{base}?body=adullact"),
        ("ANCT", f"{base}?body=anct"),
    ]
    assert links[0]["aria-current"] == "page"

    document = assert_page_basics(client.get(base, {"body": "anct"}), "fr")
    assert timeline(document) == [("2025", ["award-nec-2025"])]
    current = document.select_one(".awards-filter a[aria-current]")
    assert text(current) == "ANCT"
    status = text(document.select_one(".awards-selection"))
    assert "1 distinction décernée par ANCT." in sentence(
        document.select_one(".awards-selection")
    )
    assert "L'Agence nationale de la cohésion des territoires." in status
    # One award of this body: no series to draw.
    assert not document.select_one(".awards-over-time")

    # The same address works in English: the slug is shared by the languages.
    document = soup(client.get(awards.page_en.url, {"body": "adullact"}))
    assert [year for year, _ids in timeline(document)] == [
        "2025",
        "2024",
        "2022",
        "2021",
    ]
    assert "4 awards from ADULLACT." in sentence(
        document.select_one(".awards-selection")
    )


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("body=inconnu", 404),
        ("body=ADULLACT", 404),
        ("body=%3Cscript%3E", 404),
        ("body=adullact&body=anct", 404),
        ("body=" + "a" * 200, 404),
        ("body=%00", 400),  # refused by the site before the page
    ],
)
def test_bad_filter_values_are_refused(client, awards, query, status):
    response = client.get(f"{awards.page.url}?{query}")
    assert response.status_code == status


def test_an_empty_filter_value_lists_everything(client, awards):
    document = soup(client.get(awards.page.url, {"body": ""}))
    assert len(document.select("article.award")) == 5


def test_a_body_without_awards_says_so(client, awards):
    Award.objects.filter(awarding_body__slug="anct").delete()
    document = soup(client.get(awards.page.url, {"body": "anct"}))
    assert timeline(document) == []
    assert text(document.select_one(".awards-empty")) == (
        "Aucune distinction de cet organisme pour l'instant."
    )


def test_a_page_without_awards_says_so(client, awards):
    Award.objects.all().delete()
    document = assert_page_basics(client.get(awards.page_en.url), "en")
    assert text(document.select_one(".awards-empty")) == "No award published yet."
    assert not document.select_one(".awards-filter")
    assert "award" not in json_ld(document)


def test_the_label_over_the_years(client, awards):
    document = soup(client.get(awards.page.url))
    section = document.select_one(".awards-over-time")
    assert text(section.h2) == "Les labels au fil des ans"
    series = section.select(".award-series")
    assert len(series) == 1  # the NEC d'or was received once
    assert text(series[0].h3) == "Label Territoire Numérique Libre (ADULLACT)"
    table = series[0].table
    assert text(table.caption) == (
        "Label Territoire Numérique Libre : niveau reçu chaque année"
    )
    assert [text(th) for th in table.select("thead th")] == ["Année", "Niveau"]
    rows = [(text(row.th), text(row.td)) for row in table.select("tbody tr")]
    assert rows == [
        ("2021", "niveau 4"),
        ("2022", "niveau 5"),
        ("2023", "Non reçu"),
        ("2024", "niveau 5"),
        ("2025", "Or"),
    ]
    assert table.select_one("tbody a")["href"] == "#award-tnl-2021"
    # The drawing: hidden from screen readers (the table says it all), one bar per
    # year received, the longest for « Or », none for 2023.
    svg = series[0].svg
    assert svg["aria-hidden"] == "true"
    bars = svg.select("rect")
    assert len(bars) == 4
    lengths = [float(bar["width"]) for bar in bars]
    assert lengths[3] == max(lengths) and lengths[0] < lengths[1] == lengths[2]
    assert "award-chart__bar--top" in bars[3]["class"]
    assert [text(t) for t in svg.select(".award-chart__year")] == [
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
    ]
    assert not svg.has_attr("style") and not svg.select("[style]")
    region = table.find_parent(class_="table-wrap")
    assert region["aria-labelledby"] == table.caption["id"]


def test_a_year_with_two_awards_of_a_series_shows_the_highest(client, awards):
    make_award(
        awards.bodies["adullact"],
        "tnl-2022-bis",
        {"name": awards.awards["tnl-2022"].name, "year": 2022, "level": "niveau 3"}
        | {"level_rank": 3},
    )
    document = soup(client.get(awards.page.url))
    rows = document.select(".award-series tbody tr")
    assert [text(row.td) for row in rows][1] == "niveau 5"
    assert timeline(document)[2] == ("2022", ["award-tnl-2022", "award-tnl-2022-bis"])


def test_the_english_chart_table(client, awards):
    document = soup(client.get(awards.page_en.url))
    table = document.select_one(".award-series table")
    assert sentence(table.caption) == (
        "Free Digital Territory label: level received each year"
    )
    rows = [(text(row.th), text(row.td)) for row in table.select("tbody tr")]
    assert rows[2:] == [("2023", "Not received"), ("2024", "level 5"), ("2025", "Gold")]


def test_structured_data_lists_the_awards(client, awards):
    data = json_ld(soup(client.get(awards.page.url)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Ville d'Échirolles"
    assert data["url"] == "http://testserver/"
    assert data["award"][0] == "NEC d'or — de la cohérence (2025, ANCT)"
    assert data["award"][1] == (
        "Label Territoire Numérique Libre — Or (2025, ADULLACT) — "
        "Promotion des logiciels libres"
    )
    assert len(data["award"]) == 5
    # Filtering the page does not change what the commune received.
    assert json_ld(soup(client.get(awards.page.url, {"body": "anct"}))) == data

    english = json_ld(soup(client.get(awards.page_en.url)))
    assert english["award"][0] == "Golden NEC — for consistency (2025, ANCT)"


def test_the_home_page_describes_the_commune_with_its_awards(client, awards):
    data = json_ld(soup(client.get("/")))
    assert data["@type"] == "GovernmentOrganization"
    assert data["award"] == json_ld(soup(client.get(awards.page.url)))["award"]
    english = json_ld(soup(client.get("/en/")))
    assert "Free Digital Territory label — level 4 (2021, ADULLACT) — " in " ".join(
        english["award"]
    )


def test_the_home_page_without_awards_has_no_award_property(client, site_tree):
    data = json_ld(soup(client.get("/")))
    assert data["@type"] == "GovernmentOrganization"
    assert "award" not in data
    assert not soup(client.get("/")).select_one(".awards-latest")


def test_editors_text_cannot_break_out_of_the_json_ld(client, awards):
    award = awards.awards["tnl-2021"]
    award.name = "</script><script>alert(1)</script>"
    award.save_revision().publish()
    response = client.get(awards.page.url)
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(soup(response))["award"][-1].startswith("</script>")


def test_the_home_page_shows_the_latest_awards(client, awards):
    for home, page, language, heading in [
        ("/", awards.page, "fr", "Dernières distinctions"),
        ("/en/", awards.page_en, "en", "Latest awards and labels"),
    ]:
        document = assert_page_basics(client.get(home), language)
        section = document.select_one(".awards-latest")
        assert text(section.h2) == heading
        links = [a["href"] for a in section.select(".award__title a")]
        assert links == [
            f"{page.url}#award-nec-2025",
            f"{page.url}#award-tnl-2025",
            f"{page.url}#award-tnl-2024",
        ]
        assert section.select_one(".awards-more a")["href"] == page.url
        assert document.select_one('link[href$="css/awards.css"]')


def test_the_article_shows_the_award_it_announces(client, awards):
    for article, page, language, title in [
        (awards.article, awards.page, "fr", "NEC d'or — de la cohérence"),
        (awards.article_en, awards.page_en, "en", "Golden NEC — for consistency"),
    ]:
        document = assert_page_basics(client.get(article.url), language)
        section = document.select_one(".awards-article")
        link = section.select_one(".award__title a")
        assert (text(link), link["href"]) == (title, f"{page.url}#award-nec-2025")


def test_an_article_announcing_nothing_has_no_award_section(client, awards):
    Award.objects.update(article=None)
    document = soup(client.get(awards.article.url))
    assert not document.select_one(".awards-article")
    assert not document.select_one('link[href$="css/awards.css"]')


@pytest.mark.engine
def test_query_counts_do_not_grow_with_awards(client, awards):
    urls = [
        awards.page.url,
        f"{awards.page.url}?body=adullact",
        "/",
        awards.article.url,
    ]
    # Every award points to an article, as the 9 added below do (a query per
    # award shows at 14 awards as well as at 50).
    Award.objects.update(article=awards.article)
    with_five = [count_queries(client, url) for url in urls]
    body = awards.bodies["adullact"]
    for number in range(9):
        make_award(
            body,
            f"prix-{number}",
            {
                "name": f"Prix {number % 3}",
                "year": 2000 + number % 20,
                "level": f"niveau {number % 5}",
                "level_rank": number % 5 + 1,
                "article": awards.article,
            },
            [f"Mention {number}"],
        )
    assert [count_queries(client, url) for url in urls] == with_five
    assert len(soup(client.get(awards.page.url)).select("article.award")) == 14
