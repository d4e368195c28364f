"""The open-data catalogue's listing and the dataset page's previews.

The catalogue reads its datasets once (two queries, whatever their number) and
searches, filters, sorts and paginates them in Python: a commune publishes tens
of datasets, not millions, and every combination of filters then costs the same.
Every value of the query string must be one the page offers; anything else is a
400 page that says so, never a 500 and never a silently unfiltered list.

The dataset page's context is here too: its previews (policy.previews), their
charts (policy.charts) and its JSON-LD (policy.structured_data).

This module imports nothing from `policy.models` (the models import it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from home.query_filters import SingleValueFilterForm

from .charts import column_charts, schema_columns
from .filters import folded
from .previews import previews_for
from .structured_data import catalogue_structured_data, dataset_structured_data

if TYPE_CHECKING:
    from .models import DatasetPage, DatasetResource, OpenDataPage

FILTER_KEYS = ("q", "theme", "format", "licence", "keyword", "sort", "page")
# Left out of the address people share when chosen (policy.filters).
DEFAULTS = {"sort": "title"}
PER_PAGE = 12
MAX_QUERY = 100


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


# The dataset page -----------------------------------------------------------------


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
                schema_columns(resource.schema.descriptor if resource.schema else None),
            )
            if resource.preview and not resource.preview.error
            else []
        )
    return {
        "resources": resources,
        "structured_data": dataset_structured_data(dataset, resources, request),
    }
