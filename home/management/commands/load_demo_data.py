"""Build the whole demo site in code: French first, English through wagtail-localize.

Idempotent: every object is looked up before it is created, and what exists is
left alone (an editor's changes are never overwritten, a password never reset).
The whole run is one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Revision,
    Site,
    TranslatableMixin,
)
from wagtail.snippets.models import get_snippet_models

from home.demo import content
from home.demo.context import DemoContext, make_image
from home.demo.translation import publish_translation
from home.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    Menu,
    SiteMapPage,
    SiteSettings,
)

DEFAULT_PASSWORD = "vivre-libre-demo"
SITE_NAME = "Échirolles numérique — Vivre libre"
TRANSLATORS_GROUP = "Traducteurs"
STEPS = 10

# The pages this command owns, in the order they appear under the home page.
# `refs` names what other pages' content links to.
PAGES: list[tuple[str, type[Page], Callable[[dict], content.Spec]]] = [
    ("legal", ContentPage, content.legal_notice),
    ("privacy", ContentPage, content.privacy),
    ("contact", ContentPage, content.contact),
    ("accessibility", AccessibilityStatementPage, content.accessibility),
    ("site_map", SiteMapPage, content.site_map),
]
FOOTER = ["legal", "privacy", "site_map"]

# Demo accounts: (username, first name, last name, purpose).
ACCOUNTS = {
    "admin": ("Administration", "(démo)", "superuser: every right, site settings"),
    "editeur": ("Rédaction", "(démo)", "Editors group: writes and submits pages"),
    "traducteur": (
        "Traduction",
        "(démo)",
        f"{TRANSLATORS_GROUP} group: translates pages and menus",
    ),
}


class Command(BaseCommand):
    help = (
        "Create the demo site (French, with English translations), the demo "
        "accounts and every app's demo content. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        self.step_number = 0
        # Wagtail logs every page creation and publication at INFO level.
        wagtail_logger = logging.getLogger("wagtail")
        previous_level = wagtail_logger.level
        wagtail_logger.setLevel(logging.WARNING)
        try:
            before = self.fingerprint()
            with transaction.atomic():
                accounts = self.build()
            changed = before != self.fingerprint()
            self.step("Search index")
            if changed:
                call_command("update_index", verbosity=0)
                self.log("Search index rebuilt.")
            else:
                self.log("Nothing changed: the demo site was already complete.")
        finally:
            wagtail_logger.setLevel(previous_level)
        self.summary(accounts)

    # Output -------------------------------------------------------------------

    def step(self, title: str) -> None:
        self.step_number += 1
        self.stdout.write(
            self.style.MIGRATE_HEADING(f"Step {self.step_number}/{STEPS}: {title}")
        )

    def log(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(f"  {message}")

    @staticmethod
    def fingerprint() -> tuple[int, ...]:
        """Counts that any creation changes: how a second run proves it did nothing."""
        return (
            Page.objects.count(),
            Revision.objects.count(),
            get_image_model().objects.count(),
            get_document_model().objects.count(),
            Menu.objects.count(),
            get_user_model().objects.count(),
        )

    # The run --------------------------------------------------------------------

    def build(self) -> dict[str, str | None]:
        self.step("Languages")
        locale_fr = self.ensure_locale("fr")
        locale_en = self.ensure_locale("en")

        self.step("Demo accounts")
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        translators = self.ensure_translators_group()
        editors = Group.objects.filter(name="Editors").first()
        users = {
            "admin": self.ensure_user("admin", password, superuser=True),
            "editeur": self.ensure_user("editeur", password, group=editors),
            "traducteur": self.ensure_user("traducteur", password, group=translators),
        }
        # Editors submit for moderation; the demo content is published, so it is
        # written and published by the administrator.
        author = users["admin"]
        accounts = {
            name: password if user.check_password(password) else None
            for name, user in users.items()
        }

        self.step("French home page and site")
        home, home_created = self.ensure_home(locale_fr, author)
        self.ensure_site(home)
        self.remove_welcome_page()

        self.step("Demo document")
        document = self.ensure_document()

        self.step("French pages")
        pages, created = self.ensure_pages(home, author)
        refs: dict[str, Any] = {**pages, "document": document}
        if home_created:
            self.fill_home(home, refs, author)
        for key, page in pages.items():
            if key in created:
                self.fill_page(page, refs, author)

        self.step("English translations")
        home_spec = content.home(refs)["en"]
        self.translate(home, home_spec, author)
        home = HomePage.objects.get(pk=home.pk)
        for key, _model, builder in PAGES:
            self.translate(pages[key], builder(refs)["en"], author)

        self.step("Site settings")
        self.ensure_site_settings(home)

        self.step("Other apps' demo content")
        context = DemoContext(
            home=home,
            locale_fr=locale_fr,
            locale_en=locale_en,
            user=author,
            log=self.log,
        )
        for load in hooks.get_hooks("load_demo_data"):
            self.log(f"{load.__module__}.{load.__name__}")
            load(context)

        self.step("Menus")
        self.ensure_menus(home, pages, author)
        return accounts

    # Languages and accounts ----------------------------------------------------

    def ensure_locale(self, code: str) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code=code)
        self.log(f"Locale {code}: {'created' if created else 'present'}")
        return locale

    def ensure_translators_group(self) -> Group:
        """Translators may reach the admin, submit translations and edit (not
        publish) pages and translatable snippets: an editor or moderator publishes."""
        group, created = Group.objects.get_or_create(name=TRANSLATORS_GROUP)
        if not created:
            return group
        wanted = [("wagtailadmin", "access_admin")]
        wanted.append(("wagtail_localize", "submit_translation"))
        for model in get_snippet_models():
            if issubclass(model, TranslatableMixin):
                label = model._meta.app_label
                name = model._meta.model_name
                wanted += [(label, f"add_{name}"), (label, f"change_{name}")]
        for app_label, codename in wanted:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                group.permissions.add(permission)
        root = Page.get_first_root_node()
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        self.log(f"Group « {TRANSLATORS_GROUP} » created")
        return group

    def ensure_user(
        self,
        username: str,
        password: str,
        *,
        superuser: bool = False,
        group: Group | None = None,
    ) -> AbstractUser:
        """Create the account once; an existing one keeps its password."""
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            first_name, last_name, purpose = ACCOUNTS[username]
            user = User(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@ville-echirolles.example",
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(password)
            user.save()
            self.log(f"Account {username} created ({purpose})")
        else:
            self.log(f"Account {username} present (password unchanged)")
        if group is not None:
            user.groups.add(group)
        return user

    # Pages ----------------------------------------------------------------------

    def ensure_home(self, locale: Locale, user: AbstractUser) -> tuple[HomePage, bool]:
        home = HomePage.objects.filter(depth=2, locale=locale).first()
        if home is not None:
            self.log(f"Home page present: {home.title}")
            return home, False
        spec = content.home({"accessibility": None, "document": None})["fr"]
        home = HomePage(
            title=spec["title"],
            slug=spec["slug"],
            introduction=spec["introduction"],
            locale=locale,
            owner=user,
        )
        Page.get_first_root_node().add_child(instance=home)
        self.log(f"Home page created: {home.title}")
        return home, True

    def ensure_site(self, home: HomePage) -> Site:
        site = Site.objects.filter(is_default_site=True).first() or Site(
            hostname="localhost", port=80, is_default_site=True
        )
        if site.pk and site.root_page_id == home.pk and site.site_name == SITE_NAME:
            self.log(f"Site {site.hostname}:{site.port} already serves the home page")
            return site
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        self.log(f"Site {site.hostname}:{site.port} now serves the home page")
        return site

    def remove_welcome_page(self) -> None:
        """Delete Wagtail's « Welcome to your new Wagtail site! » page: a plain Page
        at depth 2, without children, that no site serves any more."""
        site_roots = Site.objects.values_list("root_page_id", flat=True)
        welcome = Page.objects.filter(
            depth=2,
            numchild=0,
            content_type=ContentType.objects.get_for_model(Page),
        ).exclude(pk__in=site_roots)
        for page in welcome:
            self.log(f"Wagtail's welcome page removed: {page.title}")
            page.delete()

    def ensure_document(self) -> Any:
        """A small CSV generated here: the demo downloads nothing."""
        Document = get_document_model()
        document = Document.objects.filter(title=content.DOCUMENT_TITLE).first()
        if document is None:
            document = Document(title=content.DOCUMENT_TITLE)
            document.file.save(
                content.DOCUMENT_FILENAME,
                ContentFile(content.DOCUMENT_CSV.encode()),
                save=False,
            )
            document.save()
            self.log(f"Document created: {document.title}")
        else:
            self.log(f"Document present: {document.title}")
        return document

    def ensure_pages(
        self, home: HomePage, user: AbstractUser
    ) -> tuple[dict[str, Page], set[str]]:
        """Create the missing pages with their titles first: their bodies link to
        one another, so they are filled once they all exist."""
        pages: dict[str, Page] = {}
        created: set[str] = set()
        empty_refs: dict[str, Any] = {key: None for key, _m, _b in PAGES}
        for key, model, builder in PAGES:
            spec = builder({**empty_refs, "document": None})["fr"]
            page = model.objects.child_of(home).filter(slug=spec["slug"]).first()
            if page is None:
                page = model(
                    title=spec["title"],
                    slug=spec["slug"],
                    introduction=spec["introduction"],
                    locale=home.locale,
                    owner=user,
                )
                home.add_child(instance=page)
                created.add(key)
                self.log(f"Page created: {page.title}")
            else:
                self.log(f"Page present: {page.title}")
            pages[key] = page
        return pages, created

    def fill_home(
        self, home: HomePage, refs: dict[str, Any], user: AbstractUser
    ) -> None:
        spec = content.home(refs)["fr"]
        alt = spec["image_alt"]
        home.image = make_image("Accueil : illustration", alt, seed="home-hero")
        # The image's description is its French alt; the page's own field is the
        # one translators translate.
        home.image_alt = alt
        home.body = spec["body"]
        home.save_revision(user=user, log_action=True).publish(user=user)

    def fill_page(self, page: Page, refs: dict[str, Any], user: AbstractUser) -> None:
        builder = next(b for key, _m, b in PAGES if refs[key].pk == page.pk)
        for name, value in builder(refs)["fr"].items():
            setattr(page, name, value)
        page.save_revision(user=user, log_action=True).publish(user=user)

    def translate(
        self, source: Page | Menu, values: dict[str, Any], user: AbstractUser
    ) -> None:
        locale_en = Locale.objects.get(language_code="en")
        if source.has_translation(locale_en):
            self.log(f"English version of « {source} » present")
            return
        translated = publish_translation(source, values, "en", user=user)
        self.log(f"English version published: {translated}")

    # Settings and menus ----------------------------------------------------------

    def ensure_site_settings(self, home: HomePage) -> None:
        site = Site.objects.get(root_page=home)
        settings = SiteSettings.for_site(site)
        if settings.address:
            self.log("Site settings present")
            return
        settings.commune_name = content.COMMUNE
        settings.motto = content.MOTTO
        settings.address = content.ADDRESS
        settings.phone = content.PHONE
        settings.email = content.EMAIL
        settings.social_links = [
            ("link", {"page": None, "url": url, "text": text})
            for text, url in content.SOCIAL_LINKS
        ]
        settings.save()
        self.log("Site settings filled: identity, address, accounts on Mastodon…")

    def ensure_menus(
        self, home: HomePage, pages: dict[str, Page], user: AbstractUser
    ) -> None:
        """The main menu lists the sections other apps added under the home page,
        then Contact; the footer lists the legal pages (the theme adds the
        accessibility label itself)."""
        own = {page.pk for page in pages.values()}
        sections = [
            page
            for page in home.get_children().live().order_by("path")
            if page.pk not in own
        ]
        items = {
            Menu.Location.MAIN: [*sections, pages["contact"]],
            Menu.Location.FOOTER: [pages[key] for key in FOOTER],
        }
        for location, linked in items.items():
            menu = Menu.objects.filter(location=location, locale=home.locale).first()
            if menu is None:
                menu = Menu(
                    location=location,
                    locale=home.locale,
                    items=[
                        ("link", {"page": page, "url": "", "text": ""})
                        for page in linked
                    ],
                )
                menu.save()
                menu.save_revision(user=user, log_action=True).publish(user=user)
                self.log(f"Menu created: {menu} ({len(linked)} links)")
            else:
                self.log(f"Menu present: {menu}")
            self.translate(menu, {}, user)

    # Summary ------------------------------------------------------------------

    def summary(self, accounts: dict[str, str | None]) -> None:
        # dev.py passes the address it serves on through the same variables.
        host = os.environ.get("DEV_HOST", "127.0.0.1")
        base = f"http://{host}:{os.environ.get('DEV_PORT', '8000')}"
        lines = [
            "",
            "The demo site is ready:",
            f"  French:  {base}/",
            f"  English: {base}/en/",
            f"  Admin:   {base}/admin/",
            "Demo accounts (change these passwords on any shared server):",
        ]
        for username, password in accounts.items():
            purpose = ACCOUNTS[username][2]
            shown = password or "(changed since it was created; not shown)"
            lines.append(f"  {username:<11} {shown:<20} {purpose}")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
