"""The master plan page described in schema.org JSON-LD, for search engines and
the open-data harvesters that read it.

The plan is a `CreativeWork`: a document the council adopted, made of parts (its
axes, each made of objectives: `hasPart`). Not a `GovernmentService` (that is a
service residents use, such as a registry office), not `Legislation` (the plan
binds the commune's own work, not third parties), not a `Dataset` (the page is
a text; its actions are offered as data, which `encoding` names). Every type and
property below is schema.org's: `CreativeWork.encoding` expects a `MediaObject`,
of which `DataDownload` is a kind; `temporalCoverage` takes an ISO 8601 interval.

This module imports nothing from the rest of `policy` (the models import it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from home.models import commune_reference

from .export import absolute_url

if TYPE_CHECKING:
    from wagtail.models import Page

    from .models import MasterPlanPage


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
