"""The admin speaks French to French editors: no English left in what they read.

Each demo role (`load_demo_data`), with French as its preferred language, opens
the admin screens the project touches — dashboard, explorer, edit and create
views of each page type, snippets, reports, wagtail-localize's translation
editor, account, search — and none shows one of the English leftovers editors
met: Wagtail's workflow name « Moderators approval », « More actions »,
« Password », « Status » (for « Statut »), English month names, « Publier
dansEnglish », « Choisir organisme décernant » (a verbose name without its
article), « Ajouter un(e) Indicateurs » (a section's heading as its items'
label), « translation » in a heading.

Only what an editor reads is searched: the text of the page (neither scripts nor
templates) and the title, aria-label and placeholder attributes.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.urls import resolve, reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.snippets.models import get_snippet_models
from wagtail.users.models import UserProfile

from home.forms import LoginForm
from home.models import ContentPage, HomePage
from news.models import NewsIndexPage, NewsPage
from policy.models import (
    ActionPage,
    Award,
    AwardsPage,
    AxisPage,
    DatasetPage,
    MasterPlanPage,
    ObjectivePage,
    OpenDataPage,
)
from tests.tree import DemoTestCase

ROLES = ("editeur", "responsable", "traducteur", "admin")
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|"
    "November|December"
)
LEFTOVERS = {
    "Wagtail's workflow name": re.compile(r"Moderators approval"),
    "an untranslated button label": re.compile(r"More actions"),
    "an untranslated field label": re.compile(r"\bPassword\b"),
    "an English word in Wagtail's French": re.compile(r"\bStatus\b"),
    "an English date": re.compile(
        rf"\b\d{{1,2}} ({MONTHS})\b|\b({MONTHS}) \d{{1,2}}\b|\b({MONTHS}) \d{{4}}\b"
    ),
    "a language in a French sentence": re.compile(r"Publier dans\s*\S"),
    "a verbose name without its article": re.compile(r"Choisir organisme"),
    # An inline panel's `label` names one item (« Ajouter un(e) indicateur »),
    # its `heading` the section.
    "a section heading as an item's label": re.compile(r"Ajouter un\(e\) [A-ZÀÉ]"),
}
HEADING_LEFTOVER = re.compile(r"\btranslation\b", re.IGNORECASE)
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder"}
HIDDEN_ELEMENTS = {"script", "style", "template"}


class VisibleText(HTMLParser):
    """The texts a reader meets, and those of the headings (title, h1-h3)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.headings: list[str] = []
        self._hidden = 0
        self._heading = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        if tag in {"title", "h1", "h2", "h3"}:
            self._heading += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS:
            self._hidden = max(0, self._hidden - 1)
        if tag in {"title", "h1", "h2", "h3"}:
            self._heading = max(0, self._heading - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden or not data.strip():
            return
        self.texts.append(data.strip())
        if self._heading:
            self.headings.append(data.strip())


def leftovers(content: str) -> list[str]:
    parser = VisibleText()
    parser.feed(content)
    found = [
        f"{why}: {text!r}"
        for text in parser.texts
        for why, pattern in LEFTOVERS.items()
        if pattern.search(text)
    ]
    found += [
        f"« translation » in a heading: {text!r}"
        for text in parser.headings
        if HEADING_LEFTOVER.search(text)
    ]
    return found


def translation_notes(props: dict) -> list[str]:
    """The notes (« Traduit manuellement le … ») of the editor's segments."""
    return re.findall(r'"comment": "([^"]*)"', json.dumps(props, ensure_ascii=False))


def translation_editor_props(content: str) -> dict | None:
    """The data wagtail-localize's editor (React) renders, if this is it."""
    match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', content)
    return json.loads(html.unescape(match.group(1))) if match else None


def snippet_urls() -> list[str]:
    french = Locale.objects.get(language_code="fr")
    urls = []
    for model in get_snippet_models():
        if model._meta.app_label not in {"home", "news", "policy"}:
            continue
        viewset = model.snippet_viewset
        urls.append(reverse(viewset.get_url_name("list")))
        urls.append(reverse(viewset.get_url_name("add")))
        instances = model.objects.all()
        if hasattr(model, "locale"):
            instances = instances.filter(locale=french)
        instance = instances.first()
        if instance is not None:
            urls.append(reverse(viewset.get_url_name("edit"), args=[instance.pk]))
    return urls


def admin_urls() -> list[str]:
    """The screens the project touches, on the demo site."""
    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=french)
    sections = [
        model.objects.get(locale=french)
        for model in (NewsIndexPage, MasterPlanPage, OpenDataPage, AwardsPage)
    ]
    pages = [home, *sections]
    for model in (NewsPage, AxisPage, ObjectivePage, ActionPage, DatasetPage):
        pages.append(model.objects.filter(locale=french).first())
    pages.append(ContentPage.objects.filter(locale=french).first())
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_pages:search") + "?q=donn%C3%A9es",
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("translation_status"),
        reverse("pages_to_review"),
        reverse("publishing_calendar"),
        reverse("plan_import"),
        reverse("plan_import_log"),
        reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
    ]
    for page in [home, *sections]:
        urls.append(reverse("wagtailadmin_explore", args=[page.pk]))
    for page in pages:
        urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        urls.append(reverse("wagtailadmin_pages:history", args=[page.pk]))
        parent = page.get_parent()
        model = type(page.specific)
        if model is not HomePage:
            urls.append(
                reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, parent.pk],
                )
            )
    # wagtail-localize's translation editor, on English translations.
    for page in pages:
        translation = page.get_translation_or_none(english)
        if translation is not None:
            urls.append(reverse("wagtailadmin_pages:edit", args=[translation.pk]))
    return urls + snippet_urls()


class FrenchAdminTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        User = get_user_model()
        for username in ROLES:
            profile = UserProfile.get_for_user(User.objects.get(username=username))
            profile.preferred_language = "fr"
            profile.save()

    def sign_in(self, username: str) -> None:
        self.client.force_login(get_user_model().objects.get(username=username))

    def test_each_role_reads_the_admin_in_french(self):
        """The administrator (every screen, every button) and the writer (the
        workflow's submit actions, refused screens) read every screen; the
        manager and the translator, whose rights change the menus, panels and
        action buttons but not the forms, read one screen of each kind: the
        dashboard, the explorer, the reports, an edit, create and history view."""
        urls = admin_urls()
        kinds = {}
        for url in urls:
            kinds.setdefault(resolve(urlsplit(url).path).view_name, url)
        by_role = {
            "admin": urls,
            "editeur": urls,
            "responsable": list(kinds.values()),
            "traducteur": list(kinds.values()),
        }
        self.assertEqual(set(by_role), set(ROLES))
        self.assertGreater(len(kinds), 10, "screens of many kinds")
        for username in ROLES:
            self.sign_in(username)
            problems = []
            read = 0
            for url in by_role[username]:
                response = self.client.get(url)
                self.assertLess(response.status_code, 500, f"{username} {url}")
                if response.status_code != 200:
                    continue  # not this role's screen: refused or redirected
                read += 1
                content = response.content.decode()
                problems += [f"{url}: {problem}" for problem in leftovers(content)]
                props = translation_editor_props(content)
                if props is not None:
                    problems += [
                        f"{url}: a translation note's date: {comment!r}"
                        for comment in translation_notes(props)
                        if LEFTOVERS["an English date"].search(comment)
                    ]
            with self.subTest(username=username):
                self.assertGreater(read, 10, "the role reads the admin")
                self.assertEqual(problems, [])

    def test_the_translation_editor_opens_on_an_english_page(self):
        """An English translation opens wagtail-localize's editor, whose notes
        are dated in French and whose languages are named in French."""
        self.sign_in("traducteur")
        english = Locale.objects.get(language_code="en")
        page = NewsPage.objects.filter(locale=english).first()
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        props = translation_editor_props(response.content.decode())
        self.assertIsNotNone(props, "wagtail-localize's translation editor")
        self.assertEqual(props["locale"]["displayName"], "Anglais")
        self.assertEqual(props["sourceLocale"]["displayName"], "Français")
        # Its heading and « More actions », which its script writes in English,
        # are replaced by home/static/home/admin/translation_editor.js.
        self.assertContains(response, "home/admin/translation_editor.js")
        self.assertContains(response, 'data-heading="Traduction\u00a0: {source}')
        self.assertContains(response, 'data-more-actions="Plus d&#x27;actions"')
        comments = translation_notes(props)
        self.assertTrue(comments)
        for comment in comments:
            self.assertNotRegex(comment, LEFTOVERS["an English date"])
        self.assertTrue(
            any(re.search(r"le \d{1,2} [a-zéû]+ \d{4}", c) for c in comments),
            comments,
        )

    def test_the_editors_javascript_says_publier_en(self):
        """The translation editor's button: « Publier en Anglais »."""
        self.sign_in("traducteur")
        response = self.client.get(reverse("wagtail_localize:javascript_catalog"))
        catalogue = response.content.decode()
        self.assertIn('"Publish in ": "Publier en "', catalogue)

    def test_the_writers_button_names_the_workflow_in_french(self):
        self.sign_in("editeur")
        article = NewsPage.objects.filter(locale__language_code="fr").first()
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[article.pk])
        )
        self.assertContains(response, "Validation par un responsable")
        workflow = Page.get_first_root_node().get_workflow()
        self.assertEqual(workflow.name, "Validation par un responsable")
        self.assertEqual(
            [task.name for task in workflow.tasks.all()],
            ["Validation par un responsable"],
        )

    def test_the_award_form_chooses_an_awarding_body(self):
        self.sign_in("responsable")
        viewset = Award.snippet_viewset
        response = self.client.get(reverse(viewset.get_url_name("add")))
        self.assertContains(response, "Choisir un organisme décernant")

    def test_the_login_page_is_french(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertEqual(leftovers(content), [])
        self.assertIn("Mot de passe", content)

    def test_an_english_editor_reads_english(self):
        """The same screens in English for an editor who chose English."""
        user = get_user_model().objects.get(username="traducteur")
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        self.client.force_login(user)
        response = self.client.get(reverse("translation_status"))
        self.assertContains(response, "English")
        self.assertNotContains(response, "Anglais")
        with translation.override("en"):
            self.assertEqual(str(LoginForm().fields["password"].label), "Password")
