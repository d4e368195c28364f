"""The open-data catalogue's listing and the dataset page's previews.

The catalogue reads its datasets once (two queries, whatever their number) and
searches, filters, sorts and paginates them in Python: a commune publishes tens
of datasets, not millions, and every combination of filters then costs the same.
Every value of the query string must be one the page offers; anything else is a
400 page that says so, never a 500 and never a silently unfiltered list.

This module imports nothing from `policy.models` (the models import it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from home.models import commune_reference
from home.query_filters import SingleValueFilterForm, without_default_fields

from .addresses import absolute_address
from .charts import column_charts, column_titles
from .csv_preview import MISSING, Preview, preview_stream
from .filters import folded

if TYPE_CHECKING:
    from .models import DatasetPage, DatasetResource, OpenDataPage

FILTER_KEYS = ("q", "theme", "format", "licence", "keyword", "sort", "page")
PER_PAGE = 12
MAX_QUERY = 100
# What Google's dataset search accepts as a Dataset's description.
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 5000
# A media type as IANA writes them (`text/csv`), schema.org's encodingFormat.
MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+", re.ASCII)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class CatalogueFilters:
    """Valid filters: what they keep, and the query string that gives them."""

    q: str = ""
    theme: str = ""
    format: str = ""
    licence: str = ""
    keyword: str = ""
    sort: str = "title"

    @property
    def active(self) -> bool:
        return bool(self.q or self.theme or self.format or self.licence or self.keyword)

    @property
    def params(self) -> dict[str, str]:
        params = {
            key: getattr(self, key)
            for key in ("q", "theme", "format", "licence", "keyword")
            if getattr(self, key)
        }
        if self.sort != "title":
            params["sort"] = self.sort
        return params

    @property
    def querystring(self) -> str:
        return urlencode(self.params)

    def keeps(self, dataset: DatasetPage) -> bool:
        if self.theme and dataset.theme != self.theme:
            return False
        if self.licence and dataset.licence != self.licence:
            return False
        if self.format and slugify(self.format) not in {
            slugify(f) for f in dataset.formats
        }:
            return False
        if self.keyword and self.keyword not in {
            slugify(k) for k in dataset.keyword_list
        }:
            return False
        if self.q:
            haystack = folded(
                " ".join(
                    [
                        dataset.title,
                        dataset.introduction,
                        dataset.description,
                        dataset.keywords,
                        dataset.producer,
                    ]
                )
            )
            return all(word in haystack for word in folded(self.q).split())
        return True


class CatalogueFilterForm(SingleValueFilterForm):
    """Reads the search, filters and sort order from a query string, against the
    choices the catalogue offers."""

    filter_keys = FILTER_KEYS

    q = forms.CharField(
        label=_("Search the datasets"), required=False, max_length=MAX_QUERY
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), required=False)
    keyword = forms.ChoiceField(label=_("Keyword"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("title", _("title")), ("updated", _("last update"))],
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        themes: Sequence[Choice],
        formats: Sequence[Choice],
        licences: Sequence[Choice],
        keywords: Sequence[Choice],
    ) -> None:
        super().__init__(data)
        everything = [("", _("All"))]
        for name, choices in (
            ("theme", themes),
            ("format", formats),
            ("licence", licences),
            ("keyword", keywords),
        ):
            self.fields[name].choices = everything + [
                (c.value, f"{c.label} ({c.count})") for c in choices
            ]

    def filters(self) -> CatalogueFilters | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return CatalogueFilters(
            q=" ".join(data["q"].split()),
            theme=data["theme"],
            format=data["format"],
            licence=data["licence"],
            keyword=data["keyword"],
            sort=data["sort"] or "title",
        )


def choices(datasets: Sequence[DatasetPage]) -> dict[str, list[Choice]]:
    """What the filters offer: only values some dataset has, with their counts."""
    themes: dict[str, list] = {}
    formats: dict[str, list] = {}
    licences: dict[str, list] = {}
    keywords: dict[str, list] = {}
    for dataset in datasets:
        themes.setdefault(dataset.theme, [dataset.get_theme_display(), 0])[1] += 1
        licences.setdefault(dataset.licence, [dataset.get_licence_display(), 0])[1] += 1
        for code, label in zip(dataset.formats, dataset.format_labels, strict=True):
            formats.setdefault(slugify(code), [label, 0])[1] += 1
        for keyword in dict.fromkeys(dataset.keyword_list):
            slug = slugify(keyword)
            if slug:
                keywords.setdefault(slug, [keyword, 0])[1] += 1

    def listed(found: dict[str, list]) -> list[Choice]:
        return sorted(
            (
                Choice(value, str(label), count)
                for value, (label, count) in found.items()
            ),
            key=lambda c: folded(c.label),
        )

    return {
        "themes": listed(themes),
        "formats": listed(formats),
        "licences": listed(licences),
        "keywords": listed(keywords),
    }


def is_default(key: str, value: str) -> bool:
    """An empty field, or the default sort order: left out of shared addresses."""
    return not value.strip() or (key == "sort" and value == "title")


def without_empty_fields(query: QueryDict) -> str | None:
    """The query string without its empty fields and the default sort order, or
    None when there are none: the shared address keeps what the reader chose."""
    return without_default_fields(query, FILTER_KEYS, is_default)


def listing(
    page: OpenDataPage, datasets: list[DatasetPage], request: HttpRequest
) -> dict[str, Any]:
    """The catalogue's context: the form, the valid filters (None when the query
    string is not valid), the page of datasets listed and their count."""
    offered = choices(datasets)
    form = CatalogueFilterForm(request.GET, **offered)
    filters = form.filters()
    context: dict[str, Any] = {
        "structured_data": catalogue_structured_data(page, datasets, request),
        "filter_form": form,
        "filters": filters,
        "choices": offered,
        "dataset_total": len(datasets),
        "datasets": [],
        "noindex": filters is None or bool(request.GET),
    }
    if filters is None:
        return context
    kept = [dataset for dataset in datasets if filters.keeps(dataset)]
    if filters.sort == "updated":
        kept.sort(key=lambda d: (d.modified, folded(d.title)), reverse=True)
    else:
        kept.sort(key=lambda d: folded(d.title))
    paginator = Paginator(kept, PER_PAGE)
    try:
        shown = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        context["bad_page"] = True
        return context
    context.update(
        {
            "active_filters": active_filters(form, filters),
            "datasets": shown.object_list,
            "paginated": shown,
            "dataset_count": len(kept),
        }
    )
    return context


def active_filters(
    form: CatalogueFilterForm, filters: CatalogueFilters
) -> list[dict[str, str]]:
    """Each active filter: its label, its value as shown, and the query string
    without it (the link that removes it)."""
    found = []
    for name, value in filters.params.items():
        if name == "sort":
            continue
        field = form.fields[name]
        shown = value
        if name != "q":
            shown = str(dict(field.choices).get(value, value)).rsplit(" (", 1)[0]
        rest = {k: v for k, v in filters.params.items() if k != name}
        found.append(
            {"label": str(field.label), "value": shown, "without": urlencode(rest)}
        )
    return found


def catalogue_structured_data(
    page: OpenDataPage, datasets: Sequence[DatasetPage], request: HttpRequest
) -> dict[str, Any]:
    """The catalogue as a schema.org DataCatalog with every dataset described in
    full (what search engines need to list each one), whatever the filters:
    read from the prefetched resources, no query per dataset."""
    language = page.locale.language_code
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": page.title,
        "description": page.introduction,
        "url": request.build_absolute_uri(page.get_url(request)),
        "inLanguage": language,
        "publisher": commune_reference(request),
        "dataset": [
            dataset_data(dataset, dataset.resources.all(), request, language)
            for dataset in datasets
        ],
    }


# The dataset page -----------------------------------------------------------------


def previews_for(resources: Sequence[DatasetResource]) -> dict[int, Preview]:
    """The preview of each CSV document among `resources`, by resource id: those
    already computed in one query, the others computed now (bounded reads, see
    csv_preview) and stored for the next visits."""
    model = apps.get_model("policy", "DocumentPreview")
    csv_resources = [r for r in resources if r.is_csv]
    if not csv_resources:
        return {}
    stored = {
        (p.document_id, p.file_key): p.preview
        for p in model.objects.filter(
            document_id__in=[r.document_id for r in csv_resources]
        )
    }
    previews = {}
    for resource in csv_resources:
        key = (resource.document_id, file_key(resource.document))
        if key not in stored:
            stored[key] = compute_preview(resource)
            try:
                with transaction.atomic():
                    model.objects.create(
                        document_id=key[0], file_key=key[1], data=stored[key].as_json()
                    )
            except IntegrityError:
                pass  # Another visit stored it first.
        previews[resource.pk] = stored[key]
    return previews


def file_key(document: Any) -> str:
    """What tells one file of a document from the next: a replaced file may
    take the old one's name, not its hash (or, without a hash, its size)."""
    fingerprint = document.file_hash or str(document.file_size or "")
    return f"{document.file.name}:{fingerprint}"[:400]


def compute_preview(resource: DatasetResource) -> Preview:
    try:
        with resource.document.file.open("rb") as stream:
            return preview_stream(stream)
    except (OSError, ValueError):
        return Preview(error=MISSING)


def dataset_context(
    dataset: DatasetPage, resources: list[DatasetResource], request: HttpRequest
) -> dict[str, Any]:
    """The dataset page's resources (those it offers) with their previews and
    charts, and its schema.org JSON-LD."""
    previews = previews_for(resources)
    for resource in resources:
        resource.preview = previews.get(resource.pk)
        resource.charts = (
            column_charts(
                resource.preview,
                column_titles(resource.schema.descriptor if resource.schema else None),
            )
            if resource.preview and not resource.preview.error
            else []
        )
    return {
        "resources": resources,
        "structured_data": dataset_structured_data(dataset, resources, request),
    }


def search_description(dataset: DatasetPage) -> str:
    """The description search engines show: 50 to 5,000 characters (Google's
    dataset search ignores a dataset outside them). A description an editor kept
    shorter is preceded by the title and introduction (the page's own words);
    a longer one is cut at a word, with an ellipsis."""
    text = " ".join(dataset.description.split())
    if len(text) < DESCRIPTION_MIN:
        parts = [dataset.title.strip(), dataset.introduction.strip(), text]
        text = " ".join(
            part if part.endswith((".", "!", "?", "…")) else part + "."
            for part in parts
            if part
        )
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text


def dataset_structured_data(
    dataset: DatasetPage, resources: Sequence[DatasetResource], request: HttpRequest
) -> dict[str, Any]:
    """The dataset as a schema.org Dataset with its DataDownload distributions,
    which search engines list in their dataset search."""
    return {
        "@context": "https://schema.org",
        **dataset_data(dataset, resources, request, dataset.locale.language_code),
    }


def dataset_data(
    dataset: DatasetPage,
    resources: Sequence[DatasetResource],
    request: HttpRequest,
    language: str,
) -> dict[str, Any]:
    """A schema.org Dataset: on its page, and nested in the catalogue's."""
    data: dict[str, Any] = {
        "@type": "Dataset",
        "name": dataset.title,
        "description": search_description(dataset),
        "url": request.build_absolute_uri(dataset.get_url(request)),
        "inLanguage": language,
        "license": dataset.licence_uri,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": dataset.producer},
        "publisher": commune_reference(request),
        "datePublished": dataset.issued.isoformat(),
        "dateModified": dataset.modified.isoformat(),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": resource.title,
                **(
                    {"contentUrl": address}
                    if (address := absolute_address(request, resource.href))
                    else {}
                ),
                **(
                    {"encodingFormat": resource.media_type}
                    if MEDIA_TYPE.fullmatch(resource.media_type or "")
                    else {}
                ),
                **(
                    {"contentSize": str(resource.byte_size)}
                    if resource.byte_size
                    else {}
                ),
            }
            for resource in resources
        ],
    }
    if dataset.keyword_list:
        data["keywords"] = dataset.keyword_list
    if dataset.spatial_coverage:
        data["spatialCoverage"] = {"@type": "Place", "name": dataset.spatial_coverage}
    if dataset.temporal_start or dataset.temporal_end:
        start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
        end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    if dataset.contact_email or dataset.contact_name:
        data["creator"]["contactPoint"] = {
            "@type": "ContactPoint",
            **({"name": dataset.contact_name} if dataset.contact_name else {}),
            **({"email": dataset.contact_email} if dataset.contact_email else {}),
        }
    return data
