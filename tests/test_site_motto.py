"""The motto under the commune's name is translated with the home page of each
language, and read in the query that already finds the home pages."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Locale, Page
from wagtail_localize.segments.extract import extract_segments

from tests.helpers import publish, soup

pytestmark = pytest.mark.django_db


def header_motto(response) -> str | None:
    motto = soup(response).select_one("header .brand__motto")
    return motto.get_text(strip=True) if motto else None


@pytest.fixture
def mottos(site_tree):
    site_tree.home_fr.motto = "Vivre libre"
    publish(site_tree.home_fr)
    site_tree.home_en.motto = "Live free"
    publish(site_tree.home_en)
    return site_tree


def test_each_language_reads_its_own_motto(client, mottos):
    assert header_motto(client.get("/")) == "Vivre libre"
    assert header_motto(client.get("/en/")) == "Live free"


def test_the_motto_is_offered_to_translators(mottos):
    strings = {
        segment.string.data
        for segment in extract_segments(mottos.home_fr)
        if hasattr(segment, "string")
    }
    assert "Vivre libre" in strings


def test_no_motto_no_empty_element(client, site_tree):
    site_tree.home_en.motto = ""
    publish(site_tree.home_en)
    assert header_motto(client.get("/en/")) is None


def test_a_language_without_a_home_page_reads_the_french_motto(mottos):
    spanish = Locale.objects.create(language_code="es")
    page = Page(title="Página", slug="pagina", locale=spanish)
    request = RequestFactory().get("/es/pagina/")
    rendered = Template("{% load site_tags %}{% site_motto %}").render(
        Context({"request": request, "page": page})
    )
    assert rendered == "Vivre libre"
