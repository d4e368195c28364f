"""The database away: a themed 503 with Retry-After, never a 500, rendered without
the database; an editor's save fails visibly and succeeds when retried."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from home.unavailable import RETRY_AFTER_SECONDS, unavailable_response
from home.views import server_error
from tests.helpers import soup
from tests.reliability.conftest import WRITE, database_away, database_fails

# Behaviour that depends on the database engine: CI runs it on SQLite and PostgreSQL.
pytestmark = [pytest.mark.django_db, pytest.mark.engine]

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


def assert_unavailable(response, language: str, heading: str) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    page = soup(response)
    assert page.html["lang"] == language
    assert page.h1.get_text(strip=True) == heading
    # Themed: the site's stylesheet and logo, no inline style or script.
    assert page.find("link", rel="stylesheet")["href"].endswith("site.css")
    assert page.find("img", class_="brand__logo")
    assert not page.find("script") and not page.find(style=True)


def test_an_article_is_a_french_503_without_the_database(client, make_article):
    url = make_article("Le conseil municipal").url
    with database_away() as attempts:
        response = client.get(url)
    assert attempts, "the outage was not reached"
    assert_unavailable(response, "fr", "Service momentanément indisponible")
    assert "Rechargez la page dans 10 secondes" in soup(response).main.get_text(
        " ", strip=True
    )
    assert soup(response).find("a", string=re.compile("accueil"))["href"] == "/"


def test_an_english_page_is_an_english_503(client, news_index_en):
    url = news_index_en.url
    assert url.startswith("/en/")
    with database_away():
        response = client.get(url)
    assert_unavailable(response, "en", "Service temporarily unavailable")
    assert soup(response).find("a", string="Back to the home page")["href"] == "/en/"


def test_the_api_is_a_json_503(client, news_index):
    with database_away():
        response = client.get("/api/v2/pages/", {"type": "news.NewsIndexPage"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["message"]
    # The security headers hold on it as on every answer.
    assert response["X-Content-Type-Options"] == "nosniff"
    document = client.get("/api/v2/openapi.json").json()
    assert "503" in document["paths"]["/pages/"]["get"]["responses"]


def test_the_admin_is_a_503(admin_client, news_index):
    admin_client.get(reverse("wagtailadmin_home"))  # signed in, session stored
    with database_away():
        response = admin_client.get(
            reverse("wagtailadmin_pages:edit", args=[news_index.pk]),
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert_unavailable(response, "fr", "Service momentanément indisponible")
    assert soup(response).find("a", class_="brand")["href"] == "/admin/"


def test_an_error_while_the_template_renders_is_a_503(client, news_index):
    """The view found the page; the database fails while its template reads the
    site settings and menus."""
    url = news_index.url
    with database_fails(re.compile(r"home_(sitesettings|menu)", re.I)) as failed:
        response = client.get(url)
    assert failed
    assert_unavailable(response, "fr", "Service momentanément indisponible")


def test_the_503_page_makes_no_query():
    request = RequestFactory().get("/en/news/")
    with database_away() as attempts:
        response = unavailable_response(request, OperationalError("down"))
    assert attempts == []
    assert response.status_code == 503 and b'lang="en"' in response.content


def test_a_middleware_meeting_the_outage_gets_the_503_too():
    """An error raised before any view (a middleware reading the session) reaches
    the 500 handler: the database being away, it answers 503 too."""
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


def test_a_save_during_the_outage_fails_visibly_and_succeeds_when_retried(
    admin_client, news_index
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[news_index.pk])
    form = querydict_from_html(
        admin_client.get(edit_url).content.decode(), form_id="page-edit-form"
    ).copy()
    form["introduction"] = "Les nouvelles de la commune, mises à jour."
    revisions = news_index.revisions.count()

    with database_fails(WRITE) as failed:
        response = admin_client.post(edit_url, form, HTTP_ACCEPT_LANGUAGE="fr")
    assert failed
    assert_unavailable(response, "fr", "Service momentanément indisponible")
    assert "Vos modifications n’ont pas été enregistrées" in soup(response).get_text()
    assert news_index.revisions.count() == revisions
    page = Page.objects.get(pk=news_index.pk).specific
    assert "mises à jour" not in page.get_latest_revision_as_object().introduction

    # The editor goes back (the form kept the text) and saves again.
    response = admin_client.post(edit_url, form)
    assert response.status_code == 302
    assert news_index.revisions.count() == revisions + 1
    latest = Page.objects.get(pk=news_index.pk).specific.get_latest_revision_as_object()
    assert latest.introduction == "Les nouvelles de la commune, mises à jour."


def test_a_publication_cut_midway_leaves_nothing_half_saved(admin_client, news_index):
    """The database goes away after the new revision was written, while the page is
    being published: the whole request is rolled back, as the 503 page says."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[news_index.pk])
    form = querydict_from_html(
        admin_client.get(edit_url).content.decode(), form_id="page-edit-form"
    ).copy()
    form["introduction"] = "Une introduction publiée."
    form["action-publish"] = "action-publish"
    revisions = news_index.revisions.count()

    with database_fails(re.compile(r"^\s*UPDATE\b.*wagtailcore_revision", re.I | re.S)):
        response = admin_client.post(edit_url, form)
    assert response.status_code == 503
    assert news_index.revisions.count() == revisions
    assert Page.objects.get(pk=news_index.pk).specific.introduction != (
        "Une introduction publiée."
    )

    assert admin_client.post(edit_url, form).status_code == 302
    page = Page.objects.get(pk=news_index.pk).specific
    assert page.introduction == "Une introduction publiée." and page.live
