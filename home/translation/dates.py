"""Dates in wagtail-localize's translation editor, in the editor's language.

Each translated text in the editor carries a note, « Traduit manuellement le
{date} », whose date wagtail-localize 1.14 writes with `strftime`
(`StringTranslation.get_comment`): month names in English whatever the admin's
language (« le 6 December 2026 »), and in UTC. `install` (home/apps.py) makes
that date Django's localised date in the site's time zone; the sentences stay
wagtail-localize's, with their translations. Reported upstream
(docs/upstream.md): remove once fixed there.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from wagtail_localize.models import StringTranslation


class _LocalisedDate:
    """Stands for `updated_at` where wagtail-localize formats it."""

    def __init__(self, value: datetime.datetime) -> None:
        self.value = value

    def strftime(self, _format: str) -> str:
        value = self.value
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "DATE_FORMAT")


def install() -> None:
    original = StringTranslation.get_comment
    if getattr(original, "localised_dates", False):
        return

    def get_comment(self: StringTranslation) -> Any:
        if self.updated_at is None:
            return original(self)
        stand_in = copy.copy(self)
        stand_in.updated_at = _LocalisedDate(self.updated_at)
        return original(stand_in)

    get_comment.localised_dates = True  # type: ignore[attr-defined]
    get_comment.__doc__ = original.__doc__
    StringTranslation.get_comment = get_comment
