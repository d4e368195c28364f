"""The editors' publishing calendar and review list, as admin pages and as
dashboard panels."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.editorial.calendar import calendar, calendar_days
from home.editorial.reviews import by_section, due_pages, editable_by, notice_days


def review_context(user) -> dict[str, Any]:
    """The pages `user` may edit that are due for review, by section, with the
    number overdue (due today or earlier)."""
    today = timezone.localdate()
    pages = editable_by(due_pages(), user)
    for page in pages:
        page.review_due_on = page.due_for_review_on
        page.review_overdue = page.review_due_on <= today
    return {
        "sections": by_section(pages),
        "due_count": len(pages),
        "overdue_count": sum(page.review_overdue for page in pages),
        "notice_days": notice_days(),
    }


def calendar_context() -> dict[str, Any]:
    return {"items": calendar(), "days": calendar_days()}


class PublishingCalendarView(WagtailAdminTemplateMixin, TemplateView):
    """Everything scheduled to go live or expire in the coming days."""

    template_name = "home/admin/publishing_calendar.html"
    page_title = _("Publishing calendar")
    header_icon = "calendar"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(calendar_context())
        return context


class ReviewListView(WagtailAdminTemplateMixin, TemplateView):
    """The pages due for review, section by section."""

    template_name = "home/admin/review_list.html"
    page_title = _("Pages to review")
    header_icon = "time"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(review_context(self.request.user))
        return context


class PublishingCalendarPanel(Component):
    name = "publishing_calendar"
    template_name = "home/admin/publishing_calendar_panel.html"
    order = 90

    def get_context_data(self, parent_context: dict) -> dict[str, Any]:
        return calendar_context()


class ReviewPanel(Component):
    name = "pages_to_review"
    template_name = "home/admin/review_panel.html"
    order = 95

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context: dict) -> dict[str, Any]:
        return review_context(self.user)
