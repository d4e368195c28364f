"""Helpers for the translation tests: a value holding every block type of a
StreamField, derived from the block definitions, and a translator that turns
every marked French string into its English counterpart through wagtail-localize.

Every text a sample puts in a block carries a token, `frtok007x`; its translation
is the same text with `entok007x`. A translated page must show every `entok` token
and no `frtok` one."""

from __future__ import annotations

import itertools
import re
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.test import TestCase
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from home.demo.context import make_image
from tests.news.conftest import _news_layer  # noqa: F401  (the layers below)
from tests.policy.awards.conftest import _awards_layer, awards  # noqa: F401
from tests.policy.conftest import _plan_layer, plan  # noqa: F401

TOKEN = re.compile(r"frtok\d{3}x")

# Blocks that hold no text a reader reads as prose: sampled with a plain value.
# Their value is synchronised: the test checks it comes back unchanged.
NON_TEXT_SAMPLES: dict[type, Any] = {
    blocks.BooleanBlock: False,
    blocks.IntegerBlock: 7,
    blocks.FloatBlock: 1.5,
    blocks.DecimalBlock: "2.50",
    blocks.DateBlock: "2026-05-01",
    blocks.DateTimeBlock: "2026-05-01T10:00:00",
    blocks.TimeBlock: "10:00:00",
    blocks.EmailBlock: "mairie@example.org",
}


class UnknownBlock(AssertionError):
    """A block type this test does not know how to fill: teach it (and check that
    wagtail-localize offers its text for translation)."""


class Sampler:
    """Builds the raw (database) value of a block with every child filled, and
    records the tokens of the texts it wrote."""

    def __init__(self, page: Page, image: Any, document: Any) -> None:
        self.page = page
        self.image = image
        self.document = document
        self.tokens: list[str] = []
        self.alt_tokens: list[str] = []
        self._counter = itertools.count(1)

    def token(self) -> str:
        token = f"frtok{next(self._counter):03d}x"
        self.tokens.append(token)
        return token

    def text(self) -> str:
        return f"{self.token()} texte"

    def raw(self, block: blocks.Block) -> Any:  # noqa: C901, PLR0911
        if isinstance(block, ImageBlock):
            self.alt_tokens.append(self.token())
            return {
                "image": self.image.pk,
                "alt_text": f"{self.alt_tokens[-1]} alternative",
                "decorative": False,
            }
        if isinstance(block, blocks.StreamBlock):
            return [
                {"type": name, "value": self.raw(child), "id": str(uuid.uuid4())}
                for name, child in block.child_blocks.items()
            ]
        if isinstance(block, blocks.ListBlock):
            return [
                {
                    "type": "item",
                    "value": self.raw(block.child_block),
                    "id": str(uuid.uuid4()),
                }
                for _ in range(2)
            ]
        if isinstance(block, blocks.StructBlock):
            return {name: self.raw(child) for name, child in block.child_blocks.items()}
        if isinstance(block, TableBlock):
            return {
                "table_caption": f"{self.token()} légende",
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_header_choice": "row",
                "data": [[self.text(), self.text()], [self.text(), self.text()]],
            }
        if isinstance(block, blocks.RichTextBlock):
            # Links to a page, a document and another site; attributes in the
            # order wagtail-localize writes them back (alphabetical).
            return (
                f"<p>{self.token()} paragraphe <b>{self.token()} gras</b>, "
                f'<a id="{self.page.pk}" linktype="page">{self.token()} page</a>, '
                f'<a id="{self.document.pk}" linktype="document">'
                f"{self.token()} document</a>, "
                f'<a href="https://example.org/">{self.token()} site</a></p>'
            )
        if isinstance(block, blocks.URLBlock):
            return f"https://example.org/{uuid.uuid4().hex[:8]}"
        if isinstance(block, blocks.CharBlock | blocks.TextBlock):
            return self.text()
        if isinstance(block, blocks.ChoiceBlock):
            return next(value for value, _label in block.field.choices if value)
        if isinstance(block, blocks.PageChooserBlock):
            return self.page.pk
        if isinstance(block, ImageChooserBlock):
            return self.image.pk
        if isinstance(block, DocumentChooserBlock):
            return self.document.pk
        for block_class, value in NON_TEXT_SAMPLES.items():
            if isinstance(block, block_class):
                return value
        raise UnknownBlock(
            f"No sample for {type(block).__module__}.{type(block).__name__}: add one "
            "to tests/translation/conftest.py and check its text is translated."
        )


def make_sampler(page: Page) -> Sampler:
    image = make_image("Image de l'échantillon", "Un carré", seed="sampler")
    document = get_document_model().objects.create(
        title="Document de l'échantillon",
        file=ContentFile(b"%PDF-1.4\n%\n", name="echantillon.pdf"),
    )
    return Sampler(page, image, document)


def english(text: str) -> str:
    return text.replace("frtok", "entok")


def translate_marked(
    source: models.Model, locale_code: str = "en"
) -> tuple[models.Model, list[str]]:
    """Submit `source` for translation, translate every string segment (marked
    ones into their `entok` version, the others kept as they are or as an earlier
    translation had them) and publish the translation. Returns the translation
    and the source strings that were offered."""
    source = source.specific if isinstance(source, Page) else source
    locale = Locale.objects.get(language_code=locale_code)
    translation_source, _ = TranslationSource.update_or_create_from_instance(source)
    translation, _ = Translation.objects.get_or_create(
        source=translation_source, target_locale=locale, defaults={"enabled": True}
    )
    offered = []
    for segment in StringSegment.objects.filter(
        source=translation_source
    ).select_related("string", "context"):
        data = segment.string.data
        offered.append(data)
        existing = StringTranslation.objects.filter(
            translation_of=segment.string, locale=locale, context=segment.context
        ).first()
        if existing and not TOKEN.search(data):
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": english(data),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=False)
    translated = source.get_translation(locale)
    if getattr(translated, "latest_revision_id", None):
        Revision.objects.get(pk=translated.latest_revision_id).publish()
    return type(translated).objects.get(pk=translated.pk), offered
