"""Documents: no path escapes their folder, and those of a private collection are
never served, listed or described to a reader who has not signed in."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from policy.models import DatasetResource
from tests.policy.test_opendata import add_catalogue, make_dataset

TRAVERSALS = [
    "/documents/{pk}/../../website/settings/base.py",
    "/documents/{pk}/..%2F..%2Fwebsite%2Fsettings%2Fbase.py",
    "/documents/{pk}/%2e%2e%2f%2e%2e%2fmanage.py",
    "/documents/{pk}/%252e%252e%252fmanage.py",
    "/documents/{pk}/..%5c..%5cmanage.py",
    "/documents/{pk}/%c0%ae%c0%ae%2fmanage.py",
    "/documents/{pk}/{name}/../../../manage.py",
    "/documents/{pk}/{name}%00.py",
    "/documents/../manage.py",
    "/documents/0/../../manage.py",
    "/media/../manage.py",
    "/media/..%2fmanage.py",
    "/media/%2e%2e/website/settings/base.py",
    "/static/..%2fmanage.py",
    "/static/%2e%2e/%2e%2e/manage.py",
]


def make_document(title: str, collection: Collection | None = None):
    fields = {"collection": collection} if collection else {}
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.7 compte rendu", name=f"{title}.pdf"),
        **fields,
    )


@pytest.fixture
def private_collection(db) -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Conseil privé")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.mark.django_db
@pytest.mark.parametrize("template", TRAVERSALS)
def test_a_path_out_of_the_documents_folder_is_not_found(client, template):
    document = make_document("public")
    url = template.format(pk=document.pk, name=document.filename)
    response = client.get(url)
    assert response.status_code in {400, 404}, url
    assert b"SECRET_KEY" not in response.content
    assert b"DJANGO_SETTINGS_MODULE" not in response.content


@pytest.mark.django_db
def test_a_public_document_is_served_as_an_attachment(client):
    document = make_document("public")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_private_collection_document_is_not_served_to_the_public(
    client, private_collection
):
    document = make_document("private", private_collection)
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/")
    assert b"compte rendu" not in response.content


@pytest.mark.django_db
def test_a_password_protected_collection_asks_for_its_password(client):
    collection = Collection.get_first_root_node().add_child(name="Par mot de passe")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="secret-du-conseil",
    )
    document = make_document("protected", collection)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"compte rendu" not in response.content
    assert response.get("Content-Disposition") is None


@pytest.mark.django_db
def test_private_documents_are_absent_from_the_api(client, private_collection):
    public = make_document("public")
    private = make_document("private", private_collection)
    listed = client.get("/api/v2/documents/").json()["items"]
    assert [item["id"] for item in listed] == [public.pk]
    assert client.get(f"/api/v2/documents/{private.pk}/").status_code == 404


@pytest.fixture
def dataset_with_private_files(home, private_collection) -> dict:
    """A dataset offering a public document, and two private ones: one in a
    private collection, one in a collection below it."""
    catalogue = add_catalogue(home)
    public = make_document("budget-vote")
    private = make_document("brouillon-interne", private_collection)
    below = make_document("note-du-cabinet", private_collection.add_child(name="Sous"))
    dataset = make_dataset(
        catalogue,
        1,
        title="Budget",
        slug="budget",
        resources=[
            DatasetResource(title="Budget voté", document=public),
            DatasetResource(title="Brouillon interne", document=private),
            DatasetResource(title="Note du cabinet", document=below),
        ],
    )
    return {
        "catalogue": catalogue,
        "dataset": dataset,
        "public": public,
        "private": [private, below],
    }


def assert_offers_only_the_public_file(content: str, files: dict) -> None:
    for document in files["private"]:
        assert document.url not in content
        assert document.filename not in content
    assert "Brouillon interne" not in content
    assert "Note du cabinet" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["", "dcat_jsonld", "dcat_turtle"])
def test_the_dataset_page_and_dcat_exports_offer_no_private_document(
    client, dataset_with_private_files, route
):
    files = dataset_with_private_files
    catalogue = files["catalogue"]
    url = (
        catalogue.url + catalogue.reverse_subpage(route)
        if route
        else files["dataset"].url
    )
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert files["public"].url in content
    assert_offers_only_the_public_file(content, files)


@pytest.mark.django_db
def test_the_catalogue_counts_no_private_document(client, dataset_with_private_files):
    files = dataset_with_private_files
    catalogue = files["catalogue"]
    page = client.get(catalogue.url)
    assert page.status_code == 200
    assert_offers_only_the_public_file(page.content.decode(), files)
    scdl = client.get(catalogue.url + catalogue.reverse_subpage("catalogue_csv"))
    assert scdl.status_code == 200
    (row,) = csv.DictReader(io.StringIO(scdl.content.decode("utf-8-sig")))
    assert row["NOMBRE_RESSOURCES"] == "1"


@pytest.mark.django_db
@pytest.mark.parametrize("detail", [False, True])
def test_the_api_gives_no_private_document_among_resources(
    client, dataset_with_private_files, detail
):
    files = dataset_with_private_files
    if detail:
        response = client.get(f"/api/v2/pages/{files['dataset'].pk}/")
        (item,) = [response.json()]
    else:
        response = client.get("/api/v2/pages/?type=policy.DatasetPage&fields=*")
        (item,) = response.json()["items"]
    assert response.status_code == 200
    assert [r["title"] for r in item["resources"]] == ["Budget voté"]
    assert item["resources"][0]["download_url"].endswith(files["public"].url)
    assert_offers_only_the_public_file(response.content.decode(), files)
