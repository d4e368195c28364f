"""Listing queries of the agenda that need no page class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.models import Page, Revision

if TYPE_CHECKING:
    from .event import EventPage


def with_sequence(queryset: models.QuerySet[EventPage]) -> models.QuerySet[EventPage]:
    """Each event annotated with `sequence`, its number of revisions (the
    iCalendar SEQUENCE, which only grows), in the same query."""
    revisions = (
        Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), models.CharField()),
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(sequence=Subquery(revisions))
