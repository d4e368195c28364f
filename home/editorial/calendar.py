"""The publishing calendar: what goes live or expires in the coming days, pages
and snippets alike, with who scheduled it.

A scheduled publication is an approved revision waiting for its time
(`Revision.approved_go_live_at`, the same record `publish_scheduled` reads), so the
calendar shows exactly what that command will publish. An expiry is a live object
with an `expire_at`. The calendar runs one query for the revisions and one per
model that can expire, whatever the number of items."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.utils import quote
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Page, Revision
from wagtail.snippets.models import get_snippet_models

DEFAULT_CALENDAR_DAYS = 14


def calendar_days() -> int:
    return getattr(settings, "PUBLISHING_CALENDAR_DAYS", DEFAULT_CALENDAR_DAYS)


@dataclass
class CalendarItem:
    """One event of the calendar: `action` is « goes live » or « expires »."""

    when: datetime.datetime
    action: str
    title: str
    kind: str
    edit_url: str | None
    scheduled_by: str


def edit_url(model: type[Model], object_id: str) -> str | None:
    """The admin's edit view of a page or a snippet, built without reading it."""
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[object_id])
    meta = model._meta
    try:
        return reverse(
            f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit",
            args=[quote(object_id)],
        )
    except NoReverseMatch:
        return None


def user_name(user) -> str:
    if user is None:
        return str(_("unknown"))
    return user.get_full_name().strip() or user.get_username()


def calendar(days: int | None = None, now: datetime.datetime | None = None):
    """Items going live or expiring between now and `days` days ahead, in time
    order."""
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days or calendar_days())
    items: list[CalendarItem] = []
    revisions = Revision.objects.filter(
        approved_go_live_at__gte=now, approved_go_live_at__lte=until
    ).select_related("user", "content_type")
    for revision in revisions:
        model = revision.content_type.model_class()
        if model is None:
            continue
        items.append(
            CalendarItem(
                when=revision.approved_go_live_at,
                action=str(_("goes live")),
                title=revision.object_str,
                kind=str(model._meta.verbose_name),
                edit_url=edit_url(model, revision.object_id),
                scheduled_by=user_name(revision.user),
            )
        )
    expiring_models: list[type[Model]] = [Page]
    expiring_models += [
        model for model in get_snippet_models() if issubclass(model, DraftStateMixin)
    ]
    for model in expiring_models:
        queryset = model.objects.filter(
            live=True, expire_at__gte=now, expire_at__lte=until
        ).select_related("latest_revision__user")
        if model is Page:
            queryset = queryset.select_related("content_type")
        for obj in queryset:
            specific_model = (
                obj.content_type.model_class() if model is Page else model
            ) or model
            revision = obj.latest_revision
            items.append(
                CalendarItem(
                    when=obj.expire_at,
                    action=str(_("expires")),
                    title=str(obj.get_admin_display_title())
                    if model is Page
                    else str(obj),
                    kind=str(specific_model._meta.verbose_name),
                    edit_url=edit_url(specific_model, str(obj.pk)),
                    scheduled_by=user_name(revision.user if revision else None),
                )
            )
    items.sort(key=lambda item: item.when)
    return items
