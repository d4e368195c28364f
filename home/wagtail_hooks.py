from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_localize.views import edit_translation

from home import (
    localize_rights,
    snippet_rights,
    translation_hooks,  # noqa: F401  (registers its hooks)
    translation_rights,
    translation_tools,
)
from home.admin_views import (
    PublishingCalendarPanel,
    PublishingCalendarView,
    ReviewListView,
    ReviewPanel,
)
from home.models import Menu


class MenuViewSet(snippet_rights.TranslatableSnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = _("Menus")
    list_display = ["__str__", "location", "locale"]
    list_filter = ["location", "locale"]
    add_to_admin_menu = True
    menu_order = 300


register_snippet(MenuViewSet)


@hooks.register("insert_global_admin_css")
def admin_listings_css() -> str:
    """Listings whose words are never cut, down to 1024 pixels wide."""
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-listings.css")
    )


# Editorial workflow: the publishing calendar and the pages to review, as admin
# pages (under « Reports ») and as dashboard panels.


@hooks.register("register_admin_urls")
def register_editorial_urls() -> list:
    return [
        path(
            "publishing-calendar/",
            PublishingCalendarView.as_view(),
            name="publishing_calendar",
        ),
        path("pages-to-review/", ReviewListView.as_view(), name="pages_to_review"),
    ]


@hooks.register("register_reports_menu_item")
def register_calendar_menu_item() -> MenuItem:
    return MenuItem(
        _("Publishing calendar"),
        reverse("publishing_calendar"),
        icon_name="calendar",
        order=50,
    )


@hooks.register("register_reports_menu_item")
def register_review_menu_item() -> MenuItem:
    return MenuItem(
        _("Pages to review"), reverse("pages_to_review"), icon_name="time", order=51
    )


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request: HttpRequest, panels: list) -> None:
    panels.append(PublishingCalendarPanel())
    panels.append(ReviewPanel(request.user))


# Translation: translators keep off the source language (home/translation_rights.py);
# wagtail-localize's PO upload, machine translation and sync answer bad files,
# failing servers and publishing rights properly (home/translation_tools.py). Their
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
    hooks.register(_hook, getattr(translation_rights, _hook))

# After the rights above, before wagtail-localize's own hooks: its editor, with
# translators' rules (no « Convert to alias page », what happens next).
hooks.register("before_edit_page", localize_rights.translation_editor)
hooks.register("before_edit_snippet", localize_rights.translation_editor)
hooks.register("construct_page_action_menu", localize_rights.page_action_menu)


@hooks.register("register_admin_urls")
def register_translation_tools_urls() -> list:
    """wagtail-localize's addresses, answered by the views that keep translators
    off the source language (home/localize_rights.py) and handle bad input
    (home/translation_tools.py)."""
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
            off_source(translation_tools.download_pofile),
            name="translation_tools_download_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            off_source(translation_tools.upload_pofile),
            name="translation_tools_upload_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            off_source(translation_tools.machine_translate),
            name="translation_tools_machine_translate",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            localize_rights.convert_to_alias,
            name="localize_rights_convert_to_alias",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            localize_rights.off_source_updates(
                translation_tools.UpdateTranslationsView.as_view()
            ),
            name="translation_tools_update_translations",
        ),
    ]
