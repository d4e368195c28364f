"""The default Site's hostname and port follow WAGTAILADMIN_BASE_URL."""

from __future__ import annotations

import io
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

from home.site_address import address_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://numerique.ville.example", ("numerique.ville.example", 443)),
        ("https://numerique.ville.example/", ("numerique.ville.example", 443)),
        ("http://127.0.0.1:8001", ("127.0.0.1", 8001)),
        ("http://[::1]:8000", ("::1", 8000)),
        ("http://localhost", ("localhost", 80)),
    ],
)
def test_the_address_of_a_base_url(url, address):
    assert address_of(url) == address


@pytest.mark.parametrize("url", ["", "numerique.ville.example", "ftp://ville.example"])
def test_a_base_url_that_is_not_an_address_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        address_of(url)


def test_the_command_copies_the_setting_into_the_default_site(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://numerique.ville.example"
    out = io.StringIO()
    call_command("set_site_address", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("numerique.ville.example", 443)
    assert site.root_url == "https://numerique.ville.example"
    assert "now answers at numerique.ville.example:443" in out.getvalue()
    call_command("set_site_address", stdout=out)
    assert "already answers" in out.getvalue()


def test_dev_py_start_gives_the_demo_the_address_it_serves_on(monkeypatch):
    import dev

    calls = []
    monkeypatch.setattr(dev, "install", lambda: None)
    monkeypatch.setattr(dev, "manage", lambda *args: calls.append(args))
    monkeypatch.setattr(dev, "HOST", "::1")
    monkeypatch.setattr(dev, "PORT", "8001")
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    dev.start()
    assert os.environ["WAGTAILADMIN_BASE_URL"] == "http://[::1]:8001"
    assert address_of(os.environ["WAGTAILADMIN_BASE_URL"]) == ("::1", 8001)
    assert ("load_demo_data",) in calls
    assert calls[-1][0] == "runserver"
    # An address set on purpose (a proxy in front) is kept.
    monkeypatch.setenv("WAGTAILADMIN_BASE_URL", "https://demo.ville.example")
    dev.start()
    assert os.environ["WAGTAILADMIN_BASE_URL"] == "https://demo.ville.example"
