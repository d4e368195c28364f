"""Build demo content from TOML data files, French and English side by side.

Every app keeps its demo content in a folder of `.toml` files (see the header of
`home/demo_data/pages.toml` for the format) and hands the folder to the
`load_demo_data` command through the hook of the same name. This module is the
only code that reads them: fields are assigned by looking at the model, so a new
page type or snippet needs data, not code.

Objects are looked up before being created and an existing one is left alone:
an editor's change is never overwritten.

Longer than most modules on purpose: the readers of the files and the field
tests above `DemoLoader` exist only for it, and one file is the whole format.
"""

from __future__ import annotations

import datetime
import decimal
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.rich_text import RichText

from home.demo.context import make_image
from home.demo.translation import TranslationMismatch, publish_translation

LANGUAGES = ("fr", "en")
KINDS = ("document", "image", "page", "snippet")
# Keys of an entry that describe it rather than set a field.
META = {"key", "type", "parent", "match", "file"}
PAGE_LINK = re.compile(r'<a (page|document)="([^"]*)">')
# A date and time without its year, « --12-19T08:00 »: the first such moment
# after the demo is loaded, so that what is scheduled stays in the demo's future;
# the entry's next one is the first after it (« --12-27T00:00 »: the same year,
# or the next across the new year).
YEARLESS = re.compile(r"^--(\d\d)-(\d\d)T(\d\d):(\d\d)$")


class DemoDataError(Exception):
    """Bad demo data: the message names the file and the entry to correct."""


@dataclass
class Entry:
    kind: str
    path: Path
    data: dict[str, Any]

    @property
    def key(self) -> str:
        slug = self.data.get("slug") or self.data.get("title")
        slug = slug.get("fr") if isinstance(slug, dict) else slug
        return str(self.data.get("key") or slug or self.kind)

    def __str__(self) -> str:
        where = os.path.relpath(self.path, settings.BASE_DIR)
        return f"{where}, {self.kind} « {self.key} »"


def read_file(path: Path) -> list[Entry]:
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoDataError(f"{path}: {exc}") from exc
    unknown = set(data) - set(KINDS)
    if unknown:
        raise DemoDataError(f"{path}: unknown section(s) {sorted(unknown)}")
    return [Entry(kind, path, item) for kind in KINDS for item in data.get(kind, [])]


def read_translations(path: Path) -> list[Entry]:
    """The `[[translation]]` entries of a file of one language's translations."""
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoDataError(f"{path}: {exc}") from exc
    unknown = set(data) - {"translation"}
    if unknown:
        raise DemoDataError(f"{path}: unknown section(s) {sorted(unknown)}")
    return [Entry("translation", path, item) for item in data.get("translation", [])]


def read_folder(folder: Path) -> list[Entry]:
    return [
        entry for path in sorted(folder.glob("*.toml")) for entry in read_file(path)
    ]


def pick(value: Any, language: str, entry: Entry | None = None) -> Any:
    """The value in one language: `{ fr = …, en = … }` gives one side, a plain
    value is the same in both."""
    if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
        if set(value) != set(LANGUAGES):
            raise DemoDataError(f"{entry}: {value} needs both fr and en")
        return pick(value[language], language, entry)
    if isinstance(value, dict):
        return {name: pick(item, language, entry) for name, item in value.items()}
    if isinstance(value, list):
        return [pick(item, language, entry) for item in value]
    return value


def check_pairs(value: Any, entry: Entry, where: str = "") -> None:
    """French and English must pair segment by segment: same rows, same number
    of paragraphs in each text."""
    if isinstance(value, dict) and value and set(value) == set(LANGUAGES):
        french, english = shape(value["fr"]), shape(value["en"])
        if french != english:
            raise DemoDataError(
                f"{entry}: {where}: French and English do not pair "
                f"({french} against {english})"
            )
    if isinstance(value, dict):
        for name, item in value.items():
            check_pairs(item, entry, f"{where}.{name}".lstrip("."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_pairs(item, entry, f"{where}[{index + 1}]")


def shape(value: Any) -> Any:
    if isinstance(value, str):
        return f"{len(paragraphs(value))} paragraph(s)"
    return [shape(item) for item in value] if isinstance(value, list) else "value"


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a line break inside one is a space (none
    between two tags)."""
    chunks = re.split(r"\n\s*\n", text.strip())
    return [re.sub(r"\s*\n\s*", " ", re.sub(r">\s*\n\s*<", "><", c)) for c in chunks]


def standalone(field: Any) -> bool:
    """Fields set at creation: those that need no other entry to exist."""
    return not (
        isinstance(field, StreamField | RichTextField | TaggableManager)
        or field.many_to_many
        or field.one_to_many
        or (field.many_to_one and issubclass(field.related_model, Page))
    )


def translatable(field: Any) -> bool:
    """Fields whose English text the translation takes: texts, and inline
    children that wagtail-localize translates (the others it copies)."""
    if inline(field):
        return issubclass(field.related_model, TranslatableMixin)
    return isinstance(field, models.CharField | models.TextField | StreamField)


def inline(field: Any) -> bool:
    """Inline children: saved and revised with their parent (a ParentalKey)."""
    return field.one_to_many and isinstance(field.remote_field, ParentalKey)


def records(field: Any) -> bool:
    """Other objects pointing to this one (e.g. a history): saved on their own,
    once the object exists, never revised with it."""
    return field.one_to_many and not inline(field)


class DemoLoader:
    """Creates the objects that data entries describe, fills them once every key
    exists, then publishes their English translations."""

    def __init__(
        self,
        user: Any,
        log: Callable[[str], None] = lambda _message: None,
        objects: dict[str, models.Model] | None = None,
    ) -> None:
        self.user = user
        self.log = log
        self.locale_fr = Locale.objects.get(language_code="fr")
        self.locale_en = Locale.objects.get(language_code="en")
        self.objects: dict[str, models.Model] = {
            "root": Page.get_first_root_node(),
            **(objects or {}),
        }
        # The keys of the entries this loader created, and of those it filled.
        self.created: set[str] = set()
        self.filled: set[str] = set()
        self.entry: Entry | None = None
        # The entry's last moment given without its year (YEARLESS).
        self.last_moment: datetime.datetime | None = None

    def error(self, message: str) -> DemoDataError:
        return DemoDataError(f"{self.entry}: {message}")

    @transaction.atomic
    def load(self, entries: list[Entry], created: list[Entry] | None = None) -> None:
        """Create, fill and translate: all of it or, on bad data, nothing.
        `created`: entries created earlier and not filled yet (`create(...,
        fill=False)`), filled and translated with these, so that they may link to
        them."""
        ordered = [*(created or []), *self.create(entries, fill=False)]
        self.fill_created(ordered)
        self.translate(ordered)

    # Creation -----------------------------------------------------------------

    def create(self, entries: list[Entry], fill: bool = True) -> list[Entry]:
        """Create what is missing, parents before children, then fill what was
        created: bodies link to pages that may come later in the files (with
        `fill=False`, later: `load`). Returns the entries in the order they were
        created (parents first)."""
        pending, ordered = list(entries), []
        while pending:
            ready = [e for e in pending if e.data.get("parent", "root") in self.objects]
            if not ready:
                self.entry = pending[0]
                raise self.error(f"unknown parent « {pending[0].data['parent']} »")
            for entry in ready:
                self.run(entry, self.ensure)
            ordered += ready
            pending = [entry for entry in pending if entry not in ready]
        if fill:
            self.fill_created(ordered)
        return ordered

    def fill_created(self, entries: list[Entry]) -> None:
        """Fill the entries this loader created, once."""
        for entry in entries:
            if entry.key in self.created and entry.key not in self.filled:
                self.run(entry, self.fill)
                self.filled.add(entry.key)

    def run(self, entry: Entry, action: Callable[[Entry], None]) -> None:
        """Give any failure the file and entry it comes from."""
        self.entry = entry
        try:
            action(entry)
        except DemoDataError:
            raise
        except Exception as exc:
            raise self.error(f"{type(exc).__name__}: {exc}") from exc

    def ensure(self, entry: Entry) -> None:
        check_pairs(entry.data, entry)
        french = pick(entry.data, "fr", entry)
        if entry.kind == "image":
            obj, model = self.image(french), get_image_model()
        elif entry.kind == "document":
            model = get_document_model()
            obj = model.objects.filter(title=french["title"]).first()
            if obj is None:
                obj = model(title=french["title"])
                with (entry.path.parent / french["file"]).open("rb") as stream:
                    obj.file.save(french["file"], File(stream))
                self.created.add(entry.key)
        else:
            try:
                model = apps.get_model(entry.data["type"])
            except (KeyError, ValueError, LookupError):
                raise self.error(
                    f"unknown model « {entry.data.get('type')} »"
                ) from None
            obj = self.find(entry, model, french)
            if obj is None:
                obj = model(**self.fields(model, entry, "fr", standalone))
                if isinstance(obj, TranslatableMixin):
                    obj.locale = self.locale_fr
                if isinstance(obj, Page):
                    obj.owner = self.user
                    self.objects[entry.data.get("parent", "root")].add_child(
                        instance=obj
                    )
                else:
                    obj.save()
                self.created.add(entry.key)
        state = "created" if entry.key in self.created else "present"
        self.log(f"{model.__name__} {state}: {obj}")
        known = self.objects.get(entry.key)
        if known is not None and (type(known), known.pk) != (type(obj), obj.pk):
            raise self.error("another entry already uses this key")
        self.objects[entry.key] = obj

    def find(
        self, entry: Entry, model: type[models.Model], french: dict[str, Any]
    ) -> models.Model | None:
        """Pages by slug under their parent; snippets by the `match` fields
        (default: slug), in French."""
        names = entry.data.get("match", ["slug"])
        names = [names] if isinstance(names, str) else names
        missing = [name for name in names if name not in french]
        if missing:
            raise self.error(f"needs {missing} to be found again on the next run")
        objects = model.objects.filter(**{name: french[name] for name in names})
        if issubclass(model, TranslatableMixin):
            objects = objects.filter(locale=self.locale_fr)
        if issubclass(model, Page):
            objects = objects.child_of(self.objects[entry.data.get("parent", "root")])
        return objects.first()

    def fill(self, entry: Entry) -> None:
        """Set the fields that name other entries, add the records that point to
        the object (only now: it was just created), then publish."""
        obj = self.objects[entry.key]
        values = self.fields(type(obj), entry, "fr", lambda f: not standalone(f))
        pointing: list[tuple[str, models.Model]] = []
        for name, value in values.items():
            field = obj._meta.get_field(name)
            if isinstance(field, TaggableManager):
                getattr(obj, name).set(value)
            elif records(field):
                pointing += [(field.remote_field.name, record) for record in value]
            else:
                setattr(obj, name, value)
        if not isinstance(obj, Page):
            obj.save()
        for link, record in pointing:
            setattr(record, link, obj)
            record.save()
        if isinstance(obj, DraftStateMixin):
            obj.save_revision(user=self.user, log_action=True).publish(user=self.user)

    # Translation --------------------------------------------------------------

    def translate(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            obj = self.objects[entry.key]
            if not isinstance(obj, TranslatableMixin):
                continue
            self.entry = entry
            if obj.has_translation(self.locale_en):
                self.log(f"English version of « {obj} » present")
                continue
            if isinstance(obj, Page):
                # As published: the instance filled in memory still holds its
                # inline children unsaved (the revision saved copies of them).
                obj = type(obj).objects.get(pk=obj.pk)
            values = self.fields(type(obj), entry, "en", translatable)
            try:
                translated = publish_translation(obj, values, "en", user=self.user)
            except TranslationMismatch as exc:
                raise self.error(f"French and English do not pair: {exc}") from exc
            self.log(f"English version published: {translated}")

    def translate_into(self, language: str, entries: Iterable[Entry]) -> None:
        """Publish translations into a language other than English: each entry
        names the key of a French object and gives its fields in that language
        (home/demo_data/translations/). One that exists is left alone."""
        locale = Locale.objects.get(language_code=language)
        for entry in entries:
            self.entry = entry
            obj = self.ref(entry.data.get("key", ""))
            if obj.has_translation(locale):
                self.log(f"{language} version of « {obj} » present")
                continue
            if isinstance(obj, Page):
                obj = type(obj).objects.get(pk=obj.pk)
            values = self.fields(type(obj), entry, language, translatable)
            try:
                translated = publish_translation(obj, values, language, user=self.user)
            except TranslationMismatch as exc:
                raise self.error(f"does not pair with the French: {exc}") from exc
            self.log(f"{language} version published: {translated}")

    # Fields -------------------------------------------------------------------

    def fields(
        self,
        model: type[models.Model],
        entry: Entry,
        language: str,
        want: Callable[[Any], bool],
    ) -> dict[str, Any]:
        """The values, in one language, of the entry's fields that `want` keeps."""
        self.last_moment = None
        data = {k: v for k, v in entry.data.items() if k not in META}
        fields = {field.name: field for field in model._meta.get_fields()}
        result: dict[str, Any] = {}
        for name, raw in data.items():
            field = fields.get(name)
            if field is None:
                raise self.error(f"{model._meta.label} has no field « {name} »")
            value = pick(raw, language, entry)
            # An image described in place: its alt text also fills `<name>_alt`.
            alt = f"{name}_alt"
            described = isinstance(value, dict) and "alt" in value and alt not in data
            if described and alt in fields and want(fields[alt]):
                result[alt] = value["alt"]
            if want(field):
                result[name] = self.value(field, value)
        return result

    def value(self, field: Any, value: Any) -> Any:
        if isinstance(field, StreamField):
            return self.stream(field.stream_block, value)
        if isinstance(field, RichTextField):
            return self.rich_text(value)
        if isinstance(field, TaggableManager):
            return value
        if field.many_to_many:
            return [self.ref(key) for key in value]
        if field.one_to_many:
            return self.children(field, value)
        if field.many_to_one:
            if isinstance(value, dict):
                return self.image(value)
            return self.ref(value)
        if isinstance(value, str) and (yearless := YEARLESS.match(value)):
            value = self.next_moment(*map(int, yearless.groups()))
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value)
        if isinstance(field, models.DecimalField) and isinstance(value, int | float):
            # Through its text: 0.1 is 0.1, not the float's binary expansion.
            value = decimal.Decimal(str(value))
        return field.to_python(value)

    def next_moment(
        self, month: int, day: int, hour: int, minute: int
    ) -> datetime.datetime:
        """The first such moment after the entry's previous one (YEARLESS), or
        after now."""
        after = self.last_moment or timezone.now()
        year = timezone.localtime(after).year
        try:
            moment = timezone.make_aware(
                datetime.datetime(year, month, day, hour, minute)
            )
            if moment <= after:
                moment = moment.replace(year=year + 1)
        except ValueError as exc:  # 30 February, 29 February of most years
            raise self.error(f"no such date: {month:02}-{day:02}") from exc
        self.last_moment = moment
        return moment

    def ref(self, key: str) -> models.Model:
        try:
            return self.objects[key]
        except KeyError:
            raise self.error(f"unknown key « {key} »") from None

    def image(self, spec: dict[str, Any]) -> models.Model:
        unknown = set(spec) - {"key", "title", "seed", "alt"}
        if unknown or "title" not in spec:
            raise self.error(
                f"an image needs title, seed and alt, not {sorted(unknown)}"
            )
        return make_image(
            spec["title"], spec.get("alt", ""), seed=spec.get("seed") or spec["title"]
        )

    def children(self, relation: Any, items: list[Any]) -> list[models.Model]:
        """Objects that belong to this one, unsaved and checked: inline children
        or records. An item is either a key, which fills the child's one link to
        another object (e.g. related links), or a table of the child's fields,
        which may hold the child's own inline children (an audit's pages and
        their answers)."""
        model, parent_name = relation.related_model, relation.remote_field.name
        if not isinstance(items, list):
            raise self.error(f"{relation.name}: a list is expected, not {items!r}")
        fields = {
            f.name: f
            for f in model._meta.get_fields()
            if (f.concrete or inline(f))
            and f.name not in (parent_name, "id", "sort_order")
        }
        ordered = "sort_order" in {f.name for f in model._meta.get_fields()}
        result = []
        for order, item in enumerate(items):
            where = f"{relation.name}[{order + 1}]"
            if isinstance(item, dict):
                unknown = set(item) - set(fields)
                if unknown:
                    raise self.error(
                        f"{where}: {model._meta.label} has no field(s) "
                        f"{sorted(unknown)}"
                    )
                values = {
                    name: self.value(fields[name], raw) for name, raw in item.items()
                }
            else:
                link = next((name for name, f in fields.items() if f.many_to_one), None)
                if link is None:
                    raise self.error(f"{where}: a table is expected, not {item!r}")
                values = {link: self.ref(item)}
            child = model(**values, **({"sort_order": order} if ordered else {}))
            if isinstance(child, TranslatableMixin):
                child.locale = self.locale_fr
            try:
                child.full_clean(exclude=[parent_name, "translation_key"])
            except ValidationError as exc:
                raise self.error(f"{where}: {exc.message_dict}") from exc
            result.append(child)
        return result

    def rich_text(self, text: str) -> str:
        """Paragraphs become `<p>`; a chunk starting with `<` is kept as HTML;
        `<a page="key">` and `<a document="key">` become Wagtail links."""
        html = "".join(
            chunk if chunk.startswith("<") else f"<p>{chunk}</p>"
            for chunk in paragraphs(text)
        )
        return PAGE_LINK.sub(
            lambda m: f'<a linktype="{m[1]}" id="{self.ref(m[2]).pk}">', html
        )

    def stream(self, stream_block: blocks.StreamBlock, items: list[dict]) -> list:
        result = []
        for item in items:
            kind = item.get("type")
            block = stream_block.child_blocks.get(kind)
            if block is None:
                names = sorted(stream_block.child_blocks)
                raise self.error(f"unknown block type « {kind} » (one of {names})")
            fields = {name: value for name, value in item.items() if name != "type"}
            result.append((kind, self.block_value(block, fields)))
        return result

    @staticmethod
    def block_default(block: blocks.Block) -> Any:
        default = block.get_default()
        text = blocks.CharBlock | blocks.TextBlock | blocks.URLBlock
        return "" if default is None and isinstance(block, text) else default

    def block_value(self, block: blocks.Block, value: Any) -> Any:
        if isinstance(block, TableBlock):
            return {
                "data": value.get("rows", []),
                "first_row_is_table_header": value.get("header_row", True),
                "first_col_is_header": value.get("header_column", False),
                "table_caption": value.get("caption", ""),
            }
        if isinstance(block, blocks.StructBlock):
            unknown = set(value) - set(block.child_blocks)
            if unknown:
                raise self.error(
                    f"block « {block.name} » has no field(s) {sorted(unknown)}"
                )
            return {
                name: (
                    self.block_value(child, value[name])
                    if name in value
                    else self.block_default(child)
                )
                for name, child in block.child_blocks.items()
            }
        if isinstance(value, dict):
            # A single-value block written like the others: `type` and `text`.
            (value,) = value.values()
        if isinstance(block, blocks.RichTextBlock):
            return RichText(self.rich_text(value))
        if isinstance(block, blocks.PageChooserBlock | DocumentChooserBlock):
            return self.ref(value) if value else None
        if isinstance(block, ImageChooserBlock):
            return self.image(value) if isinstance(value, dict) else self.ref(value)
        return value
