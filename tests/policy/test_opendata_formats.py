"""Formats are codes of the EU file-type table, chosen in the admin, with a free
label to show; the DCAT-AP export names the commune's place, IANA media types
over https, a contact point for every dataset and a description for every
file; a free-text format can no longer break the Turtle export."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from rdflib import Graph, URIRef, namespace
from rdflib.namespace import SH
from wagtail.models import Site

from home.models import SiteSettings
from policy.file_types import FileType, file_type_from_name, file_type_from_text
from policy.models import DatasetPage, DatasetResource
from tests.admin_form import bound_data, untouched_form_data
from tests.helpers import soup
from tests.policy.test_opendata import add_catalogue, make_dataset
from tests.policy.test_opendata_shacl import results

pytestmark = pytest.mark.django_db

GEONAMES = "https://sws.geonames.org/3020495/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@pytest.fixture
def catalogue(home):
    return add_catalogue(home)


@pytest.fixture
def settings_with_place(home):
    settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    settings.spatial_identifier = GEONAMES
    settings.email = "numerique@example.org"
    settings.save()
    return settings


@pytest.fixture
def zipped(catalogue):
    return make_dataset(
        catalogue,
        1,
        title="Cadastre",
        slug="cadastre",
        resources=[
            DatasetResource(
                title="Parcelles",
                url="https://example.org/parcelles.zip",
                format_label="CSV zippé",
            ),
            DatasetResource(
                title="Limites",
                url="https://example.org/limites.zip",
                format_label="Shapefile (zip)",
                description="Les limites des parcelles.",
            ),
        ],
    )


def turtle(client, catalogue) -> Graph:
    response = client.get(catalogue.url + "dcat/turtle/")
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format="turtle")


def test_a_free_label_keeps_the_export_valid(
    client, catalogue, zipped, settings_with_place
):
    graph = turtle(client, catalogue)
    formats = {str(o) for o in graph.objects(None, namespace.DCTERMS["format"])}
    assert formats == {FILE_TYPE + "ZIP"}
    assert results(graph, SH.Violation) == []
    # People read the label given.
    page = soup(client.get(zipped.url))
    assert "CSV zippé" in page.get_text()
    assert "Shapefile (zip)" in page.get_text()


def test_the_graph_names_the_place_the_contact_and_the_files(
    client, catalogue, zipped, settings_with_place
):
    DCAT, DCTERMS, VCARD = (
        namespace.DCAT,
        namespace.DCTERMS,
        namespace.Namespace("http://www.w3.org/2006/vcard/ns#"),
    )
    graph = turtle(client, catalogue)
    node = URIRef("http://testserver" + zipped.url)
    assert graph.value(node, DCTERMS.spatial) == URIRef(GEONAMES)
    assert graph.value(URIRef("http://testserver" + catalogue.url), DCTERMS.spatial)
    contact = graph.value(node, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef(
        "mailto:numerique@example.org"
    )
    descriptions = {
        str(graph.value(d, DCTERMS.description))
        for d in graph.objects(node, DCAT.distribution)
    }
    # A file without a description is described by its dataset's.
    assert descriptions == {"Description du jeu 1.", "Les limites des parcelles."}
    media = {str(o) for o in graph.objects(None, DCAT.mediaType)}
    assert media == {"https://www.iana.org/assignments/media-types/application/zip"}


def test_formats_written_as_text_become_codes():
    assert file_type_from_text("csv") == "CSV"
    assert file_type_from_text("GeoJSON") == "GEOJSON"
    assert file_type_from_text("Shapefile") == "SHP"
    assert file_type_from_text("CSV zippé") == ""
    assert file_type_from_name("/plan/actions/json/") == "JSON"
    assert file_type_from_name("carte.geojson") == "GEOJSON"
    assert file_type_from_name("x.bin", "text/csv; charset=utf-8") == "CSV"


def test_a_resource_finds_its_format_from_its_media_type_or_extension():
    given = DatasetResource(
        title="x", url="https://example.org/export", media_type="text/csv"
    )
    given.clean()
    assert (given.format, given.file_format) == ("CSV", "CSV")
    found = DatasetResource(title="x", url="https://example.org/plan.ods")
    found.clean()
    assert found.format == "ODS"
    assert found.media_type == "application/vnd.oasis.opendocument.spreadsheet"
    unknown = DatasetResource(title="x", url="https://example.org/page")
    unknown.clean()
    assert (unknown.format, unknown.media_type, unknown.file_format) == ("", "", "")


@pytest.mark.engine
def test_the_migration_keeps_unknown_formats_as_labels(catalogue):
    dataset = make_dataset(
        catalogue,
        2,
        resources=[
            DatasetResource(title="a", url="https://example.org/a.csv"),
            DatasetResource(title="b", url="https://example.org/b.zip"),
            DatasetResource(title="c", url="https://example.org/c"),
        ],
    )
    written = {"a": "GeoJSON", "b": "CSV zippé", "c": "Shapefile (zip)"}
    for title, text in written.items():
        DatasetResource.objects.filter(page=dataset, title=title).update(
            format=text, format_label=""
        )
    migration = importlib.import_module("policy.migrations.0007_resource_format_codes")
    migration.formats_to_codes(apps, None)
    found = {
        r.title: (r.format, r.format_label)
        for r in DatasetResource.objects.filter(page=dataset)
    }
    assert found == {
        "a": ("GEOJSON", ""),
        "b": ("ZIP", "CSV zippé"),
        "c": ("", "Shapefile (zip)"),
    }


def test_the_admin_offers_the_list_and_saves_a_code(
    admin_client, admin_user, catalogue, zipped
):
    url = reverse("wagtailadmin_pages:edit", args=(zipped.pk,))
    page = soup(admin_client.get(url))
    box = page.find("input", attrs={"name": "resources-0-format"})
    assert box["value"] == "ZIP"
    # Searchable as the editor types: the browser's list of codes and names.
    options = page.find("datalist", id=box["list"]).find_all("option")
    codes = [o["value"] for o in options]
    assert codes[:3] == ["CSV", "JSON", "GEOJSON"]
    assert "RDF_TURTLE" in codes
    names = {o["value"]: o.get_text() for o in options}
    assert names["XLSX"] == "Tableur Excel (XLSX)"

    # Posted back untouched, the form says nothing changed.
    data = untouched_form_data(admin_client, url, DatasetPage)
    assert data["resources-0-format"] == ["ZIP"]
    form = DatasetPage.get_edit_handler().get_form_class()(
        bound_data(data),
        instance=zipped.get_latest_revision_as_object(),
        parent_page=catalogue,
        for_user=admin_user,
    )
    assert form.is_valid(), form.errors
    assert not form.has_changed()
    assert not form.formsets["resources"].has_changed()

    data["resources-0-format"] = ["geojson"]  # as typed, in lower case
    data["resources-0-format_label"] = ["Carte"]
    data["action-publish"] = ["action-publish"]
    assert admin_client.post(url, data).status_code == 302
    resource = DatasetResource.objects.get(page=zipped, title="Parcelles")
    assert (resource.format, resource.format_label) == ("GEOJSON", "Carte")

    data["resources-0-format"] = ["Tableur Excel (XLSX)"]  # the name of the list
    assert admin_client.post(url, data).status_code == 302
    resource.refresh_from_db()
    assert resource.format == "XLSX"

    for wrong in ("CSV zippé", "<b>docx2</b>"):
        data["resources-0-format"] = [wrong]
        response = admin_client.post(url, data)
        assert response.status_code == 200
        errors = soup(response).select(".error-message, .w-field__errors")
        assert any("n’en fait pas partie" in e.get_text() for e in errors), errors
        assert "<b>docx2</b>" not in response.content.decode()
    assert set(DatasetResource.objects.values_list("format", flat=True)) <= set(
        FileType.values
    ) | {""}


def test_the_place_is_a_geonames_address(admin_client, home):
    site = Site.objects.get(root_page=home)
    url = reverse("wagtailsettings:edit", args=("home", "sitesettings", site.pk))
    data = untouched_form_data(admin_client, url, SiteSettings)
    data["spatial_identifier"] = ["http://id.insee.fr/geo/commune/38151"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "https://sws.geonames.org/3020495/" in response.content.decode()
    data["spatial_identifier"] = [GEONAMES]
    assert admin_client.post(url, data).status_code == 302
    assert SiteSettings.for_site(site).spatial_identifier == GEONAMES


def test_the_api_serves_the_code_and_the_label(client, zipped):
    response = client.get(
        "/api/v2/pages/",
        {"type": "policy.DatasetPage", "fields": "resources"},
    )
    assert response.status_code == 200
    resources = response.json()["items"][0]["resources"]
    assert {(r["format"], r["format_label"]) for r in resources} == {
        ("ZIP", "CSV zippé"),
        ("ZIP", "Shapefile (zip)"),
    }


def test_a_stored_text_never_becomes_an_address(client, catalogue, zipped):
    # A value written before the list, or by hand in the database.
    DatasetResource.objects.filter(page=zipped).update(format="CSV zippé")
    graph = turtle(client, catalogue)
    assert list(graph.objects(None, namespace.DCTERMS["format"])) == []
    assert "CSV zippé" in soup(client.get(catalogue.url)).get_text()


def test_a_place_set_outside_the_form_is_left_out(client, catalogue, zipped, home):
    settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    settings.spatial_identifier = "https://exemple.org/a b"
    settings.save()
    graph = turtle(client, catalogue)
    assert list(graph.objects(None, namespace.DCTERMS.spatial)) == []


def test_the_filter_offers_the_formats_by_their_names(client, catalogue, zipped):
    page = soup(client.get(catalogue.url))
    options = {
        o["value"]: o.get_text(strip=True)
        for o in page.find("select", attrs={"name": "format"}).find_all("option")
    }
    assert options["zip"] == "Archive ZIP (1)"
    response = client.get(catalogue.url, {"format": "zip"})
    assert response.status_code == 200
    assert "Cadastre" in soup(response).get_text()
    assert client.get(catalogue.url, {"format": "CSV zippé"}).status_code == 400
