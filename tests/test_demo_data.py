"""`manage.py load_demo_data` builds a complete bilingual site, every page of which
renders for residents; running it again changes nothing."""

from __future__ import annotations

import datetime
import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Locale,
    Page,
    ReferenceIndex,
    Revision,
    Site,
    TranslatableMixin,
)
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation

from home.demo.loader import DemoDataError, DemoLoader, read_file
from home.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    Menu,
    SiteMapPage,
    SiteSettings,
)
from home.translation.status import UP_TO_DATE, translation_status
from news.models import NewsPage
from policy.models import (
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    AwardsPage,
    AxisPage,
    DatasetPage,
    MasterPlanPage,
    ObjectivePage,
    OpenDataPage,
)
from tests.helpers import assert_page_basics, soup
from tests.tree import DemoTestCase, load_demo_data


def counts() -> dict[str, int]:
    snippets = {
        f"snippet {model._meta.label}": model.objects.count()
        for model in get_snippet_models()
    }
    return {
        **snippets,
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "menus": Menu.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
        "locales": Locale.objects.count(),
    }


# The demo site as the Python-built demo made it, before it became data files
# (the same site must come out), and the master plan added since as data.
EXPECTED_PAGES = """
home.HomePage fr accueil
home.HomePage en home
home.ContentPage fr mentions-legales
home.ContentPage en legal-notice
home.ContentPage fr donnees-personnelles
home.ContentPage en personal-data
home.ContentPage fr contact
home.ContentPage en contact
home.AccessibilityStatementPage fr declaration-d-accessibilite
home.AccessibilityStatementPage en accessibility-statement
home.SiteMapPage fr plan-du-site
home.SiteMapPage en site-map
news.NewsIndexPage fr actualites
news.NewsIndexPage en news
news.NewsPage fr le-schema-directeur-du-numerique-est-adopte
news.NewsPage en the-digital-master-plan-is-adopted
news.NewsPage fr premier-label-territoire-numerique-libre
news.NewsPage en first-territoire-numerique-libre-label
news.NewsPage fr niveau-5-du-label-territoire-numerique-libre
news.NewsPage en level-5-of-the-territoire-numerique-libre-label
news.NewsPage fr les-bornes-wi-fi-publiques-en-donnees-ouvertes
news.NewsPage en public-wi-fi-access-points-released-as-open-data
news.NewsPage fr label-territoire-numerique-libre-2023
news.NewsPage en territoire-numerique-libre-label-2023
news.NewsPage fr naissance-d-alposs
news.NewsPage en alposs-is-born
news.NewsPage fr dix-ans-apres-le-pacte-du-logiciel-libre
news.NewsPage en ten-years-after-the-free-software-pact
news.NewsPage fr troisieme-annee-au-niveau-5
news.NewsPage en three-years-in-a-row-at-level-5
news.NewsPage fr ateliers-numeriques-pour-tous
news.NewsPage en digital-workshops-for-every-resident
news.NewsPage fr lancement-de-france-numerique-libre
news.NewsPage en the-france-numerique-libre-network-is-launched
news.NewsPage fr nec-d-or-2025-de-la-coherence
news.NewsPage en the-city-receives-the-2025-nec-d-or
news.NewsPage fr label-territoire-numerique-libre-or
news.NewsPage en the-gold-territoire-numerique-libre-label
news.NewsPage fr alposs-2026-plus-de-500-participants
news.NewsPage en alposs-2026-over-500-participants
news.NewsPage fr le-catalogue-de-donnees-ouvertes-s-enrichit
news.NewsPage en the-open-data-catalogue-grows
policy.MasterPlanPage fr schema-directeur-du-numerique
policy.MasterPlanPage en digital-master-plan
policy.AwardsPage fr prix-et-labels
policy.AwardsPage en awards-and-labels
policy.AxisPage fr inclusion-numerique
policy.AxisPage en digital-inclusion
policy.ObjectivePage fr accompagner-les-habitants-eloignes-du-numerique
policy.ObjectivePage en supporting-residents-far-from-digital
policy.ActionPage fr ateliers-numeriques-gratuits
policy.ActionPage en free-digital-workshops
policy.ActionPage fr conseillers-numeriques-dans-les-maisons-des-habitants
policy.ActionPage en digital-advisers-in-community-centres
policy.ObjectivePage fr un-acces-a-internet-pour-tous
policy.ObjectivePage en internet-access-for-all
policy.ActionPage fr wi-fi-public-gratuit
policy.ActionPage en free-public-wi-fi
policy.ActionPage fr ordinateurs-en-libre-acces-a-la-mediatheque
policy.ActionPage en public-computers-at-the-media-library
policy.ObjectivePage fr former-les-agents-au-numerique
policy.ObjectivePage en training-staff-in-digital-skills
policy.ActionPage fr former-les-agents-aux-logiciels-libres
policy.ActionPage en training-staff-in-free-software
policy.ActionPage fr un-referent-numerique-par-service
policy.ActionPage en a-digital-referent-in-every-department
policy.AxisPage fr transition-ecologique-du-numerique
policy.AxisPage en ecological-transition-in-digital
policy.ObjectivePage fr allonger-la-duree-de-vie-des-equipements
policy.ObjectivePage en making-equipment-last-longer
policy.ActionPage fr garder-les-ordinateurs-sept-ans
policy.ActionPage en keeping-computers-seven-years
policy.ActionPage fr reconditionner-les-ordinateurs-reformes
policy.ActionPage en refurbishing-retired-computers
policy.ActionPage fr clauses-environnementales-dans-les-achats
policy.ActionPage en environmental-clauses-in-purchasing
policy.ObjectivePage fr des-usages-numeriques-sobres
policy.ObjectivePage en sober-digital-uses
policy.ActionPage fr mesurer-l-empreinte-du-numerique
policy.ActionPage en measuring-the-digital-footprint
policy.ActionPage fr des-serveurs-mutualises-et-sobres
policy.ActionPage en pooled-energy-efficient-servers
policy.ActionPage fr ecrans-d-information-dans-l-espace-public
policy.ActionPage en information-screens-in-public-spaces
policy.AxisPage fr services-aux-habitants
policy.AxisPage en services-to-residents
policy.ObjectivePage fr des-demarches-en-ligne-simples
policy.ObjectivePage en simple-online-procedures
policy.ActionPage fr un-portail-des-demarches-en-ligne
policy.ActionPage en an-online-procedures-portal
policy.ActionPage fr prendre-rendez-vous-en-ligne
policy.ActionPage en booking-appointments-online
policy.ActionPage fr une-application-mobile-de-la-ville
policy.ActionPage en a-city-mobile-app
policy.ObjectivePage fr un-accueil-physique-maintenu
policy.ObjectivePage en keeping-the-front-desk
policy.ActionPage fr une-aide-aux-demarches-a-l-accueil
policy.ActionPage en help-with-procedures-at-the-front-desk
policy.ActionPage fr un-numero-unique-pour-joindre-la-mairie
policy.ActionPage en one-number-to-reach-the-town-hall
policy.AxisPage fr ethique-et-souverainete
policy.AxisPage en ethics-and-sovereignty
policy.ObjectivePage fr maitriser-nos-outils-avec-le-logiciel-libre
policy.ObjectivePage en controlling-our-tools-with-free-software
policy.ActionPage fr une-telephonie-libre-hebergee-par-la-ville
policy.ActionPage en free-software-telephony-hosted-by-the-city
policy.ActionPage fr messagerie-et-visioconference-libres
policy.ActionPage en free-software-e-mail-and-video-conferencing
policy.ActionPage fr des-outils-collaboratifs-libres
policy.ActionPage en free-software-collaborative-tools
policy.ActionPage fr contribuer-aux-logiciels-libres-utilises
policy.ActionPage en contributing-to-the-free-software-we-use
policy.ActionPage fr un-archivage-electronique-libre
policy.ActionPage en free-software-electronic-archiving
policy.ObjectivePage fr ouvrir-les-donnees-publiques
policy.ObjectivePage en opening-public-data
policy.ActionPage fr un-catalogue-de-donnees-ouvertes
policy.ActionPage en an-open-data-catalogue
policy.ActionPage fr publier-le-budget-du-schema-directeur
policy.ActionPage en publishing-the-master-plan-budget
policy.ObjectivePage fr cooperer-avec-les-autres-collectivites
policy.ObjectivePage en cooperating-with-other-local-authorities
policy.ActionPage fr mutualiser-avec-le-sitpi
policy.ActionPage en pooling-with-the-sitpi
policy.ActionPage fr rejoindre-alpes-numerique-libre
policy.ActionPage en joining-alpes-numerique-libre
policy.ActionPage fr lancer-france-numerique-libre
policy.ActionPage en launching-france-numerique-libre
policy.ActionPage fr organiser-alposs
policy.ActionPage en organising-alposs
policy.OpenDataPage fr donnees-ouvertes
policy.OpenDataPage en open-data
policy.DatasetPage fr points-acces-wi-fi-public
policy.DatasetPage en public-wi-fi-access-points
policy.DatasetPage fr inventaire-logiciels-libres
policy.DatasetPage en free-software-inventory
policy.DatasetPage fr budget-schema-directeur
policy.DatasetPage en master-plan-budget
policy.DatasetPage fr frequentation-ateliers-inclusion-numerique
policy.DatasetPage en digital-inclusion-workshop-attendance
policy.DatasetPage fr frequentation-alposs
policy.DatasetPage en alposs-attendance
policy.DatasetPage fr actions-schema-directeur
policy.DatasetPage en master-plan-actions
policy.DatasetPage fr lieux-mediation-numerique
policy.DatasetPage en digital-inclusion-places
events.EventIndexPage fr agenda
events.EventIndexPage en events
events.EventPage fr alposs-2024
events.EventPage en alposs-2024
events.EventPage fr alposs-2025
events.EventPage en alposs-2025
events.EventPage fr alposs-2026
events.EventPage en alposs-2026
events.EventPage fr alposs-2027
events.EventPage en alposs-2027
events.EventPage fr atelier-premiers-pas-avec-un-ordinateur
events.EventPage en workshop-first-steps-with-a-computer
events.EventPage fr atelier-demarches-en-ligne
events.EventPage en workshop-online-procedures
events.EventPage fr atelier-installer-des-logiciels-libres
events.EventPage en workshop-installing-free-software
events.EventPage fr rencontre-france-numerique-libre
events.EventPage en france-numerique-libre-meeting
events.EventPage fr atelier-proteger-sa-vie-privee
events.EventPage en workshop-protecting-your-privacy
contact.FormPage fr ecrire-a-la-direction-du-numerique
contact.FormPage en write-to-the-digital-department
contact.FormPage fr inscription-atelier-premiers-pas
contact.FormPage en sign-up-first-steps-workshop
"""
EXPECTED_COUNTS = {
    "pages": {
        ("home.HomePage", "fr"): 1,
        ("home.HomePage", "en"): 1,
        ("home.ContentPage", "fr"): 3,
        ("home.ContentPage", "en"): 3,
        ("home.AccessibilityStatementPage", "fr"): 1,
        ("home.AccessibilityStatementPage", "en"): 1,
        ("home.SiteMapPage", "fr"): 1,
        ("home.SiteMapPage", "en"): 1,
        ("news.NewsIndexPage", "fr"): 1,
        ("news.NewsIndexPage", "en"): 1,
        ("news.NewsPage", "fr"): 14,
        ("news.NewsPage", "en"): 14,
        ("policy.MasterPlanPage", "fr"): 1,
        ("policy.MasterPlanPage", "en"): 1,
        ("policy.AxisPage", "fr"): 4,
        ("policy.AxisPage", "en"): 4,
        ("policy.ObjectivePage", "fr"): 10,
        ("policy.ObjectivePage", "en"): 10,
        ("policy.ActionPage", "fr"): 28,
        ("policy.ActionPage", "en"): 28,
        ("policy.AwardsPage", "fr"): 1,
        ("policy.AwardsPage", "en"): 1,
        ("policy.OpenDataPage", "fr"): 1,
        ("policy.OpenDataPage", "en"): 1,
        ("policy.DatasetPage", "fr"): 7,
        ("policy.DatasetPage", "en"): 7,
        ("events.EventIndexPage", "fr"): 1,
        ("events.EventIndexPage", "en"): 1,
        ("events.EventPage", "fr"): 9,
        ("events.EventPage", "en"): 9,
        ("contact.FormPage", "fr"): 2,
        ("contact.FormPage", "en"): 2,
    },
    "snippets": {
        ("home.Menu", "fr"): 2,
        ("home.Menu", "en"): 2,
        ("news.NewsCategory", "fr"): 5,
        ("news.NewsCategory", "en"): 5,
        ("policy.AwardingBody", "fr"): 2,
        ("policy.AwardingBody", "en"): 2,
        ("policy.Award", "fr"): 6,
        ("policy.Award", "en"): 6,
        ("events.EventSeries", "fr"): 1,
        ("events.EventSeries", "en"): 1,
        ("alerts.AlertBanner", "fr"): 1,
        ("alerts.AlertBanner", "en"): 1,
        ("accessibility.Scheme", "fr"): 1,
        ("accessibility.Scheme", "en"): 1,
    },
    "images": 22,
    "documents": 10,
    "users": ["admin", "editeur", "responsable", "traducteur"],
    "groups": ["Editors", "Moderators", "Responsables", "Rédacteurs", "Traducteurs"],
    "translations": 103,
}


DEMO_ADDRESS = "http://127.0.0.1:8765"


class DemoDataTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # The first run, on the empty database, built the shared demo layer.
        cls.first_output = cls.demo_output()
        cls.after_first = counts()
        # Served at another address the second time (dev.py start on another
        # port): the Site follows.
        cls.second_output = load_demo_data("--base-url", DEMO_ADDRESS)
        cls.after_second = counts()

    def test_the_site_serves_a_french_home_page_and_its_english_translation(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        self.assertIsInstance(home, HomePage)
        self.assertEqual(home.locale.language_code, "fr")
        self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8765))
        self.assertTrue(site.site_name)
        english = home.get_translation(Locale.objects.get(language_code="en"))
        self.assertTrue(english.live)
        self.assertIsNotNone(home.image)
        self.assertTrue(home.image.description, "the hero image needs an alt")

    def test_every_page_and_snippet_is_translated_and_up_to_date(self):
        rows = translation_status().rows
        self.assertGreater(len(rows), 50)
        self.assertEqual({row.status for row in rows}, {UP_TO_DATE})

    def test_the_same_site_comes_out_of_the_data_files(self):
        pages = Page.objects.filter(depth__gt=1).select_related("locale")
        pages = [
            (p.specific_class._meta.label, p.locale.language_code, p.slug)
            for p in pages
        ]
        # Translatable snippets (a data schema is the same in every language).
        snippets = Counter(
            (model._meta.label, obj.locale.language_code)
            for model in get_snippet_models()
            if issubclass(model, TranslatableMixin)
            for obj in model.objects.select_related("locale")
        )
        User = get_user_model()
        self.assertEqual(
            {
                "pages": dict(Counter((label, code) for label, code, _slug in pages)),
                "snippets": dict(snippets),
                "images": get_image_model().objects.count(),
                "documents": get_document_model().objects.count(),
                "users": sorted(User.objects.values_list("username", flat=True)),
                "groups": sorted(Group.objects.values_list("name", flat=True)),
                "translations": Translation.objects.count(),
            },
            EXPECTED_COUNTS,
        )
        expected = {tuple(line.split()) for line in EXPECTED_PAGES.strip().splitlines()}
        self.assertEqual(set(pages), expected)
        menus = {
            (menu.location, menu.locale.language_code): [
                block.value["page"].slug for block in menu.items
            ]
            for menu in Menu.objects.all()
        }
        main = [
            "actualites",
            "agenda",
            "schema-directeur-du-numerique",
            "prix-et-labels",
            "donnees-ouvertes",
            "contact",
        ]
        self.assertEqual(menus[("main", "fr")], main)
        self.assertEqual(menus[("main", "en")], main)

    def test_the_reference_index_is_the_one_a_rebuild_gives(self):
        """The load runs each reference-index task once, at its end
        (home/demo/tasks.py): every reference it records is one a rebuild
        records, the tags of the articles included (added after an article's
        first save, they were missing when each task ran at once)."""

        def references() -> Counter:
            return Counter(
                ReferenceIndex.objects.values_list(
                    "content_type",
                    "object_id",
                    "to_content_type",
                    "to_object_id",
                    "content_path",
                )
            )

        loaded = references()
        call_command("rebuild_references_index", stdout=io.StringIO())
        rebuilt = references()
        # Nothing stale. (Under the test's outer transaction, the status
        # history's references to their actions are only recorded by a rebuild.)
        self.assertFalse(loaded - rebuilt)
        tags = {row for row in rebuilt if "tagged_items" in row[4]}
        self.assertTrue(tags)
        self.assertEqual({row for row in loaded if "tagged_items" in row[4]}, tags)

    def test_wagtail_welcome_page_is_gone(self):
        self.assertFalse(
            Page.objects.filter(
                title__startswith="Welcome to your new Wagtail"
            ).exists()
        )

    def test_the_legal_pages_exist_in_both_languages(self):
        english = Locale.objects.get(language_code="en")
        home = Site.objects.get(is_default_site=True).root_page
        for model, slug in [
            (ContentPage, "mentions-legales"),
            (ContentPage, "donnees-personnelles"),
            (ContentPage, "contact"),
            (AccessibilityStatementPage, "declaration-d-accessibilite"),
            (SiteMapPage, "plan-du-site"),
        ]:
            with self.subTest(slug=slug):
                page = model.objects.child_of(home).live().get(slug=slug)
                self.assertTrue(page.get_translation(english).live)

    def test_content_pages_use_several_shared_blocks(self):
        for page in ContentPage.objects.filter(locale__language_code="fr"):
            with self.subTest(page=page.title):
                block_types = {block.block_type for block in page.body}
                self.assertGreaterEqual(len(block_types), 3, block_types)
        home = HomePage.objects.get(locale__language_code="fr")
        self.assertLessEqual(
            {"heading", "paragraph", "table", "quote", "call_to_action", "document"},
            {block.block_type for block in home.body},
        )

    def test_the_statement_is_partially_compliant(self):
        statement = AccessibilityStatementPage.objects.get(locale__language_code="fr")
        self.assertEqual(statement.rgaa_version, "4.1.2")
        self.assertEqual(statement.conformity().value, "partial")

    _served: list | None = None

    def served_pages(self) -> list[tuple[Page, BeautifulSoup]]:
        """Every live page and what a resident is served, read once for the
        class: the checks below all read the same answers."""
        cls = type(self)
        if cls._served is None:
            served = []
            for page in Page.objects.live().filter(depth__gt=1).specific():
                response = self.client.get(page.url)
                try:
                    document = assert_page_basics(response, page.locale.language_code)
                except AssertionError as error:
                    raise AssertionError(f"{page.url}: {error}") from error
                served.append((page, document))
            cls._served = served
        return cls._served

    def test_every_live_page_renders_in_its_language(self):
        """One h1, lang and dir, alt texts (assert_page_basics)."""
        pages = self.served_pages()
        self.assertGreater(len(pages), 12)
        self.assertEqual({page.locale.language_code for page, _ in pages}, {"fr", "en"})

    def test_links_in_english_pages_lead_to_english_pages(self):
        """Calls to action, rich-text links and menus follow the reader's language."""
        shared = ("/documents/", "/media/", "/static/")
        english = [
            (page, document)
            for page, document in self.served_pages()
            if page.locale.language_code == "en"
        ]
        self.assertGreater(len(english), 12)
        for page, document in english:
            with self.subTest(url=page.url):
                main = document.find("main")
                french_links = [
                    link["href"]
                    for link in main.find_all("a", href=True)
                    if link["href"].startswith("/")
                    and not link["href"].startswith(("/en/", *shared))
                ]
                self.assertEqual(french_links, [])

    def test_the_english_home_describes_its_hero_image_in_english(self):
        french_home = HomePage.objects.get(locale__language_code="fr")
        french_alt = french_home.image.description
        alts = [img.get("alt") for img in soup(self.client.get("/en/")).find_all("img")]
        self.assertIn(
            french_alt,
            [img.get("alt") for img in soup(self.client.get("/")).find_all("img")],
        )
        self.assertNotIn(french_alt, alts)

    def test_every_page_links_its_translation_with_hreflang(self):
        for page, document in self.served_pages():
            translations = page.get_translations().live()
            with self.subTest(url=page.url):
                alternates = {
                    link["hreflang"]: urlsplit(link["href"]).path
                    for link in document.find_all(
                        "link", rel="alternate", hreflang=True
                    )
                }
                for translation in translations:
                    code = translation.locale.language_code
                    self.assertEqual(alternates.get(code), translation.url)

    def test_both_home_pages_are_served(self):
        french = assert_page_basics(self.client.get("/"), "fr")
        english = assert_page_basics(self.client.get("/en/"), "en")
        self.assertIn("Vivre libre", french.h1.get_text())
        self.assertIn("Vivre libre", english.h1.get_text())
        self.assertNotEqual(french.h1.get_text(), english.h1.get_text())

    def test_menus_exist_for_both_languages(self):
        for location in Menu.Location.values:
            for code in ("fr", "en"):
                with self.subTest(location=location, language=code):
                    menu = Menu.objects.get(
                        location=location, locale__language_code=code
                    )
                    self.assertTrue(menu.live)
                    self.assertGreaterEqual(len(menu.items), 1)
        footer = Menu.objects.get(location="footer", locale__language_code="fr")
        slugs = [block.value["page"].slug for block in footer.items]
        self.assertEqual(
            slugs, ["mentions-legales", "donnees-personnelles", "plan-du-site"]
        )

    def test_the_footer_shows_the_legal_links(self):
        document = soup(self.client.get("/"))
        footer = document.find("footer")
        self.assertIsNotNone(footer, "the page has no <footer>")
        texts = footer.get_text(" ", strip=True)
        for title in ("Mentions légales", "Données personnelles", "Plan du site"):
            self.assertIn(title, texts)
        english = soup(self.client.get("/en/")).find("footer").get_text(" ", strip=True)
        for title in ("Legal notice", "Personal data", "Site map"):
            self.assertIn(title, english)

    def test_site_settings_are_filled(self):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        self.assertEqual(settings.commune_name, "Ville d'Échirolles")
        self.assertTrue(settings.address and settings.phone and settings.email)
        urls = [block.value["url"] for block in settings.social_links]
        self.assertTrue(any("@" in url for url in urls), urls)

    def test_demo_accounts(self):
        User = get_user_model()
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertTrue(admin.check_password("vivre-libre-demo"))
        editor = User.objects.get(username="editeur")
        self.assertTrue(editor.groups.filter(name="Rédacteurs").exists())
        self.assertFalse(editor.has_perm("home.change_sitesettings"))
        manager = User.objects.get(username="responsable")
        self.assertTrue(manager.groups.filter(name="Responsables").exists())
        self.assertTrue(manager.has_perm("wagtailredirects.add_redirect"))
        translator = User.objects.get(username="traducteur")
        self.assertTrue(translator.has_perm("wagtail_localize.submit_translation"))
        self.assertTrue(translator.has_perm("wagtailadmin.access_admin"))
        self.assertFalse(translator.is_superuser)
        self.assertIn("vivre-libre-demo", self.first_output)
        # WAGTAILADMIN_BASE_URL (tests: http://testserver), or --base-url.
        self.assertIn("http://testserver/admin/", self.first_output)
        self.assertIn(f"{DEMO_ADDRESS}/admin/", self.second_output)

    def test_the_api_gives_the_address_the_demo_is_served_at(self):
        response = self.client.get("/api/v2/pages/", {"type": "home.HomePage"})
        self.assertEqual(response.status_code, 200)
        items = response.json()["items"]
        self.assertTrue(items)
        for item in items:
            self.assertTrue(item["meta"]["html_url"].startswith(f"{DEMO_ADDRESS}/"))
            self.assertTrue(item["meta"]["detail_url"].startswith(f"{DEMO_ADDRESS}/"))

    def test_the_translator_translates_a_new_page(self):
        french = Locale.objects.get(language_code="fr")
        english = Locale.objects.get(language_code="en")
        home = HomePage.objects.get(locale=french)
        page = ContentPage(title="Nouvelle page", slug="nouvelle-page", locale=french)
        home.add_child(instance=page)
        page.save_revision().publish()
        self.client.force_login(get_user_model().objects.get(username="traducteur"))

        english_legal = ContentPage.objects.get(locale=english, slug="legal-notice")
        edit = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[english_legal.pk])
        )
        self.assertEqual(edit.status_code, 200)

        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"locales": [english.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(page.has_translation(english))

    def test_the_demo_master_plan_is_complete_in_both_languages(self):
        for code in ("fr", "en"):
            with self.subTest(language=code):
                plan = MasterPlanPage.objects.live().get(locale__language_code=code)
                self.assertEqual(AxisPage.objects.child_of(plan).live().count(), 4)
                objectives = ObjectivePage.objects.descendant_of(plan).live()
                self.assertGreaterEqual(objectives.count(), 10)
                actions = ActionPage.objects.descendant_of(plan).live()
                self.assertGreaterEqual(actions.count(), 25)
                self.assertEqual(
                    set(actions.values_list("status", flat=True)),
                    set(ActionStatus.values),
                )
                self.assertTrue(all(action.introduction for action in actions))
        french = MasterPlanPage.objects.get(locale__language_code="fr")
        self.assertEqual((french.period_start, french.period_end), (2020, 2026))
        self.assertEqual(french.adoption_date.year, 2021)
        self.assertTrue(french.deliberation_reference)

    def test_every_action_has_a_history_ending_on_its_current_status(self):
        english = Locale.objects.get(language_code="en")
        for action in ActionPage.objects.filter(locale__language_code="fr"):
            history = list(action.history())
            with self.subTest(action=action.slug):
                self.assertTrue(history)
                for change in history:
                    self.assertLessEqual(datetime.date(2021, 1, 1), change.date)
                    self.assertLessEqual(change.date, datetime.date(2026, 12, 31))
                self.assertEqual(
                    (history[-1].status, history[-1].progress),
                    (action.status, action.progress),
                )
                translation = action.get_translation(english)
                self.assertEqual(list(translation.history()), history)
        years = {change.date.year for change in ActionStatusChange.objects.all()}
        self.assertEqual(years, set(range(2021, 2027)))

    def test_a_corrected_history_entry_reads_with_its_reason(self):
        corrected = ActionStatusChange.objects.get(correction="corrected")
        self.assertEqual((corrected.progress, corrected.corrected_progress), (35, 30))
        english = Locale.objects.get(language_code="en")
        action = corrected.action
        for page, note in (
            (action, "Corrigé le 17 octobre 2022 : Le taux publié"),
            (action.get_translation(english), "Corrected on 17 October 2022: Le"),
        ):
            document = soup(self.client.get(page.url))
            (found,) = document.select(".policy-timeline__note")
            self.assertTrue(" ".join(found.get_text(" ").split()).startswith(note))
            self.assertIn(
                "réalisée à 30 %" if page is action else "30 % done",
                found.parent.get_text().replace("\xa0", " "),
            )

    def test_indicators_are_translated_and_keep_their_figures(self):
        english = Locale.objects.get(language_code="en")
        action = ActionPage.objects.get(slug="ateliers-numeriques-gratuits")
        translation = action.get_translation(english)
        figures = [
            (i.baseline, i.target, i.current_value, i.measured_on)
            for i in action.indicators.all()
        ]
        self.assertEqual(
            figures[0],
            (Decimal(0), Decimal(120), Decimal(96), datetime.date(2026, 6, 30)),
        )
        self.assertEqual(
            [
                (i.baseline, i.target, i.current_value, i.measured_on)
                for i in translation.indicators.all()
            ],
            figures,
        )
        self.assertEqual(
            [(i.name, i.unit) for i in translation.indicators.all()][0],
            ("Workshops held in the year", "workshops"),
        )
        self.assertEqual(action.indicators.first().unit, "ateliers")

    def test_news_articles_report_on_actions(self):
        articles = NewsPage.objects.filter(
            locale__language_code="fr", policy_action_links__isnull=False
        ).distinct()
        self.assertGreaterEqual(articles.count(), 5)
        english = Locale.objects.get(language_code="en")
        article = NewsPage.objects.get(slug="ateliers-numeriques-pour-tous")
        for page, title in [
            (article, "Des ateliers numériques gratuits"),
            (article.get_translation(english), "Free digital workshops"),
        ]:
            with self.subTest(url=page.url):
                main = soup(self.client.get(page.url)).find("main")
                self.assertIn(title, main.get_text(" ", strip=True))

    def test_every_distinction_is_on_the_awards_page_in_both_languages(self):
        for code, levels, mention in [
            (
                "fr",
                ["niveau 4", "niveau 5", "niveau 5", "niveau 5", "Or"],
                "Promotion, communication et sensibilisation aux logiciels libres",
            ),
            (
                "en",
                ["level 4", "level 5", "level 5", "level 5", "Gold"],
                "Promoting, communicating and raising awareness of free software",
            ),
        ]:
            with self.subTest(language=code):
                page = AwardsPage.objects.live().get(locale__language_code=code)
                document = assert_page_basics(self.client.get(page.url), code)
                rows = document.select(".award-series tbody tr")
                self.assertEqual(
                    [row.th.get_text() for row in rows],
                    ["2021", "2022", "2023", "2024", "2025"],
                )
                self.assertEqual([row.td.get_text(strip=True) for row in rows], levels)
                gold = document.select_one("#award-tnl-2025")
                self.assertIn(mention, gold.get_text(" ", strip=True))
                self.assertTrue(gold.img["alt"])
                nec = document.select_one("#award-nec-2025")
                self.assertEqual(nec.time["datetime"], "2025-10-29")
                years = [h2.get_text() for h2 in document.select(".awards-year h2")]
                self.assertEqual(years, ["2025", "2024", "2023", "2022", "2021"])
                home = soup(self.client.get(page.get_parent().url))
                scripts = home.find_all("script", type="application/ld+json")
                self.assertEqual(len(json.loads(scripts[0].string)["award"]), 6)

    def test_progress_is_shown_step_by_step(self):
        self.assertIn("Step 1/", self.first_output)
        self.assertIn("Step 10/10", self.first_output)

    def test_the_open_data_catalogue_is_complete_in_both_languages(self):
        for code, plan_slug in (("fr", "schema-directeur-du-numerique"), ("en", "")):
            with self.subTest(language=code):
                catalogue = OpenDataPage.objects.get(locale__language_code=code)
                datasets = DatasetPage.objects.child_of(catalogue).live()
                self.assertEqual(datasets.count(), 7)
                response = self.client.get(catalogue.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="opendata-card"', count=7)
                for dataset in datasets:
                    page = self.client.get(dataset.url)
                    self.assertEqual(page.status_code, 200)
                    self.assertNotContains(page, "opendata-preview__error")
                    if dataset.resources.filter(url="").exists():  # generated files
                        self.assertIn(
                            "démonstration" if code == "fr" else "Demonstration",
                            dataset.description,
                        )
                plan_actions = datasets.get(
                    slug__in=["actions-schema-directeur", "master-plan-actions"]
                )
                for resource in plan_actions.resources.all():
                    self.assertEqual(self.client.get(resource.url).status_code, 200)
                    if plan_slug:
                        self.assertTrue(resource.url.startswith(f"/{plan_slug}/"))
                    else:
                        self.assertTrue(resource.url.startswith("/en/"))
                mediation_slugs = [
                    "lieux-mediation-numerique",
                    "digital-inclusion-places",
                ]
                workshops = self.client.get(
                    datasets.filter(theme="SOCI")
                    .exclude(slug__in=mediation_slugs)
                    .get()
                    .url
                ).content.decode()
                # Windows-1252 read back as text, the participants drawn.
                self.assertIn("février 2025" if code == "fr" else "2025", workshops)
                self.assertIn("opendata-chart__bar", workshops)

    def test_the_demo_has_a_conforming_and_a_non_conforming_resource(self):
        """One file follows the national schema of digital-inclusion places, the
        former export does not; both say so on the dataset page, with a report."""
        dataset = DatasetPage.objects.get(slug="lieux-mediation-numerique")
        page = soup(self.client.get(dataset.url))
        valid = page.select(".opendata-schema--valid")
        invalid = page.select(".opendata-schema--invalid")
        self.assertEqual(len(valid), 1)
        self.assertIn(
            "Conforme au schéma « Lieux de médiation numérique »", valid[0].text
        )
        self.assertEqual(len(invalid), 1)
        self.assertIn(
            "4 erreurs au regard du schéma", " ".join(invalid[0].text.split())
        )
        report = soup(self.client.get(invalid[0].select_one("a")["href"]))
        self.assertEqual(len(report.select("table.schema-report tbody tr")), 4)

    def test_running_it_twice_creates_nothing(self):
        self.assertEqual(self.after_first, self.after_second)
        self.assertIn("Nothing changed", self.second_output)

    def test_an_existing_password_is_never_reset(self):
        admin = get_user_model().objects.get(username="admin")
        admin.set_password("chosen-by-the-admin")
        admin.save()
        output = load_demo_data()
        admin.refresh_from_db()
        self.assertTrue(admin.check_password("chosen-by-the-admin"))
        line = next(
            line for line in output.splitlines() if line.strip().startswith("admin ")
        )
        self.assertNotIn("vivre-libre-demo", line)


BAD_PAGE = '''
[[page]]
key = "test"
type = "{type}"
parent = "home"
slug = {{ fr = "essai", en = "test" }}
title = {{ fr = "Essai", en = "Test" }}

[[page.body]]
type = "paragraph"
text.fr = """
Un premier paragraphe.

Un second, qui renvoie à la <a page="{link}">page d'accueil</a>."""
text.en = """
A first paragraph.{en_break}A second, linking to the <a page="{link}">home page</a>."""
'''


def load_bad_page(tmp_path: Path, home, **changes: str) -> None:
    values = {"type": "home.ContentPage", "link": "home", "en_break": "\n\n"}
    path = tmp_path / "pages.toml"
    path.write_text(BAD_PAGE.format(**{**values, **changes}), encoding="utf-8")
    user = get_user_model().objects.create_superuser("demo", "demo@example.org", "x")
    DemoLoader(user, objects={"home": home}).load(read_file(path))


@pytest.mark.django_db
def test_the_bad_page_loads_once_corrected(
    tmp_path, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_bad_page(tmp_path, home)
    page = ContentPage.objects.get(slug="essai")
    assert f'<a linktype="page" id="{home.pk}">' in page.body[0].value.source
    assert page.get_translation(Locale.objects.get(language_code="en")).slug == "test"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"link": "nowhere"}, "unknown key « nowhere »"),
        ({"type": "home.NoSuchPage"}, "unknown model « home.NoSuchPage »"),
        ({"en_break": " "}, "body[1].text: French and English do not pair"),
    ],
)
def test_bad_data_is_named_by_file_and_entry(tmp_path, home, changes, message):
    with pytest.raises(DemoDataError) as error:
        load_bad_page(tmp_path, home, **changes)
    assert "/pages.toml, page « test »: " in str(error.value)
    assert message in str(error.value)
    assert not ContentPage.objects.filter(slug="essai").exists()


@pytest.mark.django_db
def test_a_language_left_out_is_named(tmp_path, home):
    path = tmp_path / "news.toml"
    path.write_text(
        '[[snippet]]\ntype = "news.NewsCategory"\nslug = "a"\nname = { fr = "A" }\n',
        encoding="utf-8",
    )
    user = get_user_model().objects.create_superuser("demo", "demo@example.org", "x")
    with pytest.raises(
        DemoDataError, match="news.toml, snippet « a »: .* needs both fr and en"
    ):
        DemoLoader(user).load(read_file(path))


@pytest.mark.django_db
def test_the_command_reports_a_broken_data_file(tmp_path, locales):
    (tmp_path / "broken.toml").write_text('[[page]]\ntitle = "unclosed\n')
    with (
        hooks.register_temporarily("load_demo_data", lambda: tmp_path),
        pytest.raises(CommandError, match="broken.toml"),
    ):
        call_command("load_demo_data", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


PLAN = """
[[page]]
key = "news"
type = "news.NewsIndexPage"
parent = "home"
slug = {{ fr = "actualites", en = "news" }}
title = {{ fr = "Actualités", en = "News" }}

[[page]]
key = "article"
type = "news.NewsPage"
parent = "news"
slug = {{ fr = "article", en = "article-en" }}
title = {{ fr = "Un article", en = "An article" }}
introduction = {{ fr = "Chapeau.", en = "Standfirst." }}
date = 2022-01-10

[[page]]
key = "plan"
type = "policy.MasterPlanPage"
parent = "home"
slug = {{ fr = "plan", en = "plan-en" }}
title = {{ fr = "Plan", en = "Plan EN" }}
period_start = 2020
period_end = 2026

[[page]]
key = "axis"
type = "policy.AxisPage"
parent = "plan"
slug = {{ fr = "axe", en = "axis" }}
title = {{ fr = "Axe", en = "Axis" }}

[[page]]
key = "objective"
type = "policy.ObjectivePage"
parent = "axis"
slug = {{ fr = "objectif", en = "objective" }}
title = {{ fr = "Objectif", en = "Objective" }}

[[page]]
key = "action"
type = "policy.ActionPage"
parent = "objective"
slug = {{ fr = "action", en = "action-en" }}
title = {{ fr = "Une action", en = "An action" }}
introduction = {{ fr = "Résumé.", en = "Summary." }}
status = "in_progress"
progress = 40
budget = 1234.5
news_links = ["article"]
status_changes = [
  {{ date = 2021-06-01, status = "planned", progress = 0 }},
  {{ date = 2022-01-10, status = "{status}", progress = 40 }},
]

[[page.indicators]]
{name} = {{ fr = "Ateliers", en = "Workshops" }}
unit = {{ fr = "ateliers", en = "workshops" }}
baseline = 0
target = 0.1
current_value = "12.25"
measured_on = 2022-01-10
"""


def load_plan(tmp_path: Path, home, **changes: str) -> None:
    values = {"status": "in_progress", "name": "name"}
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.format(**{**values, **changes}), encoding="utf-8")
    user = get_user_model().objects.filter(username="demo").first()
    user = user or get_user_model().objects.create_superuser("demo", "d@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        DemoLoader(user, objects={"home": home}).load(read_file(path))


@pytest.mark.django_db
def test_inline_children_by_fields_by_key_and_records_pointing_to_a_page(
    tmp_path, home
):
    load_plan(tmp_path, home)
    action = ActionPage.objects.get(slug="action")
    assert action.live
    assert action.budget == Decimal("1234.50")
    (indicator,) = action.indicators.all()
    assert (indicator.name, indicator.unit) == ("Ateliers", "ateliers")
    assert (indicator.baseline, indicator.target, indicator.current_value) == (
        Decimal(0),
        Decimal("0.10"),
        Decimal("12.25"),
    )
    assert indicator.measured_on == datetime.date(2022, 1, 10)
    assert [link.article.slug for link in action.news_links.all()] == ["article"]
    history = [(c.date, c.status, c.progress) for c in action.history()]
    assert history == [
        (datetime.date(2021, 6, 1), "planned", 0),
        (datetime.date(2022, 1, 10), "in_progress", 40),
    ]
    english = action.get_translation(Locale.objects.get(language_code="en"))
    assert [(i.name, i.unit) for i in english.indicators.all()] == [
        ("Workshops", "workshops")
    ]
    assert english.indicators.get().current_value == Decimal("12.25")


@pytest.mark.django_db
def test_records_are_written_once_when_the_page_is_created(tmp_path, home):
    load_plan(tmp_path, home)
    action = ActionPage.objects.get(slug="action")
    action.status_changes.filter(status="planned").delete()
    load_plan(tmp_path, home)
    assert [c.status for c in action.history()] == ["in_progress"]
    assert ActionPage.objects.count() == 2
    assert action.indicators.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"name": "nme"},
            "indicators[1]: policy.ActionIndicator has no field(s) ['nme']",
        ),
        ({"status": "finished"}, "status_changes[2]: {'status': "),
    ],
)
def test_bad_children_are_named_by_file_and_entry(tmp_path, home, changes, message):
    with pytest.raises(DemoDataError) as error:
        load_plan(tmp_path, home, **changes)
    assert "/plan.toml, page « action »: " in str(error.value)
    assert message in str(error.value)
    assert not MasterPlanPage.objects.exists()
