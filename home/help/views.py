"""The guides as admin pages, and the screenshots they show."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .guides import GUIDES, IMAGE_DIR, guide_language, render


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    """One guide, in the admin's layout and in the user's admin language."""

    template_name = "home/admin/help_guide.html"
    header_icon = "help"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        guide = GUIDES.get(kwargs["guide"])
        if guide is None:
            raise Http404
        self.language = guide_language(get_language())
        self.rendered = render(guide, self.language)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.rendered.title

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.rendered.title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The Markdown is rendered with HTML disabled: what an author typed as
        # HTML is escaped by markdown-it, so its output is safe to insert.
        context["guide_html"] = mark_safe(self.rendered.html)  # noqa: S308
        context["guide_language"] = self.language
        return context


def guide_image(request: HttpRequest, name: str) -> FileResponse:
    """A screenshot of the guides (PNG files of docs/guide/images/ only)."""
    path = IMAGE_DIR / name
    if "/" in name or not name.endswith(".png") or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
