"""What translators translate and what follows the French source.

Every field of every translatable page type and snippet is either translated or
synchronised: none is left out (it would be lost, or stay empty, on the
translation). The expectation is derived from the field's type and reviewed
here: texts (titles, slugs, alternative texts, labels, names) are translated;
dates, numbers, booleans, choices, addresses, files and images follow the
source. Figures that must read the same in every language (dates, statuses,
progress, budgets, years, levels) cannot even be overridden by a translator."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    DraftStateMixin,
    Page,
    TranslatableMixin,
)
from wagtail_localize.fields import (
    SynchronizedField,
    TranslatableField,
    get_translatable_fields,
)

from home.validators import SiretField

TRANSLATED, SYNCHRONISED, LOCKED = "translated", "synchronised", "locked"

# Reviewed exceptions to the rule by type, with the reason.
EXCEPTIONS = {
    # A path of this site carries the language's prefix (/en/…): translators
    # give the translated resource's own address.
    ("policy.DatasetResource", "url"): TRANSLATED,
    # They follow the file, which a translator may replace with the translation's
    # own (the size is then computed again).
    ("policy.DatasetResource", "format"): SYNCHRONISED,
    ("policy.DatasetResource", "media_type"): SYNCHRONISED,
    ("policy.DatasetResource", "size"): SYNCHRONISED,
    # A version number of the French framework, the same in every language.
    ("home.AccessibilityStatementPage", "rgaa_version"): LOCKED,
    # RGAA criterion numbers (« 1.3, 4.3 »), the same in every language.
    ("accessibility.SchemeAction", "criteria"): LOCKED,
    # Anchors of the awards page (#…), the same in every language.
    ("policy.AwardingBody", "slug"): LOCKED,
    ("policy.Award", "slug"): LOCKED,
}

# Numbers, dates, booleans and choices that a translator may still override:
# the review date (each language's page is reviewed on its own), the main image's
# « decorative » box (it follows the image, which a translator may change).
OVERRIDABLE = {"review_date", "image_decorative"}

# Fields of Wagtail's publishing machinery, not content.
PUBLISHING = {"first_published_at", "go_live_at", "expire_at"}

IGNORED = {"id", "locale", "translation_key", "sort_order", "latest_revision"}
PAGE_IGNORED = {field.name for field in Page._meta.get_fields()} - {
    "title",
    "slug",
    "seo_title",
    "search_description",
}


def expected_kind(model: type, field) -> str:
    label = (model._meta.label, field.name)
    if label in EXCEPTIONS:
        return EXCEPTIONS[label]
    if field.name in PUBLISHING:
        return SYNCHRONISED
    if isinstance(field, models.ManyToOneRel):
        related = field.related_model
        return TRANSLATED if issubclass(related, TranslatableMixin) else SYNCHRONISED
    if isinstance(field, ParentalManyToManyField | ClusterTaggableManager):
        return LOCKED if isinstance(field, ParentalManyToManyField) else SYNCHRONISED
    if getattr(field, "choices", None) or isinstance(
        field,
        models.DateField
        | models.TimeField
        | models.IntegerField
        | models.DecimalField
        | models.FloatField
        | models.BooleanField
        | SiretField,  # an identifier reads the same in every language
    ):
        return SYNCHRONISED if field.name in OVERRIDABLE else LOCKED
    if isinstance(field, models.URLField | models.EmailField):
        return SYNCHRONISED
    if isinstance(
        field, models.CharField | models.TextField | RichTextField | StreamField
    ):
        return TRANSLATED
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if issubclass(related, TranslatableMixin) and not issubclass(related, Page):
            return TRANSLATED
        return SYNCHRONISED
    raise AssertionError(f"No rule for {model._meta.label}.{field.name}")


def content_fields(model: type) -> list:
    """The fields an editor fills in: what translation must carry over."""
    ignored = IGNORED | (PAGE_IGNORED if issubclass(model, Page) else set())
    fields = []
    for field in model._meta.get_fields():
        if field.name in ignored or isinstance(field, GenericRelation):
            continue
        if isinstance(field, ParentalKey) or (
            isinstance(field, models.OneToOneField) and field.remote_field.parent_link
        ):
            continue
        if field.auto_created and not field.concrete:
            continue  # reverse relations; child relations are added below
        if not field.editable or (
            issubclass(model, DraftStateMixin)
            and field.name in {"live", "has_unpublished_changes", "live_revision"}
        ):
            continue
        fields.append(field)
    if issubclass(model, ClusterableModel):
        fields += [
            relation
            for relation in get_all_child_relations(model)
            if relation.name != COMMENTS_RELATION_NAME
        ]
    return fields


def translatable_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin)
        and model._meta.app_label in {"home", "news", "policy", "accessibility"}
    ]


def actual_kind(declared) -> str:
    if isinstance(declared, TranslatableField):
        return TRANSLATED
    assert isinstance(declared, SynchronizedField), declared
    return SYNCHRONISED if declared.overridable else LOCKED


def test_every_content_type_is_audited():
    labels = {model._meta.label for model in translatable_models()}
    assert labels >= {
        "home.HomePage",
        "home.ContentPage",
        "home.AccessibilityStatementPage",
        "home.Menu",
        "news.NewsPage",
        "news.NewsCategory",
        "policy.ActionPage",
        "policy.ActionIndicator",
        "policy.Award",
        "policy.AwardingBody",
        "policy.DatasetPage",
        "policy.DatasetResource",
        "policy.MasterPlanPage",
        "accessibility.Scheme",
        "accessibility.SchemeAction",
    }


@pytest.mark.parametrize(
    "model", translatable_models(), ids=lambda model: model._meta.label
)
def test_fields_are_translated_or_synchronised_by_type(model):
    declared = {field.field_name: field for field in get_translatable_fields(model)}
    expected = {
        field.name: expected_kind(model, field) for field in content_fields(model)
    }
    actual = {
        name: actual_kind(declared[name]) if name in declared else "left out"
        for name in expected
    }
    assert actual == expected


def test_titles_slugs_and_alternative_texts_are_translated():
    from home.models import HomePage
    from news.models import NewsCategory, NewsPage
    from policy.models import Award, AwardingBody

    for model, names in {
        HomePage: ["title", "slug", "image_alt"],
        NewsPage: ["title", "slug", "image_alt", "introduction", "body"],
        NewsCategory: ["name", "slug", "description"],
        AwardingBody: ["name", "description"],
        Award: ["name", "level", "description", "image_alt", "awarding_body"],
    }.items():
        declared = {f.field_name: f for f in get_translatable_fields(model)}
        for name in names:
            assert isinstance(declared[name], TranslatableField), (model, name)
