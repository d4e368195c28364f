"""The history of an action's status, written when a new status or progress goes
live: residents read it on the action page (revisions are for editors)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from wagtail_localize.models import TranslationSource

from .models import ActionPage, ActionStatusChange


def record_status_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """On `page_published`: add a change dated today when the published status or
    progress differs from the latest change of the action (any translation), as
    residents read it (corrected; a withdrawn entry does not count).

    Only the source page records: a translation follows the source's status and
    progress (synchronised), so publishing it, even before it is brought up to
    date, must not write the same change twice or an old value back."""
    if not isinstance(instance, ActionPage):
        return
    translated_from_elsewhere = (
        TranslationSource.objects.filter(object_id=instance.translation_key)
        .exclude(locale_id=instance.locale_id)
        .exists()
    )
    if translated_from_elsewhere:
        return
    latest = (
        ActionStatusChange.objects.filter(
            action__translation_key=instance.translation_key
        )
        .standing()
        .with_shown_values()
        .order_by("-shown_on", "-pk")
        .first()
    )
    if latest and (latest.shown_status, latest.shown_progress) == (
        instance.status,
        instance.progress,
    ):
        return
    ActionStatusChange.objects.create(
        action=instance,
        date=timezone.localdate(),
        status=instance.status,
        progress=instance.progress,
    )
