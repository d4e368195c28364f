"""The default Site's address comes from one setting, WAGTAILADMIN_BASE_URL.

Wagtail builds every absolute page address it gives out (the API's `html_url`
and `detail_url`, `Page.full_url`, the front-end cache purges) from the Site
record's hostname and port, while the pages and exports build theirs from the
request. Both agree once the Site follows the public address: `load_demo_data`
sets it (`dev.py start` passes the address it serves on through
WAGTAILADMIN_BASE_URL), production runs `manage.py set_site_address` after
`migrate`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def address_of(base_url: str) -> tuple[str, int]:
    """The hostname and port of an address such as `https://ville.example`."""
    parts = urlsplit(base_url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL must be an http(s) address, not {base_url!r}"
        )
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def set_default_site_address(url: str | None = None) -> Site | None:
    """Give the default Site the hostname and port of WAGTAILADMIN_BASE_URL (or
    of `url`). Returns the Site when it changed, None when it already matched or
    there is no default Site."""
    hostname, port = address_of(url or base_url())
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return None
    site.hostname, site.port = hostname, port
    site.save()
    return site
