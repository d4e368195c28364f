"""What signed-in editors' requests may do, and what a refused one leaves: signing
out only by POST (a GET leaves the session and its cookie as they were), pages
read while signed in kept out of shared caches, and malformed admin requests
answered 400 or redirected safely, never 500, the database untouched."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from news.models import NewsPage
from tests.news.test_admin import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(django_user_model) -> Client:
    user = django_user_model.objects.create_superuser(
        "admin", email="admin@ville.example", password="x"
    )
    client = Client()
    client.force_login(user)
    return client


def database_state() -> tuple:
    """What a refused request must leave as it was."""
    return (
        list(Page.objects.order_by("pk").values_list("pk", "title", "live", "path")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
    )


def test_sign_out_by_get_is_refused_whole(superuser_client):
    session_key = superuser_client.session.session_key
    response = superuser_client.get("/admin/logout/")
    assert response.status_code == 405
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert superuser_client.session.session_key == session_key
    # No « You have been logged out » waiting for the next page either.
    response = superuser_client.get("/admin/")
    assert response.status_code == 200
    assert not list(response.context["messages"])

    response = superuser_client.post("/admin/logout/")
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert superuser_client.get("/admin/").status_code == 302


def test_pages_read_while_signed_in_stay_private(superuser_client, home, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = superuser_client.get(home.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "X-Cache" not in response
    # A resident next gets a page rendered for them, not the editor's.
    response = Client().get(home.url)
    assert response.status_code == 200
    assert b"wagtail-userbar" not in response.content


def test_an_edit_without_a_stream_count_is_a_bad_request(
    superuser_client, make_article
):
    article = make_article("Un article")
    before = database_state()
    response = superuser_client.post(
        f"/admin/pages/{article.pk}/edit/",
        {"title": "Changé", "slug": article.slug, "introduction": "x"},
    )
    assert response.status_code == 400
    assert database_state() == before
    assert NewsPage.objects.get(pk=article.pk).title == "Un article"


@pytest.mark.parametrize("count", ["", "x", "-1", "1.5", "²"])
def test_an_edit_with_a_malformed_stream_count_is_a_bad_request(
    superuser_client, make_article, count
):
    article = make_article("Un article")
    before = database_state()
    response = superuser_client.post(
        f"/admin/pages/{article.pk}/edit/",
        {"title": "Changé", "slug": article.slug, "body-count": count},
    )
    assert response.status_code == 400
    assert database_state() == before


@pytest.mark.parametrize("listing", ["documents", "images"])
@pytest.mark.parametrize(
    "query",
    [
        "usage_count_min=1",
        "usage_count_min=1&ordering=usage_count",
        "usage_count_min=1&ordering=-usage_count&q=budget",
        "usage_count_min=99999999999999999999",
        "usage_count_max=x&q=a",
        "usage_count_min=1&collection_id=1",
    ],
)
def test_usage_count_filters_on_listings(
    superuser_client, make_article, listing, query
):
    make_article("Illustré")  # an image in use
    get_document_model().objects.create(
        title="Budget", file=ContentFile(b"a;b\n", name="budget.csv")
    )
    searched = "q=" in query
    for path in (f"/admin/{listing}/", f"/admin/{listing}/results/"):
        response = superuser_client.get(f"{path}?{query}")
        assert response.status_code == (400 if searched else 200), path


def test_next_default_on_delete(superuser_client, make_article):
    article = make_article("À supprimer")
    before = database_state()
    response = superuser_client.get(f"/admin/pages/{article.pk}/delete/?next=default")
    assert response.status_code == 200
    assert database_state() == before
    response = superuser_client.post(f"/admin/pages/{article.pk}/delete/?next=default")
    assert response.status_code == 302
    assert not response["Location"].endswith("default")
    assert not Page.objects.filter(pk=article.pk).exists()


def test_next_default_on_revert(superuser_client, make_article):
    article = make_article("Première version")
    revision = article.latest_revision
    before = database_state()
    response = superuser_client.get(
        f"/admin/pages/{article.pk}/revisions/{revision.pk}/revert/?next=default"
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert not response["Location"].endswith("default")
    assert database_state() == before


def test_next_default_on_a_reverted_revision_saved(
    superuser_client, make_article, image, categories
):
    article = make_article("Première version")
    revision = article.latest_revision
    data = article_form_data(
        image, [categories["evenements"]], title="Rétablie", slug=article.slug
    )
    response = superuser_client.post(
        f"/admin/pages/{article.pk}/revisions/{revision.pk}/revert/?next=default",
        {**data, "next": "default"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{article.pk}/edit/"
    assert NewsPage.objects.get(
        pk=article.pk
    ).get_latest_revision_as_object().title == ("Rétablie")


@pytest.mark.parametrize("login", ["/admin/login/", "/django-admin/login/"])
def test_a_refused_next_on_sign_in_lands_on_the_dashboard(db, django_user_model, login):
    django_user_model.objects.create_superuser(
        "admin", email="admin@ville.example", password="secret-x"
    )
    client = Client()
    response = client.post(
        f"{login}?next=https://evil.example/",
        {"username": "admin", "password": "secret-x", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
