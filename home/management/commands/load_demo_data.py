"""Build the demo site from the data files of `home/demo_data/` and of every app
that answers the `load_demo_data` hook: French first, English through
wagtail-localize.

Idempotent: every object is looked up before it is created, and what exists is
left alone (an editor's changes are never overwritten, a password never reset).
The whole run is one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupPagePermission,
    Page,
    Revision,
    Site,
    TranslatableMixin,
)
from wagtail.snippets.models import get_snippet_models

from home.demo.loader import (
    DemoDataError,
    DemoLoader,
    Entry,
    read_file,
    read_folder,
    read_translations,
)
from home.demo.tasks import tasks_run_once_at_the_end
from home.locales import create_content_locales
from home.models import Menu, SiteSettings
from home.site_address import address_of, base_url

DATA = Path(__file__).resolve().parents[2] / "demo_data"
DEFAULT_PASSWORD = "vivre-libre-demo"
STEPS = 10


class Command(BaseCommand):
    help = (
        "Create the demo site (French, with English translations), the demo "
        "accounts and every app's demo content. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            help="Address the demo is served at, e.g. http://127.0.0.1:8001 "
            "(default: WAGTAILADMIN_BASE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        self.base_url = (options["base_url"] or base_url()).rstrip("/")
        address_of(self.base_url)  # a wrong address fails before any change
        self.step_number = 0
        with (DATA / "site.toml").open("rb") as stream:
            self.site_data = tomllib.load(stream)
        # Wagtail logs every page creation and publication at INFO level.
        wagtail_logger = logging.getLogger("wagtail")
        previous_level = wagtail_logger.level
        wagtail_logger.setLevel(logging.WARNING)
        try:
            before = self.fingerprint()
            with transaction.atomic(), tasks_run_once_at_the_end():
                accounts = self.build()
            changed = before != self.fingerprint()
            self.step("Search index")
            if changed:
                call_command("update_index", verbosity=0)
                self.log("Search index rebuilt.")
            else:
                self.log("Nothing changed: the demo site was already complete.")
        except DemoDataError as exc:
            raise CommandError(f"Demo data: {exc}") from exc
        finally:
            wagtail_logger.setLevel(previous_level)
        self.summary(accounts)

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

    def build(self) -> dict[str, str | None]:
        self.step("Languages")
        created = create_content_locales()
        for code, _name in settings.LANGUAGES:
            self.log(f"Locale {code}: {'created' if code in created else 'present'}")
        missing = {"fr", "en"} - {code for code, _name in settings.LANGUAGES}
        if missing:
            raise DemoDataError(
                "the demo site is written in French and English: "
                f"add {', '.join(sorted(missing))} to DJANGO_LANGUAGES"
            )

        self.step("Demo accounts")
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        self.ensure_translators_group(self.site_data["translators"]["group"])
        users = [self.ensure_user(spec, password) for spec in self.site_data["account"]]
        accounts = {
            user.username: password if user.check_password(password) else None
            for user in users
        }

        self.step("Demo data files")
        home_entries = read_file(DATA / "pages.toml")
        app_entries = []
        for hook in hooks.get_hooks("load_demo_data"):
            folder = Path(hook())
            app_entries.append(read_folder(folder))
            self.log(f"{folder.parent.name}: {len(app_entries[-1])} entries")
        menu_entries = read_file(DATA / "menus.toml")
        # Editors submit for moderation; the demo content is published, so it is
        # written and published by the administrator.
        author = next(user for user in users if user.is_superuser)
        loader = DemoLoader(author, self.log)

        self.step("French pages")
        # Created now, for the site to serve the home page; filled with the
        # apps' content below.
        home_entries = loader.create(home_entries, fill=False)

        self.step("Site")
        home = loader.objects[self.site_data["site"]["root"]]
        self.ensure_site(home, self.site_data["site"]["name"])
        self.remove_welcome_page()

        self.step("Site settings")
        self.ensure_site_settings(loader, home)

        self.step("Pages, other apps' demo content and English translations")
        # One load: an app's entries may name another app's (an action lists
        # the news articles that report on it), whatever the apps' order, and
        # the site's own pages may name an app's (the Contact page links the
        # contact form).
        loader.load(
            [entry for entries in app_entries for entry in entries],
            created=home_entries,
        )

        self.step("Menus")
        loader.load(menu_entries)

        self.step("Other languages")
        self.translate_other_languages(loader)
        return accounts

    def translate_other_languages(self, loader: DemoLoader) -> None:
        """The demonstration translations of the configured languages other than
        French and English (home/demo_data/translations/<code>.toml), if any."""
        for code, name in settings.LANGUAGES:
            if code in ("fr", "en"):
                continue
            path = DATA / "translations" / f"{code}.toml"
            if not path.exists():
                self.log(f"{name}: no demonstration translation ({path.name})")
                continue
            loader.translate_into(code, read_translations(path))

    def ensure_translators_group(self, name: str) -> Group:
        """Translators may reach the admin, submit translations and edit (not
        publish) pages and translatable snippets: an editor or moderator publishes."""
        group, created = Group.objects.get_or_create(name=name)
        if not created:
            return group
        wanted = Q(content_type__app_label="wagtailadmin", codename="access_admin")
        wanted |= Q(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        )
        for model in get_snippet_models():
            if issubclass(model, TranslatableMixin):
                name = model._meta.model_name
                wanted |= Q(
                    content_type__app_label=model._meta.app_label,
                    codename__in=[f"add_{name}", f"change_{name}"],
                )
        group.permissions.add(*Permission.objects.filter(wanted))
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=Page.get_first_root_node(),
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        self.log(f"Group « {group.name} » created")
        return group

    def ensure_user(self, spec: dict[str, Any], password: str) -> AbstractUser:
        """Create the account once; an existing one keeps its password."""
        username = spec["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            fields = {k: v for k, v in spec.items() if k not in ("group", "purpose")}
            user = get_user_model()(**fields)
            user.set_password(password)
            user.save()
            self.log(f"Account {username} created ({spec['purpose']})")
        else:
            self.log(f"Account {username} present (password unchanged)")
        if group := Group.objects.filter(name=spec.get("group")).first():
            user.groups.add(group)
        return user

    def ensure_site(self, home: Page, name: str) -> Site:
        """The default Site serves the home page at WAGTAILADMIN_BASE_URL's
        address (which `dev.py start` sets to the address it serves on), so that
        the API's and Wagtail's absolute links name the address the demo answers at
        (`--base-url` when a test server runs on a port of its own)."""
        hostname, port = address_of(self.base_url)
        site = Site.objects.filter(is_default_site=True).first() or Site(
            is_default_site=True
        )
        wanted = (home.pk, name, hostname, port)
        current = (site.root_page_id, site.site_name, site.hostname, site.port)
        if site.pk and current == wanted:
            self.log(f"Site {hostname}:{port} already serves the home page")
            return site
        site.root_page = home
        site.site_name = name
        site.hostname, site.port = hostname, port
        site.save()
        self.log(f"Site {hostname}:{port} now serves the home page")
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

    def ensure_site_settings(self, loader: DemoLoader, home: Page) -> None:
        settings = SiteSettings.for_site(Site.objects.get(root_page=home))
        if settings.address:
            self.log("Site settings present")
            return
        entry = Entry("settings", DATA / "site.toml", self.site_data["settings"])
        loader.entry = entry
        for name, value in loader.fields(
            SiteSettings, entry, "fr", lambda _field: True
        ).items():
            setattr(settings, name, value)
        settings.save()
        self.log("Site settings filled: identity, address, accounts on Mastodon…")

    def summary(self, accounts: dict[str, str | None]) -> None:
        base = self.base_url
        lines = [
            "",
            "The demo site is ready:",
            f"  French:  {base}/",
            f"  English: {base}/en/",
            *(
                f"  {name}: {base}/{code}/"
                for code, name in settings.LANGUAGES
                if code not in ("fr", "en")
            ),
            f"  Admin:   {base}/admin/",
            "Demo accounts (change these passwords on any shared server):",
        ]
        purposes = {
            spec["username"]: spec["purpose"] for spec in self.site_data["account"]
        }
        for username, password in accounts.items():
            shown = password or "(changed since it was created; not shown)"
            lines.append(f"  {username:<11} {shown:<20} {purposes[username]}")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
