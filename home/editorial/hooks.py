"""Admin hooks of the editorial workflow: the publishing calendar and the pages
to review, as admin pages (under « Reports ») and as dashboard panels (imported by
home/wagtail_hooks.py, the only hooks module Wagtail discovers in the app)."""

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.editorial.admin_views import (
    PublishingCalendarPanel,
    PublishingCalendarView,
    ReviewListView,
    ReviewPanel,
)


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
