"""Publish translations of demo content through wagtail-localize.

The demo content is written in French first. Its English version is described as
the same object with English values; the strings are paired segment by segment
and stored as wagtail-localize string translations, exactly as a translator's
work in the admin would be. The translation then stays synchronised: editing the
French page marks what needs translating again.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import models, transaction
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


class TranslationMismatch(ValueError):
    """The English description does not have the shape of the French source."""


def _string_segments(instance: models.Model) -> list[StringSegmentValue]:
    return [s for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


@transaction.atomic
def publish_translation(
    source: models.Model,
    values: dict[str, Any],
    locale_code: str = "en",
    user=None,
) -> models.Model:
    """Translate `source` into `locale_code` with `values` (field name -> translated
    value, in the same shape as the source's) and publish it. Idempotent.

    Fields left out of `values` keep the source's text (wagtail-localize falls back).
    Returns the translated instance.
    """
    if isinstance(source, Page):
        source = source.specific
    locale = Locale.objects.get(language_code=locale_code)

    shadow = copy.copy(source)
    # Inline children set on the shadow must not reach the source's own list
    # (django-modelcluster 6.5's private cache: tests/test_upgrade_guards.py).
    shadow._cluster_related_objects = dict(
        getattr(source, "_cluster_related_objects", {})
    )
    for name, value in values.items():
        setattr(shadow, name, value)
        if isinstance(source._meta.get_field(name), StreamField):
            # A round trip through the database format gives every block an id,
            # which segment paths need.
            setattr(shadow, name, getattr(shadow, name).get_prep_value())
    source_strings = _string_segments(source)
    target_strings = _string_segments(shadow)
    if len(source_strings) != len(target_strings):
        raise TranslationMismatch(
            f"{source!r}: {len(source_strings)} strings in the source, "
            f"{len(target_strings)} in its translation"
        )

    translation_source, created = TranslationSource.update_or_create_from_instance(
        source
    )
    translation, _ = Translation.objects.get_or_create(
        source=translation_source,
        target_locale=locale,
        defaults={"enabled": True},
    )
    segments = list(
        StringSegment.objects.filter(source=translation_source)
        .select_related("string", "context")
        .order_by("order")
    )
    for segment, source_value, target_value in zip(
        segments, source_strings, target_strings, strict=True
    ):
        if segment.string.data != source_value.string.data:
            raise TranslationMismatch(
                f"{source!r}: segment {segment.context.path} is out of step"
            )
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": target_value.string.data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    if not isinstance(source, DraftStateMixin):
        translation.save_target(user=user, publish=True)
        return source.get_translation(locale)
    # wagtail-localize publishes drafts on commit, from the revision's in-memory
    # object: inside a longer transaction (this command, a test) that object's
    # tree counters are stale by then. Save a draft and publish it now instead,
    # from a revision read back from the database.
    translation.save_target(user=user, publish=False)
    translated = source.get_translation(locale)
    Revision.objects.get(pk=translated.latest_revision_id).publish(user=user)
    return type(translated).objects.get(pk=translated.pk)
