"""Where every translatable page and snippet stands in each language: the
translation-status report and its dashboard panel read it from here.

The source language is the default locale (`LANGUAGE_CODE`). For every page and
every registered translatable snippet written in it (live ones, for models with
drafts: residents read those), and for every other locale, the status is:

- untranslated: no instance in that locale, or only an alias of the source (what
  a synchronised tree creates before anyone translates);
- outdated: the source changed after its content was last extracted for
  translation (wagtail-localize's `TranslationSource.last_updated_at`, set when a
  translation is submitted or synchronised). The source's change is its last
  publication for models with drafts (synchronising reads the live version), its
  latest revision otherwise; a translation edited by hand (no wagtail-localize
  translation, or one stopped) is compared with its own last change instead;
- in progress: some segments are not translated yet, or the translation is not
  live or has changes not published yet, or a translator saved a string in
  wagtail-localize's editor since the translation was last published (each
  string is saved as it is typed, and only reaches the translation when it is
  published: translators do not publish, a manager does);
- up to date: everything else.

Everything is read in a fixed number of queries per model (pages count as one),
whatever the number of objects.

Longer than most modules on purpose: the rows of pages and snippets are built
from the same few queries' results, and the rules above read as one.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Locale, Page, RevisionMixin
from wagtail.models.i18n import TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import StringSegment, StringTranslation, Translation

UNTRANSLATED = "untranslated"
OUTDATED = "outdated"
IN_PROGRESS = "in_progress"
UP_TO_DATE = "up_to_date"
STATUSES = {
    UNTRANSLATED: _("Untranslated"),
    OUTDATED: _("Outdated"),
    IN_PROGRESS: _("In progress"),
    UP_TO_DATE: _("Up to date"),
}
PAGE_KIND = "page"


@dataclass
class Row:
    """One source object in one target locale."""

    kind: str
    type_label: str
    title: str
    locale: Locale
    status: str
    source_url: str
    translation_url: str | None = None
    # Where to act: submit for translation, or synchronise the translation.
    action_url: str | None = None
    # A translator's work not yet published (strings saved in the editor since
    # the last publication, or a draft): a manager publishes it.
    awaiting_publication: bool = False
    segments: int | None = None
    translated_segments: int | None = None
    source_changed_at: datetime.datetime | None = None
    synced_at: datetime.datetime | None = None

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])

    @property
    def locale_label(self) -> str:
        return self.locale.get_display_name()

    @property
    def progress_label(self) -> str:
        if self.segments is None:
            return ""
        return f"{self.translated_segments}/{self.segments}"


@dataclass(frozen=True)
class Kind:
    """A filterable kind of content: every page type together, or one snippet."""

    key: str
    label: str
    model: type[models.Model]


def snippet_kind_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def translatable_snippet_models() -> list[type[models.Model]]:
    """Every registered snippet that is translatable, read from the registry."""
    return sorted(
        (m for m in get_snippet_models() if issubclass(m, TranslatableMixin)),
        key=lambda m: str(m._meta.verbose_name_plural).lower(),
    )


def kinds() -> list[Kind]:
    return [Kind(PAGE_KIND, str(_("Pages")), Page)] + [
        Kind(
            snippet_kind_key(model),
            str(capfirst(model._meta.verbose_name_plural)),
            model,
        )
        for model in translatable_snippet_models()
    ]


def source_locale() -> Locale:
    return Locale.get_default()


def target_locales(source: Locale) -> list[Locale]:
    """The site's other languages: a language removed from DJANGO_LANGUAGES keeps
    its locale in the database, hidden from the site, and from this report."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    return list(
        Locale.objects.exclude(pk=source.pk)
        .filter(language_code__in=codes)
        .order_by("language_code")
    )


def _changed_at_field(model: type[models.Model]) -> str | None:
    """The field saying when an object last changed in a way a translation follows."""
    if issubclass(model, DraftStateMixin):
        return "last_published_at"
    if issubclass(model, RevisionMixin):
        return "latest_revision__created_at"
    return None


def _translations(source: Locale) -> dict[tuple[int, Any, int], dict[str, Any]]:
    """wagtail-localize's enabled translations from the source locale, with their
    progress, by (content type, translation key, target locale): one query."""
    segments = StringSegment.objects.filter(source_id=OuterRef("source_id"))
    translated = segments.filter(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=OuterRef(OuterRef("target_locale_id")),
                has_error=False,
            )
        )
    )

    def count(queryset: models.QuerySet) -> Coalesce:
        return Coalesce(
            Subquery(
                queryset.order_by()
                .values("source_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )

    # The last string a translator saved for this translation: a string's
    # translation belongs to one object's place (its context); the same text
    # elsewhere (another page quoting it) is another translation.
    last_string = (
        StringTranslation.objects.filter(
            locale_id=OuterRef("target_locale_id"),
            translation_of__segments__source_id=OuterRef("source_id"),
            translation_of__segments__context_id=F("context_id"),
        )
        .order_by()
        .values("locale_id")
        .annotate(last=Max("updated_at"))
        .values("last")[:1]
    )
    rows = (
        Translation.objects.filter(enabled=True, source__locale=source)
        .annotate(
            segments=count(segments),
            translated_segments=count(translated),
            last_string_at=Subquery(last_string, output_field=DateTimeField()),
        )
        .values(
            "source_id",
            "source__object_id",
            "source__object__content_type_id",
            "source__last_updated_at",
            "target_locale_id",
            "segments",
            "translated_segments",
            "last_string_at",
        )
    )
    return {
        (
            row["source__object__content_type_id"],
            row["source__object_id"],
            row["target_locale_id"],
        ): row
        for row in rows
    }


def _awaiting_publication(
    target: dict | None,
    sync: dict | None,
    target_changed_field: str | None,
    draftable: bool,
) -> bool:
    """Is there a translator's work the translation does not show yet: a draft,
    or strings saved in the editor after the translation last changed?"""
    if target is None or target.get("alias_of_id"):
        return False
    if draftable and (not target.get("live") or target.get("has_unpublished_changes")):
        return True
    last_string_at = sync.get("last_string_at") if sync else None
    if last_string_at is None or target_changed_field is None:
        return False
    changed_at = target.get(target_changed_field)
    return changed_at is None or last_string_at > changed_at


def _status(
    target: dict | None,
    sync: dict | None,
    source_changed_at: datetime.datetime | None,
    target_changed_field: str | None,
    draftable: bool,
) -> str:
    if target is None or target.get("alias_of_id"):
        return UNTRANSLATED
    if sync is not None:
        reference = sync["source__last_updated_at"]
    else:
        reference = target.get(target_changed_field) if target_changed_field else None
    if source_changed_at and reference and source_changed_at > reference:
        return OUTDATED
    if sync is not None and sync["translated_segments"] < sync["segments"]:
        return IN_PROGRESS
    if _awaiting_publication(target, sync, target_changed_field, draftable):
        return IN_PROGRESS
    return UP_TO_DATE


def _page_rows(source: Locale, locales: list[Locale], syncs: dict) -> Iterable[Row]:
    content_type = ContentType.objects.get_for_model(Page)
    source_pages = Page.objects.filter(locale=source, depth__gt=1, live=True)
    sources = list(
        source_pages.order_by("path").values(
            "id", "title", "translation_key", "content_type_id", "last_published_at"
        )
    )
    targets = {
        (page["translation_key"], page["locale_id"]): page
        for page in Page.objects.filter(
            translation_key__in=source_pages.values("translation_key")
        )
        .exclude(locale=source)
        .values(
            "id",
            "translation_key",
            "locale_id",
            "live",
            "has_unpublished_changes",
            "alias_of_id",
            "last_published_at",
        )
    }
    for page in sources:
        model = ContentType.objects.get_for_id(page["content_type_id"]).model_class()
        type_label = str(capfirst(model._meta.verbose_name)) if model else ""
        source_url = reverse("wagtailadmin_pages:edit", args=[page["id"]])
        for locale in locales:
            target = targets.get((page["translation_key"], locale.pk))
            sync = syncs.get((content_type.pk, page["translation_key"], locale.pk))
            status = _status(
                target, sync, page["last_published_at"], "last_published_at", True
            )
            yield _row(
                PAGE_KIND,
                type_label,
                page["title"],
                locale,
                status,
                source_url,
                reverse("wagtailadmin_pages:edit", args=[target["id"]])
                if target
                else None,
                reverse("wagtail_localize:submit_page_translation", args=[page["id"]]),
                sync,
                page["last_published_at"],
                _awaiting_publication(target, sync, "last_published_at", True),
            )


def _snippet_rows(
    model: type[models.Model], source: Locale, locales: list[Locale], syncs: dict
) -> Iterable[Row]:
    """A snippet's title is its `str()`, read with its locale: a `__str__` that
    reads other relations would cost a query per snippet."""
    translation_model = model.get_translation_model()
    content_type = ContentType.objects.get_for_model(translation_model)
    changed_field = _changed_at_field(model)
    draftable = issubclass(model, DraftStateMixin)
    sources = model._default_manager.filter(locale=source).select_related("locale")
    if draftable:
        sources = sources.filter(live=True)
    if changed_field == "latest_revision__created_at":
        sources = sources.select_related("latest_revision")
    keys = sources.values("translation_key")
    sources = list(sources.order_by("pk"))
    fields = ["pk", "translation_key", "locale_id"]
    if draftable:
        fields += ["live", "has_unpublished_changes"]
    if changed_field:
        fields.append(changed_field)
    targets = {
        (item["translation_key"], item["locale_id"]): item
        for item in model._default_manager.filter(translation_key__in=keys)
        .exclude(locale=source)
        .values(*fields)
    }
    edit_url_name = model.snippet_viewset.get_url_name("edit")
    type_label = str(capfirst(model._meta.verbose_name))
    for item in sources:
        changed_at = _read_changed_at(item, changed_field)
        source_url = reverse(edit_url_name, args=[quote(item.pk)])
        submit_url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[model._meta.app_label, model._meta.model_name, quote(item.pk)],
        )
        for locale in locales:
            target = targets.get((item.translation_key, locale.pk))
            sync = syncs.get((content_type.pk, item.translation_key, locale.pk))
            status = _status(target, sync, changed_at, changed_field, draftable)
            yield _row(
                snippet_kind_key(model),
                type_label,
                str(item),
                locale,
                status,
                source_url,
                reverse(edit_url_name, args=[quote(target["pk"])]) if target else None,
                submit_url,
                sync,
                changed_at,
                _awaiting_publication(target, sync, changed_field, draftable),
            )


def _read_changed_at(item: models.Model, field: str | None) -> datetime.datetime | None:
    if field == "last_published_at":
        return item.last_published_at
    if field == "latest_revision__created_at":
        return item.latest_revision.created_at if item.latest_revision else None
    return None


def _row(
    kind: str,
    type_label: str,
    title: str,
    locale: Locale,
    status: str,
    source_url: str,
    translation_url: str | None,
    submit_url: str,
    sync: dict | None,
    source_changed_at: datetime.datetime | None,
    awaiting_publication: bool = False,
) -> Row:
    action_url = None
    if status == UNTRANSLATED and translation_url is None:
        # An alias is translated from its own edit view instead.
        action_url = submit_url
    elif status == OUTDATED and sync is not None:
        action_url = reverse(
            "wagtail_localize:update_translations", args=[sync["source_id"]]
        )
    return Row(
        kind=kind,
        type_label=type_label,
        title=title,
        locale=locale,
        status=status,
        source_url=source_url,
        translation_url=translation_url,
        action_url=action_url,
        awaiting_publication=awaiting_publication and status != OUTDATED,
        segments=sync["segments"] if sync else None,
        translated_segments=sync["translated_segments"] if sync else None,
        source_changed_at=source_changed_at,
        synced_at=sync["source__last_updated_at"] if sync else None,
    )


@dataclass
class TranslationStatus:
    source: Locale
    locales: list[Locale]
    rows: list[Row]

    def counts(self) -> list[LocaleCounts]:
        return counts_by_locale(self.rows, self.locales)


def translation_status() -> TranslationStatus:
    """Every translatable page and snippet of the source locale, once per other
    locale: pages in tree order first, then snippets by type."""
    source = source_locale()
    locales = target_locales(source)
    rows: list[Row] = []
    if locales:
        syncs = _translations(source)
        rows.extend(_page_rows(source, locales, syncs))
        for model in translatable_snippet_models():
            rows.extend(_snippet_rows(model, source, locales, syncs))
    return TranslationStatus(source, locales, rows)


@dataclass
class LocaleCounts:
    locale: Locale
    counts: dict[str, int]

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(status, self.counts[status]) for status in STATUSES]


def counts_by_locale(rows: Iterable[Row], locales: list[Locale]) -> list[LocaleCounts]:
    """The number of rows of each status, per target locale (every locale listed,
    every status counted, zeros included)."""
    counters = {locale.pk: Counter() for locale in locales}
    for row in rows:
        counters[row.locale.pk][row.status] += 1
    return [
        LocaleCounts(locale, {s: counters[locale.pk][s] for s in STATUSES})
        for locale in locales
    ]
