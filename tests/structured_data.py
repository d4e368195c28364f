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
    "DataDownload",
    "EntryPoint",
    "GovernmentOrganization",
    "ImageObject",
    "ListItem",
    "MediaObject",
    "NewsArticle",
    "WebPage",
    "Organization",
    "SearchAction",
    "WebSite",
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
    "contentUrl",
    "creator",
    "dateCreated",
    "dateModified",
    "datePublished",
    "description",
    "email",
    "encoding",
    "encodingFormat",
    "hasPart",
    "headline",
    "image",
    "inLanguage",
    "isPartOf",
    "item",
    "itemListElement",
    "keywords",
    "logo",
    "mainEntityOfPage",
    "memberOf",
    "name",
    "position",
    "potentialAction",
    "publisher",
    "query-input",
    "sameAs",
    "target",
    "telephone",
    "temporalCoverage",
    "url",
    "urlTemplate",
}


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
