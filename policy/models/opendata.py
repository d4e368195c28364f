"""The open-data catalogue: a catalogue page whose children are datasets, each
with its resources (uploaded documents or addresses), described with the fields
of the French SCDL « catalogue » schema and of DCAT-AP."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import (
    CollectionViewRestriction,
    Orderable,
    Page,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.bases import follow_source
from home.blocks import BaseStreamBlock
from home.editorial.edit_forms import SitePageForm
from home.models import SitePage
from home.translation.facts import FACTS
from home.validators import SiretField

from .. import catalogue, dcat, freshness
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


class Theme(models.TextChoices):
    """The EU « data theme » vocabulary that DCAT-AP asks for (its codes are the
    last part of the theme's URI)."""

    AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
    ECON = "ECON", _("Economy and finance")
    EDUC = "EDUC", _("Education, culture and sport")
    ENER = "ENER", _("Energy")
    ENVI = "ENVI", _("Environment")
    GOVE = "GOVE", _("Government and public sector")
    HEAL = "HEAL", _("Health")
    INTR = "INTR", _("International issues")
    JUST = "JUST", _("Justice, legal system and public safety")
    REGI = "REGI", _("Regions and cities")
    SOCI = "SOCI", _("Population and society")
    TECH = "TECH", _("Science and technology")
    TRAN = "TRAN", _("Transport")


class Licence(models.TextChoices):
    """The two licences French public bodies may choose for their data (SPDX
    identifiers)."""

    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    ODBL = "ODbL-1.0", _("Open Database License (ODbL 1.0)")


class Frequency(models.TextChoices):
    """How often a dataset is updated: the EU « frequency » vocabulary's codes."""

    CONT = "CONT", _("continuously")
    DAILY = "DAILY", _("daily")
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")
    QUARTERLY = "QUARTERLY", _("quarterly")
    ANNUAL = "ANNUAL", _("annually")
    BIENNIAL = "BIENNIAL", _("every two years")
    IRREG = "IRREG", _("irregularly")
    NEVER = "NEVER", _("never (a closed dataset)")
    UNKNOWN = "UNKNOWN", _("unknown")


LICENCE_URIS = {
    Licence.ETALAB: "https://spdx.org/licenses/etalab-2.0.html",
    Licence.ODBL: "https://spdx.org/licenses/ODbL-1.0.html",
}
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"

# An address on another site, or a path on this one (e.g. the master plan's
# exports, which follow the site's host).
resource_url_validator = RegexValidator(
    r"^(https?://[^\s/]+[^\s]*|/[^\s]*)$",
    _("Give an address starting with https://, http:// or /."),
)


class OpenDataPage(RoutablePageMixin, SitePage):
    """The open-data catalogue: residents search its datasets, filter them by
    theme, format, licence and keyword, and sort them. It publishes the whole
    catalogue as DCAT-AP (JSON-LD at `dcat/jsonld/`, Turtle at `dcat/turtle/`), which
    national portals harvest, and as a CSV in the SCDL « catalogue » schema
    (`catalogue/csv/`). Its children are the datasets."""

    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Free content shown before the datasets: policy, contact."),
    )

    template = "policy/opendata/catalogue_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["policy.DatasetPage"]
    max_count_per_parent = 1

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("open-data catalogue")
        verbose_name_plural = _("open-data catalogues")

    def datasets(self, request: HttpRequest | None = None) -> list[DatasetPage]:
        """The live, public datasets of the catalogue, with their resources, those
        the site generates dated by their data's last change (see freshness.py):
        a constant number of queries whatever their number."""
        datasets = list(
            DatasetPage.objects.live()
            .public()
            .child_of(self)
            .prefetch_related(
                models.Prefetch(
                    "resources",
                    DatasetResource.objects.offered()
                    .select_related("document", "schema")
                    .order_by("sort_order"),
                )
            )
            .order_by("title")
        )
        freshness.refresh_modified(((d, d.resources.all()) for d in datasets), request)
        return datasets

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue.listing(self, self.datasets(request), request))
        return context

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The catalogue; empty fields are dropped from the address people share,
        invalid ones are a 400 page that says what is wrong."""
        query = catalogue.without_empty_fields(request.GET)
        if query is not None:
            return redirect(self.get_url(request) + query)
        response = super().index_route(request, *args, **kwargs)
        if isinstance(response, TemplateResponse) and (
            (response.context_data or {}).get("filters", True) is None
            or (response.context_data or {}).get("bad_page")
        ):
            response.status_code = 400
        return response

    @path("dcat/jsonld/", name="dcat_jsonld")
    def dcat_jsonld(self, request: HttpRequest) -> HttpResponse:
        return dcat.dcat_response(self, self.datasets(request), request, "json-ld")

    @path("dcat/turtle/", name="dcat_turtle")
    def dcat_turtle(self, request: HttpRequest) -> HttpResponse:
        return dcat.dcat_response(self, self.datasets(request), request, "turtle")

    @path("catalogue/csv/", name="catalogue_csv")
    def catalogue_csv(self, request: HttpRequest) -> HttpResponse:
        return dcat.scdl_response(self, self.datasets(request), request)


TEMPORAL_COVERAGE_REQUIRED = _(
    "The national open-data catalogue (SCDL) requires the period the data cover: "
    "give its first and last day."
)


class DatasetPageForm(SitePageForm):
    """Says why the period covered is required (the SCDL catalogue asks for it);
    a draft may still be saved without it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("temporal_start", "temporal_end"):
            if name in self.fields:
                self.fields[name].error_messages["required"] = (
                    TEMPORAL_COVERAGE_REQUIRED
                )


class DatasetPage(RoutablePageMixin, SitePage):
    """A dataset of the catalogue: what it holds, who produces it, under which
    licence, how often it changes, and its resources to download. The page
    previews the first rows of each CSV file and draws its numeric columns; it
    describes itself to search engines as a schema.org Dataset."""

    description = models.TextField(
        _("description"),
        help_text=_(
            "What the data hold, where they come from, how they are collected, "
            "their limits. Plain text; a blank line starts a paragraph. Search "
            "engines list a dataset whose description has 50 to 5,000 characters."
        ),
    )
    theme = models.CharField(
        _("theme"),
        max_length=10,
        choices=Theme.choices,
        help_text=_("The theme of the European vocabulary portals file it under."),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=255,
        blank=True,
        help_text=_("Separated by commas, e.g. « wi-fi, public buildings »."),
    )
    producer = models.CharField(
        _("producer"),
        max_length=200,
        help_text=_("The department that produces the data, e.g. « IT department »."),
    )
    producer_siret = SiretField(
        _("producer's SIRET number"),
        blank=True,
        help_text=_(
            "Leave empty when the commune produces the data: the exports then give "
            "the commune's SIRET, from Settings > Site settings. Fill it in for "
            "another producer (14 digits)."
        ),
    )
    licence = models.CharField(
        _("licence"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.ETALAB,
        help_text=_(
            "Licence Ouverte 2.0 unless the data must stay open in what is built "
            "on them (ODbL)."
        ),
    )
    spatial_coverage = models.CharField(
        _("spatial coverage"),
        max_length=200,
        blank=True,
        help_text=_("The area the data cover, e.g. « Échirolles »."),
    )
    # Required by the SCDL catalogue; nullable in the database so that datasets
    # recorded before it was required keep their row until an editor completes them.
    temporal_start = models.DateField(
        _("covered from"),
        null=True,
        help_text=_("First day covered by the data."),
    )
    temporal_end = models.DateField(
        _("covered until"),
        null=True,
        help_text=_(
            "Last day covered; for data kept up to date, the last day they "
            "describe (e.g. the end of the plan)."
        ),
    )
    issued = models.DateField(
        _("publication date"), help_text=_("The day the dataset was first published.")
    )
    modified = models.DateField(
        _("last update"), help_text=_("The day its data last changed.")
    )
    frequency = models.CharField(
        _("update frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.UNKNOWN,
    )
    contact_name = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who answers questions about the data (a department, not a person)."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Shown on the home page among the featured datasets."),
    )

    template = "policy/opendata/dataset_page.html"
    base_form_class = DatasetPageForm
    parent_page_types = ["policy.OpenDataPage"]
    subpage_types: list[str] = []
    # The catalogue's facts (theme, licence, period, dates, frequency) read the
    # same in every language: the DCAT export and the filters rely on them.
    override_translatable_fields = follow_source(
        *FACTS["policy.DatasetPage"], "featured"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("theme"),
                FieldPanel("keywords"),
                FieldPanel("producer"),
                FieldPanel("producer_siret"),
                FieldPanel("licence"),
                FieldPanel("featured"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("spatial_coverage"),
                FieldPanel("temporal_start"),
                FieldPanel("temporal_end"),
                FieldPanel("issued"),
                FieldPanel("modified"),
                FieldPanel("frequency"),
            ],
            heading=_("Coverage and dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Contact point"),
        ),
        InlinePanel("resources", heading=_("Resources"), min_num=1),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("description"),
        index.SearchField("keywords"),
        index.FilterField("theme"),
    ]
    api_fields = [
        *SitePage.api_fields,
        APIField("description"),
        APIField("theme"),
        APIField("keywords"),
        APIField("producer"),
        APIField("producer_siret"),
        APIField("licence"),
        APIField("spatial_coverage"),
        APIField("temporal_start"),
        APIField("temporal_end"),
        APIField("issued"),
        APIField("modified"),
        APIField("frequency"),
        APIField("resources"),
    ]

    @staticmethod
    def api_prefetch_related() -> list[models.Prefetch]:
        """Read with the resources by the API (home.api), so that its listing's
        queries do not grow with the files; private documents left out."""
        return [
            models.Prefetch(
                "resources",
                DatasetResource.objects.offered()
                .select_related("document")
                .order_by("sort_order"),
            )
        ]

    @staticmethod
    def api_prepare_pages(pages: list[DatasetPage], request: HttpRequest) -> None:
        """The API's `modified` is the page's: the datasets the site generates
        dated by their data's last change (freshness.py), in a constant number
        of queries (the resources are prefetched, see above)."""
        freshness.refresh_modified(((d, d.resources.all()) for d in pages), request)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (
            self.temporal_start
            and self.temporal_end
            and self.temporal_end < self.temporal_start
        ):
            errors["temporal_end"] = _("The coverage cannot end before it starts.")
        if self.issued and self.modified and self.modified < self.issued:
            errors["modified"] = _(
                "The last update cannot come before the publication date."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]

    @property
    def licence_uri(self) -> str:
        return LICENCE_URIS.get(self.licence, "")

    @property
    def theme_uri(self) -> str:
        return THEME_BASE + self.theme

    @property
    def frequency_uri(self) -> str:
        return FREQUENCY_BASE + self.frequency

    @property
    def formats(self) -> list[str]:
        """The EU file-type codes of its resources, once each (from prefetched
        resources)."""
        found = (r.file_type for r in self.resources.all())
        return list(dict.fromkeys(code for code in found if code))

    @property
    def format_labels(self) -> list[str]:
        """The names of its formats, once each, as the catalogue lists them."""
        return [file_type_label(code) for code in self.formats]

    def offered_resources(self) -> list[DatasetResource]:
        return offered(
            list(
                self.resources.select_related("document", "schema").order_by(
                    "sort_order"
                )
            )
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        resources = self.offered_resources()
        freshness.refresh_modified([(self, resources)], request)
        context.update(catalogue.dataset_context(self, resources, request))
        from ..schema_checks import checks_for  # It imports the models.

        checks = checks_for(resources)
        for resource in resources:
            resource.schema_check = checks.get(resource.pk)
        return context

    def get_cached_paths(self) -> list[str]:
        """The page and the public reports of its resources' schema checks
        (what a frontend cache is purged of)."""
        with_schema = self.resources.filter(schema__isnull=False).values_list(
            "pk", flat=True
        )
        return ["/", *(f"/schema-report/{pk}/" for pk in with_schema)]

    @path("schema-report/<int:resource_id>/", name="schema_report")
    def schema_report(self, request: HttpRequest, resource_id: int) -> HttpResponse:
        """The public report of a resource's schema check: whether its file
        conforms and, if not, each error with its row and column."""
        resource = next(
            (r for r in self.offered_resources() if r.pk == resource_id), None
        )
        if resource is None or not resource.schema_id or not resource.is_csv:
            raise Http404
        from ..schema_checks import checks_for  # It imports the models.

        check = checks_for([resource]).get(resource.pk)
        return self.render(
            request,
            template="policy/opendata/schema_report.html",
            context_overrides={
                "resource": resource,
                "check": check,
                "lines": check.lines() if check else [],
            },
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
    # The file's name and hash (see catalogue.file_key).
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
