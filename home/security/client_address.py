"""The address of the client a request comes from, as far as it can be trusted.

Every per-address limit (the API's throttle, the sign-in lockout, the limits on
shared passwords and password resets) counts requests by this address. A client
may send any `X-Forwarded-For` it likes: only the entries appended by the
reverse proxies the site runs behind are believed. `TRUSTED_PROXY_COUNT` says
how many there are (0: none, the connection's own address, `REMOTE_ADDR`, is the
client's). With N proxies, the last proxy is the connection itself, and the
address the Nth proxy from the right saw connecting is the Nth entry from the
right of `X-Forwarded-For`: whatever the client wrote stands left of it.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "unknown"


def _valid(address: str) -> str | None:
    address = address.strip()
    if address.startswith("[") and "]" in address:  # "[2001:db8::1]:443"
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # "192.0.2.1:443"
        address = address.split(":", 1)[0]
    try:
        return str(ip_address(address))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address: `REMOTE_ADDR` with no trusted proxy; behind N
    trusted proxies, the Nth entry from the right of `X-Forwarded-For`. A
    request that did not come through all of them (too few entries) or whose
    entry is not an address counts as its connection's address."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    raw = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Several X-Forwarded-For headers reach Django joined with commas.
    forwarded = raw.split(",") if raw.strip() else []
    if len(forwarded) < count:
        return remote
    return _valid(forwarded[-count]) or remote


def axes_client_address(request: HttpRequest) -> str | None:
    """`client_address` for django-axes, which stores it in an address column:
    None (as axes' own lookup gives) where no address is known, e.g. a sign-in
    made without a request from a client (a test's `force_login`)."""
    address = client_address(request)
    return None if address == UNKNOWN else address
