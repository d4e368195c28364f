"""The audits in the admin: their own menu entry and screens (views.py), the
snippet views for an audit's metadata, sample and history, and the figures
home's statement page reads through the `accessibility_audit_figures` hook."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.caching import generation
from home.editorial.snippet_rights import TranslatableSnippetViewSet
from home.models import AuditFigures

from .models import Audit, Scheme
from .publication import audit_figures, scheme_data
from .reminders import AuditRemindersPanel
from .views import admin_urls, may_fill, may_read


class AuditViewSet(SnippetViewSet):
    model = Audit
    icon = "tasks"
    menu_label = _("Accessibility audits")
    list_display = ["title", "audit_date", "auditor"]
    inspect_view_enabled = True
    add_to_admin_menu = False


register_snippet(AuditViewSet)


class SchemeViewSet(TranslatableSnippetViewSet):
    """The multi-year scheme and its yearly action plans: managers write it,
    translators translate it with wagtail-localize (never the French one: the
    policy of TranslatableSnippetViewSet and home/translation/rights.py), writers
    read it (inspect view)."""

    model = Scheme
    icon = "list-ul"
    menu_label = _("Accessibility schemes")
    list_display = ["title", "start_year", "end_year"]
    inspect_view_enabled = True
    add_to_admin_menu = True
    menu_order = 331


register_snippet(SchemeViewSet)


@hooks.register("register_admin_urls")
def register_audit_urls() -> list:
    return admin_urls()


class AuditMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_read(request.user)


@hooks.register("register_admin_menu_item")
def audit_menu_item() -> MenuItem:
    return AuditMenuItem(
        _("Accessibility audits"),
        reverse("accessibility_audits"),
        icon_name="tasks",
        order=330,
    )


@hooks.register("accessibility_audit_figures")
def statement_audit_figures(statement) -> AuditFigures | None:
    """The latest audit linked to the statement (home reads it through this
    hook, never importing this app). Its grid is thousands of results: computed
    once per content generation (an audit saved bumps it) and language. It
    depends on the statement's translation and language only, never on a
    draft, so a preview shows the same figures."""
    if statement.pk is None:
        return audit_figures(statement)
    return generation.cached(
        lambda: {"figures": audit_figures(statement)},
        "audit-figures",
        statement.translation_key,
        statement.locale_id,
        translation.get_language() or "",
    )["figures"]


@hooks.register("load_demo_data")
def load_accessibility_demo_data() -> Path:
    """The demo's audit: a data file read by home's loader."""
    return Path(__file__).resolve().parent / "demo_data"


@hooks.register("construct_homepage_panels")
def add_audit_reminders(request: HttpRequest, panels: list) -> None:
    """For those who fill the audits: an old audit, republished sample pages."""
    if may_fill(request.user):
        panels.append(AuditRemindersPanel())


@hooks.register("accessibility_scheme")
def statement_scheme(statement) -> dict | None:
    """The multi-year scheme the statement publishes, with this year's plan;
    once per content generation, language and year (as the figures above)."""
    if statement.pk is None:
        return scheme_data(statement)
    return generation.cached(
        lambda: {"scheme": scheme_data(statement)},
        "audit-scheme",
        statement.translation_key,
        statement.locale_id,
        translation.get_language() or "",
        timezone.localdate().year,
    )["scheme"]
