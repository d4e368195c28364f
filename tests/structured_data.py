"""Reading a page's JSON-LD as search engines do, and checking that it only uses
schema.org's vocabulary: a misspelt or invented type or property is silently
ignored by them, so the tests refuse it."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from tests.helpers import soup

# The schema.org types and properties the site uses, each checked against
# https://schema.org/<name>. A new one is added here after that check.
SCHEMA_TYPES = {
    "BreadcrumbList",
    "ContactPoint",
    "CreativeWork",
    "DataCatalog",
    "DataDownload",
    "Dataset",
    "EntryPoint",
    "GovernmentOrganization",
    "ImageObject",
    "ListItem",
    "MediaObject",
    "NewsArticle",
    "WebPage",
    "Organization",
    "Place",
    "SearchAction",
    "WebSite",
    # The agenda (events/structured_data.py).
    "Audience",
    "Event",
    "EventSeries",
    "GeoCoordinates",
    "Offer",
    "PostalAddress",
    "VirtualLocation",
}
SCHEMA_PROPERTIES = {
    "@context",
    "@id",
    "@type",
    "about",
    "address",
    "articleSection",
    "author",
    "availableLanguage",
    "award",
    "contactPoint",
    "contactType",
    "contentSize",
    "contentUrl",
    "creator",
    "dataset",
    "dateCreated",
    "dateModified",
    "datePublished",
    "description",
    "distribution",
    "email",
    "encoding",
    "encodingFormat",
    "hasPart",
    "headline",
    "image",
    "inLanguage",
    "isAccessibleForFree",
    "isPartOf",
    "item",
    "itemListElement",
    "keywords",
    "license",
    "logo",
    "mainEntityOfPage",
    "memberOf",
    "name",
    "position",
    "potentialAction",
    "publisher",
    "query-input",
    "sameAs",
    "spatialCoverage",
    "target",
    "telephone",
    "temporalCoverage",
    "url",
    "urlTemplate",
    # The agenda (events/structured_data.py).
    "addressCountry",
    "addressLocality",
    "audience",
    "audienceType",
    "availability",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "geo",
    "latitude",
    "location",
    "longitude",
    "offers",
    "organizer",
    "postalCode",
    "previousStartDate",
    "price",
    "priceCurrency",
    "sponsor",
    "startDate",
    "streetAddress",
    "superEvent",
}


# The open-data types' places in schema.org's hierarchy, and the types each of
# their properties is defined on (its domain, from https://schema.org/<property>).
SUPERTYPES = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Dataset": "CreativeWork",
    "DataCatalog": "CreativeWork",
    "MediaObject": "CreativeWork",
    "DataDownload": "MediaObject",
    "Organization": "Thing",
    "GovernmentOrganization": "Organization",
    "Intangible": "Thing",
    "StructuredValue": "Intangible",
    "ContactPoint": "StructuredValue",
    "Place": "Thing",
}
DOMAINS = {
    **dict.fromkeys(["name", "description", "url", "sameAs"], {"Thing"}),
    **dict.fromkeys(
        [
            "creator",
            "dateModified",
            "datePublished",
            "inLanguage",
            "isAccessibleForFree",
            "keywords",
            "license",
            "publisher",
            "spatialCoverage",
            "temporalCoverage",
        ],
        {"CreativeWork"},
    ),
    "encodingFormat": {"CreativeWork", "MediaObject"},
    "contentUrl": {"MediaObject"},
    "contentSize": {"MediaObject"},
    "distribution": {"Dataset"},
    "dataset": {"DataCatalog"},
    "contactPoint": {"Organization", "Place"},
    "email": {"ContactPoint", "Organization"},
}


def ancestors(schema_type: str) -> set[str]:
    found = set()
    current: str | None = schema_type
    while current:
        found.add(current)
        current = SUPERTYPES[current]
    return found


def out_of_domain(data: Any) -> set[str]:
    """`Type.property` pairs of `data` (recursively) where schema.org does not
    define the property on the type or its ancestors (open-data types only)."""
    wrong: set[str] = set()
    if isinstance(data, list):
        for item in data:
            wrong |= out_of_domain(item)
    elif isinstance(data, dict):
        schema_type = data.get("@type")
        for key, value in data.items():
            if (
                schema_type in SUPERTYPES
                and not key.startswith("@")
                and not DOMAINS.get(key, set()) & ancestors(schema_type)
            ):
                wrong.add(f"{schema_type}.{key}")
            wrong |= out_of_domain(value)
    return wrong


def json_ld(response: HttpResponse) -> list[dict]:
    """Every JSON-LD block of the page, parsed (a block that does not parse fails)."""
    return [
        json.loads(script.string)
        for script in soup(response).select('script[type="application/ld+json"]')
    ]


def by_type(blocks: list[dict], schema_type: str) -> list[dict]:
    return [block for block in blocks if block.get("@type") == schema_type]


def unknown_vocabulary(data: Any) -> set[str]:
    """Types and properties of `data` (recursively) that schema.org lacks here."""
    unknown: set[str] = set()
    if isinstance(data, list):
        for item in data:
            unknown |= unknown_vocabulary(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in SCHEMA_PROPERTIES:
                unknown.add(key)
            if key == "@type" and value not in SCHEMA_TYPES:
                unknown.add(value)
            if key != "@context":
                unknown |= unknown_vocabulary(value)
    return unknown


def check_json_ld(response: HttpResponse) -> list[dict]:
    """The page's JSON-LD blocks, each in schema.org's context and vocabulary."""
    blocks = json_ld(response)
    for block in blocks:
        assert block["@context"] == "https://schema.org"
        assert not unknown_vocabulary(block), unknown_vocabulary(block)
    return blocks
