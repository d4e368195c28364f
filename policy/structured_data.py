"""The policy pages described in schema.org JSON-LD, for search engines and the
open-data harvesters that read them: the master plan, the open-data catalogue
and its datasets.

The plan is a `CreativeWork`: a document the council adopted, made of parts (its
axes, each made of objectives: `hasPart`). Not a `GovernmentService` (that is a
service residents use, such as a registry office), not `Legislation` (the plan
binds the commune's own work, not third parties), not a `Dataset` (the page is
a text; its actions are offered as data, which `encoding` names). Every type and
property below is schema.org's: `CreativeWork.encoding` expects a `MediaObject`,
of which `DataDownload` is a kind; `temporalCoverage` takes an ISO 8601 interval.

The catalogue is a `DataCatalog` of `Dataset`s, each with its `DataDownload`
distributions: what search engines list in their dataset search.

This module imports nothing from the rest of `policy` (the models import it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from home.models import commune_reference

from .addresses import absolute_address
from .export import absolute_url

if TYPE_CHECKING:
    from wagtail.models import Page

    from .models import DatasetPage, DatasetResource, MasterPlanPage, OpenDataPage

# What Google's dataset search accepts as a Dataset's description.
DESCRIPTION_MIN, DESCRIPTION_MAX = 50, 5000
# A media type as IANA writes them (`text/csv`), schema.org's encodingFormat.
MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+", re.ASCII)


def part(page: Page, request: HttpRequest, children: Iterable[Page] = ()) -> dict:
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": page.title,
        "url": absolute_url(page, request),
    }
    if page.introduction:
        data["description"] = page.introduction
    parts = [part(child, request) for child in children]
    if parts:
        data["hasPart"] = parts
    return data


def plan_structured_data(
    plan: MasterPlanPage,
    axes: Iterable[Page],
    request: HttpRequest,
    downloads: Iterable[dict[str, str]],
) -> dict[str, Any]:
    """schema.org CreativeWork: the plan, its axes and objectives, the adopted
    document and the data downloads. `downloads` gives each export's absolute
    `url`, `media_type` and `name`."""
    commune = commune_reference(request)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": plan.title,
        "url": absolute_url(plan, request),
        "inLanguage": plan.locale.language_code,
        "temporalCoverage": f"{plan.period_start}/{plan.period_end}",
        "creator": commune,
        "publisher": commune,
    }
    if plan.meta_description:
        data["description"] = plan.meta_description
    if plan.adoption_date:
        data["dateCreated"] = plan.adoption_date.isoformat()
    axes_parts = [part(axis, request, axis.plan_objectives) for axis in axes]
    if axes_parts:
        data["hasPart"] = axes_parts
    encodings = [
        {
            "@type": "DataDownload",
            "name": download["name"],
            "contentUrl": download["url"],
            "encodingFormat": download["media_type"],
        }
        for download in downloads
    ]
    if plan.document_id:
        document = plan.document
        encodings.insert(
            0,
            {
                "@type": "MediaObject",
                "name": document.title,
                "contentUrl": request.build_absolute_uri(document.url),
                "encodingFormat": document.content_type,
            },
        )
    if encodings:
        data["encoding"] = encodings
    return data


# The open-data catalogue -----------------------------------------------------------


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
