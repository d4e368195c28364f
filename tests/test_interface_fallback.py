"""A language configured without an interface catalogue (DJANGO_LANGUAGES
"fr,en,de": the project ships no German `django.po`) shows its interface in
French: every such string says so (`lang="fr"`, `dir`), while the page's own
content keeps the page's language. Arabic, which has its catalogue, has no
such marks and no French interface text."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.rich_text import RichText

from home.models import ContentPage
from home.translation.interface_language import has_catalogue, interface_language
from tests.helpers import add_page, soup, use_languages
from tests.language_marks import unmarked_french
from tests.tree import translate

pytestmark = pytest.mark.django_db

HOME_DE = {
    "title": "Teststadt — Frei leben",
    "slug": "startseite",
    "introduction": "Die digitale Politik der Teststadt.",
    "body": [
        ("heading", {"text": "Freie Software", "level": "h2"}),
        ("paragraph", RichText("<p>Die Stadt bevorzugt freie Software.</p>")),
    ],
}
HOME_AR = {
    "title": "مدينة الاختبار — العيش بحرية",
    "slug": "al-raisiya",
    "introduction": "السياسة الرقمية لمدينة الاختبار.",
    "body": [
        ("heading", {"text": "البرمجيات الحرة", "level": "h2"}),
        ("paragraph", RichText("<p>تفضّل المدينة البرمجيات الحرة.</p>")),
    ],
}


def test_the_languages_with_a_catalogue():
    assert has_catalogue("fr") and has_catalogue("en") and has_catalogue("ar")
    assert not has_catalogue("de")
    assert interface_language("de") == "fr"
    assert interface_language("en-gb") == "en-gb"  # read from the en catalogue
    assert interface_language("ar") == "ar"


@pytest.fixture
def german(settings, site_tree):
    use_languages(settings, "fr,en,de")
    home_de = translate(site_tree.home_fr, HOME_DE, "de")
    add_page(
        home_de,
        ContentPage(
            title="Digitale Politik", slug="digitale-politik", locale=home_de.locale
        ),
    )
    return home_de


def test_the_detector_finds_unmarked_french():
    html = '<html lang="de"><body><a href="#c">Aller au contenu</a></body></html>'
    assert unmarked_french(html) == ["Aller au contenu"]
    marked = html.replace("<a ", '<a lang="fr" ')
    assert unmarked_french(marked) == []


@pytest.mark.parametrize("url", ["/de/", "/de/digitale-politik/", "/de/nirgendwo/"])
def test_french_fallback_strings_carry_their_language(client, german, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert unmarked_french(response.content.decode()) == []
    document = soup(response)
    assert document.html["lang"] == "de"
    skip = document.select_one("a.skip-link")
    assert (skip["lang"], skip["dir"]) == ("fr", "ltr")
    assert skip.get_text(strip=True) == "Aller au contenu"
    # The page's content is German again inside French-marked landmarks.
    for link in document.select("nav.breadcrumbs a"):
        assert link.find_parent(attrs={"lang": True})["lang"] == "de"


def test_a_language_with_its_catalogue_has_no_french_and_no_marks(
    client, settings, site_tree
):
    use_languages(settings, "fr,en,ar")
    translate(site_tree.home_fr, HOME_AR, "ar")
    with translation.override("ar"):
        response = client.get("/ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert unmarked_french(html) == []
    document = soup(response)
    assert (
        document.select_one("a.skip-link").get_text(strip=True)
        == "الانتقال إلى المحتوى"
    )
    # The interface is not marked French; only the commune's name, written once
    # in French, is.
    marked = document.select("body [lang=fr]:not([hreflang])")
    assert all(
        element.name == "bdi" or "site-footer__title" in element["class"]
        for element in marked
    )
    for selector in ("a.skip-link", "form.site-search", "nav.languages", "footer li"):
        assert not document.select_one(selector).has_attr("lang"), selector


def test_an_editors_title_is_isolated_inside_an_arabic_sentence():
    template = Template(
        "{% load i18n site_tags %}{% blocktranslate with title=t|isolate %}"
        "Download “{{ title }}”{% endblocktranslate %}"
    )
    with translation.override("ar"):
        html = template.render(Context({"t": "Budget 2021 & <b>plan</b>"}))
    assert html == "تنزيل «<bdi>Budget 2021 &amp; &lt;b&gt;plan&lt;/b&gt;</bdi>»"
