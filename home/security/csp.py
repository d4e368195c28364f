"""The Content-Security-Policies of the public site and of the admin, built in
one place.

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


# The admin (/admin/, /django-admin/, previews included): Wagtail's and
# wagtail-localize's own scripts, styles, fonts and images, all from 'self'. What
# Wagtail 8 still needs beyond that, and nothing more:
# - inline <script> elements (`script-src-elem 'unsafe-inline'`): the date and
#   time inputs (`wagtailadmin/widgets/date_input.html`...), InlinePanel and
#   MultipleChooserPanel (`wagtailadmin/panels/inline_panel.html`...), which
#   also run the scripts of the forms they add, and wagtail-localize's editor
#   (`edit_translation.html`). Inline event handlers (onclick=, onerror=...)
#   stay forbidden (`script-src-attr 'none'`): the usual way injected HTML runs
#   a script. No eval (`'unsafe-eval'`) either.
# - inline styles (`style-src 'unsafe-inline'`): style attributes in the admin's
#   templates and widgets (Draftail, StreamField, the table block's
#   Handsontable), and <style> elements that its scripts insert
#   (`wagtailadmin/js/vendor.js`, wagtail-localize's editor). Styles cannot run
#   scripts; stylesheet files still come from 'self' only.
# - images from data: and blob: URIs (icons, upload previews); previews of the
#   site framed by the admin itself (`frame-src`, `frame-ancestors 'self'`).
# `script-src` repeats the same for browsers without CSP level 3.
ADMIN_CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "script-src-elem": "'self' 'unsafe-inline'",
    "script-src-attr": "'none'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
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
    return _header(directives)


def admin_content_security_policy() -> str:
    """The admin's policy (`ADMIN_CSP_DIRECTIVES`), with the media origin."""
    directives = dict(ADMIN_CSP_DIRECTIVES)
    if origin := media_origin():
        directives["img-src"] += f" {origin}"
    return _header(directives)


def _header(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())
