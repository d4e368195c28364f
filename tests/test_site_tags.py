"""The theme's template tags: menus, language links, the accessibility label and
the all-languages sitemap, with query counts that do not grow with content."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from home.demo.translation import publish_translation
from home.models import AccessibilityStatementPage, ContentPage, Menu
from tests.helpers import add_page, soup


def _menu(locale, location: str, pages) -> Menu:
    menu = Menu(locale=locale, location=location, live=True)
    menu.items = [("link", {"page": page, "url": "", "text": ""}) for page in pages]
    menu.save()
    return menu


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _translate(page, values: dict, locale: str = "en"):
    """Translate and publish now: wagtail-localize publishes on commit, which never
    comes inside a test's transaction."""
    translated = publish_translation(page, values, locale)
    translated.refresh_from_db()
    if not translated.live:
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
    return translated


@pytest.fixture
def tree(site_tree):
    site_tree.home_en = _translate(site_tree.home_fr, {})
    return site_tree


@pytest.fixture
def pages(tree) -> list[ContentPage]:
    return [
        add_page(
            tree.home_fr,
            ContentPage(title=f"Page {n}", slug=f"page-{n}", locale=tree.locale_fr),
        )
        for n in range(8)
    ]


def test_query_count_does_not_grow_with_menu_items(client, tree, pages):
    menu = _menu(tree.locale_fr, "main", pages[:1])
    _menu(tree.locale_fr, "footer", pages[:1])
    client.get("/")  # warm Wagtail's site root paths cache
    few = _queries(client, "/")
    menu.items = [("link", {"page": p, "url": "", "text": ""}) for p in pages]
    menu.save()
    client.get("/")  # the saved menu is read again once, then kept
    many = _queries(client, "/")
    assert many == few
    links = soup(client.get("/")).select("nav.main-nav a")
    assert [a.get_text() for a in links] == [p.title for p in pages]


def test_menu_follows_pages_into_the_readers_language(client, tree, pages):
    translated = _translate(pages[0], {"title": "Page zero", "slug": "page-zero"})
    _menu(tree.locale_en, "main", [pages[0]])
    link = soup(client.get("/en/")).select_one("nav.main-nav a")
    assert link["href"] == translated.url
    assert link.get_text() == "Page zero"


def test_language_switcher_and_hreflang(client, tree):
    document = soup(client.get("/"))
    switcher = document.select("nav.languages a")
    assert [(a["hreflang"], a["lang"], a["href"]) for a in switcher] == [
        ("fr", "fr", "/"),
        ("en", "en", "/en/"),
    ]
    assert switcher[0]["aria-current"] == "true"
    alternates = {
        link["hreflang"]: link["href"]
        for link in document.select("link[rel=alternate][hreflang]")
    }
    assert alternates == {
        "fr": "http://testserver/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/",
    }


def test_untranslated_page_switches_to_the_other_home(client, tree, pages):
    document = soup(client.get(pages[0].url))
    english = document.select_one("nav.languages a[hreflang=en]")
    assert english["href"] == "/en/"
    assert not document.select("link[rel=alternate][hreflang=en]")


def test_accessibility_label_without_and_with_statement(client, tree):
    label = soup(client.get("/")).select_one(".site-footer__accessibility")
    assert label.get_text(strip=True) == "Accessibilité : non conforme"
    assert label.find("a") is None

    statement = add_page(
        tree.home_fr,
        AccessibilityStatementPage(
            title="Accessibilité",
            slug="accessibilite",
            locale=tree.locale_fr,
            audit_date=datetime.date.today() - datetime.timedelta(days=30),
            compliance_rate=Decimal("75"),
        ),
    )
    label = soup(client.get("/")).select_one(".site-footer__accessibility a")
    assert label.get_text(strip=True) == "Accessibilité : partiellement conforme"
    assert label["href"] == statement.url
    response = client.get(statement.url)
    assert "Défenseur des droits" in response.content.decode()


def _render_breadcrumbs(rf, page) -> tuple[str, int]:
    template = Template("{% load site_tags %}{% breadcrumbs %}")
    request = rf.get(page.url)
    with CaptureQueriesContext(connection) as context:
        html = template.render(Context({"page": page, "request": request}))
    return html, len(context.captured_queries)


def test_breadcrumbs_query_count_does_not_grow_with_depth(rf, tree):
    parent = tree.home_fr
    for depth in range(4):
        parent = add_page(
            parent,
            ContentPage(
                title=f"Level {depth}", slug=f"level-{depth}", locale=tree.locale_fr
            ),
        )
        if depth == 0:
            shallow = parent
    _render_breadcrumbs(rf, shallow)  # the home pages, then one query per trail
    _, shallow_cold = _render_breadcrumbs(rf, shallow)
    _, deep_cold = _render_breadcrumbs(rf, parent)
    assert shallow_cold + 1 == deep_cold == 2
    # Warm: the trail is kept until content changes; only the site is looked up.
    _, few = _render_breadcrumbs(rf, shallow)
    html, many = _render_breadcrumbs(rf, parent)
    assert few == many == 1
    crumbs = BeautifulSoup(html, "html.parser").select("li")
    assert [li.get_text(strip=True) for li in crumbs][1:] == [
        "Level 0",
        "Level 1",
        "Level 2",
        "Level 3",
    ]
    assert crumbs[-1].find("a") is None


def test_sitemap_lists_every_language(client, tree):
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/</loc>" in body
    assert "<loc>http://testserver/en/</loc>" in body
    assert 'hreflang="x-default"' in body


def test_no_cookie_and_local_assets(client, tree):
    response = client.get("/")
    assert not response.cookies
    document = soup(response)
    for tag, attribute in (("link", "href"), ("img", "src"), ("script", "src")):
        for element in document.find_all(tag):
            if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            value = element.get(attribute)
            assert value is None or value.startswith("/"), value
