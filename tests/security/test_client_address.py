"""Per-address limits count the client's real address: an `X-Forwarded-For` the
client wrote itself never gives it a fresh allowance
(home/security/client_address.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from home.security.client_address import axes_client_address, client_address

API = "/api/v2/images/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def address(remote: str = "203.0.113.9", forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address() == "203.0.113.9"
    assert address(forwarded="198.51.100.1") == "203.0.113.9"


def test_behind_proxies_the_entry_the_nth_proxy_appended_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address("10.0.0.2", "1.2.3.4, 198.51.100.7") == "198.51.100.7"
    assert address("10.0.0.2", " 2001:db8::1 ") == "2001:db8::1"
    settings.TRUSTED_PROXY_COUNT = 2
    # Client-written entry, the client as the CDN saw it, the CDN as nginx saw it.
    assert address("10.0.0.2", "1.2.3.4, 198.51.100.7, 192.0.2.50") == "198.51.100.7"


def test_a_request_that_bypassed_the_proxies_counts_as_its_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address("10.0.0.2", "198.51.100.7") == "10.0.0.2"
    assert address("10.0.0.2") == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert address("10.0.0.2", "1.2.3.4, not-an-address") == "10.0.0.2"


def test_the_settings_read_the_count_from_the_environment(monkeypatch):
    import importlib

    from website.settings import base

    monkeypatch.delenv("DJANGO_AXES_PROXY_COUNT", raising=False)
    monkeypatch.delenv("DJANGO_TRUSTED_PROXY_COUNT", raising=False)
    assert importlib.reload(base).TRUSTED_PROXY_COUNT == 0
    monkeypatch.setenv("DJANGO_TRUSTED_PROXY_COUNT", "2")
    assert importlib.reload(base).TRUSTED_PROXY_COUNT == 2
    monkeypatch.delenv("DJANGO_TRUSTED_PROXY_COUNT")
    monkeypatch.setenv("DJANGO_AXES_PROXY_COUNT", "1")  # its former name
    assert importlib.reload(base).TRUSTED_PROXY_COUNT == 1
    monkeypatch.delenv("DJANGO_AXES_PROXY_COUNT")
    importlib.reload(base)
    assert (
        base.AXES_CLIENT_IP_CALLABLE
        == "home.security.client_address.axes_client_address"
    )


@pytest.mark.django_db
def test_api_a_new_forwarded_for_per_request_is_still_throttled(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.API_THROTTLE_RATE = "3/minute"
    answers = [
        client.get(API, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_api_behind_one_proxy_the_right_most_entry_counts(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_THROTTLE_RATE = "3/minute"
    # One client behind the proxy, writing a new left-hand entry each time.
    answers = [
        client.get(API, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.7").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    # Another client behind the same proxy (the same REMOTE_ADDR) is not counted.
    other = client.get(API, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200


@pytest.mark.django_db
def test_sign_in_lockout_ignores_a_forwarded_for_the_client_wrote(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    get_user_model().objects.create_user("editor", "e@ville.example", "right-one")
    answers = [
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "editor", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert answers[-2:] == [429, 429]


@pytest.mark.django_db
def test_sign_in_lockout_behind_a_proxy_counts_each_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    get_user_model().objects.create_user("editor", "e@ville.example", "right-one")

    def sign_in(forwarded: str, password: str = "wrong") -> int:
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": "editor", "password": password},
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"1.2.3.{n}, 198.51.100.7")
    assert sign_in("198.51.100.7") == 429
    # The editor, from another address behind the same proxy, still signs in.
    assert sign_in("198.51.100.8", "right-one") == 302


@pytest.mark.engine
@pytest.mark.django_db
def test_a_sign_in_without_a_client_address_is_recorded_without_one(
    django_user_model,
):
    """axes records each sign-in's address in an address column, which
    PostgreSQL checks: a sign-in made without a client (force_login) has none."""
    from axes.models import AccessLog

    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert axes_client_address(request) is None
    assert axes_client_address(RequestFactory().get("/")) == "127.0.0.1"
    user = django_user_model.objects.create_user("sans-adresse", password="x")
    from django.test import Client

    Client().force_login(user)
    assert AccessLog.objects.get(username="sans-adresse").ip_address is None
