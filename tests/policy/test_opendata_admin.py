"""Publishing a dataset the way communications staff do: upload a CSV in the
admin, fill the dataset's form, publish; documents refused when too large or
disguised, served as attachments with nosniff; the home page's section."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from policy.models import DatasetPage, DatasetResource, OpenDataPage
from tests.helpers import add_page, count_queries, soup
from tests.policy.test_opendata import make_dataset

pytestmark = pytest.mark.django_db

CSV = "atelier;participants\nMairie;12\nMédiathèque;30\n".encode()


@pytest.fixture
def catalogue(home) -> OpenDataPage:
    return add_page(
        home, OpenDataPage(title="Données ouvertes", slug="donnees-ouvertes")
    )


def upload(admin_client, name: str, content: bytes, title: str = "Fichier"):
    return admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_a_dataset_created_through_the_admin_with_an_uploaded_csv(
    admin_client, catalogue
):
    assert upload(admin_client, "ateliers.csv", CSV, "Ateliers").status_code == 302
    document = get_document_model().objects.get(title="Ateliers")
    url = reverse(
        "wagtailadmin_pages:add", args=("policy", "datasetpage", catalogue.pk)
    )
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Fréquentation des ateliers",
            "slug": "ateliers",
            "introduction": "Les participants par lieu.",
            "description": "Données de démonstration.",
            "theme": "SOCI",
            "keywords": "inclusion, ateliers",
            "producer": "Service inclusion numérique",
            "licence": "etalab-2.0",
            "issued": "2024-01-15",
            "modified": "2024-06-30",
            "temporal_start": "2023-09-01",
            "temporal_end": "2024-06-30",
            "frequency": "MONTHLY",
            "resources": inline_formset(
                [{"title": "Ateliers (CSV)", "document": document.pk}]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, soup(response).select(".error-message")
    dataset = DatasetPage.objects.get(slug="ateliers")
    assert dataset.live
    resource = dataset.resources.get()
    assert (resource.format, resource.media_type, resource.size) == (
        "CSV",
        "text/csv",
        len(CSV),
    )
    page = soup(admin_client.get(dataset.url))
    assert [th.text for th in page.select(".opendata-preview thead th")] == [
        "atelier",
        "participants",
    ]


def test_a_dataset_without_resource_is_not_published(admin_client, catalogue):
    url = reverse(
        "wagtailadmin_pages:add", args=("policy", "datasetpage", catalogue.pk)
    )
    data = nested_form_data(
        {
            "title": "Vide",
            "slug": "vide",
            "description": "x",
            "theme": "SOCI",
            "producer": "x",
            "licence": "etalab-2.0",
            "issued": "2024-01-15",
            "modified": "2024-02-01",
            "temporal_start": "2023-01-01",
            "temporal_end": "2023-12-31",
            "frequency": "MONTHLY",
            "resources": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.errors
    assert form.formsets["resources"].non_form_errors()
    assert not DatasetPage.objects.filter(slug="vide").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("table.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("carte.geojson", b"<html>not json</html>"),
        ("rapport.pdf", b"MZ\x90\x00 not a pdf"),
        ("tableur.xlsx", b"just text"),
    ],
)
def test_a_file_whose_content_does_not_match_its_extension_is_refused(
    admin_client, name, content
):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    assert "ne correspond pas" in str(response.context["form"].errors["file"])
    assert not get_document_model().objects.filter(title="Fichier").exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_a_file_too_large_is_refused(admin_client):
    response = upload(admin_client, "gros.csv", b"a,b\n" * 1000)
    assert response.status_code == 200
    assert "1,0\u00a0Kio" in str(response.context["form"].errors["file"])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("table.csv", CSV),
        ("carte.geojson", b'{"type": "FeatureCollection", "features": []}'),
        ("rapport.pdf", b"%PDF-1.7\n"),
        ("archive.zip", b"PK\x05\x06" + b"\x00" * 18),
    ],
)
def test_documents_are_attachments_with_nosniff(admin_client, client, name, content):
    assert upload(admin_client, name, content).status_code == 302
    document = get_document_model().objects.get(title="Fichier")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_home_page_section(client, home, catalogue):
    make_dataset(catalogue, 1, title="Mis en avant", featured=True)
    for number in range(2, 7):
        make_dataset(catalogue, number)
    page = soup(client.get(home.url))
    section = page.select_one(".opendata-home")
    lists = section.select(".opendata-list")
    assert [a.text for a in lists[0].select("a")] == ["Mis en avant"]
    assert [a.text for a in lists[1].select("a")] == ["Jeu 06", "Jeu 05", "Jeu 04"]
    assert section.select_one(".opendata-home__more a")["href"] == catalogue.url


@pytest.mark.engine
def test_the_home_page_section_costs_the_same_for_3_or_14_datasets(
    client, home, catalogue
):
    """14 datasets, half of them featured: more than the section reads
    (HOME_LIMIT featured, twice as many candidates in all)."""
    for number in range(3):
        make_dataset(catalogue, number, featured=number % 2 == 0)
    few = count_queries(client, home.url)
    for number in range(3, 14):
        make_dataset(catalogue, number, featured=number % 2 == 0)
    assert count_queries(client, home.url) == few


def test_a_document_a_dataset_uses_cannot_be_deleted(admin_client, catalogue):
    assert upload(admin_client, "ateliers.csv", CSV, "Ateliers").status_code == 302
    document = get_document_model().objects.get(title="Ateliers")
    make_dataset(
        catalogue, 1, resources=[DatasetResource(title="CSV", document=document)]
    )
    response = admin_client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert response.status_code in (200, 302)
    assert get_document_model().objects.filter(pk=document.pk).exists()


def test_the_multiple_upload_refuses_a_disguised_file_too(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("table.csv", b"\x89PNG\r\n\x1a\n\x00\x00")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_document_model().objects.exists()
