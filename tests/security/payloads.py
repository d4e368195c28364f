"""Stored-XSS payloads written into every text an editor can type, derived from the
models: plain text fields, rich text, and every text block of every StreamField."""

from __future__ import annotations

import copy
import json
from typing import Any

from bs4 import BeautifulSoup
from django.apps import apps
from django.db import models
from django.utils.html import escape
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail import blocks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from home.search.tasks import tasks_once

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
SHORT_PAYLOAD = "<img src=x onerror=alert(1)>"
# What a resident reads where the payload was shown as text, as it must be.
MARKER = "onerror=alert(1)"
# Identifiers, addresses and codes: an editor cannot type markup there (a form's
# `to_address` is a list of e-mail addresses, validated as such).
SKIPPED_FIELDS = {
    "slug",
    "url_path",
    "draft_title",
    "translation_key",
    "file_hash",
    "to_address",
}
PAGE_TEXT_FIELDS = {"title", "seo_title", "search_description"}
SKIPPED_FIELD_TYPES = (models.SlugField, models.URLField, models.EmailField)


def text_for(max_length: int | None) -> str | None:
    for payload in (PAYLOAD, SHORT_PAYLOAD):
        if max_length is None or len(payload) <= max_length:
            return payload
    return None


def rich_text() -> str:
    """What the rich-text editor stores when an editor types the payload."""
    return f"<p>{escape(PAYLOAD)}</p>"


def poison_block(block: blocks.Block, raw: Any) -> Any:
    """The raw value of `block` with every text replaced by the payload."""
    if isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                item["value"] = poison_block(child, item["value"])
        return raw
    if isinstance(block, blocks.ListBlock):
        result = []
        for item in raw:
            if isinstance(item, dict) and item.get("type") == "item":
                item["value"] = poison_block(block.child_block, item["value"])
                result.append(item)
            else:
                result.append(poison_block(block.child_block, item))
        return result
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(raw, dict) and name in raw:
                raw[name] = poison_block(child, raw[name])
        return raw
    if isinstance(block, TableBlock):
        if isinstance(raw, dict):
            raw["data"] = [[PAYLOAD for _cell in row] for row in raw.get("data") or []]
            raw["table_caption"] = PAYLOAD
        return raw
    if isinstance(block, blocks.RichTextBlock):
        return rich_text()
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return text_for(block.field.max_length) or raw
    return raw


def poison_instance(obj: models.Model) -> list[str]:
    """Write the payload into every editable text of `obj` (in memory); the
    names of the fields written."""
    written = []
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.choices or not field.editable:
            continue
        if field.model is Page and field.name not in PAGE_TEXT_FIELDS:
            continue  # the tree's own bookkeeping (path...)
        if isinstance(field, SKIPPED_FIELD_TYPES) or field.primary_key:
            continue
        if isinstance(field, StreamField):
            raw = copy.deepcopy(field.value_from_object(obj).get_prep_value())
            setattr(obj, field.name, poison_block(field.stream_block, raw))
        elif isinstance(field, RichTextField):
            setattr(obj, field.name, rich_text())
        elif isinstance(field, models.CharField | models.TextField):
            value = text_for(field.max_length)
            if value is None or not getattr(obj, field.name):
                continue  # left empty by the demo: optional, nothing to show
            setattr(obj, field.name, value)
        else:
            continue
        written.append(field.name)
    if isinstance(obj, Page):
        obj.draft_title = obj.title
    return written


def keep_unique(obj: models.Model, written: list[str]) -> None:
    """Where the payload went into every field of a unique set (a data schema's
    name and version), the first one ends with the object's number, so that
    the objects stay distinct as the database requires."""
    meta = obj._meta
    unique_sets = [
        *(tuple(names) for names in meta.unique_together),
        *(
            tuple(constraint.fields)
            for constraint in meta.constraints
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields
        ),
    ]
    for names in unique_sets:
        if names and all(name in written for name in names):
            field = meta.get_field(names[0])
            suffix = f" {obj.pk}"
            value = getattr(obj, field.name)
            if field.max_length:
                value = value[: field.max_length - len(suffix)]
            setattr(obj, field.name, value + suffix)


def poison_children(obj: models.Model) -> None:
    """Inline children (orderables, related links...) of a clusterable object."""
    for relation in get_all_child_relations(obj):
        for child in relation.related_model.objects.filter(
            **{relation.field.name: obj}
        ):
            poison_instance(child)
            child.save()


def poison_everything() -> None:
    """Every page (through a published revision, as editors publish), snippet,
    setting, image, document and tag of the database. The search and reference
    indexes are brought up to date once per object at the end, as after an
    admin request (home/search/tasks.py), not at every save."""
    with tasks_once():
        _poison_everything()


def _poison_everything() -> None:
    for model in {*get_snippet_models(), *setting_models()}:
        for obj in model.objects.all():
            poison_children(obj)
            keep_unique(obj, poison_instance(obj))
            obj.save()
    for model in (get_image_model(), get_document_model()):
        for obj in model.objects.all():
            poison_instance(obj)
            obj.save()
    for tag in Tag.objects.all():
        tag.name = f"{PAYLOAD} {tag.pk}"
        tag.save(update_fields=["name"])
    for page in Page.objects.filter(depth__gt=1).specific():
        poison_children(page)
        page = Page.objects.get(pk=page.pk).specific
        poison_instance(page)
        revision = page.save_revision(clean=False)
        if page.live:
            revision.publish()


def setting_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting)
    ]


def assert_no_injected_markup(html: str, where: str) -> BeautifulSoup:
    """Parsed as a browser would: no element the payload could have made, no
    JSON-LD block cut short by a `</script>` in its text."""
    document = BeautifulSoup(html, "html.parser")
    with_handler = [
        str(tag)[:200]
        for tag in document.find_all(True)
        if any(name.lower().startswith("on") for name in tag.attrs)
    ]
    assert not with_handler, (where, with_handler)
    assert not document.find("img", src="x"), where
    injected = [
        script for script in document.find_all("script") if "alert(1)" in script.text
    ]
    for script in injected:
        # Data for scripts (JSON-LD, Wagtail's admin data) may hold the text,
        # escaped so that it can never close the block.
        assert script.get("type") in {"application/ld+json", "application/json"}, (
            where,
            str(script)[:200],
        )
        assert "<" not in script.text, (where, str(script)[:200])
    for script in document.find_all("script", type="application/ld+json"):
        json.loads(script.text)
    return document


# What an editor may type (or paste) into any text of the exports' sources: markup
# and quotes, an address scheme that runs code, addresses no parser accepts,
# control characters (NUL excepted: Django's form fields refuse it, PostgreSQL
# cannot store it), line breaks that close a Turtle or CSV string, and a text far
# longer than any reader expects. Lone surrogates cannot be stored at all (SQLite
# and PostgreSQL both take UTF-8 only), so they are not among them.
HOSTILE_TEXTS = {
    "markup": PAYLOAD,
    "javascript": "javascript:alert(1)//",
    "bracket-address": "http://[::1",
    "spaced-address": "ht tp://x y",
    "control": "a\x01b\x08c\x0bd\x0ce\x1bf\x1fg",
    "line-breaks": 'x"""\r\n] . <http://evil.example/> a <http://evil.example/> .\n"',
    "long": "<\"&'>" * 2000,
}
# What may sit where an address is expected (the resource's address is checked
# by its form; data imported or stored before the check may hold anything).
HOSTILE_ADDRESSES = {
    "javascript": "javascript:alert(1)",
    "bracket": "http://[::1",
    "spaced": "ht tp://x y",
    "quotes": 'https://example.org/"><script>alert(1)</script>',
    "braces": "https://example.org/{a}|b^c`d\\e",
    "control": "https://example.org/a\x01b",
    "path": "/chemin avec espaces/<x>",
    "long": "https://example.org/" + "a" * 480,
}
CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def fit(value: str, field: models.Field) -> str:
    """`value` cut to what the field stores."""
    return value[: field.max_length] if field.max_length else value
