"""Every block type of every StreamField is offered for translation, and its
translated text comes back on the translated page, the rest of the block (links,
images, documents, choices) unchanged.

The blocks are read from the models: a new page type, snippet, StreamField or
block type is covered without editing this file (a block type the sampler does not
know fails loudly, see tests/translation/conftest.py)."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from home.models import ContentPage, HomePage, Menu
from news.models import NewsPage
from policy.models import (
    ActionPage,
    AwardsPage,
    AxisPage,
    MasterPlanPage,
    ObjectivePage,
    OpenDataPage,
)
from tests.helpers import add_page, publish
from tests.translation.conftest import (
    TOKEN,
    Sampler,
    UnknownBlock,
    english,
    make_sampler,
    translate_marked,
)

pytestmark = pytest.mark.django_db


def stream_fields() -> list[tuple[type, str]]:
    """(model, field name) of every StreamField of the project's models."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
        and model._meta.app_label in {"home", "news", "policy"}
    ]


# StreamFields of models that are not translated per language: the site's
# settings (one row per site) hold addresses and names of organisations, shown
# as they are in every language.
NOT_TRANSLATED = {
    ("home.SiteSettings", "social_links"),
    ("home.SiteSettings", "member_of"),
}


def test_every_stream_field_is_translatable():
    """A StreamField of a translatable model is a TranslatableField: its text is
    extracted, its structure synchronised."""
    for model, name in stream_fields():
        if (model._meta.label, name) in NOT_TRANSLATED:
            assert not issubclass(model, TranslatableMixin)
            continue
        assert issubclass(model, TranslatableMixin), model
        fields = {f.field_name: f for f in get_translatable_fields(model)}
        assert isinstance(fields.get(name), TranslatableField), (model, name)


def page_of_type(model: type, plan) -> Page:
    """A published French page of `model` in the shared tree, or a new one."""
    existing = {
        HomePage: plan.plan.get_parent().specific,
        MasterPlanPage: plan.plan,
        AxisPage: plan.axis,
        ObjectivePage: plan.objective,
        ActionPage: plan.actions["ateliers-numeriques"],
        NewsPage: plan.article,
    }
    if model in existing:
        return existing[model]
    home = plan.plan.get_parent()
    return add_page(
        home, model(title=f"Page {model.__name__}", slug=model.__name__.lower())
    )


def page_stream_fields() -> list[tuple[type, str]]:
    return [
        (model, name)
        for model, name in stream_fields()
        if issubclass(model, Page) and (model._meta.label, name) not in NOT_TRANSLATED
    ]


def test_every_page_type_with_a_body_is_covered():
    """The pages this module builds cover every page type with a StreamField."""
    assert {model for model, _name in page_stream_fields()} == {
        HomePage,
        ContentPage,
        NewsPage,
        MasterPlanPage,
        AxisPage,
        ObjectivePage,
        ActionPage,
        AwardsPage,
        OpenDataPage,
    }


def fill(instance, name: str, sampler) -> list:
    field = instance._meta.get_field(name)
    raw = sampler.raw(field.stream_block)
    setattr(instance, name, raw)
    return getattr(instance, name).get_prep_value()


def assert_comes_back(source_raw: list, translated_raw: list, offered: list, tokens):
    offered_text = " ".join(offered)
    missing = [token for token in tokens if token not in offered_text]
    assert not missing, f"texts not offered for translation: {missing}"
    # Nothing lost: the translated stream is the source's, every text translated,
    # every link, image, document and choice kept.
    assert json.dumps(translated_raw, sort_keys=True) == english(
        json.dumps(source_raw, sort_keys=True)
    )


@pytest.mark.parametrize(
    ("model", "name"),
    page_stream_fields(),
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_every_block_is_translated_and_shown(client, plan, model, name):
    page = page_of_type(model, plan).specific
    sampler = make_sampler(plan.plan)
    source_raw = fill(page, name, sampler)
    publish(page)
    translated, offered = translate_marked(page)
    translated_raw = getattr(translated, name).get_prep_value()
    assert_comes_back(source_raw, translated_raw, offered, sampler.tokens)
    assert translated.live
    response = client.get(translated.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    not_shown = [t for t in sampler.tokens if english(t) not in html]
    assert not not_shown, f"translated texts missing from the page: {not_shown}"
    assert not TOKEN.findall(html), "French text left on the English page"


def test_every_block_of_a_menu_is_translated_and_shown(client, plan, locales):
    snippet_fields = [
        (model, name)
        for model, name in stream_fields()
        if not issubclass(model, Page)
        and (model._meta.label, name) not in NOT_TRANSLATED
    ]
    assert snippet_fields == [(Menu, "items")]
    french, _english = locales
    menu = Menu(locale=french, location=Menu.Location.MAIN)
    sampler = make_sampler(plan.plan)
    source_raw = fill(menu, "items", sampler)
    menu.save()
    menu.save_revision().publish()
    translated, offered = translate_marked(menu)
    assert_comes_back(
        source_raw, translated.items.get_prep_value(), offered, sampler.tokens
    )
    html = client.get(plan.plan_en.get_parent().get_url()).content.decode()
    assert all(english(t) in html for t in sampler.tokens), sampler.tokens


def shapes_wagtail_localize_has_tripped_on() -> dict[str, blocks.Block]:
    """Block shapes that wagtail-localize has skipped or crashed on (its issues
    #355, #888): a list of structures, a stream inside a structure inside a
    stream, with images and rich text at the bottom."""
    card = blocks.StructBlock(
        [
            ("title", blocks.CharBlock()),
            ("image", ImageBlock()),
            ("text", blocks.RichTextBlock()),
            ("link", blocks.URLBlock()),
        ]
    )
    return {
        "cards": blocks.ListBlock(card),
        "section": blocks.StructBlock(
            [
                ("heading", blocks.CharBlock()),
                (
                    "content",
                    blocks.StreamBlock(
                        [
                            ("quote", blocks.TextBlock()),
                            ("cards", blocks.ListBlock(card)),
                            ("list", blocks.ListBlock(blocks.CharBlock())),
                        ]
                    ),
                ),
            ]
        ),
    }


def test_nested_lists_and_streams_are_translated_and_shown(client, plan, monkeypatch):
    """Blocks of these shapes, added to a page's body tomorrow, are translated."""
    stream_block = ContentPage._meta.get_field("body").stream_block
    for name, block in shapes_wagtail_localize_has_tripped_on().items():
        block.set_name(name)
        monkeypatch.setitem(stream_block.child_blocks, name, block)
    page = add_page(plan.plan.get_parent(), ContentPage(title="Formes", slug="formes"))
    sampler = make_sampler(plan.plan)
    source_raw = fill(page, "body", sampler)
    publish(page)
    translated, offered = translate_marked(page)
    assert_comes_back(
        source_raw, translated.body.get_prep_value(), offered, sampler.tokens
    )
    html = client.get(translated.get_url()).content.decode()
    # Wagtail's default rendering of a structure without a template shows an
    # image by its title: the alternative texts came back in the value (above).
    not_shown = [
        t
        for t in sampler.tokens
        if english(t) not in html and t not in sampler.alt_tokens
    ]
    assert not not_shown, not_shown
    assert not TOKEN.findall(html)


def test_a_block_type_without_a_sample_fails_the_walk():
    """A typed table (wagtail-localize's issue #918: its cells are not extracted)
    or any other new block type stops the walk until someone checks that its text
    is translated and gives it a sample."""
    sampler = Sampler(page=None, image=None, document=None)
    with pytest.raises(UnknownBlock, match="TypedTableBlock"):
        sampler.raw(TypedTableBlock([("text", blocks.CharBlock())]))
    with pytest.raises(UnknownBlock, match="StaticBlock"):
        sampler.raw(blocks.StructBlock([("note", blocks.StaticBlock())]))
