"""`manage.py load_demo_data` builds a complete bilingual site, every page of which
renders for residents; running it again changes nothing."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site
from wagtail.snippets.models import get_snippet_models

from home.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    Menu,
    SiteMapPage,
    SiteSettings,
)
from tests.helpers import assert_page_basics, soup


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


def load_demo_data() -> str:
    """Run the command; wagtail-localize publishes translations when the
    transaction commits, which a test's never does, so its callbacks run here."""
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo_data", stdout=out)
    return out.getvalue()


class DemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        assert not HomePage.objects.exists(), "the demo data needs an empty database"
        cls.first_output = load_demo_data()
        cls.after_first = counts()
        cls.second_output = load_demo_data()
        cls.after_second = counts()

    def test_the_site_serves_a_french_home_page_and_its_english_translation(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        self.assertIsInstance(home, HomePage)
        self.assertEqual(home.locale.language_code, "fr")
        self.assertEqual((site.hostname, site.port), ("localhost", 80))
        self.assertTrue(site.site_name)
        english = home.get_translation(Locale.objects.get(language_code="en"))
        self.assertTrue(english.live)
        self.assertIsNotNone(home.hero_image)
        self.assertTrue(home.hero_image.description, "the hero image needs an alt")

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

    def test_every_live_page_renders_in_its_language(self):
        pages = Page.objects.live().filter(depth__gt=1).specific()
        self.assertGreater(len(pages), 12)
        for page in pages:
            with self.subTest(url=page.url):
                response = self.client.get(page.url)
                assert_page_basics(response, page.locale.language_code)

    def test_links_in_english_pages_lead_to_english_pages(self):
        """Calls to action, rich-text links and menus follow the reader's language."""
        english = Page.objects.live().filter(locale__language_code="en").specific()
        shared = ("/documents/", "/media/", "/static/")
        for page in english:
            with self.subTest(url=page.url):
                main = soup(self.client.get(page.url)).find("main")
                french_links = [
                    link["href"]
                    for link in main.find_all("a", href=True)
                    if link["href"].startswith("/")
                    and not link["href"].startswith(("/en/", *shared))
                ]
                self.assertEqual(french_links, [])

    def test_the_english_home_describes_its_hero_image_in_english(self):
        french_home = HomePage.objects.get(locale__language_code="fr")
        french_alt = french_home.hero_image.description
        alts = [img.get("alt") for img in soup(self.client.get("/en/")).find_all("img")]
        self.assertIn(
            french_alt,
            [img.get("alt") for img in soup(self.client.get("/")).find_all("img")],
        )
        self.assertNotIn(french_alt, alts)

    def test_every_page_links_its_translation_with_hreflang(self):
        for page in Page.objects.live().filter(depth__gt=1).specific():
            translations = page.get_translations().live()
            with self.subTest(url=page.url):
                document = soup(self.client.get(page.url))
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
        self.assertEqual(settings.motto, "Vivre libre")
        self.assertTrue(settings.address and settings.phone and settings.email)
        urls = [block.value["url"] for block in settings.social_links]
        self.assertTrue(any("@" in url for url in urls), urls)

    def test_demo_accounts(self):
        User = get_user_model()
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertTrue(admin.check_password("vivre-libre-demo"))
        editor = User.objects.get(username="editeur")
        self.assertTrue(editor.groups.filter(name="Editors").exists())
        translator = User.objects.get(username="traducteur")
        self.assertTrue(translator.has_perm("wagtail_localize.submit_translation"))
        self.assertTrue(translator.has_perm("wagtailadmin.access_admin"))
        self.assertFalse(translator.is_superuser)
        self.assertIn("vivre-libre-demo", self.first_output)
        self.assertIn("http://127.0.0.1:8000/admin/", self.first_output)

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

    def test_progress_is_shown_step_by_step(self):
        self.assertIn("Step 1/", self.first_output)
        self.assertIn("Step 10/10", self.first_output)

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
