"""The Content-Security-Policy of the public site, built in one place.

It lives in `home` because apps need it too (an article allows the one video a
reader asked to play), and apps never import the project package `website`.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from django.core.files.storage import default_storage

# No third party, no inline script: the public site needs nothing else. Images may
# be data: URIs (SVG placeholders); embeds are opened by the reader on their host.
CSP_DIRECTIVES = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


@cache
def media_origin() -> str:
    """The origin browsers read images from when media are not served by the site
    itself (object storage, its CDN: website/settings/scaleout.py); "" otherwise.
    Asked of the storage once, as it builds image URLs."""
    url = urlsplit(default_storage.url("images/origin.webp"))
    return f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else ""


def content_security_policy(*, frame_src: str = "") -> str:
    """The public policy; `frame_src` adds one origin a response may frame (the
    video a reader asked to play)."""
    directives = dict(CSP_DIRECTIVES)
    if origin := media_origin():
        directives["img-src"] += f" {origin}"
    if frame_src:
        directives["frame-src"] += f" {frame_src}"
    return "; ".join(f"{name} {value}" for name, value in directives.items())
