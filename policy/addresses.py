"""Addresses that open data may carry: an absolute http(s) address an RDF writer,
a harvester and a browser all accept, or nothing.

An editor types a resource's address; what was stored before the form checked
it, or what the check lets through (`http://[::1`), must not reach an export as
it is: rdflib refuses to write an IRI with a space, a quote or an angle bracket
(a 500 for the whole catalogue), and a `javascript:` address is no download.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.http import HttpRequest

# An absolute IRI (RFC 3987) in the schemes a download may use: a host, then no
# character an IRI excludes (spaces and controls, `<>"{}|\^` and the backtick).
IRI = re.compile(
    r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f/?#]+[^\s<>\"{}|\\^`\x00-\x1f\x7f]*"
)
# A path of this site, with the same characters.
PATH = re.compile(r"/(?!/)[^\s<>\"{}|\\^`\x00-\x1f\x7f]*")


def absolute_address(request: HttpRequest | None, href: str) -> str | None:
    """`href` if it is an absolute http(s) IRI, a path of this site made
    absolute on the requested host; otherwise None, for the export to leave the
    address out (`ht tp://x y` is no path to resolve against the page)."""
    if IRI.fullmatch(href):
        try:
            parts = urlsplit(href)
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:  # `http://[::1`: an IPv6 host never closed
            return None
        return href if parts.hostname else None
    if PATH.fullmatch(href):
        return request.build_absolute_uri(href) if request else href
    return None
