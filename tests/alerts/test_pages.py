"""What residents see: the banner at the top of every page of every language
while its window is open, its level said in words, its link, the French text
standing in (marked `lang="fr"`) where no translation is published, and
nothing else of the page changed."""

from __future__ import annotations

import pytest

from alerts.models import AlertBanner
from tests.alerts.conftest import (
    END,
    HOMES,
    MINUTE,
    START,
    TEXT_AR,
    TEXT_EN,
    TEXT_FR,
    at,
    make_banner,
    translate_banner,
)
from tests.helpers import count_queries, soup

pytestmark = pytest.mark.django_db


def banners(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return soup(response).select("header.site-header > .alert")


def test_shown_in_every_language_during_its_window_only(client, trilingual):
    banner = make_banner()
    translate_banner(banner, TEXT_EN, "en")
    translate_banner(banner, TEXT_AR, "ar")
    expected = {"/": TEXT_FR, "/en/": TEXT_EN, "/ar/": TEXT_AR}
    for moment, shown in [
        (START - MINUTE, False),
        (START, True),
        (END - MINUTE, True),
        (END, False),
    ]:
        with at(moment):
            for url, _language in HOMES:
                found = banners(client, url)
                if not shown:
                    assert found == [], (moment, url)
                    continue
                assert len(found) == 1, (moment, url)
                text = found[0].select_one(".alert__text > span")
                assert text.get_text(strip=True) == expected[url]
                # In the page's own language: no mark.
                assert not text.has_attr("lang")


def test_a_language_without_translation_shows_the_french_marked_french(
    client, trilingual
):
    make_banner()
    with at(START + MINUTE):
        for url in ("/en/", "/ar/"):
            (banner,) = banners(client, url)
            text = banner.select_one(".alert__text > span")
            assert text.get_text(strip=True) == TEXT_FR
            assert (text["lang"], text["dir"]) == ("fr", "ltr")
        (french,) = banners(client, "/")
        assert not french.select_one(".alert__text > span").has_attr("lang")


def test_an_arabic_page_reads_the_level_in_arabic(client, trilingual):
    banner = make_banner(level=AlertBanner.Level.WARNING)
    translate_banner(banner, TEXT_AR, "ar")
    with at(START + MINUTE):
        (found,) = banners(client, "/ar/")
    assert found.select_one(".alert__level").get_text(strip=True) == "تنبيه:"
    text = found.select_one(".alert__text > span")
    assert text.get_text(strip=True) == TEXT_AR and not text.has_attr("lang")


@pytest.mark.parametrize(
    ("level", "role", "word"),
    [
        (AlertBanner.Level.INFORMATION, "status", "Information :"),
        (AlertBanner.Level.WARNING, "status", "Attention :"),
        (AlertBanner.Level.EMERGENCY, "alert", "Urgence :"),
    ],
)
def test_the_level_is_said_in_words_and_announced(
    client, trilingual, level, role, word
):
    make_banner(level=level)
    with at(START + MINUTE):
        (found,) = banners(client, "/")
    assert found["class"] == ["alert", f"alert--{level}"]
    assert found["role"] == role
    assert found.select_one(".alert__level").get_text(strip=True) == word
    # Nothing in it takes the focus.
    assert not found.select("[autofocus], [tabindex]")


def test_most_urgent_first(client, trilingual):
    make_banner(text="Travaux rue Jean-Jaurès.")
    make_banner(level=AlertBanner.Level.EMERGENCY, text="Alerte orages.")
    make_banner(level=AlertBanner.Level.WARNING, text="Messagerie en panne.")
    with at(START + MINUTE):
        found = banners(client, "/")
    assert [
        b.select_one(".alert__text > span").get_text(strip=True) for b in found
    ] == [
        "Alerte orages.",
        "Messagerie en panne.",
        "Travaux rue Jean-Jaurès.",
    ]


def test_a_page_link_leads_to_its_translation(client, trilingual):
    home = trilingual.home_fr
    banner = make_banner(link_page=home, link_text="Horaires des services")
    translate_banner(banner, TEXT_EN, "en", link_text="Opening hours")
    with at(START + MINUTE):
        (french,) = banners(client, "/")
        (english,) = banners(client, "/en/")
        (arabic,) = banners(client, "/ar/")
    assert (french.a["href"], french.a.get_text()) == ("/", "Horaires des services")
    assert (english.a["href"], english.a.get_text()) == ("/en/", "Opening hours")
    # No Arabic banner: the French one, linking to the Arabic home page.
    assert arabic.a["href"] == "/ar/"
    assert arabic.a.parent["lang"] == "fr"


def test_an_address_link_and_everything_typed_is_escaped(client, trilingual):
    make_banner(
        text='<script>alert("x")</script> & « fermé »',
        link_url="https://www.example.org/?a=1&b=<2>",
        link_text="<b>Détails</b>",
    )
    with at(START + MINUTE):
        response = client.get("/")
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Détails&lt;/b&gt;" in html
    (found,) = soup(response).select(".alert")
    assert found.a["href"] == "https://www.example.org/?a=1&b=<2>"
    assert found.a.get_text() == "<b>Détails</b>"


def test_drafts_unpublished_and_withdrawn_banners_are_not_shown(client, trilingual):
    make_banner(publish=False, text="Brouillon jamais publié.")
    shown = make_banner()
    shown.text = "Texte modifié, pas encore approuvé."
    shown.save_revision()
    withdrawn = make_banner(text="Retirée.")
    withdrawn.unpublish()
    with at(START + MINUTE):
        found = banners(client, "/")
    assert [
        b.select_one(".alert__text > span").get_text(strip=True) for b in found
    ] == [TEXT_FR]


def test_the_page_keeps_its_one_h1_and_its_language(client, trilingual):
    make_banner(level=AlertBanner.Level.EMERGENCY)
    for url, language in HOMES:
        with at(START - MINUTE):
            before = soup(client.get(url))
        with at(START + MINUTE):
            after = soup(client.get(url))
        assert [h.get_text() for h in after.find_all("h1")] == [
            h.get_text() for h in before.find_all("h1")
        ]
        assert len(after.find_all("h1")) == 1
        assert after.html["lang"] == language
        assert after.html["dir"] == ("rtl" if language == "ar" else "ltr")
        # In the header landmark, before the site's name.
        header = after.select_one("header.site-header")
        assert header.find(True)["class"][0] == "alert"


@pytest.mark.engine
def test_the_queries_do_not_grow_with_the_banners(client, trilingual):
    home = trilingual.home_fr
    make_banner(link_page=home, link_text="Accueil")
    with at(START + MINUTE):
        one = count_queries(client, "/en/")
    for number in range(4):
        banner = make_banner(
            text=f"Alerte {number}.",
            link_page=home,
            link_text="Accueil",
            level=AlertBanner.Level.WARNING,
        )
        translate_banner(banner, f"Alert {number}.", "en", link_text="Home")
    with at(START + MINUTE):
        five = count_queries(client, "/en/")
        assert len(banners(client, "/en/")) == 5
    assert five == one


def test_its_style_sheet_is_linked_only_while_a_banner_is_shown(client, trilingual):
    make_banner()
    for moment, links in [(START - MINUTE, 0), (START + MINUTE, 1), (END, 0)]:
        with at(moment):
            for url, _language in HOMES:
                document = soup(client.get(url))
                found = document.select("head link[rel=stylesheet][href$='alerts.css']")
                assert len(found) == links, (moment, url)
