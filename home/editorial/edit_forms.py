"""The admin's edit forms report a field as changed only when the editor changed it.

Wagtail saves a new revision before a workflow action (« Approuver » in the edit
view) when the form says it changed; with WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT
the task then starts again instead of publishing. Two things made an untouched
form look edited:

- a model field with a callable default (an article's date: `timezone.localdate`)
  gets Django's `show_hidden_initial`, which compares the posted value with a
  hidden `initial-<name>` input; Wagtail's panels never render that input, so
  the field always looked changed. The form compares with the instance instead.
- rich text comes back from the editor normalised (Draftail adds a
  `data-block-key` to each block, rewrites markup it does not keep): text written
  by a program (the demo data, an import, a migration) always looked changed. The
  form compares the stored text as the editor would give it back, keys aside.

Every page type (`SitePage`) and snippet (`TranslatableSnippet`) of the project
builds its edit form on these classes."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.blocks.base import BlockField
from wagtail.rich_text import RichText

BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def through_editor(widget: forms.Widget, html: str) -> str:
    """`html` as the rich text editor posts it back untouched, without the keys
    it gives each block (they are not content)."""
    name = "rich-text"
    value = widget.value_from_datadict({name: widget.format_value(html)}, {}, name)
    return BLOCK_KEY.sub("", value or "")


def _html(value: Any) -> str:
    if isinstance(value, RichText):
        return value.source
    return value or ""


STRUCTURAL_BLOCKS = (blocks.StreamBlock, blocks.ListBlock, blocks.StructBlock)


def normalise_block_value(block: blocks.Block, value: Any) -> Any:
    """A block's stored (JSON) value with its rich text as the editor gives it
    back."""
    if isinstance(block, blocks.RichTextBlock):
        return through_editor(block.field.widget, _html(value))
    if isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        return [
            {
                **child,
                "value": normalise_block_value(
                    block.child_blocks[child["type"]], child.get("value")
                ),
            }
            if isinstance(child, dict) and child.get("type") in block.child_blocks
            else child
            for child in value
        ]
    if isinstance(block, blocks.ListBlock) and isinstance(value, list):
        return [
            {**item, "value": normalise_block_value(block.child_block, item["value"])}
            if isinstance(item, dict) and item.get("type") == "item"
            else normalise_block_value(block.child_block, item)
            for item in value
        ]
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return {
            name: normalise_block_value(block.child_blocks[name], child)
            if name in block.child_blocks
            else child
            for name, child in value.items()
        }
    if not isinstance(block, (blocks.ChooserBlock, *STRUCTURAL_BLOCKS)):
        # As Wagtail reads it: a table stored before Wagtail 6 gets the header
        # choice its editor posts (choosers are left alone: they would query).
        return block.get_prep_value(block.to_python(value))
    return value


def _has_rich_text(block: blocks.Block) -> bool:
    if isinstance(block, blocks.RichTextBlock):
        return True
    children = getattr(block, "child_blocks", None) or {}
    if isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    return any(_has_rich_text(child) for child in children.values())


class UntouchedFieldsMixin:
    """Fields look changed only when the editor changed them (see the module)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Imported late: the editor's converters need the models loaded.
        from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea

        for field in self.fields.values():
            # Wagtail's panels never render the hidden `initial-` input.
            field.show_hidden_initial = False
            if isinstance(field.widget, DraftailRichTextArea):
                field.has_changed = self._rich_text_has_changed(field)
            elif isinstance(field, BlockField) and _has_rich_text(field.block):
                field.has_changed = self._stream_has_changed(field)

    @staticmethod
    def _rich_text_has_changed(field: forms.Field):
        def has_changed(initial: Any, data: Any) -> bool:
            before = through_editor(field.widget, _html(initial))
            return before != BLOCK_KEY.sub("", _html(data))

        return has_changed

    @staticmethod
    def _stream_has_changed(field: BlockField):
        block = field.block

        def has_changed(initial: Any, data: Any) -> bool:
            before = normalise_block_value(block, block.get_prep_value(initial))
            after = normalise_block_value(block, block.get_prep_value(data))
            return before != after

        return has_changed


class SitePageForm(UntouchedFieldsMixin, WagtailAdminPageForm):
    """The base of every page type's edit form."""


class SnippetForm(UntouchedFieldsMixin, WagtailAdminModelForm):
    """The base of every snippet's edit form."""
