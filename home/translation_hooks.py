"""Admin hooks of the translation-status report and its dashboard panel, and the
translation editor's texts wagtail-localize leaves in English (imported by
wagtail_hooks)."""

from __future__ import annotations

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.translation_admin import (
    AwaitingPublicationPanel,
    TranslationStatusPanel,
    TranslationStatusView,
    may_publish_translations,
    may_see_translation_status,
)


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_see_translation_status(request.user)


@hooks.register("register_admin_urls")
def register_translation_status_urls() -> list:
    return [
        path(
            "translation-status/",
            TranslationStatusView.as_view(),
            name="translation_status",
        ),
        path(
            "translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="translation_status_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item() -> MenuItem:
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("translation_status"),
        icon_name="globe",
        order=52,
    )


@hooks.register("construct_homepage_panels")
def add_translation_status_panel(request: HttpRequest, panels: list) -> None:
    if may_publish_translations(request.user):
        panels.append(AwaitingPublicationPanel())
    if may_see_translation_status(request.user):
        panels.append(TranslationStatusPanel())


@hooks.register("insert_editor_js")
def translation_editor_texts() -> str:
    """In wagtail-localize's translation editor, its heading and « More actions »
    in the admin's language (home/static/home/admin/translation_editor.js: the
    editor writes them in English). Other editors load the script, which does
    nothing there."""
    return format_html(
        '<script src="{}" data-heading="{}" data-more-actions="{}" defer></script>',
        static("home/admin/translation_editor.js"),
        gettext("Translation: {source} → {target}"),
        gettext("More actions"),
    )
