"""The guides' admin addresses and their entries in the Help menu."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import GuideView, guide_image


@hooks.register("register_admin_urls")
def register_help_urls() -> list:
    return [
        path("help/images/<str:name>", guide_image, name="help_image"),
        path("help/<slug:guide>/", GuideView.as_view(), name="help_guide"),
    ]


@hooks.register("register_help_menu_item")
def editors_guide_menu_item() -> MenuItem:
    return MenuItem(
        _("Writing and publishing guide"),
        reverse("help_guide", args=["editors"]),
        name="site-editors-guide",
        icon_name="doc-full",
        order=900,
    )


@hooks.register("register_help_menu_item")
def translators_guide_menu_item() -> MenuItem:
    return MenuItem(
        _("Translation guide"),
        reverse("help_guide", args=["translators"]),
        name="site-translators-guide",
        icon_name="doc-full",
        order=910,
    )
