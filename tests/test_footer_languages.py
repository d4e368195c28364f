"""The same legal claim in every language: the footer gives the accessibility
statement's conformity and links to it, in a language without its own
statement to the French one, saying so (`hreflang`, « (in French) »)."""

from __future__ import annotations

import pytest

from tests.helpers import soup, use_languages
from tests.test_accessibility_statement import (
    published_statement as published_statement,  # the statement's fixture
)
from tests.tree import translate

pytestmark = pytest.mark.django_db


def footer_link(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    item = soup(response).select_one("footer .site-footer__accessibility")
    return item, item.find("a")


@pytest.fixture
def four_languages(settings, site_tree, published_statement):
    use_languages(settings, "fr,en,ar,de")
    translate(site_tree.home_fr, {"title": "مدينة الاختبار", "slug": "ar-home"}, "ar")
    translate(site_tree.home_fr, {"title": "Teststadt", "slug": "startseite"}, "de")
    return published_statement


@pytest.mark.parametrize(
    ("url", "label", "own_statement", "note"),
    [
        ("/", "Accessibilité : partiellement conforme", True, None),
        ("/en/", "Accessibility: partially compliant", True, None),
        ("/ar/", "إمكانية الوصول: مطابقة جزئية", False, "(بالفرنسية)"),
        # No German catalogue: the label is French, and marked so.
        ("/de/", "Accessibilité : partiellement conforme", False, "(en français)"),
    ],
    ids=["fr", "en", "ar", "de"],
)
def test_every_language_states_the_conformity_and_links_to_a_statement(
    client, four_languages, url, label, own_statement, note
):
    french, english = four_languages
    item, link = footer_link(client, url)
    assert link is not None, f"{url}: the conformity has no link"
    text = " ".join(link.get_text(" ", strip=True).split())
    assert text.startswith(label)
    if own_statement:
        assert link["href"] in (french.url, english.url)
        assert not link.has_attr("hreflang")
    else:
        assert link["href"] == french.url
        assert link["hreflang"] == "fr"
        assert link.select_one(".language-note").get_text() == note
    if url == "/de/":
        assert item["lang"] == "fr"


def test_no_statement_anywhere_says_not_compliant_in_every_language(
    client, settings, site_tree
):
    use_languages(settings, "fr,en,ar")
    translate(site_tree.home_fr, {"title": "مدينة الاختبار", "slug": "ar-home"}, "ar")
    item, link = footer_link(client, "/ar/")
    assert link is None
    assert item.get_text(strip=True) == "إمكانية الوصول: غير مطابق"
