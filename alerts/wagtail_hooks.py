"""The alert banners' admin (a snippet with drafts, moderated like the pages)
and their demo content."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.editorial.snippet_rights import TranslatableSnippetViewSet

from .models import AlertBanner


class AlertBannerViewSet(TranslatableSnippetViewSet):
    model = AlertBanner
    icon = "warning"
    menu_label = _("Alert banners")
    list_display = ["text", "level", "starts_at", "ends_at", "locale"]
    list_filter = ["level", "locale", "live"]
    search_fields = ["text"]
    add_to_admin_menu = True
    menu_order = 330


register_snippet(AlertBannerViewSet)


@hooks.register("load_demo_data")
def load_alerts_demo_data() -> Path:
    """The demo's banner: data files read by home's loader."""
    return Path(__file__).resolve().parent / "demo_data"
