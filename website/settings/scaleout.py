"""Settings that let several application servers serve one site, read from the
environment (docs/scale-out.md).

- Media (images, documents) on S3-compatible object storage (MinIO, Garage, a
  provider's) when `AWS_STORAGE_BUCKET_NAME` is set, through django-storages.
  Image originals and renditions are public objects, read straight from the
  bucket (or `AWS_S3_CUSTOM_DOMAIN`); documents stay private and are served
  through the site, which checks their collection's privacy
  (`manage.py media_bucket_policy` prints the bucket policy that says so).
- Frontend-cache purge on publish: a Varnish-like cache that accepts HTTP
  `PURGE` (`FRONTEND_CACHE_VARNISH_URL`) and/or Cloudflare
  (`FRONTEND_CACHE_CLOUDFLARE_*`); none when unset.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

S3_STORAGE_BACKEND = "storages.backends.s3.S3Storage"


def _get(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


def s3_media_storage(environ: Mapping[str, str]) -> dict | None:
    """The `STORAGES["default"]` entry for media on object storage, or None
    (media on the local filesystem) when no bucket is named."""
    bucket = _get(environ, "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return None
    options: dict[str, object] = {
        "bucket_name": bucket,
        # Public image URLs without a signature (they never expire, so cached
        # pages keep working); documents are private objects read by the site.
        "querystring_auth": False,
        "default_acl": None,
        # A new upload never replaces another object of the same name.
        "file_overwrite": False,
        # MinIO and Garage answer at http(s)://host/bucket/key.
        "addressing_style": _get(environ, "AWS_S3_ADDRESSING_STYLE") or "path",
    }
    for option, name in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
    ):
        if value := _get(environ, name):
            options[option] = value
    return {"BACKEND": S3_STORAGE_BACKEND, "OPTIONS": options}


def frontend_cache_backends(environ: Mapping[str, str]) -> dict[str, dict]:
    """`WAGTAILFRONTENDCACHE`: the caches to purge when a page is published."""
    backends: dict[str, dict] = {}
    if varnish := _get(environ, "FRONTEND_CACHE_VARNISH_URL"):
        backends["varnish"] = {
            "BACKEND": "home.caching.frontend.HTTPPurgeBackend",
            "LOCATION": varnish,
            "TIMEOUT": float(_get(environ, "FRONTEND_CACHE_TIMEOUT") or 5),
        }
    if zone := _get(environ, "FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
        cloudflare = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": zone,
        }
        token = _get(environ, "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN")
        email = _get(environ, "FRONTEND_CACHE_CLOUDFLARE_EMAIL")
        key = _get(environ, "FRONTEND_CACHE_CLOUDFLARE_API_KEY")
        if token:
            cloudflare["BEARER_TOKEN"] = token
        elif email and key:
            cloudflare.update(EMAIL=email, API_KEY=key)
        else:
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_CLOUDFLARE_ZONEID needs "
                "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN (or _EMAIL and _API_KEY)."
            )
        backends["cloudflare"] = cloudflare
    return backends
