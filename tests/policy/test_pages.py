"""What residents read on the master plan's pages, in French and English: the
tree of axes, objectives and actions, an action's status, progress, indicators,
history and news, and the article's side of the link."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from policy.models import ActionNewsLink, ActionPage, ActionStatus
from tests.helpers import add_page, assert_page_basics, count_queries, soup

pytestmark = pytest.mark.django_db


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def action_cards(document) -> dict[str, str]:
    """Each listed action's title and what its card says."""
    return {
        text(card.select_one(".policy-action__title")): text(card)
        for card in document.select(".policy-action")
    }


def test_the_plan_page_shows_its_facts_and_the_tree(client, plan):
    document = assert_page_basics(client.get(plan.plan.url), "fr")
    assert text(document.h1) == "Schéma directeur du numérique"
    facts = text(document.select_one(".policy-facts"))
    assert "2020–2026" in facts
    assert "29 mars 2021" in facts
    assert "Délibération n° 2021-045" in facts
    assert document.select_one('.policy-facts time[datetime="2021-03-29"]')
    axis = document.select_one("h2 a")
    assert (text(axis), axis["href"]) == ("Inclusion numérique", plan.axis.url)
    objective = document.select_one("h3 a")
    assert (text(objective), objective["href"]) == (
        "Accompagner les habitants",
        plan.objective.url,
    )
    # The actions are listed by « All the actions » (and the objective page).
    assert not action_cards(document)
    document = soup(client.get(plan.plan.url + "actions/"))
    cards = action_cards(document)
    assert list(cards) == ["Wi-Fi public", "Ateliers numériques", "Téléphonie libre"]
    assert "En cours" in cards["Ateliers numériques"]
    assert "Avancement : 40 %" in cards["Ateliers numériques"]
    assert "Prévue" in cards["Wi-Fi public"]
    assert "Réalisée" in cards["Téléphonie libre"]
    link = document.select_one(".policy-action__title a")
    assert link["href"] == plan.actions["wi-fi-public"].url
    bar = document.select_one(".policy-action progress")
    assert (bar["value"], bar["max"]) == ("0", "100")


def test_the_plan_offers_its_original_document(client, plan):
    document_file = get_document_model().objects.create(
        title="Schéma adopté", file=ContentFile(b"%PDF-1.4 test", name="schema.pdf")
    )
    plan.plan.document = document_file
    plan.plan.save_revision().publish()
    link = soup(client.get(plan.plan.url)).select_one(".policy-document a")
    assert link["href"] == document_file.url
    assert "PDF" in text(link)


def test_the_english_plan_lists_the_english_tree(client, plan):
    document = assert_page_basics(client.get(plan.plan_en.url), "en")
    assert text(document.h1) == "Digital master plan"
    assert "Deliberation no. 2021-045" in text(document.select_one(".policy-facts"))
    document = assert_page_basics(client.get(plan.plan_en.url + "actions/"), "en")
    cards = action_cards(document)
    assert list(cards) == [
        "Public Wi-Fi",
        "Digital workshops",
        "Free-software telephony",
    ]
    assert "In progress" in cards["Digital workshops"]
    assert "Progress: 40 %" in cards["Digital workshops"]
    assert document.select_one(".policy-action__title a")["href"] == (
        plan.actions_en["wi-fi-public"].url
    )


def test_axis_and_objective_pages_list_their_actions(client, plan):
    for page, language, heading in [
        (plan.axis, "fr", "Accompagner les habitants"),
        (plan.axis_en, "en", "Support residents"),
    ]:
        document = assert_page_basics(client.get(page.url), language)
        assert text(document.select_one(".policy-objective h2")) == heading
        assert len(document.select(".policy-action")) == 3
    for page, language, first in [
        (plan.objective, "fr", "Wi-Fi public"),
        (plan.objective_en, "en", "Public Wi-Fi"),
    ]:
        document = assert_page_basics(client.get(page.url), language)
        assert list(action_cards(document))[0] == first


def test_a_draft_action_is_not_listed(client, plan):
    draft = ActionPage(
        title="Action en préparation", introduction="Pas encore.", live=False
    )
    plan.objective.add_child(instance=draft)
    draft.save_revision()
    for page in (plan.plan, plan.axis, plan.objective):
        assert "Action en préparation" not in action_cards(soup(client.get(page.url)))


def test_the_action_page_in_french(client, plan):
    action = plan.actions["ateliers-numeriques"]
    document = assert_page_basics(client.get(action.url), "fr")
    assert text(document.h1) == "Ateliers numériques"
    assert text(document.select_one(".lead")) == "Des ateliers gratuits chaque semaine."
    status = text(document.select_one(".page-header .policy-status"))
    assert "En cours" in status and "Avancement : 40 %" in status
    facts = text(document.select_one(".policy-facts"))
    assert "Service inclusion numérique" in facts
    assert "10 janvier 2022" in facts and "30 juin 2026" in facts
    assert "12\u00a0500\u00a0€" in document.select_one(".policy-facts").get_text()
    assert "Les ateliers ont lieu à la médiathèque." in text(document)

    table = document.select_one("table")
    assert "Ateliers numériques" in text(table.caption)
    # Scrolled sideways on a phone: reachable with the keyboard, named by its caption.
    region = table.find_parent(class_="table-wrap")
    assert region["tabindex"] == "0"
    assert region["aria-labelledby"] == table.caption["id"]
    headers = [text(th) for th in table.select("thead th")]
    assert headers == [
        "Indicateur",
        "Valeur initiale",
        "Valeur actuelle",
        "Cible",
        "Mesurée le",
    ]
    row = table.select_one("tbody tr")
    assert text(row.th) == "Ateliers tenus (ateliers)"
    assert [text(td) for td in row.select("td")] == [
        "0",
        "48",
        "120",
        "30 septembre 2025",
    ]

    timeline = document.select("ol.policy-timeline li")
    assert len(timeline) == 1
    assert text(timeline[0].select_one(".policy-timeline__change")) == (
        "En cours, réalisée à 40 %"
    )
    assert timeline[0].time["datetime"] == action.history().get().date.isoformat()

    news = document.select_one(".policy-news a")
    assert (text(news), news["href"]) == (plan.article.title, plan.article.url)


def test_the_action_page_in_english(client, plan):
    action = plan.actions_en["ateliers-numeriques"]
    document = assert_page_basics(client.get(action.url), "en")
    assert text(document.h1) == "Digital workshops"
    assert "€12,500" in text(document.select_one(".policy-facts"))
    assert "Digital inclusion department" in text(document.select_one(".policy-facts"))
    row = document.select_one("table tbody tr")
    assert text(row.th) == "Workshops held (workshops)"
    change = document.select_one("ol.policy-timeline .policy-timeline__change")
    assert text(change) == "In progress, 40 % done"
    news = document.select_one(".policy-news a")
    assert (text(news), news["href"]) == (plan.article_en.title, plan.article_en.url)


def test_an_action_without_details_shows_no_empty_sections(client, plan):
    document = assert_page_basics(client.get(plan.actions["wi-fi-public"].url), "fr")
    assert document.select_one("table") is None
    assert document.select_one(".policy-news") is None
    assert "Prévue" in text(document.select_one(".policy-status"))


def test_the_article_lists_the_actions_it_reports_on(client, plan):
    for article, language, title, action in [
        (
            plan.article,
            "fr",
            "Ateliers numériques",
            plan.actions["ateliers-numeriques"],
        ),
        (
            plan.article_en,
            "en",
            "Digital workshops",
            plan.actions_en["ateliers-numeriques"],
        ),
    ]:
        document = assert_page_basics(client.get(article.url), language)
        section = document.select_one(".policy-article-actions")
        links = section.select(".policy-action__title a")
        assert [(text(a), a["href"]) for a in links] == [(title, action.url)]
        assert document.select_one('link[href$="css/policy.css"]')


def test_an_article_reporting_on_no_action_has_no_such_section(client, plan):
    # Both the French action and its translation link the French article.
    ActionNewsLink.objects.filter(article=plan.article).delete()
    document = soup(client.get(plan.article.url))
    assert document.select_one(".policy-article-actions") is None
    assert not document.select_one('link[href$="css/policy.css"]')


@pytest.mark.engine
def test_query_counts_do_not_grow_with_actions(client, plan):
    def add(count: int) -> None:
        for n in range(count):
            add_page(
                plan.objective,
                ActionPage(
                    title=f"Action {count}-{n}",
                    introduction="Une action de plus.",
                    status=ActionStatus.IN_PROGRESS,
                    progress=n,
                ),
            )

    add(2)  # five actions
    urls = [
        plan.plan.url,
        plan.axis.url,
        plan.objective.url,
        plan.plan.url + "actions/",
    ]
    with_five = [count_queries(client, url) for url in urls]
    add(45)
    assert [count_queries(client, url) for url in urls] == with_five
    assert len(action_cards(soup(client.get(plan.objective.url)))) == 50
    # Past 50, the objective lists its actions 50 a page.
    add(1)
    assert len(action_cards(soup(client.get(plan.objective.url)))) == 50
    assert len(action_cards(soup(client.get(plan.objective.url + "?page=2")))) == 1
    # A further page is rendered afresh (the first one is a cached fragment):
    # its queries do not grow either.
    page_two = count_queries(client, plan.objective.url + "?page=2")
    add(1)
    assert count_queries(client, plan.objective.url + "?page=2") == page_two
    assert client.get(plan.objective.url + "?page=3").status_code == 404


def search_titles(client, url: str, query: str) -> list[str]:
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [a.get_text(strip=True) for a in soup(response).select(".search-results a")]


def test_actions_are_in_the_site_search(client, plan):
    # Found by their description and their department, in the reader's language.
    assert "Ateliers numériques" in search_titles(client, "/recherche/", "médiathèque")
    assert "Téléphonie libre" in search_titles(client, "/recherche/", "Direction")
    assert search_titles(client, "/en/search/", "library") == ["Digital workshops"]
