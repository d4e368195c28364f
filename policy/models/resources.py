"""The files of the open-data catalogue's datasets: each resource (an uploaded
document or an address), what the catalogue offers of them (never a document of
a private collection), and the stored preview of each CSV document."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.documents import get_document_model
from wagtail.models import (
    CollectionViewRestriction,
    Orderable,
    TranslatableMixin,
)
from wagtail_localize.fields import SynchronizedField

from ..addresses import absolute_address
from ..csv_preview import Preview
from ..file_types import (
    MEDIA_TYPES,
    FileType,
    FileTypeInput,
    file_type_from_name,
    file_type_label,
)
from ..schema_panel import SchemaCheckPanel

# An address on another site, or a path on this one (e.g. the master plan's
# exports, which follow the site's host).
resource_url_validator = RegexValidator(
    r"^(https?://[^\s/]+[^\s]*|/[^\s]*)$",
    _("Give an address starting with https://, http:// or /."),
)


class DownloadURLField(serializers.Field):
    """A resource's address, absolute: the uploaded file or the address given
    (a path of this site made absolute); null when it is no valid http(s) IRI."""

    def to_representation(self, resource: DatasetResource) -> str | None:
        return absolute_address(self.context.get("request"), resource.href)


def private_documents() -> models.QuerySet:
    """Documents of a private collection (one with a view restriction, or below
    one: its tree path starts with the restricted one's). Wagtail serves them
    only after sign-in or a password, so the catalogue never offers them."""
    restricted_above = CollectionViewRestriction.objects.filter(
        collection__path=Substr(
            models.OuterRef("collection__path"), 1, Length("collection__path")
        )
    )
    return get_document_model().objects.filter(models.Exists(restricted_above))


def offered(resources: list[DatasetResource]) -> list[DatasetResource]:
    """`resources` (saved, or a preview's in memory) without those whose
    document is private: one query when any has a document, none otherwise."""
    document_ids = {r.document_id for r in resources if r.document_id}
    if not document_ids:
        return resources
    private = set(
        private_documents().filter(pk__in=document_ids).values_list("pk", flat=True)
    )
    return [r for r in resources if r.document_id not in private]


class DatasetResourceQuerySet(models.QuerySet):
    def offered(self) -> DatasetResourceQuerySet:
        """Addresses, and documents outside private collections: what the
        catalogue, its exports and the API list."""
        return self.exclude(document__in=private_documents())


class DatasetResource(TranslatableMixin, Orderable):
    """A file of a dataset: an uploaded document, or an address (another site's,
    or a path of this one such as the master plan's exports). Translatable so
    that its title and description are translated with the dataset."""

    page = ParentalKey(
        "policy.DatasetPage", related_name="resources", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The uploaded file. Leave empty to give an address instead."),
    )
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[resource_url_validator],
        help_text=_(
            "Instead of a document: https://… for another site, or a path of this "
            "site starting with /."
        ),
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        blank=True,
        choices=FileType.choices,
        help_text=_(
            "From the European list of file types that portals read. Left empty, "
            "found from the file's extension."
        ),
    )
    media_type = models.CharField(
        _("media type"),
        max_length=100,
        blank=True,
        help_text=_("E.g. text/csv. Left empty, guessed from the format."),
    )
    format_label = models.CharField(
        _("format as shown"),
        max_length=50,
        blank=True,
        help_text=_(
            "Optional: how the page names the format, e.g. « CSV zippé ». Left "
            "empty, the format's name."
        ),
    )
    size = models.PositiveBigIntegerField(
        _("size in bytes"),
        null=True,
        blank=True,
        help_text=_("Computed for uploaded documents."),
    )
    description = models.TextField(_("description"), blank=True)
    schema = models.ForeignKey(
        "policy.DataSchema",
        verbose_name=_("data schema"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "For a CSV file: the national schema its columns follow. The file is "
            "checked against it; a file that does not conform can still be "
            "published, and says so."
        ),
    )

    objects = DatasetResourceQuerySet.as_manager()

    # A translation names the same file in the same format; its address may
    # differ (a path of this site has the language's prefix).
    override_translatable_fields = [
        SynchronizedField("format"),
        SynchronizedField("media_type"),
        SynchronizedField("schema"),
    ]

    api_fields = [
        APIField("title"),
        APIField("download_url", serializer=DownloadURLField(source="*")),
        APIField("format", serializer=serializers.CharField(source="file_type")),
        APIField(
            "format_label", serializer=serializers.CharField(source="file_format")
        ),
        APIField("media_type"),
        APIField(
            "size",
            serializer=serializers.IntegerField(source="byte_size", allow_null=True),
        ),
        APIField("description"),
    ]

    panels = [
        FieldPanel("title"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("format", widget=FileTypeInput),
        FieldPanel("format_label"),
        FieldPanel("media_type"),
        FieldPanel("size"),
        FieldPanel("description"),
        # A plain list: writers choose a schema without the snippet chooser
        # (which needs a permission on schemas they do not have).
        FieldPanel("schema", widget=forms.Select),
        SchemaCheckPanel(),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if bool(self.document_id) == bool(self.url):
            raise ValidationError(
                {"url": _("Give either a document or an address, not both.")}
                if self.document_id
                else {"document": _("Give a document or an address.")}
            )
        if self.url and absolute_address(None, self.url) is None:
            # The pattern lets through what no export can write (`http://[::1`).
            raise ValidationError({"url": resource_url_validator.message})
        self.format = self.format or self.guessed_format()
        self.format_label = self.format_label.strip()
        self.media_type = self.media_type.strip() or self.guessed_media_type()
        if self.document_id:
            self.size = self.document.get_file_size()
        if self.schema_id and not self.is_csv:
            raise ValidationError(
                {
                    "schema": _(
                        "Only an uploaded CSV file can be checked against a schema."
                    )
                }
            )

    def save(self, *args, **kwargs) -> None:
        if self.document_id and self.size is None:
            self.size = self.document.get_file_size()
        super().save(*args, **kwargs)

    def guessed_format(self) -> str:
        """The EU file-type code of the file or address, from the media type
        given, else its extension (an address ending in `/csv/` counts as a CSV
        file); "" if unknown."""
        name = self.document.file.name if self.document_id else self.url
        return file_type_from_name(name, self.media_type)

    def guessed_media_type(self) -> str:
        return MEDIA_TYPES.get(self.file_type, "")

    @property
    def file_type(self) -> str:
        """The format's code in the EU file-type table ("" if unknown)."""
        return self.format or self.guessed_format()

    @property
    def file_format(self) -> str:
        """The format as people read it: the label given, else the name of the
        format in the list."""
        if self.format_label:
            return self.format_label
        return file_type_label(self.file_type)

    @property
    def byte_size(self) -> int | None:
        """The document's size as it is now (its file may have been replaced
        since the resource was saved), else the size given."""
        if self.document_id and self.document.file_size:
            return self.document.file_size
        return self.size

    @property
    def href(self) -> str:
        return self.document.url if self.document_id else self.url

    @property
    def address(self) -> str | None:
        """What the page links to: `href` if it is a path of this site or an
        http(s) address (see addresses.py), else None (no link)."""
        return absolute_address(None, self.href)

    @property
    def is_csv(self) -> bool:
        return bool(self.document_id) and self.file_type == FileType.CSV


class DocumentPreview(models.Model):
    """The preview of a CSV document, computed the first time a dataset page
    shows it and kept for as long as the document keeps the same file: a file
    is read once, not on every visit. A new file gets a preview of its own."""

    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    # The file's name and hash (see previews.file_key).
    file_key = models.CharField(max_length=400)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "file_key"], name="unique_preview_per_file"
            )
        ]

    def __str__(self) -> str:
        return self.file_key

    @property
    def preview(self) -> Preview:
        return Preview.from_json(self.data)
