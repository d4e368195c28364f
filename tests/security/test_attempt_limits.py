"""Shared passwords of private pages and document collections, and password
resets, cannot be tried at full speed (home/security/attempt_limits.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import ContentPage
from tests.helpers import add_page, soup

PASSWORD = "conseil-2026"
ATTEMPTS, WINDOW = 10, 600


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.SHARED_PASSWORD_LIMIT = (ATTEMPTS, WINDOW)
    settings.SHARED_PASSWORD_TARGET_LIMIT = (100, WINDOW)
    settings.PASSWORD_RESET_LIMIT = (5, 3600)
    settings.PASSWORD_RESET_TARGET_LIMIT = (3, 3600)
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    yield
    cache.clear()


def private_page(home, slug: str) -> tuple[ContentPage, PageViewRestriction]:
    page = add_page(home, ContentPage(title=slug.title(), slug=slug))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return page, restriction


def page_password_url(page, restriction) -> str:
    return reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
    )


def try_page(client, page, restriction, password, address="203.0.113.9"):
    return client.post(
        page_password_url(page, restriction),
        {"password": password, "return_url": page.url},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_page_password_guessing_is_stopped_after_the_limit(client, home):
    page, restriction = private_page(home, "conseil-prive")
    answers = [try_page(client, page, restriction, f"guess-{n}") for n in range(30)]
    statuses = [answer.status_code for answer in answers]
    assert statuses == [200] * ATTEMPTS + [429] * (30 - ATTEMPTS)
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= WINDOW
    page_text = soup(refused).main.get_text(" ", strip=True)
    assert "Trop de tentatives" in page_text
    assert "Vous pourrez réessayer dans 10 minutes" in page_text

    # Even the right password is refused while the address is locked out.
    right = try_page(client, page, restriction, PASSWORD)
    assert right.status_code == 429
    assert client.get(page.url).status_code == 200  # still the password form
    assert 'name="password"' in client.get(page.url).content.decode()

    # Another protected page, from the same address, is not affected.
    other_page, other_restriction = private_page(home, "budget-prive")
    assert try_page(client, other_page, other_restriction, "x").status_code == 200
    # The same page from another address is not either: its right password works.
    other = try_page(client, page, restriction, PASSWORD, address="198.51.100.4")
    assert other.status_code == 302


@pytest.mark.django_db
def test_forwarded_for_written_by_the_client_gives_no_new_attempts(client, home):
    page, restriction = private_page(home, "conseil-prive")
    statuses = [
        client.post(
            page_password_url(page, restriction),
            {"password": "nope", "return_url": page.url},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(ATTEMPTS + 2)
    ]
    assert statuses[-2:] == [429, 429]


@pytest.mark.django_db
def test_guessing_spread_over_addresses_is_stopped_per_page(client, home, settings):
    settings.SHARED_PASSWORD_TARGET_LIMIT = (25, WINDOW)
    page, restriction = private_page(home, "conseil-prive")
    statuses = [
        try_page(
            client, page, restriction, "nope", address=f"198.51.100.{n}"
        ).status_code
        for n in range(30)
    ]
    assert statuses == [200] * 25 + [429] * 5


@pytest.fixture
def password_collection(db) -> tuple[Collection, CollectionViewRestriction]:
    collection = Collection.get_first_root_node().add_child(name="Conseil privé")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    return collection, restriction


@pytest.mark.django_db
def test_collection_password_guessing_is_stopped(client, password_collection):
    collection, restriction = password_collection
    document = get_document_model().objects.create(
        title="Procès-verbal",
        file=ContentFile(b"%PDF-1.7 proces-verbal", name="pv.pdf"),
        collection=collection,
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])

    def attempt(password: str, address: str = "203.0.113.9"):
        return client.post(
            url, {"password": password, "return_url": document.url}, REMOTE_ADDR=address
        )

    statuses = [attempt(f"guess-{n}").status_code for n in range(30)]
    assert statuses == [200] * ATTEMPTS + [429] * (30 - ATTEMPTS)
    refused = attempt(PASSWORD)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Trop de tentatives" in refused.content.decode()
    assert attempt(PASSWORD, address="198.51.100.4").status_code == 302


@pytest.mark.django_db
def test_password_reset_mails_are_capped(client):
    get_user_model().objects.create_user("editrice", "editrice@ville.example", "x")
    url = reverse("wagtailadmin_password_reset")

    def ask(email: str, address: str):
        return client.post(url, {"email": email}, REMOTE_ADDR=address)

    # One mailbox, asked for from many addresses: three mails at most.
    statuses = [
        ask("Editrice@ville.example", f"198.51.100.{n}").status_code for n in range(8)
    ]
    assert statuses == [302] * 3 + [429] * 5
    assert len(mail.outbox) == 3
    refused = ask("editrice@ville.example", "198.51.100.200")
    assert int(refused["Retry-After"]) > 0
    text = soup(refused).get_text(" ", strip=True)
    assert "Trop de tentatives" in text
    assert "réinitialisations de mot de passe" in text

    # One address asking for many mailboxes: five requests at most.
    statuses = [
        ask(f"personne-{n}@ville.example", "203.0.113.9").status_code for n in range(8)
    ]
    assert statuses == [302] * 5 + [429] * 3


@pytest.mark.django_db
def test_one_locked_out_address_cannot_lock_the_page_for_others(client, home, settings):
    settings.SHARED_PASSWORD_TARGET_LIMIT = (ATTEMPTS + 5, WINDOW)
    page, restriction = private_page(home, "conseil-prive")
    for n in range(50):
        try_page(client, page, restriction, f"guess-{n}")
    # Only its first ATTEMPTS counted against the page: a reader still gets in.
    other = try_page(client, page, restriction, PASSWORD, address="198.51.100.4")
    assert other.status_code == 302
