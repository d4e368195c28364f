"""Files browsers ask for at the site's root (WHITENOISE_ROOT, website/public/):
/favicon.ico, the shield of static/img/favicon.svg (redrawn by
`python -m tests.browser.make_favicon`). Whitenoise serves them before the
database and the page cache are reached."""

from __future__ import annotations

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "public"
# They keep their address when they change, unlike the hashed static files
# (cached for a year): a day, shared caches included.
MAX_AGE = 86400


def add_headers(headers, path: str, url: str) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: a day's cache for the root files."""
    if url.count("/") == 1:
        headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
