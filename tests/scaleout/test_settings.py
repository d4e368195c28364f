"""What the environment of each server turns on (website/settings/scaleout.py)."""

from __future__ import annotations

import runpy
import warnings

import pytest

from website.settings import base
from website.settings.scaleout import S3_STORAGE_BACKEND

SECRET = "x" * 64


def settings_with(monkeypatch, module: str, **environ: str) -> dict:
    for name in (
        "REDIS_URL",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_CUSTOM_DOMAIN",
        "FRONTEND_CACHE_VARNISH_URL",
        "FRONTEND_CACHE_CLOUDFLARE_ZONEID",
        "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", SECRET)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with warnings.catch_warnings():
        # runpy notes that the module is already imported: it runs a fresh copy.
        warnings.simplefilter("ignore", RuntimeWarning)
        return runpy.run_module(f"website.settings.{module}")


def test_one_server_keeps_everything_local(monkeypatch):
    production = settings_with(monkeypatch, "production")
    assert production["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert production["WAGTAILFRONTENDCACHE"] == {}
    assert "SESSION_ENGINE" not in settings_with(monkeypatch, "base")


def test_redis_holds_the_cache_and_the_sessions(monkeypatch):
    shared = settings_with(monkeypatch, "base", REDIS_URL="redis://cache:6379/1")
    assert shared["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/1"
    assert shared["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_a_bucket_holds_the_media(monkeypatch):
    production = settings_with(
        monkeypatch,
        "production",
        AWS_STORAGE_BUCKET_NAME="vivre-libre-media",
        AWS_S3_ENDPOINT_URL="https://s3.ville.example",
        AWS_S3_CUSTOM_DOMAIN="media.ville.example",
    )
    storage = production["STORAGES"]["default"]
    assert storage["BACKEND"] == S3_STORAGE_BACKEND
    assert storage["OPTIONS"]["bucket_name"] == "vivre-libre-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.ville.example"
    assert storage["OPTIONS"]["custom_domain"] == "media.ville.example"
    assert production["STORAGES"]["staticfiles"] == base.STORAGES["staticfiles"]
    assert production["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


def test_frontend_caches_to_purge(monkeypatch):
    configured = settings_with(
        monkeypatch,
        "base",
        FRONTEND_CACHE_VARNISH_URL="http://127.0.0.1:6081",
        FRONTEND_CACHE_CLOUDFLARE_ZONEID="zone",
        FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN="token",
    )["WAGTAILFRONTENDCACHE"]
    assert configured["varnish"]["LOCATION"] == "http://127.0.0.1:6081"
    assert configured["cloudflare"]["ZONEID"] == "zone"
    assert configured["cloudflare"]["BEARER_TOKEN"] == "token"


def test_cloudflare_without_credentials_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="BEARER_TOKEN"):
        settings_with(monkeypatch, "base", FRONTEND_CACHE_CLOUDFLARE_ZONEID="zone")
