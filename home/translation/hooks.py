"""Admin hooks of translation: the translation-status report and its dashboard
panel, the translation editor's texts wagtail-localize leaves in English, the
translators' rights, and wagtail-localize's views made safe (imported by
home/wagtail_hooks.py, the only hooks module Wagtail discovers in the app)."""

from __future__ import annotations

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_localize.views import edit_translation

from home.translation import localize_rights, rights, tools
from home.translation.admin_views import (
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


# Translation: translators keep off the source language (home/translation/rights.py);
# wagtail-localize's PO upload, machine translation and sync answer bad files,
# failing servers and publishing rights properly (home/translation/tools.py). Their
# addresses are wagtail-localize's own: registered first, these views answer them.

for _hook in (
    "before_edit_page",
    "before_create_page",
    "before_copy_page",
    "before_move_page",
    "before_delete_page",
    "before_convert_alias_page",
    "before_edit_snippet",
    "before_create_snippet",
    "before_delete_snippet",
    "before_bulk_action",
):
    hooks.register(_hook, getattr(rights, _hook))

# After the rights above, before wagtail-localize's own hooks: its editor, with
# translators' rules (no « Convert to alias page », what happens next).
hooks.register("before_edit_page", localize_rights.translation_editor)
hooks.register("before_edit_snippet", localize_rights.translation_editor)
hooks.register("construct_page_action_menu", localize_rights.page_action_menu)


@hooks.register("register_admin_urls")
def register_translation_tools_urls() -> list:
    """wagtail-localize's addresses, answered by the views that keep translators
    off the source language (home/translation/localize_rights.py) and handle bad input
    (home/translation/tools.py)."""
    off_source = localize_rights.off_source_translations
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            localize_rights.submit_page_translation,
            name="localize_rights_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            localize_rights.submit_snippet_translation,
            name="localize_rights_submit_snippet_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/strings/"
            "<int:string_segment_id>/edit/",
            off_source(edit_translation.edit_string_translation),
            name="localize_rights_edit_string_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/"
            "<int:overridable_segment_id>/edit/",
            off_source(edit_translation.edit_override),
            name="localize_rights_edit_override",
        ),
        path(
            "localize/translate/<int:translation_id>/preview/",
            off_source(edit_translation.preview_translation),
            name="localize_rights_preview_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/preview/<str:mode>/",
            off_source(edit_translation.preview_translation),
            name="localize_rights_preview_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/disable/",
            off_source(edit_translation.stop_translation),
            name="localize_rights_stop_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/download/",
            off_source(tools.download_pofile),
            name="translation_tools_download_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            off_source(tools.upload_pofile),
            name="translation_tools_upload_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            off_source(tools.machine_translate),
            name="translation_tools_machine_translate",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            localize_rights.convert_to_alias,
            name="localize_rights_convert_to_alias",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            localize_rights.off_source_updates(tools.UpdateTranslationsView.as_view()),
            name="translation_tools_update_translations",
        ),
    ]
