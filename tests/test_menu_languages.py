"""Menus in a partly translated language: a language has a main menu as soon as
it exists. Entries whose page is translated lead to the translation; the others
lead to the French page and say so (`hreflang`, `lang` on the French title, a
visible « (in French) » in the reader's language)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from home.models import Menu
from tests.admin_form import untouched_form_data
from tests.helpers import soup, use_languages
from tests.test_site_tags import _menu, _queries, _translate
from tests.test_site_tags import pages as pages  # the pages' fixture
from tests.test_site_tags import tree as tree  # the tree's fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic(settings, tree):
    use_languages(settings, "fr,en,ar")
    tree.home_ar = _translate(tree.home_fr, {"slug": "ar-home"}, "ar")
    return tree


def test_arabic_without_its_own_menu_borrows_the_french_one(client, arabic, pages):
    translated = _translate(pages[0], {"title": "الصفحة صفر", "slug": "ar-zero"}, "ar")
    _menu(arabic.locale_fr, "main", pages[:2])
    links = soup(client.get("/ar/")).select("nav.main-nav a")
    assert len(links) == 2
    first, second = links
    assert first["href"] == translated.url
    assert first.get_text() == "الصفحة صفر"
    assert not first.has_attr("hreflang") and not first.select("[lang]")
    assert second["href"] == pages[1].url
    assert second["hreflang"] == "fr"
    title = second.select_one("span[lang]")
    assert (title["lang"], title.get_text()) == ("fr", "Page 1")
    note = second.select_one(".language-note")
    assert note.get_text() == "(بالفرنسية)"
    assert note.find_parent(attrs={"lang": True}).name == "html"  # Arabic


def test_an_arabic_menu_marks_its_untranslated_entries(client, arabic, pages):
    menu = _menu(arabic.locale_fr, "main", pages[:1])
    arabic_menu = Menu(
        locale=arabic.home_ar.locale,
        location="main",
        live=True,
        translation_key=menu.translation_key,
    )
    arabic_menu.items = [("link", {"page": pages[0], "url": "", "text": "صفحة"})]
    arabic_menu.save()
    link = soup(client.get("/ar/")).select_one("nav.main-nav a")
    assert link["href"] == pages[0].url
    assert link["hreflang"] == "fr"
    # The menu's own text is Arabic: no lang on it, the note says French.
    assert not link.select("span[lang]")
    assert link.get_text(" ", strip=True) == "صفحة (بالفرنسية)"


def test_the_borrowed_menu_costs_no_query_per_entry(client, arabic, pages):
    menu = _menu(arabic.locale_fr, "main", pages[:1])
    client.get("/ar/")
    few = _queries(client, "/ar/")
    menu.items = [("link", {"page": p, "url": "", "text": ""}) for p in pages]
    menu.save()
    client.get("/ar/")
    assert _queries(client, "/ar/") == few
    assert len(soup(client.get("/ar/")).select("nav.main-nav a[hreflang=fr]")) == 8


def test_french_and_english_menus_are_unchanged(client, tree, pages):
    _menu(tree.locale_fr, "main", pages[:1])
    link = soup(client.get("/")).select_one("nav.main-nav a")
    assert not link.has_attr("hreflang") and not link.select(".language-note")


def test_the_menu_editor_shows_untranslated_entries_per_language(
    client, django_user_model, arabic, pages
):
    translated = _translate(pages[0], {"title": "الصفحة صفر", "slug": "ar-zero"}, "ar")
    assert translated.live
    menu = _menu(arabic.locale_fr, "main", pages[:2])
    menu.save_revision().publish()
    user = django_user_model.objects.create_superuser("menus", "m@example.org", "x")
    client.force_login(user)
    url = reverse(Menu.snippet_viewset.get_url_name("edit"), args=[menu.pk])
    with translation.override("fr"):
        data = untouched_form_data(client, url, Menu)
        document = soup(client.get(url))
    rows = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in document.select(".menu-translations tbody tr")
    }
    # Page 0 has no English translation; page 1 has neither English nor Arabic.
    assert rows == {"Page 0": "Anglais", "Page 1": "Anglais, Arabe"}
    headers = [
        th.get_text(strip=True) for th in document.select(".menu-translations thead th")
    ]
    assert headers == ["Entrée", "Non traduite en"]
    assert "Traductions des entrées" in document.get_text()
    # The panel adds no field: the form posted back as read saves the menu.
    response = client.post(url, data)
    assert response.status_code == 302


def test_the_footers_legal_links_lead_to_the_french_pages_and_say_so(
    client, arabic, pages
):
    legal = pages[3]
    _menu(arabic.locale_fr, "footer", [legal])
    document = soup(client.get("/ar/"))
    link = document.select_one(
        ".site-footer__nav li:not(.site-footer__accessibility) a"
    )
    assert link["href"] == legal.url
    assert link["hreflang"] == "fr"
    assert link.select_one("span[lang=fr]").get_text() == legal.title
    assert link.select_one(".language-note").get_text() == "(بالفرنسية)"
