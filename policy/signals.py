"""The history of an action's status and of its indicators' values, written when
a new status, progress or indicator value goes live: residents read it on the
action page (revisions are for editors)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from wagtail.models import PageLogEntry, Revision
from wagtail_localize.models import TranslationSource

from .models import ActionPage, ActionStatusChange, IndicatorValueChange

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def translated_from_elsewhere(instance: ActionPage) -> bool:
    """Whether the page is a translation: only the source records (a translation
    follows the source's synchronised figures)."""
    return (
        TranslationSource.objects.filter(object_id=instance.translation_key)
        .exclude(locale_id=instance.locale_id)
        .exists()
    )


def record_status_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """On `page_published`: add a change dated today when the published status or
    progress differs from the latest change of the action (any translation), as
    residents read it (corrected; a withdrawn entry does not count).

    Only the source page records: a translation follows the source's status and
    progress (synchronised), so publishing it, even before it is brought up to
    date, must not write the same change twice or an old value back."""
    if not isinstance(instance, ActionPage) or translated_from_elsewhere(instance):
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


def previously_published(
    page: ActionPage, revision: Revision | None
) -> Revision | None:
    """The revision that was live before this publication: the one of the page's
    latest publication in Wagtail's log (the log of this one is written after
    the signal)."""
    entry = (
        PageLogEntry.objects.filter(
            page_id=page.pk, action__in=PUBLISH_ACTIONS, revision__isnull=False
        )
        .exclude(revision_id=getattr(revision, "pk", None))
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None


def as_decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def record_indicator_changes(
    sender: type, instance: Any, revision: Revision | None = None, **kwargs: Any
) -> None:
    """On `page_published`: add an entry dated today for each indicator whose
    current value differs from the one previously published (a new indicator
    published with a value counts; one published empty does not). The action's
    first publication sets its starting values: nothing is recorded. Only the
    source page records, as for the status."""
    if not isinstance(instance, ActionPage) or translated_from_elsewhere(instance):
        return
    previous = previously_published(instance, revision)
    if previous is None:
        return
    before = {
        str(item.get("translation_key")): as_decimal(item.get("current_value"))
        for item in previous.content.get("indicators", [])
    }
    today = timezone.localdate()
    entries = []
    for indicator in instance.indicators.all():
        key = str(indicator.translation_key)
        old = before.get(key)
        if key in before and old == indicator.current_value:
            continue
        if key not in before and indicator.current_value is None:
            continue
        entries.append(
            IndicatorValueChange(
                action=instance,
                indicator_key=indicator.translation_key,
                name=indicator.name,
                unit=indicator.unit,
                date=today,
                previous_value=old,
                value=indicator.current_value,
                measured_on=indicator.measured_on,
            )
        )
    IndicatorValueChange.objects.bulk_create(entries)
