"""The demo's forms: the digital department's contact form and the sign-up
form of a workshop of the agenda, in French, English and Arabic, each with one
h1, its language and direction, and no unmarked French on the Arabic pages."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from contact.models import FormPage
from home.demo.loader import Entry, read_file
from home.models import ContentPage
from tests.contact.conftest import send
from tests.helpers import assert_page_basics, soup
from tests.language_marks import unmarked_french
from tests.test_demo_arabic import DEMO_NOTE, Loaded, load_in_arabic, read_loaded
from tests.tree import DemoTestCase, shared_layer

# A day of the demo's life, before the workshop.
DEMO_DAY = timezone.make_aware(datetime.datetime(2026, 12, 1, 12))
CONTACT_FR = "/ecrire-a-la-direction-du-numerique/"
CONTACT_EN = "/en/write-to-the-digital-department/"
SIGN_UP_FR = "/inscription-atelier-premiers-pas/"
ROOT = django_settings.BASE_DIR
AGENDA_ENTRIES = {"agenda", "atelier-premiers-pas-avec-un-ordinateur"}
LINKS = {"action_links", "article_links", "categories"}


class DemoFormsTests(DemoTestCase):
    def test_the_contact_form_in_french_and_english(self):
        client = Client()
        french = client.get(CONTACT_FR)
        document = assert_page_basics(french, "fr")
        assert not french.cookies
        labels = [
            label.get_text(" ", strip=True)
            for label in document.select("form.resident-form label")
        ]
        assert labels[:3] == [
            "Nom (obligatoire)",
            "Courriel",
            "Sujet (obligatoire)",
        ]
        assert document.select_one("#id_nom")["autocomplete"] == "name"
        options = [o.text for o in document.select("#id_sujet option")]
        assert "Logiciels libres" in options
        privacy = document.select_one(".form-privacy")
        assert "12 mois" in privacy.text
        assert privacy.select_one("a")["href"] == "/donnees-personnelles/"

        english = client.get(CONTACT_EN)
        document = assert_page_basics(english, "en")
        assert (
            document.select_one("label[for=id_votre_message]").get_text(" ", strip=True)
            == "Your message (required)"
        )
        options = [o.text for o in document.select("#id_sujet option")]
        assert "Free software" in options
        assert document.select_one(".form-privacy a")["href"] == "/en/personal-data/"

    def test_the_workshop_sign_up_names_its_event_and_its_places(self):
        with mock.patch("django.utils.timezone.now", return_value=DEMO_DAY):
            response = Client().get(SIGN_UP_FR)
        document = assert_page_basics(response, "fr")
        event = document.select_one(".form-event a")
        assert event["href"] == "/agenda/atelier-premiers-pas-avec-un-ordinateur/"
        assert "12 places restantes" in document.select_one(".form-places").text
        assert "3 mois" in document.select_one(".form-privacy").text
        assert document.select_one("#id_telephone")["autocomplete"] == "tel"

    def test_the_workshop_page_links_its_sign_up_form_in_each_language(self):
        """The event page sends residents to the site's own form, in their
        language, rather than to an outside address."""
        for prefix, language in (("", "fr"), ("/en", "en")):
            form = FormPage.objects.live().get(
                locale__language_code=language, event__isnull=False
            )
            event = form.event.get_translation(form.locale)
            document = assert_page_basics(Client().get(event.url), language)
            links = [a["href"] for a in document.select(".event-facts a, dl a")]
            assert form.url in links, (event.url, links)
            assert form.url.startswith(prefix + "/")

    def test_the_contact_page_links_the_contact_form_in_each_language(self):
        """Someone looking for how to reach the city finds the form on the
        Contact page, in their language (a call to action of the demo data,
        home/demo_data/pages.toml)."""
        client = Client()
        for url, language, form_url, text in (
            ("/contact/", "fr", CONTACT_FR, "Écrire à la direction du numérique"),
            ("/en/contact/", "en", CONTACT_EN, "Write to the digital department"),
        ):
            document = assert_page_basics(client.get(url), language)
            links = {
                a.get_text(" ", strip=True): a["href"]
                for a in document.select("main a[href]")
            }
            assert links.get(text) == form_url, (url, links)
        # Whatever languages the demo is loaded with (DJANGO_LANGUAGES), each
        # translation of the page links the form in its language.
        contact = ContentPage.objects.get(locale__language_code="fr", slug="contact")
        form = FormPage.objects.get(url_path__endswith=CONTACT_FR)
        for page in contact.get_translations().live():
            target = form.get_translation(page.locale)
            document = soup(client.get(page.url))
            hrefs = [a["href"] for a in document.select("main a[href]")]
            assert target.url in hrefs, (page.url, hrefs)

    def test_the_demo_forms_answer_a_resident(self):
        page = FormPage.objects.get(url_path__endswith=CONTACT_FR)
        with self.settings(CONTACT_FORM_MIN_SECONDS=0):
            response = send(
                Client(),
                CONTACT_FR,
                {
                    "nom": "Camille",
                    "sujet": "Logiciels libres",
                    "votre_message": "Quels logiciels utilisez-vous ?",
                },
            )
        assert response.status_code == 200
        assert soup(response).h1.get_text(strip=True) == "Formulaire envoyé"
        assert page.get_submissions().count() == 1


@shared_layer("_arabic_forms_layer")
def _arabic_forms_layer(below: dict) -> dict[str, tuple[str, int]]:
    """The demo's forms, the workshop they name and its agenda on top of the
    demo's home page, then their Arabic translations: built once for the
    tests below (each one's changes are rolled back)."""
    agenda = [
        Entry(e.kind, e.path, {k: v for k, v in e.data.items() if k not in LINKS})
        for e in read_file(ROOT / "events/demo_data/agenda.toml")
        if e.key in AGENDA_ENTRIES
    ]
    return load_in_arabic([*agenda, *read_file(ROOT / "contact/demo_data/forms.toml")])


@pytest.fixture
def arabic_forms(_arabic_forms_layer, settings) -> Loaded:
    return read_loaded(_arabic_forms_layer, settings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["contact-form", "workshop-sign-up"], ids=["contact", "sign-up"]
)
def test_the_arabic_forms_read_right_to_left(client, settings, arabic_forms, key):
    settings.CONTACT_FORM_MIN_SECONDS = 0
    from wagtail.models import Locale

    page = arabic_forms.objects[key].get_translation(
        Locale.objects.get(language_code="ar")
    )
    with mock.patch("django.utils.timezone.now", return_value=DEMO_DAY):
        response = client.get(page.url)
        assert response.status_code == 200
        document = soup(response)
        assert (document.html["lang"], document.html["dir"]) == ("ar", "rtl")
        assert len(document.find_all("h1")) == 1
        assert DEMO_NOTE in document.select_one("main").get_text()
        assert document.select_one(".resident-form__send").text == "إرسال"
        assert unmarked_french(response.content.decode()) == []
        # The errors, in Arabic too.
        errors = send(client, page.url, {})
    document = soup(errors)
    summary = document.select_one("#form-errors")
    assert "لم تُرسل استمارتكم" in summary.text
    assert unmarked_french(errors.content.decode()) == []
