"""Security headers on every kind of response a resident's browser receives:
pages, feeds, exports, errors and static files."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings

from home.models import HomePage

ROOT = Path(__file__).resolve().parents[2]

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_security_headers(response, *, framed_by_nobody: bool = True) -> None:
    for name, value in COMMON.items():
        assert response[name] == value, name
    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "browsing-topics"):
        assert f"{feature}=()" in policy, feature
    if framed_by_nobody:
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_feeds_and_exports_carry_every_header(client, plan, news_index):
    urls = [
        plan.plan.url,
        plan.plan_en.url,
        plan.actions["wi-fi-public"].url,
        news_index.url,
        news_index.url + news_index.reverse_subpage("rss"),
        news_index.url + news_index.reverse_subpage("atom"),
        plan.plan.url + plan.plan.reverse_subpage("actions_csv"),
        plan.plan.url + plan.plan.reverse_subpage("actions_json"),
        "/sitemap.xml",
        "/robots.txt",
        "/api/v2/pages/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.django_db
def test_error_responses_carry_every_header(client, home):
    not_found = client.get("/cette-page-n-existe-pas/")
    assert not_found.status_code == 404
    assert_security_headers(not_found)

    bad_request = client.get(home.url, {"page": "\x00"})
    assert bad_request.status_code == 400
    assert_security_headers(bad_request)

    client.raise_request_exception = False
    with mock.patch.object(HomePage, "serve", side_effect=RuntimeError("boom")):
        error = client.get(home.url)
    assert error.status_code == 500
    assert_security_headers(error)


@pytest.mark.django_db
def test_static_files_carry_the_headers_too(client):
    response = client.get("/static/img/logo.svg")
    assert response.status_code == 200
    # An SVG opened on its own runs no script and loads nothing from elsewhere.
    assert response["Content-Security-Policy"]
    assert_security_headers(response, framed_by_nobody=False)


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)
def test_https_responses_ask_browsers_to_stay_on_https(client, home):
    response = client.get(home.url, secure=True)
    assert response.status_code == 200
    assert (
        response["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_production_settings_enforce_https_and_hsts():
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
    )
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
