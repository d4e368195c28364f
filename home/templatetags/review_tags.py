"""The review flag editors see in the admin's page listing."""

from __future__ import annotations

from django import template
from django.utils import timezone
from wagtail.models import Page

from home.editorial.reviews import effective_review_date

register = template.Library()


@register.filter
def review_overdue(page: Page) -> bool:
    """Whether a live page's review date has passed. The listing reads specific
    pages, so this runs no query."""
    if not getattr(page, "live", False):
        return False
    due = effective_review_date(page)
    return due is not None and due <= timezone.localdate()
