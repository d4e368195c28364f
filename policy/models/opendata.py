"""The open-data catalogue: a catalogue page whose children are datasets, each
with its resources (uploaded documents or addresses), described with the fields
of the French SCDL « catalogue » schema and of DCAT-AP. The resources are in
`resources`, the vocabularies the fields take their values from in
`vocabularies`."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    Page,
)
from wagtail.search import index

from home.bases import follow_source
from home.blocks import BaseStreamBlock
from home.caching.fragments import deferred, fragment, may_cache
from home.editorial.edit_forms import SitePageForm
from home.models import BodyPage, SitePage
from home.translation.facts import FACTS
from home.validators import SiretField

from .. import catalogue, dcat, freshness
from ..file_types import (
    file_type_label,
)
from ..filters import without_empty_fields
from .resources import DatasetResource, offered
from .vocabularies import (
    FREQUENCY_BASE,
    LICENCE_URIS,
    THEME_BASE,
    Frequency,
    Licence,
    Theme,
)


class OpenDataPage(RoutablePageMixin, BodyPage):
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
        if request.GET or not may_cache(request):
            # Filtered (any query string) or a preview: rendered afresh.
            context.update(catalogue.listing(self, self.datasets(request), request))
            context["fragments_off"] = True
            return context
        # The whole catalogue: its facets, counts and datasets are read by the
        # template's cached fragment only when it is not in the cache.
        built = functools.cache(
            lambda: catalogue.listing(self, self.datasets(request), request)
        )
        context.update(
            {name: deferred(lambda name=name: built()[name]) for name in CATALOGUE}
        )
        context["structured_data"] = fragment(
            request, lambda: built()["structured_data"], "catalogue-json-ld", self.pk
        )
        context["noindex"] = False
        return context

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """The catalogue; empty fields are dropped from the address people share,
        invalid ones are a 400 page that says what is wrong."""
        query = without_empty_fields(
            request.GET, catalogue.FILTER_KEYS, catalogue.DEFAULTS
        )
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


# What the catalogue's cached fragment shows (policy/opendata/catalogue_page.html).
CATALOGUE = (
    "filter_form",
    "filters",
    "choices",
    "dataset_total",
    "datasets",
    "active_filters",
    "paginated",
    "dataset_count",
)

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
        built = functools.cache(lambda: self._dataset_context(request))
        if not may_cache(request):
            context.update(built())
            return context
        # Its metadata and resources are the template's fragment, its JSON-LD
        # one of data: read only when they are not in the cache.
        context.update(
            {
                name: deferred(lambda name=name: built()[name])
                for name in ("resources", "modified")
            }
        )
        context["structured_data"] = fragment(
            request, lambda: built()["structured_data"], "dataset-json-ld", self.pk
        )
        return context

    def _dataset_context(self, request: HttpRequest) -> dict:
        """Its resources offered (with their previews, charts and schema
        checks), its JSON-LD and its last update (the plan's when it offers
        the plan's exports)."""
        resources = self.offered_resources()
        freshness.refresh_modified([(self, resources)], request)
        context = catalogue.dataset_context(self, resources, request)
        from ..schema_checks import checks_for  # It imports the models.

        checks = checks_for(resources)
        for resource in resources:
            resource.schema_check = checks.get(resource.pk)
        return {**context, "modified": self.modified}

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
