"""Browsers keep fingerprinted static files for good; the deployment checks say
when workers would each keep their own page cache."""

from __future__ import annotations

import json

import pytest
from django.core.checks import run_checks
from django.test import Client

from home.caching import page_cache


@pytest.fixture
def collected_static(settings, tmp_path):
    """What `collectstatic` leaves in production: fingerprinted names and the
    manifest mapping each file to its current name."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.0123456789ab.css").write_text("body{}")
    (tmp_path / "css" / "plain.css").write_text("body{}")
    paths = {"css/site.css": "css/site.0123456789ab.css"}
    manifest = {"paths": paths, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = str(tmp_path)
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    return tmp_path


def test_fingerprinted_static_files_are_immutable(collected_static) -> None:
    client = Client()
    hashed = client.get("/static/css/site.0123456789ab.css")
    assert hashed.status_code == 200
    assert hashed["Cache-Control"] == "max-age=315360000, public, immutable"
    # A name without a fingerprint may change: browsers ask again after a minute.
    plain = client.get("/static/css/plain.css")
    assert plain["Cache-Control"] == "max-age=60, public"
    assert "Content-Security-Policy" in hashed


def deploy_warnings() -> list[str]:
    return [
        message.id
        for message in run_checks(include_deployment_checks=True, tags=["caches"])
    ]


def test_several_workers_on_the_memory_cache_are_a_deploy_warning(
    settings, monkeypatch
) -> None:
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert "home.W001" in deploy_warnings()
    assert "home.W001" not in [m.id for m in run_checks(tags=["caches"])]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/4",
        }
    }
    assert "home.W001" not in deploy_warnings()


@pytest.mark.parametrize("workers", [None, "1", "many"])
def test_one_worker_or_an_unknown_count_is_fine(settings, monkeypatch, workers) -> None:
    settings.PAGE_CACHE_ENABLED = True
    if workers is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", workers)
    assert page_cache.check_shared_cache() == []
