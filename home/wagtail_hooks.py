from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from home import snippet_rights
from home.admin_views import (
    PublishingCalendarPanel,
    PublishingCalendarView,
    ReviewListView,
    ReviewPanel,
)
from home.models import Menu
from home.translation import hooks as translation_hooks  # noqa: F401  (registers them)


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
