"""The menu editor's view of its entries' translations: which entries lead to
a page not translated (or not live) in which language. Readers of those
languages still get the entry, linked to the source-language page and marked
as such (home/chrome.py), so the editor knows what to translate next."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail.admin.panels import Panel
from wagtail.models import Page


def untranslated_entries(stream) -> list[dict[str, Any]]:
    """[{"text", "page", "missing": [language names]}] for each entry of
    `stream` that leads to a page, in one query."""
    pages = [block.value["page"] for block in stream if block.value.get("page")]
    live: dict = {}
    for key, code in (
        Page.objects.live()
        .filter(translation_key__in=[page.translation_key for page in pages])
        .values_list("translation_key", "locale__language_code")
    ):
        live.setdefault(key, set()).add(code)
    rows = []
    for block in stream:
        page = block.value.get("page")
        if page is None:
            continue
        rows.append(
            {
                "text": block.value.get("text") or page.title,
                "page": page,
                "missing": [
                    str(name)
                    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
                    if code not in live.get(page.translation_key, set())
                ],
            }
        )
    return rows


class MenuTranslationsPanel(Panel):
    """A read-only panel listing, for each entry of the menu being edited, the
    languages its page is not translated into."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/admin/menu_translations_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            items = getattr(self.instance, "items", None) or []
            context["entries"] = untranslated_entries(items)
            return context
