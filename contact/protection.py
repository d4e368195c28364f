"""What keeps robots and other sites from posting to the forms, without any
cookie (so without Django's CSRF cookie) and without a captcha service.

- A signed, time-limited token in a hidden field: an HMAC (`django.core.signing`,
  keyed by SECRET_KEY) of the form page's id, the time the form was shown and a
  random nonce. A post whose token is missing, forged, for another form, sent
  less than `CONTACT_FORM_MIN_SECONDS` after the form was shown (a robot) or
  older than `CONTACT_FORM_MAX_AGE` is refused. A token is used once: its digest
  is kept in the cache until it expires, and a second post with it is refused.
- The browser's own word on where the post comes from: `Sec-Fetch-Site` must be
  `same-origin` (or `none`), and an `Origin` header, when sent, must be this
  site's (or one of `CSRF_TRUSTED_ORIGINS`).
- A honeypot: a field hidden from people (and from screen readers), that
  robots fill in.
- Limits per client address (`home.security.client_address`, which believes
  only the trusted proxies) and per form, counted in the cache as the other
  limits of the site (`home.security.attempt_limits`), and on the size of a post.

Each check returns a `Refusal` (the HTTP status and the message the form page
shows), or None.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from home.security.attempt_limits import Counter
from home.security.client_address import client_address

TOKEN_FIELD = "submission_token"
HONEYPOT_FIELD = "contact_website"
RESERVED_NAMES = {TOKEN_FIELD, HONEYPOT_FIELD, "send_confirmation"}
SALT = "contact.form-token"
DEFAULTS = {
    "CONTACT_FORM_MIN_SECONDS": 2,
    "CONTACT_FORM_MAX_AGE": 3 * 3600,
    # (posts, seconds)
    "CONTACT_FORM_ADDRESS_LIMIT": (10, 600),
    "CONTACT_FORM_PAGE_LIMIT": (100, 600),
    "CONTACT_FORM_MAX_BYTES": 64 * 1024,
}
ALLOWED_FETCH_SITES = {"same-origin", "none"}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


@dataclass(frozen=True)
class Refusal:
    status: int
    message: Promise | str
    # Whether the form is shown again with what the resident typed.
    keep_data: bool = True
    retry_after: int = 0


@dataclass(frozen=True)
class Token:
    page_id: int
    issued: int
    value: str


def issue_token(page_id: int, issued: int | None = None) -> str:
    """A fresh token for a form page. A form shown again after an error keeps
    the time it was first shown (`issued`), so that correcting it is never
    « too fast »."""
    payload = {
        "p": page_id,
        "t": int(time.time()) if issued is None else issued,
        "n": secrets.token_urlsafe(12),
    }
    return signing.dumps(payload, salt=SALT)


def read_token(value: str, page_id: int) -> Token | None:
    """The token's content if it is ours and for this form, else None."""
    if not value or len(value) > 200:
        return None
    try:
        payload = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("p") != page_id:
        return None
    issued = payload.get("t")
    if not isinstance(issued, int):
        return None
    return Token(page_id, issued, value)


def check_token(token: Token | None, now: float | None = None) -> Refusal | None:
    if token is None:
        return Refusal(
            400,
            _(
                "This form could not be sent: it was not sent from this site's "
                "form, or it was changed. Please fill it in again below."
            ),
        )
    now = time.time() if now is None else now
    age = now - token.issued
    if age < setting("CONTACT_FORM_MIN_SECONDS"):
        return Refusal(
            400,
            _(
                "The form was sent too quickly after it was shown. Please check "
                "it and send it again."
            ),
        )
    if age > setting("CONTACT_FORM_MAX_AGE"):
        return Refusal(
            400,
            _(
                "The form was open for too long and has expired. What you typed "
                "is kept below: please send it again."
            ),
        )
    return None


def use_token(token: Token) -> Refusal | None:
    """Records the token as used; refuses it if it already was."""
    digest = hashlib.sha256(token.value.encode()).hexdigest()
    if not cache.add(
        f"contact:token:{digest}", 1, setting("CONTACT_FORM_MAX_AGE") + 60
    ):
        return Refusal(
            400,
            _(
                "This form has already been sent. To send another message, "
                "fill in the form below."
            ),
            keep_data=False,
        )
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_origin(request: HttpRequest) -> Refusal | None:
    """Refuses a post that the browser says comes from another site."""
    refusal = Refusal(
        403,
        _(
            "This form was sent from another site: it was not accepted. To "
            "write to us, fill in the form on this page."
        ),
        keep_data=False,
    )
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").strip().lower()
    if fetch_site and fetch_site not in ALLOWED_FETCH_SITES:
        return refusal
    origin = request.META.get("HTTP_ORIGIN", "").strip()
    if not origin:
        return None
    if origin == "null":
        return None if fetch_site == "same-origin" else refusal
    allowed = {_origin(request.build_absolute_uri("/"))}
    allowed.update(_origin(o) for o in settings.CSRF_TRUSTED_ORIGINS)
    return None if origin.lower() in allowed else refusal


def check_honeypot(request: HttpRequest) -> Refusal | None:
    if request.POST.get(HONEYPOT_FIELD, ""):
        return Refusal(
            400,
            _(
                "This form could not be sent: the field « Leave this field "
                "empty » was filled in. Please empty it and send the form again."
            ),
        )
    return None


def check_size(request: HttpRequest) -> Refusal | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > setting("CONTACT_FORM_MAX_BYTES"):
        return Refusal(
            413,
            _(
                "What you sent is too long for this form. Please shorten your "
                "message and send it again."
            ),
            keep_data=False,
        )
    return None


def check_rate(request: HttpRequest, page_id: int) -> Refusal | None:
    """Counts this post, per client address (all forms together) and per form."""
    address = client_address(request)
    for name, part in (
        ("CONTACT_FORM_ADDRESS_LIMIT", address),
        ("CONTACT_FORM_PAGE_LIMIT", page_id),
    ):
        posts, seconds = setting(name)
        digest = hashlib.sha256(str(part).encode()).hexdigest()
        allowed, wait = Counter(
            f"attempts:form:{name}:{digest}", posts, seconds
        ).count()
        if not allowed:
            return Refusal(
                429,
                _(
                    "Too many forms have been sent in a short time. Please try "
                    "again in a few minutes."
                ),
                retry_after=wait,
            )
    return None
