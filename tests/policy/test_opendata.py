"""The open-data catalogue and its datasets as residents, portals and search
engines read them: filters that combine, a preview and chart of each CSV file,
DCAT-AP parsed by an RDF parser, the SCDL columns and schema.org JSON-LD."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from rdflib import Graph, Literal, URIRef, namespace
from wagtail.documents import get_document_model
from wagtail_localize.fields import (
    SynchronizedField,
    TranslatableField,
    get_translatable_fields,
)

from policy.catalogue import PER_PAGE
from policy.dcat import SCDL_COLUMNS
from policy.models import DatasetPage, DatasetResource, DocumentPreview, OpenDataPage
from tests.helpers import add_page, assert_page_basics, count_queries, soup
from tests.tree import translate

pytestmark = pytest.mark.django_db

WIFI_CSV = (
    "lieu;latitude;longitude;bornes\n"
    "Mairie;45,1440;5,7190;4\n"
    "Médiathèque;45,1452;5,7160;3\n"
    "La Rampe;45,1430;5,7230;6\n"
).encode("cp1252")


def csv_document(name: str = "wifi.csv", data: bytes = WIFI_CSV):
    return get_document_model().objects.create(
        title=name, file=ContentFile(data, name=name)
    )


def make_dataset(catalogue: OpenDataPage, number: int, **fields) -> DatasetPage:
    values = {
        "title": f"Jeu {number:02d}",
        "slug": f"jeu-{number:02d}",
        "introduction": f"Résumé {number}.",
        "description": f"Description du jeu {number}.",
        "theme": "GOVE",
        "keywords": "démo",
        "producer": "Direction du numérique",
        "licence": "etalab-2.0",
        "issued": datetime.date(2024, 1, 1),
        "modified": datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        "temporal_start": datetime.date(2023, 1, 1),
        "temporal_end": datetime.date(2023, 12, 31),
        "frequency": "ANNUAL",
    }
    values.update(fields)
    resources = values.pop("resources", None)
    dataset = DatasetPage(**values)
    dataset.resources = resources or [
        DatasetResource(title="Données", url="https://example.org/data.json")
    ]
    for order, resource in enumerate(dataset.resources.all()):
        resource.sort_order = order
        resource.full_clean(exclude=["page", "translation_key", "locale"])
    return add_page(catalogue, dataset)


def add_catalogue(home) -> OpenDataPage:
    return add_page(
        home,
        OpenDataPage(
            title="Données ouvertes",
            slug="donnees-ouvertes",
            introduction="Les données publiques de la ville.",
        ),
    )


@pytest.fixture
def catalogue(home) -> OpenDataPage:
    return add_catalogue(home)


@pytest.fixture
def wifi(catalogue) -> DatasetPage:
    return make_dataset(
        catalogue,
        1,
        title="Points d'accès Wi-Fi public",
        slug="wi-fi-public",
        theme="TECH",
        keywords="wi-fi, bâtiments publics",
        licence="ODbL-1.0",
        spatial_coverage="Échirolles",
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2024, 12, 31),
        contact_name="Direction du numérique",
        contact_email="numerique@example.org",
        featured=True,
        resources=[
            DatasetResource(title="Points d'accès (CSV)", document=csv_document()),
            DatasetResource(
                title="Points d'accès (GeoJSON)",
                url="https://example.org/wifi.geojson",
            ),
        ],
    )


def test_the_catalogue_lists_its_datasets(client, catalogue, wifi):
    make_dataset(catalogue, 2, title="Budget du schéma directeur", theme="ECON")
    document = assert_page_basics(client.get(catalogue.url), "fr")
    titles = [a.text for a in document.select(".opendata-card__title a")]
    assert titles == ["Budget du schéma directeur", "Points d'accès Wi-Fi public"]
    assert "2 jeux de données" in document.select_one('[role="status"]').text


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("?theme=TECH", ["Points d'accès Wi-Fi public"]),
        ("?licence=etalab-2.0", ["Budget du schéma directeur"]),
        ("?format=csv", ["Points d'accès Wi-Fi public"]),
        ("?format=json", ["Budget du schéma directeur"]),
        ("?keyword=wi-fi", ["Points d'accès Wi-Fi public"]),
        ("?q=BATIMENTS", ["Points d'accès Wi-Fi public"]),
        ("?q=schema+budget", ["Budget du schéma directeur"]),
        (
            "?theme=TECH&licence=ODbL-1.0&format=geojson",
            ["Points d'accès Wi-Fi public"],
        ),
        ("?theme=TECH&licence=etalab-2.0", []),
        (
            "?sort=updated",
            ["Budget du schéma directeur", "Points d'accès Wi-Fi public"],
        ),
    ],
)
def test_filters_combine(client, catalogue, wifi, query, titles):
    make_dataset(catalogue, 2, title="Budget du schéma directeur", theme="ECON")
    response = client.get(catalogue.url + query)
    assert response.status_code == 200
    document = soup(response)
    assert [a.text for a in document.select(".opendata-card__title a")] == titles
    if not titles:
        assert document.select_one(".opendata-empty")


@pytest.mark.parametrize(
    "query",
    [
        "?theme=NOPE",
        "?licence=cc-by",
        "?format=exe",
        "?keyword=" + "x" * 300,
        "?q=" + "x" * 101,
        "?theme=TECH&theme=ECON",
        "?sort=random",
        "?page=abc",
        "?page=99",
        "?page=0",
    ],
)
def test_bad_values_are_a_400_never_a_500(client, catalogue, wifi, query):
    response = client.get(catalogue.url + query)
    assert response.status_code == 400
    assert soup(response).select_one('[role="alert"]')


def test_empty_fields_are_dropped_from_the_address(client, catalogue, wifi):
    response = client.get(catalogue.url + "?q=&theme=TECH&licence=&sort=title")
    assert response.status_code == 302
    assert response["Location"] == catalogue.url + "?theme=TECH"


def test_pagination(client, catalogue):
    for number in range(15):
        make_dataset(catalogue, number)
    first = soup(client.get(catalogue.url))
    assert len(first.select(".opendata-card")) == 12
    second = soup(client.get(catalogue.url + "?page=2"))
    assert len(second.select(".opendata-card")) == 3
    assert second.select_one(".opendata-pagination [aria-current]").text == "2"


ROUTES = ["", "dcat/jsonld/", "dcat/turtle/", "catalogue/csv/"]
# More datasets than the catalogue shows on a page: its first page grows from 3
# cards to a full one, with the pagination, as the exports grow to 14 datasets.
FEW, MANY = 3, PER_PAGE + 2


@pytest.mark.engine
def test_query_count_does_not_grow_with_the_datasets(client, catalogue, subtests):
    """A query per dataset shows as well with 3 and 14 datasets as with 5 and
    50; the datasets are built once for the listing and its three exports."""
    for number in range(FEW):
        make_dataset(catalogue, number)
    few = {route: count_queries(client, catalogue.url + route) for route in ROUTES}
    for number in range(FEW, MANY):
        make_dataset(catalogue, number)
    assert len(soup(client.get(catalogue.url)).select(".opendata-card")) == PER_PAGE
    for route in ROUTES:
        with subtests.test(route=route):
            assert count_queries(client, catalogue.url + route) == few[route]


def test_metadata_validation(catalogue):
    dataset = DatasetPage(
        title="Mal daté",
        slug="mal-date",
        description="x",
        theme="GOVE",
        producer="x",
        issued=datetime.date(2024, 5, 1),
        modified=datetime.date(2024, 4, 1),
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        dataset.clean()
    assert set(error.value.message_dict) == {"modified", "temporal_end"}
    both = DatasetResource(
        title="x", document=csv_document(), url="https://example.org/x.csv"
    )
    with pytest.raises(ValidationError):
        both.clean()
    with pytest.raises(ValidationError):
        DatasetResource(title="x").clean()
    with pytest.raises(ValidationError):
        DatasetResource(title="x", url="javascript:alert(1)").full_clean(
            exclude=["page", "locale", "translation_key"]
        )


def test_a_resource_takes_its_format_and_size_from_its_file():
    document = csv_document()
    resource = DatasetResource(title="x", document=document)
    resource.clean()
    assert (resource.format, resource.media_type) == ("CSV", "text/csv")
    assert resource.size == len(WIFI_CSV)
    plan = DatasetResource(
        title="x", url="/schema-directeur-du-numerique/actions/json/"
    )
    plan.clean()
    assert (plan.format, plan.media_type) == ("JSON", "application/json")


def test_the_dataset_page(client, wifi):
    document = assert_page_basics(client.get(wifi.url), "fr")
    metadata = {
        row.th.text: row.td.text.strip()
        for row in document.select(".opendata-metadata tr")
    }
    assert metadata["Licence"] == "Open Database License (ODbL 1.0)"
    assert metadata["Thème"] == "Science et technologie"
    assert metadata["Couverture spatiale"] == "Échirolles"
    links = document.select(".opendata-download a")
    assert links[0]["href"] == wifi.resources.first().document.url
    assert "(CSV, " in links[0].text
    assert links[1]["href"] == "https://example.org/wifi.geojson"


def test_the_preview_and_its_chart(client, wifi):
    document = soup(client.get(wifi.url))
    table = document.select_one(".opendata-preview table")
    assert [th.text for th in table.select("thead th")] == [
        "lieu",
        "latitude",
        "longitude",
        "bornes",
    ]
    assert [td.text for td in table.select("tbody tr")[1].select("td")] == [
        "Médiathèque",
        "45,1452",
        "5,7160",
        "3",
    ]
    # Latitude and longitude are numbers, not quantities: only « bornes » is drawn.
    charts = document.select(".opendata-chart")
    assert len(charts) == 1
    bornes = charts[0]
    # The heading names the column for people, not as the file spells it.
    assert "« Bornes »" in bornes.summary.text.replace("\xa0", " ")
    assert bornes.svg["aria-hidden"] == "true"
    assert [t.text for t in bornes.select(".opendata-chart__label")] == [
        "Mairie",
        "Médiathèque",
        "La Rampe",
    ]
    caption = " ".join(bornes.figcaption.text.split())
    assert "3 (Médiathèque)" in caption and "6 (La Rampe)" in caption


def test_the_preview_is_computed_once_per_file(client, wifi, django_assert_num_queries):
    client.get(wifi.url)
    assert DocumentPreview.objects.count() == 1
    preview = DocumentPreview.objects.get()
    preview.data["rows"][0][0] = "Lu depuis la base"
    preview.save()
    assert "Lu depuis la base" in client.get(wifi.url).content.decode()


def test_a_previewed_csv_is_downloaded_with_the_encoding_found(client, wifi):
    """A Windows-1252 file: its first bytes are not UTF-8, so the download has
    no charset until the dataset page's preview has read the file; then it has
    the one the preview found (home/files/downloads.py asks this app's hook)."""
    document = wifi.resources.get(document__isnull=False).document
    before = client.get(document.url)
    assert before["Content-Type"] == "text/csv"
    client.get(wifi.url)
    after = client.get(document.url)
    assert after["Content-Type"] == "text/csv; charset=windows-1252"
    assert client.head(document.url)["Content-Type"] == after["Content-Type"]
    assert b"".join(after.streaming_content) == WIFI_CSV


def test_a_bad_file_shows_a_message(client, catalogue):
    dataset = make_dataset(
        catalogue,
        3,
        resources=[
            DatasetResource(
                title="Binaire",
                document=csv_document("faux.csv", b"\x89PNG\x00\x00\x01"),
            ),
            DatasetResource(title="Vide", document=csv_document("vide.csv", b"")),
        ],
    )
    response = client.get(dataset.url)
    assert response.status_code == 200
    errors = [p.text for p in soup(response).select(".opendata-preview__error")]
    assert errors == [
        "Ce fichier n'est pas un tableau texte\u00a0: "
        "il ne peut pas être prévisualisé.",
        "Le fichier est vide.",
    ]


def test_schema_org_data_catalog(client, catalogue, wifi):
    document = soup(client.get(catalogue.url + "?theme=ECON"))
    data = json.loads(document.find("script", type="application/ld+json").string)
    assert data["@type"] == "DataCatalog"
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    # Whatever the filters, the catalogue describes all its datasets, each as
    # its own page does.
    own = json.loads(
        soup(client.get(wifi.url)).find("script", type="application/ld+json").string
    )
    del own["@context"]
    assert data["dataset"] == [own]
    assert own["name"] == "Points d'accès Wi-Fi public"
    assert own["url"] == "http://testserver" + wifi.url


def test_schema_org_dataset(client, wifi):
    document = soup(client.get(wifi.url))
    data = json.loads(document.find("script", type="application/ld+json").string)
    assert data["@type"] == "Dataset"
    assert data["name"] == "Points d'accès Wi-Fi public"
    assert data["license"] == "https://spdx.org/licenses/ODbL-1.0.html"
    assert data["temporalCoverage"] == "2024-01-01/2024-12-31"
    assert data["keywords"] == ["wi-fi", "bâtiments publics"]
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    downloads = data["distribution"]
    assert [d["@type"] for d in downloads] == ["DataDownload", "DataDownload"]
    assert downloads[0]["encodingFormat"] == "text/csv"
    assert downloads[0]["contentSize"] == str(len(WIFI_CSV))
    assert downloads[0]["contentUrl"].startswith("http://testserver/documents/")
    # An editor's short description is completed with the page's own words.
    assert data["description"] == (
        "Points d'accès Wi-Fi public. Résumé 1. Description du jeu 1."
    )


@pytest.mark.parametrize(
    ("route", "fmt"), [("dcat/jsonld/", "json-ld"), ("dcat/turtle/", "turtle")]
)
def test_dcat(client, catalogue, wifi, route, fmt):
    # Read here rather than imported: pytest inspects a test module's names,
    # which rdflib's closed namespaces answer with warnings.
    DCAT, DCTERMS, RDF, XSD = (
        namespace.DCAT,
        namespace.DCTERMS,
        namespace.RDF,
        namespace.XSD,
    )
    response = client.get(catalogue.url + route)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("; charset=utf-8")
    assert response["Content-Disposition"].startswith(
        'inline; filename="donnees-ouvertes-dcat.'
    )
    graph = Graph().parse(data=response.content.decode(), format=fmt)
    base = "http://testserver"
    node = URIRef(base + wifi.url)
    catalog = URIRef(base + catalogue.url)
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    assert (catalog, DCAT.dataset, node) in graph
    assert (node, RDF.type, DCAT.Dataset) in graph
    assert (
        node,
        DCTERMS.title,
        Literal("Points d'accès Wi-Fi public", lang="fr"),
    ) in graph
    assert (
        node,
        DCTERMS.license,
        URIRef("https://spdx.org/licenses/ODbL-1.0.html"),
    ) in graph
    assert (
        node,
        DCAT.theme,
        URIRef("http://publications.europa.eu/resource/authority/data-theme/TECH"),
    ) in graph
    assert (
        node,
        DCTERMS.accrualPeriodicity,
        URIRef("http://publications.europa.eu/resource/authority/frequency/ANNUAL"),
    ) in graph
    assert (node, DCTERMS.modified, Literal("2024-01-02", datatype=XSD.date)) in graph
    assert (node, DCAT.keyword, Literal("wi-fi", lang="fr")) in graph
    distributions = list(graph.objects(node, DCAT.distribution))
    assert len(distributions) == 2
    for distribution in distributions:
        assert (distribution, RDF.type, DCAT.Distribution) in graph
    urls = {str(u) for d in distributions for u in graph.objects(d, DCAT.downloadURL)}
    assert "https://example.org/wifi.geojson" in urls
    period = graph.value(node, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal(
        "2024-01-01", datatype=XSD.date
    )


def test_scdl_csv(client, catalogue, wifi):
    response = client.get(catalogue.url + "catalogue/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"] == (
        'attachment; filename="donnees-ouvertes-catalogue.csv"'
    )
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    assert header == list(SCDL_COLUMNS)
    row = dict(zip(header, rows[0], strict=True))
    assert row["TITRE"] == "Points d'accès Wi-Fi public"
    assert row["LICENCE"] == "Open Database License-ODBL"
    assert row["FREQ_MAJ"] == "Annuelle"
    assert row["NOMBRE_RESSOURCES"] == "2"
    assert row["FORMAT_RESSOURCES"] == "csv;geojson"
    assert row["COUV_TEMP_DEBUT"] == "2024-01-01"
    assert row["MOTS_CLES"] == "wi-fi;bâtiments publics"
    assert row["URL"] == "http://testserver" + wifi.url


def test_a_new_file_gets_a_new_preview(client, wifi):
    client.get(wifi.url)
    document = wifi.resources.first().document
    document.file.save("wifi.csv", ContentFile(b"lieu,bornes\nGare,9\nParc,2\n"))
    document._set_document_file_metadata()
    document.save()
    assert "Gare" in client.get(wifi.url).content.decode()
    assert DocumentPreview.objects.count() == 2


def test_translators_translate_texts_and_the_rest_follows(client, catalogue, wifi):
    fields = {f.field_name: f for f in get_translatable_fields(DatasetPage)}
    for name in ("theme", "licence", "frequency", "issued", "modified", "featured"):
        assert isinstance(fields[name], SynchronizedField), name
    for name in ("description", "keywords", "producer", "spatial_coverage"):
        assert isinstance(fields[name], TranslatableField), name
    resource_fields = {
        f.field_name: f for f in get_translatable_fields(DatasetResource)
    }
    for name in ("document", "format", "media_type"):
        assert isinstance(resource_fields[name], SynchronizedField), name
    for name in ("title", "description", "url"):
        assert isinstance(resource_fields[name], TranslatableField), name

    catalogue_en = translate(
        catalogue,
        {
            "title": "Open data",
            "slug": "open-data",
            "introduction": "The town's public data.",
        },
    )
    csv_resource, geojson = wifi.resources.order_by("sort_order")
    english = translate(
        wifi,
        {
            "title": "Public Wi-Fi access points",
            "slug": "public-wi-fi",
            "introduction": "Résumé 1.",
            "description": "Where to connect.",
            "keywords": "wi-fi, public buildings",
            "producer": "Digital department",
            "spatial_coverage": "Échirolles",
            "contact_name": "Digital department",
            "resources": [
                DatasetResource(
                    title="Access points (CSV)", document=csv_resource.document
                ),
                DatasetResource(
                    title="Access points (GeoJSON)",
                    url="https://example.org/wifi.geojson",
                ),
            ],
        },
    )
    assert english.get_parent().pk == catalogue_en.pk
    assert (english.theme, english.licence) == (wifi.theme, wifi.licence)
    response = client.get(english.url)
    document = assert_page_basics(response, "en")
    assert [h.text for h in document.select(".opendata-resource h3")] == [
        "Access points (CSV)",
        "Access points (GeoJSON)",
    ]
    assert document.select_one(".opendata-preview summary").text == (
        "Preview the first 3 rows"
    )
    listing = soup(client.get(catalogue_en.url))
    assert [a.text for a in listing.select(".opendata-card__title a")] == [
        "Public Wi-Fi access points"
    ]


def api_datasets(client, **params) -> list[dict]:
    response = client.get(
        "/api/v2/pages/",
        {"type": "policy.DatasetPage", "fields": "*", "limit": 100, **params},
    )
    assert response.status_code == 200
    return response.json()["items"]


def test_the_api_serves_datasets_with_their_resources(client, catalogue, wifi):
    make_dataset(catalogue, 2, title="Brouillon de jeu", slug="brouillon").unpublish()
    items = api_datasets(client)
    assert [item["title"] for item in items] == ["Points d'accès Wi-Fi public"]
    item = items[0]
    assert item["licence"] == "ODbL-1.0"
    assert item["theme"] == "TECH"
    assert item["temporal_start"] == "2024-01-01"
    assert item["frequency"] == "ANNUAL"
    csv_file, geojson = item["resources"]
    assert csv_file["title"] == "Points d'accès (CSV)"
    assert csv_file["format"] == "CSV"
    assert csv_file["size"] == len(WIFI_CSV)
    assert re.fullmatch(
        r"http://testserver/documents/\d+/wifi[\w-]*\.csv", csv_file["download_url"]
    )
    assert geojson["download_url"] == "https://example.org/wifi.geojson"


@pytest.mark.engine
def test_the_api_listing_of_datasets_does_not_grow_with_them(client, catalogue):
    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            make_dataset(
                catalogue,
                number,
                resources=[
                    DatasetResource(
                        title="Fichier", document=csv_document(f"jeu-{number}.csv")
                    ),
                    DatasetResource(title="Lien", url="https://example.org/x.json"),
                ],
            )

    url = "/api/v2/pages/?type=policy.DatasetPage&fields=*&limit=100"
    add(FEW, 1)
    few = count_queries(client, url)
    add(MANY - FEW, FEW + 1)
    assert len(api_datasets(client)) == MANY
    assert count_queries(client, url) == few
