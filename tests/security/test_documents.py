"""Documents: no path escapes their folder, and those of a private collection are
never served, listed or described to a reader who has not signed in."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from policy.models import DatasetPage, DatasetResource, OpenDataPage
from tests.helpers import add_page

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


@pytest.mark.xfail(
    strict=True,
    reason="A dataset's page and DCAT exports still list a resource whose "
    "document is in a private collection (served only after sign-in).",
)
@pytest.mark.django_db
def test_a_private_document_is_not_offered_by_the_catalogue(
    client, home, private_collection
):
    catalogue = add_page(
        home,
        OpenDataPage(
            title="Données ouvertes",
            slug="donnees-ouvertes",
            introduction="Les données publiques de la ville.",
        ),
    )
    private = make_document("brouillon-interne", private_collection)
    public = make_document("budget-vote")
    dataset = DatasetPage(
        title="Budget",
        slug="budget",
        introduction="Le budget.",
        description="Le budget voté.",
        theme="GOVE",
        keywords="budget",
        producer="Direction des finances",
        licence="etalab-2.0",
        issued=datetime.date(2024, 1, 1),
        modified=datetime.date(2024, 6, 1),
        frequency="ANNUAL",
    )
    dataset.resources = [
        DatasetResource(title="Budget voté", document=public, sort_order=0),
        DatasetResource(title="Brouillon interne", document=private, sort_order=1),
    ]
    add_page(catalogue, dataset)
    urls = [
        catalogue.url,
        dataset.url,
        catalogue.url + catalogue.reverse_subpage("dcat_jsonld"),
        catalogue.url + catalogue.reverse_subpage("dcat_turtle"),
        catalogue.url + catalogue.reverse_subpage("catalogue_csv"),
        "/api/v2/pages/?type=policy.DatasetPage&fields=*",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert private.url not in content, url
        assert "brouillon-interne" not in content, url
    assert public.url in client.get(dataset.url).content.decode()
