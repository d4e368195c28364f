"""CSV resources checked against their national Table Schema, as data.gouv.fr
does: an editor declares the schema, uploads a broken file, reads the report in
French, uploads the fixed file; the dataset page and the DCAT export say it
conforms. Managers alone add a schema; a big file waits for the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from policy import table_schema
from policy.models import (
    DataSchema,
    DatasetPage,
    DatasetResource,
    OpenDataPage,
    SchemaCheck,
)
from tests.helpers import add_page, assert_page_basics, count_queries, soup
from tests.scaleout.conftest import frontend_cache  # noqa: F401 (fixture)
from tests.workflow.conftest import logged_in, member

pytestmark = pytest.mark.django_db

MEDIATION = "standard-mediation-num"


def mediation_schema() -> DataSchema:
    return DataSchema.objects.get(name=MEDIATION, version="v1.0.1")


def mediation_csv(rows: list[dict[str, str]]) -> bytes:
    """A CSV of the schema's columns (in its order), semicolon-separated."""
    names = [f["name"] for f in mediation_schema().descriptor["fields"]]
    lines = [";".join(names)]
    for row in rows:
        lines.append(";".join(row.get(name, "") for name in names))
    return ("\n".join(lines) + "\n").encode()


PLACE = {
    "id": "mediatheque-1",
    "pivot": "21380151800016",
    "nom": "Médiathèque Pablo Neruda",
    "commune": "Échirolles",
    "code_postal": "38130",
    "adresse": "1 place de la Libération",
    "date_maj": "2025-11-15",
    "services": "Aide aux démarches administratives",
}
BROKEN_PLACE = {**PLACE, "code_postal": "381", "date_maj": "15/11/2025"}


@pytest.fixture
def catalogue(home) -> OpenDataPage:
    return add_page(
        home, OpenDataPage(title="Données ouvertes", slug="donnees-ouvertes")
    )


@pytest.fixture
def manager_client(db, django_user_model):
    return logged_in(member(django_user_model, "responsable", "Responsables"))


@pytest.fixture
def writer_client(db, django_user_model):
    return logged_in(member(django_user_model, "redactrice", "Rédacteurs"))


def upload(client, name: str, content: bytes, title: str):
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    return get_document_model().objects.get(title=title)


def dataset_form(document, schema, action: str) -> dict:
    return nested_form_data(
        {
            "title": "Lieux de médiation numérique",
            "slug": "lieux-mediation",
            "introduction": "Où se faire aider.",
            "description": "Les lieux de la ville.",
            "theme": "SOCI",
            "keywords": "inclusion",
            "producer": "Direction du numérique",
            "licence": "etalab-2.0",
            "issued": "2024-01-15",
            "temporal_start": "2024-01-01",
            "temporal_end": "2024-12-31",
            "modified": "2025-11-15",
            "frequency": "ANNUAL",
            "resources": inline_formset(
                [
                    {
                        "title": "Lieux (CSV)",
                        "document": document.pk,
                        "schema": schema.pk,
                    }
                ]
            ),
            **({action: action} if action else {}),
        }
    )


def test_the_schemas_shipped_with_the_site_are_there_and_valid():
    shipped = table_schema.shipped_schemas()
    assert {s.name for s in shipped} >= {
        MEDIATION,
        "scdl-catalogue",
        "scdl-budget",
        "scdl-subventions",
        "scdl-deliberations",
    }
    for schema in shipped:
        assert table_schema.descriptor_errors(schema.descriptor) == []
        stored = DataSchema.objects.get(name=schema.name, version=schema.version)
        assert stored.shipped
        assert stored.url.startswith("https://")


def test_an_editor_declares_a_schema_reads_the_report_and_fixes_the_file(
    manager_client, catalogue
):
    client = manager_client
    document = upload(client, "lieux.csv", mediation_csv([BROKEN_PLACE]), "Lieux")
    add_url = reverse(
        "wagtailadmin_pages:add", args=("policy", "datasetpage", catalogue.pk)
    )
    form = soup(client.get(add_url))
    assert form.select_one("select[name='resources-0-schema']") is not None
    response = client.post(
        add_url, dataset_form(document, mediation_schema(), "action-publish")
    )
    assert response.status_code == 302, soup(response).select(".error-message")
    dataset = DatasetPage.objects.get(slug="lieux-mediation")
    check = SchemaCheck.objects.get(document=document)
    assert (check.status, check.error_count) == ("invalid", 2)

    # The edit form says so and links to the report, in French.
    edit = soup(client.get(reverse("wagtailadmin_pages:edit", args=(dataset.pk,))))
    panel = edit.select_one("[data-schema-check]")
    assert "2 erreurs au regard du schéma" in panel.text
    report_url = reverse("policy_schema_report", args=(check.pk,))
    assert panel.select_one("a")["href"] == report_url
    report = soup(client.get(report_url))
    rows = [
        [cell.text.strip() for cell in row.select("td")]
        for row in report.select("table.schema-report tbody tr")
    ]
    assert rows[0][:2] == ["2", "code_postal (colonne 5)"]
    assert "« 381 »" in rows[0][2] and "forme attendue" in rows[0][2]
    assert rows[1][:2] == ["2", "date_maj (colonne 21)"]
    assert "AAAA-MM-JJ" in rows[1][3]
    assert "Constraint" not in report.text and "does not" not in report.text

    # The public page says it does not conform, and links to the public report.
    page = soup(client.get(dataset.url))
    status = page.select_one(".opendata-schema--invalid")
    assert "2 erreurs au regard du schéma « Lieux de médiation numérique »" in (
        " ".join(status.text.split())
    )
    response = client.get(status.select_one("a")["href"])
    public_report = assert_page_basics(response, "fr")
    assert len(public_report.select("table.schema-report tbody tr")) == 2
    assert "Ce qui ne va pas" in public_report.text
    assert client.get(dataset.url + "schema-report/999/").status_code == 404

    # The fixed file replaces the broken one: checked again, it conforms.
    response = client.post(
        reverse("wagtaildocs:edit", args=(document.pk,)),
        {
            "title": "Lieux",
            "collection": document.collection_id,
            "file": SimpleUploadedFile("lieux.csv", mediation_csv([PLACE])),
        },
    )
    assert response.status_code == 302
    page = soup(client.get(dataset.url))
    status = page.select_one(".opendata-schema--valid")
    assert (
        "Conforme au schéma « Lieux de médiation numérique » version v1.0.1"
        in " ".join(status.text.split())
    )
    assert page.select_one(".opendata-schema--invalid") is None
    graph = Graph().parse(
        data=client.get(catalogue.url + "dcat/turtle/").content, format="turtle"
    )
    standard = URIRef(mediation_schema().url)
    distributions = list(graph.subjects(DCTERMS.conformsTo, standard))
    assert len(distributions) == 1
    assert str(distributions[0]).endswith("#resource-1")


def test_a_writer_declares_a_schema_in_a_draft_and_reads_the_report(
    writer_client, catalogue
):
    document = upload(
        writer_client, "lieux.csv", mediation_csv([BROKEN_PLACE]), "Lieux brouillon"
    )
    add_url = reverse(
        "wagtailadmin_pages:add", args=("policy", "datasetpage", catalogue.pk)
    )
    response = writer_client.post(
        add_url, dataset_form(document, mediation_schema(), "")
    )
    assert response.status_code == 302, soup(response).select(".error-message")
    dataset = DatasetPage.objects.get(slug="lieux-mediation")
    assert not dataset.live
    edit = soup(
        writer_client.get(reverse("wagtailadmin_pages:edit", args=(dataset.pk,)))
    )
    panel = edit.select_one("[data-schema-check]")
    assert "2 erreurs" in panel.text
    report = writer_client.get(panel.select_one("a")["href"])
    assert report.status_code == 200
    assert "Ce qui ne va pas" in report.content.decode()


def test_a_schema_is_refused_for_a_file_that_is_not_csv(manager_client, catalogue):
    document = upload(manager_client, "lieux.json", b"{}", "Lieux JSON")
    add_url = reverse(
        "wagtailadmin_pages:add", args=("policy", "datasetpage", catalogue.pk)
    )
    response = manager_client.post(
        add_url, dataset_form(document, mediation_schema(), "action-publish")
    )
    assert response.status_code == 200
    assert "Seul un fichier CSV" in response.content.decode()


def schema_upload(name: str, version: str, content: bytes) -> dict:
    return {
        "name": name,
        "title": "Équipements sportifs",
        "version": version,
        "url": "https://schema.example.org/equipements/",
        "schema_file": SimpleUploadedFile("schema.json", content),
    }


VALID_SCHEMA = json.dumps(
    {
        "fields": [
            {"name": "nom", "type": "string", "constraints": {"required": True}},
            {"name": "places", "type": "integer"},
        ]
    }
).encode()


def test_a_manager_adds_a_schema_and_a_bad_file_is_a_form_error(manager_client):
    url = reverse("wagtailsnippets_policy_dataschema:add")
    assert manager_client.get(url).status_code == 200
    for content, message in (
        (b"not json", "n’est pas du JSON"),
        (b'{"fields": []}', "aucune n’a été trouvée"),
        (b'{"fields": [{"name": "a", "type": "nothing"}]}', "pas un Table Schema"),
    ):
        response = manager_client.post(url, schema_upload("eq", "1.0", content))
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not DataSchema.objects.filter(name="eq").exists()
    response = manager_client.post(url, schema_upload("eq", "1.0", VALID_SCHEMA))
    assert response.status_code == 302
    schema = DataSchema.objects.get(name="eq")
    assert schema.descriptor["fields"][1]["name"] == "places"
    assert not schema.shipped


def test_a_shipped_schema_cannot_be_changed_or_deleted_in_the_admin(manager_client):
    schema = mediation_schema()
    for view in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_policy_dataschema:{view}", args=(schema.pk,))
        assert manager_client.get(url).status_code in (302, 403)
        manager_client.post(url, {"title": "Changé"})
    schema.refresh_from_db()
    assert schema.title == "Lieux de médiation numérique"


def test_a_writer_cannot_add_change_or_delete_a_schema_by_any_route(
    writer_client, manager_client
):
    manager_client.post(
        reverse("wagtailsnippets_policy_dataschema:add"),
        schema_upload("eq", "1.0", VALID_SCHEMA),
    )
    schema = DataSchema.objects.get(name="eq")
    before = list(DataSchema.objects.values_list("pk", "title", "descriptor_hash"))
    index = writer_client.get(reverse("wagtailadmin_home"))
    assert "dataschema" not in index.content.decode()
    routes = [
        ("add", (), schema_upload("eq2", "1.0", VALID_SCHEMA)),
        ("edit", (schema.pk,), schema_upload("eq", "1.0", VALID_SCHEMA)),
        ("delete", (schema.pk,), {}),
        ("list", (), {}),
    ]
    for view, args, data in routes:
        url = reverse(f"wagtailsnippets_policy_dataschema:{view}", args=args)
        assert writer_client.get(url).status_code in (302, 403), view
        assert writer_client.post(url, data).status_code in (302, 403, 405), view
    bulk = (
        reverse(
            "wagtail_bulk_action",
            args=("policy", "dataschema", "delete"),
        )
        + f"?id={schema.pk}"
    )
    writer_client.post(bulk)
    after = list(DataSchema.objects.values_list("pk", "title", "descriptor_hash"))
    assert after == before


def test_a_big_file_is_not_checked_in_the_request_but_by_the_command(
    manager_client, catalogue, monkeypatch
):
    detail = "Ateliers, permanences et prêt de matériel. " * 30
    rows = [
        {**PLACE, "id": f"lieu-{n}", "presentation_detail": detail}
        for n in range(2_000)
    ]
    content = mediation_csv(rows)
    assert len(content) > table_schema.INLINE_MAX_BYTES
    document = upload(manager_client, "gros.csv", content, "Gros fichier")
    ran = []
    original = table_schema.check_stream
    monkeypatch.setattr(
        table_schema,
        "check_stream",
        lambda *args, **kwargs: ran.append(1) or original(*args, **kwargs),
    )
    add_url = reverse(
        "wagtailadmin_pages:add", args=("policy", "datasetpage", catalogue.pk)
    )
    response = manager_client.post(
        add_url, dataset_form(document, mediation_schema(), "action-publish")
    )
    assert response.status_code == 302
    check = SchemaCheck.objects.get(document=document)
    assert (check.status, check.checked_at, ran) == ("pending", None, [])
    dataset = DatasetPage.objects.get(slug="lieux-mediation")
    page = soup(manager_client.get(dataset.url))
    assert "son contrôle est à venir" in page.select_one(".opendata-schema").text
    output = io.StringIO()
    call_command("check_schemas", stdout=output)
    assert "[1/1] Gros fichier" in output.getvalue()
    check.refresh_from_db()
    assert ran == [1]
    assert (check.status, check.error_count, check.rows) == ("valid", 0, 2_000)


def test_the_report_names_the_values_a_list_column_allows():
    """A list pattern of the national schemas reads as its values, not as a
    regular expression; in English on an English page."""
    from django.utils import translation
    from django.utils.html import strip_tags

    error = {
        "type": "constraint-error",
        "row": 3,
        "field": "frais_a_charge",
        "column": 25,
        "cell": "Gratuit pour tous",
        "constraint": "pattern",
    }
    descriptor = mediation_schema().descriptor
    with translation.override("fr"):
        line = table_schema.describe(error, descriptor)
    assert strip_tags(line.fix) == (
        "Écrivez une ou plusieurs de ces valeurs, séparées par « | » : "
        "« Gratuit », « Gratuit sous condition », « Payant »."
    )
    # The schema's values are French whatever the reader's language.
    assert line.fix.count('<bdi lang="fr">') == 3
    assert line.column == "frais_a_charge (colonne 25)"
    with translation.override("en"):
        line = table_schema.describe(error, descriptor)
    assert (
        line.problem
        == "The value « Gratuit pour tous » does not have the expected form."
    )


def schema_resource(number: int, rows: list[dict[str, str]]):
    from tests.policy.test_opendata import csv_document

    return DatasetResource(
        title=f"Lieux {number}",
        document=csv_document(f"lieux-{number}.csv", mediation_csv(rows)),
        schema=mediation_schema(),
    )


@pytest.mark.engine
@pytest.mark.parametrize("route", ["dcat/turtle/", "dcat/jsonld/", ""])
def test_the_catalogue_queries_do_not_grow_with_checked_resources(
    client, catalogue, route
):
    from tests.policy.test_opendata import make_dataset

    for number in range(2):
        make_dataset(catalogue, number, resources=[schema_resource(number, [PLACE])])
    few = count_queries(client, catalogue.url + route)
    for number in range(2, 8):
        rows = [PLACE] if number % 2 else [BROKEN_PLACE]
        make_dataset(catalogue, number, resources=[schema_resource(number, rows)])
    assert count_queries(client, catalogue.url + route) == few
    if route == "dcat/turtle/":
        graph = Graph().parse(
            data=client.get(catalogue.url + route).content, format="turtle"
        )
        # The conforming files only: two first, then three of the six.
        standard = URIRef(mediation_schema().url)
        assert len(list(graph.subjects(DCTERMS.conformsTo, standard))) == 5


@pytest.mark.engine
def test_the_dataset_page_queries_do_not_grow_with_checked_resources(client, catalogue):
    from tests.policy.test_opendata import make_dataset

    one = make_dataset(catalogue, 1, resources=[schema_resource(1, [PLACE])])
    many = make_dataset(
        catalogue,
        2,
        resources=[schema_resource(n, [PLACE]) for n in range(2, 7)],
    )
    assert count_queries(client, many.url) == count_queries(client, one.url)
    page = soup(client.get(many.url))
    assert len(page.select(".opendata-schema--valid")) == 5


def test_a_changed_schema_checks_its_files_again_and_a_used_one_stays(
    manager_client, catalogue
):
    """A manager uploads a stricter version of a schema: the files that follow
    it are checked again. A schema a resource follows cannot be deleted."""
    from tests.policy.test_opendata import make_dataset

    manager_client.post(
        reverse("wagtailsnippets_policy_dataschema:add"),
        schema_upload("eq", "1.0", VALID_SCHEMA),
    )
    schema = DataSchema.objects.get(name="eq")
    document = upload(manager_client, "eq.csv", b"nom;places\nGymnase;120\n", "Eq")
    dataset = make_dataset(
        catalogue,
        1,
        resources=[
            DatasetResource(title="Équipements", document=document, schema=schema)
        ],
    )
    assert SchemaCheck.objects.get(schema=schema).status == "valid"
    # A new version number alone: checked again, and named so.
    renamed = {**schema_upload("eq", "1.0.1", b""), "schema_file": ""}
    edit = reverse("wagtailsnippets_policy_dataschema:edit", args=(schema.pk,))
    assert manager_client.post(edit, renamed).status_code == 302
    latest = SchemaCheck.objects.filter(schema=schema).latest("pk")
    assert (latest.status, latest.schema_version) == ("valid", "1.0.1")
    stricter = json.loads(VALID_SCHEMA)
    stricter["fields"][1]["constraints"] = {"maximum": 100}
    response = manager_client.post(
        reverse("wagtailsnippets_policy_dataschema:edit", args=(schema.pk,)),
        schema_upload("eq", "1.1", json.dumps(stricter).encode()),
    )
    assert response.status_code == 302
    latest = SchemaCheck.objects.filter(schema=schema).latest("pk")
    assert (latest.status, latest.schema_version) == ("invalid", "1.1")
    page = soup(manager_client.get(dataset.url))
    assert "1 erreur au regard du schéma « Équipements sportifs » version 1.1" in (
        " ".join(page.select_one(".opendata-schema").text.split())
    )
    delete = reverse("wagtailsnippets_policy_dataschema:delete", args=(schema.pk,))
    response = manager_client.post(delete)
    assert response.status_code < 500
    assert DataSchema.objects.filter(pk=schema.pk).exists()


def test_one_request_checks_a_bounded_total_of_bytes(catalogue):
    """Three files of 1.5 MB published at once: two are checked (3 MB), the
    third waits for the command (the request's budget is 4 MB)."""
    from tests.policy.test_opendata import make_dataset

    detail = "Ateliers, permanences et prêt de matériel. " * 30
    rows = [
        {**PLACE, "id": f"lieu-{n}", "presentation_detail": detail}
        for n in range(1_150)
    ]
    size = len(mediation_csv(rows))
    assert 1_400_000 < size < table_schema.INLINE_MAX_BYTES
    make_dataset(catalogue, 1, resources=[schema_resource(n, rows) for n in range(3)])
    statuses = sorted(SchemaCheck.objects.values_list("status", flat=True))
    assert statuses == ["pending", "valid", "valid"]


def test_a_binary_file_is_reported_as_such():
    result = table_schema.check_stream(
        io.BytesIO(b"\x89PNG\x00\x00\x01\x02" * 100), mediation_schema().descriptor
    )
    assert (result.valid, result.error_count) == (False, 1)
    from django.utils import translation

    with translation.override("fr"):
        line = table_schema.describe(result.errors[0], mediation_schema().descriptor)
    assert line.problem == "Le fichier n’est pas un tableau texte (CSV)."


def test_the_command_purges_the_pages_it_changes(
    catalogue,
    frontend_cache,  # noqa: F811 (the fixture imported above)
    settings,
    django_capture_on_commit_callbacks,
):
    """Behind a frontend cache, the dataset page and its public report are
    purged once the command has checked a big file."""
    from tests.policy.test_opendata import make_dataset

    detail = "Ateliers, permanences et prêt de matériel. " * 30
    rows = [
        {**PLACE, "id": f"lieu-{n}", "presentation_detail": detail}
        for n in range(2_000)
    ]
    dataset = make_dataset(catalogue, 1, resources=[schema_resource(1, rows)])
    resource = dataset.resources.get()
    assert SchemaCheck.objects.get().status == "pending"
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "home.caching.frontend.HTTPPurgeBackend",
            "LOCATION": frontend_cache.location,
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_schemas", stdout=io.StringIO())
    assert frontend_cache.paths() == {
        dataset.url,
        f"{dataset.url}schema-report/{resource.pk}/",
    }


def test_the_english_translation_says_it_in_english(catalogue):
    """The translated resource follows the same schema (synchronised) and its
    page and report read in English."""
    from tests import tree
    from tests.policy.test_opendata import make_dataset

    dataset = make_dataset(
        catalogue,
        1,
        resources=[schema_resource(1, [PLACE, {**BROKEN_PLACE, "id": "b"}])],
    )
    tree.translate(catalogue, {"title": "Open data", "slug": "open-data"})
    english = tree.translate(dataset, {"title": "Places", "slug": "places"})
    resource = english.resources.get()
    assert resource.schema_id == mediation_schema().pk
    from django.test import Client

    page = soup(Client().get(english.url))
    status = " ".join(page.select_one(".opendata-schema--invalid").text.split())
    assert "2 errors against the schema « Lieux de médiation numérique »" in status
    report = soup(Client().get(page.select_one(".opendata-schema a")["href"]))
    assert report.select_one("html")["lang"] == "en"
    cells = [td.text for td in report.select("table.schema-report tbody tr td")]
    assert "Write a date written YYYY-MM-DD, e.g. 2024-03-31." in cells
