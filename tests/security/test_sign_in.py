"""Editors' sign-in: throttled against password guessing, hashed with Argon2."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from tests.helpers import soup

BASE_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@ville.example", PASSWORD, is_staff=True
    )


def sign_in(client, password: str, username: str = "editor"):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )


def test_the_project_settings_hash_with_argon2_first():
    from website.settings import base

    assert base.PASSWORD_HASHERS == BASE_HASHERS


def test_repeated_failures_lock_the_sign_in_with_a_clear_page(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
    response = sign_in(client, "wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Trop de tentatives de connexion échouées"
    assert "15 minutes" in page.main.get_text(" ", strip=True)

    # Even the right password is refused during the cool-off.
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_for_one_username_from_one_address_only(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", username="someone-else")
    assert AccessAttempt.objects.filter(username="someone-else").exists()
    # Another username from the same address still signs in.
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_successful_sign_in_clears_the_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


@override_settings(PASSWORD_HASHERS=BASE_HASHERS)
def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_on_sign_in(client, editor):
    editor.password = make_password(
        PASSWORD, hasher="pbkdf2_sha256"
    )  # as stored before Argon2
    editor.save(update_fields=["password"])
    assert sign_in(client, PASSWORD).status_code == 302
    editor.refresh_from_db()
    assert editor.password.startswith("argon2$argon2id$")
