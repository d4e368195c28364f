"""The query budget: every page type renders with at most 15 SQL queries once warm
(each its own lower budget, WARM), whatever the number of items it lists; the
chrome every page shares (site, settings, menus, language links, home pages,
motto) costs at most one query
(the site, found once per request), kept between publishes and read again as
soon as any of it is published."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    Menu,
    SiteMapPage,
    SiteSettings,
)
from news.models import NewsCategory, NewsIndexPage, NewsPage
from policy.models import ActionPage, ObjectivePage, OpenDataPage
from tests import tree
from tests.helpers import add_page, count_queries, publish, soup, warm_queries
from tests.policy.awards.conftest import build_awards
from tests.policy.test_opendata import add_catalogue, make_dataset

# Behaviour that depends on the database engine: CI runs it on SQLite and PostgreSQL.
pytestmark = [pytest.mark.django_db, pytest.mark.engine]

BUDGET = 15


@tree.shared_layer("_budget_layer", on="_plan_layer")
def _budget_layer(below: dict) -> dict[str, int]:
    """Every other page type of the site next to the plan: legal and accessibility
    pages, site map, awards, the open-data catalogue with two datasets."""
    site = below["_site_layer"]
    home = HomePage.objects.get(pk=site.home_fr)
    legal = add_page(
        home, ContentPage(title="Mentions légales", slug="mentions-legales")
    )
    statement = add_page(
        home,
        AccessibilityStatementPage(
            title="Déclaration d'accessibilité",
            slug="accessibilite",
            audit_date=datetime.date.today() - datetime.timedelta(days=30),
            compliance_rate=Decimal("75"),
        ),
    )
    site_map = add_page(home, SiteMapPage(title="Plan du site", slug="plan-du-site"))
    awards = build_awards(site, below["_news_layer"])
    catalogue = add_catalogue(home)
    datasets = [make_dataset(catalogue, number) for number in (1, 2)]
    return {
        "legal": legal.pk,
        "statement": statement.pk,
        "site_map": site_map.pk,
        "awards": awards.page,
        "catalogue": catalogue.pk,
        "dataset": datasets[0].pk,
    }


@pytest.fixture
def pages(_budget_layer, plan) -> dict[str, str]:
    """The address of one page of each type, by type."""
    keys = _budget_layer
    index = plan.article.get_parent()
    category = NewsCategory.objects.filter(locale=plan.article.locale).first()
    urls = {
        "home": "/",
        "home (English)": "/en/",
        "content page": Page.objects.get(pk=keys["legal"]).url,
        "accessibility statement": Page.objects.get(pk=keys["statement"]).url,
        "site map": Page.objects.get(pk=keys["site_map"]).url,
        "news index": index.url,
        "news category": f"{index.url}?category={category.slug}",
        "news feed": f"{index.url}rss/",
        "article": plan.article.url,
        "article (English)": plan.article_en.url,
        "search": "/recherche/?q=ateliers",
        "master plan": plan.plan.url,
        "axis": plan.axis.url,
        "objective": plan.objective.url,
        "action": plan.actions["ateliers-numeriques"].url,
        "action (English)": plan.actions_en["ateliers-numeriques"].url,
        "awards": Page.objects.get(pk=keys["awards"]).url,
        "open-data catalogue": Page.objects.get(pk=keys["catalogue"]).url,
        "dataset": Page.objects.get(pk=keys["dataset"]).url,
    }
    return urls


def test_every_page_type_stays_within_the_budget(client, pages):
    counts = {kind: warm_queries(client, url) for kind, url in pages.items()}
    over = {kind: count for kind, count in counts.items() if count > BUDGET}
    assert not over, counts
    # Each page type's own budget, once its fragments are cached: what is left
    # is finding the page (its path and its specific row) and what depends on
    # the request (a filter, a search).
    over = {kind: count for kind, count in counts.items() if count > WARM[kind]}
    assert not over, counts


# Queries of a warm uncached render, by page type (docs/performance.md). The
# site, the home page and the locale come from the cache (home/caching/sites.py);
# what a page shows of published content from fragments (home/caching/fragments.py).
WARM = {
    "home": 0,
    "home (English)": 0,
    "content page": 2,
    "accessibility statement": 2,
    "site map": 2,
    "news index": 2,
    "news category": 6,
    "news feed": 7,
    "article": 2,
    "article (English)": 2,
    "search": 2,
    "master plan": 2,
    "axis": 2,
    "objective": 2,
    "action": 2,
    "action (English)": 2,
    "awards": 2,
    "open-data catalogue": 2,
    "dataset": 2,
}


def _render_chrome(page: Page) -> tuple[str, int]:
    request = RequestFactory().get(page.url)
    template = Template('{% extends "base.html" %}')
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"page": page, "request": request}))
    return html, len(queries)


def test_the_chrome_costs_one_query_once_warm(site_tree, plan, _budget_layer):
    Menu.objects.create(
        location="main",
        locale=site_tree.locale_fr,
        live=True,
        items=[
            ("link", {"page": plan.plan, "url": "", "text": ""}),
            ("link", {"page": plan.article.get_parent(), "url": "", "text": ""}),
        ],
    )
    page = ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk)
    _render_chrome(page)
    html, warm = _render_chrome(page)
    assert warm == 1  # the site of the request: Wagtail keeps it on the request
    document = BeautifulSoup(html, "html.parser")
    assert [a.get_text() for a in document.select("nav.main-nav a")] == [
        plan.plan.title,
        "Actualités",
    ]
    # The plan's link is marked as the section the action is in.
    assert document.select_one("nav.main-nav a")["aria-current"] == "true"
    assert [a["hreflang"] for a in document.select("nav.languages a")] == ["fr", "en"]


def _add_articles(index: NewsIndexPage, image, count: int) -> None:
    for number in range(count):
        tree.add_article(index, image, f"Nouvelle {number}")


def test_listings_cost_the_same_with_more_items(client, plan, _budget_layer, image):
    catalogue = OpenDataPage.objects.get(pk=_budget_layer["catalogue"])
    objective = ObjectivePage.objects.get(pk=plan.objective.pk)
    index = NewsIndexPage.objects.get(pk=plan.article.get_parent().pk)
    urls = ["/", index.url, f"{index.url}rss/", catalogue.url, plan.plan.url]
    urls.append(objective.url)
    few = [count_queries(client, url) for url in urls]
    _add_articles(index, image, 4)
    for number in range(3, 7):
        make_dataset(catalogue, number)
    for number in range(3):
        add_page(
            objective,
            ActionPage(
                title=f"Action {number}", slug=f"action-{number}", introduction="Une."
            ),
        )
    many = [count_queries(client, url) for url in urls]
    assert many == few
    assert "Nouvelle 3" in client.get(index.url).content.decode()
    assert "Action 2" in client.get(objective.url).content.decode()


def test_an_article_with_more_related_content_costs_the_same(client, plan, image):
    article = NewsPage.objects.get(pk=plan.article.pk)
    index = article.get_parent().specific
    category = NewsCategory.objects.filter(locale=article.locale).first()
    article.categories.add(category)
    publish(article)
    tree.add_article(index, image, "Voisine", categories=[category])
    few = count_queries(client, article.url)
    for number in range(3):
        tree.add_article(index, image, f"Voisine {number}", categories=[category])
    many = count_queries(client, article.url)
    assert many == few
    related = soup(client.get(article.url)).find_all(string="Voisine 2")
    assert related, "the latest article of the same category is suggested"


# What is kept between requests follows what editors publish ----------------------


def test_a_published_menu_shows_on_the_next_request(client, site_tree, plan):
    menu = Menu.objects.create(
        location="main",
        locale=site_tree.locale_fr,
        live=True,
        items=[("link", {"page": plan.plan, "url": "", "text": "Le plan"})],
    )
    url = plan.axis.url
    count_queries(client, url)  # warm
    assert [a.get_text() for a in soup(client.get(url)).select("nav.main-nav a")] == [
        "Le plan"
    ]
    menu.items = [("link", {"page": plan.plan, "url": "", "text": "Notre plan"})]
    menu.save_revision().publish()
    assert [a.get_text() for a in soup(client.get(url)).select("nav.main-nav a")] == [
        "Notre plan"
    ]


def test_saved_settings_show_on_the_next_request(client, site_tree, plan):
    url = plan.axis.url
    count_queries(client, url)  # warm
    settings = SiteSettings.for_site(site_tree.site)
    settings.commune_name = "Commune renommée"
    settings.save()
    assert (
        soup(client.get(url)).select_one(".brand__name").get_text()
        == "Commune renommée"
    )


def test_a_published_home_page_changes_the_motto_everywhere(client, site_tree, plan):
    url = plan.axis.url
    count_queries(client, url)  # warm
    home = HomePage.objects.get(pk=site_tree.home_fr.pk)
    home.motto = "Une devise neuve"
    publish(home)
    assert (
        soup(client.get(url)).select_one(".brand__motto").get_text()
        == "Une devise neuve"
    )


def test_a_new_translation_appears_in_the_language_links(client, site_tree, plan):
    legal = add_page(
        site_tree.home_fr, ContentPage(title="Contact", slug="contact-mairie")
    )
    count_queries(client, legal.url)  # warm
    english = soup(client.get(legal.url)).select_one("nav.languages a[hreflang=en]")
    assert english["href"] == "/en/"
    translated = tree.translate(legal, {"title": "Contact", "slug": "contact"})
    english = soup(client.get(legal.url)).select_one("nav.languages a[hreflang=en]")
    assert english["href"] == translated.url


def test_a_restricted_section_is_private_at_once(client, plan):
    url = plan.axis.url
    count_queries(client, url)  # warm: the axis was public
    PageViewRestriction.objects.create(
        page=plan.axis, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(url).status_code == 302
    assert client.get(plan.actions["ateliers-numeriques"].url).status_code == 302
    assert plan.axis.title not in client.get(plan.plan.url).content.decode()


def test_the_agenda_and_an_event_stay_within_their_budget(client, agenda, make_event):
    """The agenda's lists and an event's links are fragments: once warm, what is
    left is finding the page, whatever the number of events."""
    events = [make_event(f"Atelier {number}") for number in range(3)]
    first = {
        "agenda": count_queries(client, agenda.url),
        "event": count_queries(client, events[0].url),
    }
    for number in range(3, 6):
        make_event(f"Atelier {number}")
    counts = {
        "agenda": count_queries(client, agenda.url),
        "event": count_queries(client, events[0].url),
        "agenda, filtered": count_queries(client, f"{agenda.url}?audience=everyone"),
    }
    # Rebuilt after a publication, the lists cost the same for 3 or 6 events.
    assert counts == {**first, "agenda, filtered": counts["agenda, filtered"]}
    warm = {
        "agenda": warm_queries(client, agenda.url),
        "event": warm_queries(client, events[0].url),
        "agenda, filtered": warm_queries(client, f"{agenda.url}?audience=everyone"),
    }
    assert warm["agenda"] <= 2 and warm["event"] <= 2, warm
    # A filtered agenda is rendered afresh, its events in a fixed number of queries.
    assert warm["agenda, filtered"] <= 4, warm


def test_a_form_page_stays_within_its_budget(client, contact):
    """Its path, its row and its fields: the pages it links to are a fragment;
    its form and token are the reader's, rendered each time."""
    assert warm_queries(client, contact.url) <= 3
