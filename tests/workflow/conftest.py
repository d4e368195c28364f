"""Real users of each editorial role (the groups every installation gets from
home's migration), on top of the shared site and its news section."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.users.models import UserProfile

from home.roles import MANAGERS, TRANSLATORS, WRITERS
from tests.news.conftest import (  # noqa: F401 (fixtures)
    _news_layer,
    categories,
    news_index,
)
from tests.policy.conftest import _plan_layer, plan  # noqa: F401 (fixtures)


def member(django_user_model, username: str, role: str | None, language: str = "fr"):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@ville.example", password="x"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def writer(db, django_user_model):
    return member(django_user_model, "redactrice", WRITERS)


@pytest.fixture
def manager(db, django_user_model):
    return member(django_user_model, "responsable", MANAGERS)


@pytest.fixture
def translator(db, django_user_model):
    return member(django_user_model, "traductrice", TRANSLATORS)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def writer_client(writer) -> Client:
    return logged_in(writer)


@pytest.fixture
def manager_client(manager) -> Client:
    return logged_in(manager)


@pytest.fixture
def translator_client(translator) -> Client:
    return logged_in(translator)
