"""Facts: the fields that say the same thing in every language (a status, a
progress, a date, a budget, a figure, a licence), and their copy to every
translation the moment the source goes live.

`FACTS` is the one list. A model declares its facts with
`follow_source(*FACTS["app.Model"], ...)` (home.bases): wagtail-localize then
copies them on each sync and a translator cannot override them. That alone
leaves a translation saying « in progress, 65 % » until a translator syncs it,
while the history the translations share already says « done, 100 % ». So when
the source is published (a page, or a draftable snippet such as an award),
`copy_facts` writes its facts into every translation, in every locale, in the
same request:

- the translation's row (its live content, or its draft if it was never
  published), its latest revision and its live revision, so that the next
  revision a translator saves starts from the new values;
- the content wagtail-localize keeps of the source (`TranslationSource`), from
  which the translation editor rebuilds a translation on publish: without it, a
  translator publishing later would bring the old value back;
- the facts of translatable children (an action's indicators), matched by their
  translation key.

No revision is created and nothing waits for approval: a fact is not the
translator's to word. Then the content generation is bumped (home.caching.generation:
pages, exports and the API built from cached entries are rebuilt) and the search
index updated; the frontend cache purges the page's live translations on publish
(home.caching.frontend).

Fields left out on purpose (translated, or not a fact): titles, texts, the
departments, a deliberation's reference and an award's level as residents read
it (« level 4 », « Gold »: words; its number `level_rank` is a fact), slugs and
anchors (follow the source on sync, but a changed anchor is not urgent), the news
categories (a many-to-many relation), a dataset's « featured » flag (an editorial
choice) and its resources' formats (overridable: a translation may point to
another file)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from wagtail.models import Page, Revision

# Model label → the fields that are facts. Children of a page (translatable
# inline models) are listed under their own label and found through `FACT_CHILDREN`.
FACTS: dict[str, tuple[str, ...]] = {
    "policy.MasterPlanPage": ("period_start", "period_end", "adoption_date"),
    "policy.ActionPage": ("status", "progress", "start_date", "target_date", "budget"),
    "policy.ActionIndicator": ("baseline", "target", "current_value", "measured_on"),
    "policy.Award": ("year", "date", "level_rank"),
    "policy.DatasetPage": (
        "theme",
        "producer_siret",
        "licence",
        "temporal_start",
        "temporal_end",
        "issued",
        "modified",
        "frequency",
    ),
    "news.NewsPage": ("date",),
    "events.EventPage": (
        "start",
        "end",
        "all_day",
        "status",
        "previous_start",
        "latitude",
        "longitude",
        "audience",
        "free",
        "price",
        "attendance",
    ),
    "alerts.AlertBanner": ("level", "starts_at", "ends_at"),
    "home.AccessibilityStatementPage": (
        "audit_date",
        "rgaa_version",
        "compliance_rate",
    ),
}
# Model label → its child relations whose models have facts.
FACT_CHILDREN: dict[str, tuple[str, ...]] = {
    "policy.ActionPage": ("indicators",),
}


def _serialised(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The fields as a revision or wagtail-localize stores them (JSON values)."""
    values = {name: getattr(instance, name) for name in names}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def is_source(instance: models.Model) -> bool:
    """Is `instance` the original its translations are made from? Not when a
    wagtail-localize source of another language exists for it."""
    from wagtail_localize.models import TranslationSource

    return not (
        TranslationSource.objects.filter(object_id=instance.translation_key)
        .exclude(locale_id=instance.locale_id)
        .exists()
    )


class _Facts:
    """What to copy from one published source."""

    def __init__(self, source: models.Model) -> None:
        self.source = source
        self.names = FACTS[source._meta.label]
        self.values = {name: getattr(source, name) for name in self.names}
        self.serialised = _serialised(source, self.names)
        # relation → {child translation key: (values, serialised values)}
        self.children: dict[str, dict[Any, tuple[dict, dict]]] = {}
        for relation in FACT_CHILDREN.get(source._meta.label, ()):
            manager = getattr(source, relation)
            child_names = FACTS[manager.model._meta.label]
            self.children[relation] = {
                str(child.translation_key): (
                    {name: getattr(child, name) for name in child_names},
                    _serialised(child, child_names),
                )
                for child in manager.all()
            }

    def apply_to_content(self, content: dict) -> bool:
        """Write the facts into serialised content (a revision's or
        wagtail-localize's); True when something changed."""
        changed = False
        for name, value in self.serialised.items():
            if content.get(name) != value:
                content[name] = value
                changed = True
        for relation, children in self.children.items():
            for item in content.get(relation) or []:
                found = children.get(str(item.get("translation_key")))
                if found is None:
                    continue
                for name, value in found[1].items():
                    if item.get(name) != value:
                        item[name] = value
                        changed = True
        return changed

    def apply_to_rows(self, translations: models.QuerySet) -> None:
        translations.update(**self.values)
        pks = list(translations.values_list("pk", flat=True))
        for relation, children in self.children.items():
            model = getattr(self.source, relation).model
            parent_field = getattr(type(self.source), relation).rel.field.name
            for translation_key, (values, _serialised_values) in children.items():
                model.objects.filter(
                    **{f"{parent_field}__in": pks}, translation_key=translation_key
                ).update(**values)


def _revisions_of(translations: Iterable[models.Model]) -> list[Revision]:
    ids = set()
    for translation in translations:
        ids.update(
            pk
            for pk in (translation.latest_revision_id, translation.live_revision_id)
            if pk
        )
    return list(Revision.objects.filter(pk__in=ids))


def copy_facts(source: models.Model) -> int:
    """Write the facts of the published `source` into all its translations (see
    the module's docstring). Returns how many translations were brought up to date."""
    if source._meta.label not in FACTS or not is_source(source):
        return 0
    facts = _Facts(source)
    model = type(source)
    translations = model._default_manager.filter(
        translation_key=source.translation_key
    ).exclude(locale_id=source.locale_id)
    found = list(translations)
    if not found:
        return 0
    with transaction.atomic():
        facts.apply_to_rows(translations)
        for revision in _revisions_of(found):
            if facts.apply_to_content(revision.content):
                revision.save(update_fields=["content"])
        _update_translation_source(source, facts)
    _after_change(model, [translation.pk for translation in found])
    return len(found)


def _update_translation_source(source: models.Model, facts: _Facts) -> None:
    from wagtail_localize.models import TranslationSource

    for translation_source in TranslationSource.objects.filter(
        object_id=source.translation_key, locale_id=source.locale_id
    ):
        content = json.loads(translation_source.content_json)
        if facts.apply_to_content(content):
            translation_source.content_json = json.dumps(content, cls=DjangoJSONEncoder)
            translation_source.save(update_fields=["content_json"])


def _after_change(model: type[models.Model], pks: list[int]) -> None:
    """`update()` sends no signal: bump the content generation and update the
    search index as a save would."""
    from wagtail.search import index

    from home.caching import generation

    generation.bump()
    transaction.on_commit(generation.bump)
    if issubclass(model, index.Indexed):
        for translation in model._default_manager.filter(pk__in=pks):
            index.insert_or_update_object(translation)


def on_published(sender: type, instance: Any, **kwargs: Any) -> None:
    """On `published`, which Wagtail sends for pages (after `page_published`)
    and draftable snippets alike."""
    if isinstance(instance, Page):
        instance = instance.specific
    copy_facts(instance)


def connect() -> None:
    """Called once from ``HomeConfig.ready``."""
    from wagtail.signals import published

    published.connect(on_published, dispatch_uid="facts-follow-the-source")
