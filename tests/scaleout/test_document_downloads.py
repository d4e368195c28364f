"""Downloads of documents kept on S3-compatible object storage (moto's server),
read by strict clients from a live server: the same bytes and headers as on the
local filesystem (tests/downloads/), the file read from the bucket by the site."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.downloads.files import SAMPLES, upload
from tests.downloads.test_strict_clients import check_strict_clients


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_strict_clients_get_the_uploaded_bytes_from_the_bucket(
    live_server, admin_client, media_bucket, sample
):
    document = upload(admin_client, sample)
    assert media_bucket.keys() == [document.file.name]
    check_strict_clients(live_server.url, document, sample)


@pytest.mark.django_db
def test_a_private_document_in_the_bucket_keeps_its_rules(
    client, admin_client, media_bucket
):
    collection = Collection.get_first_root_node().add_child(name="Conseil")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Huis clos",
        file=ContentFile(b"a;b\n", name="huis-clos.csv"),
        collection=collection,
    )
    assert client.get(document.url).status_code == 302
    response = admin_client.get(document.url)
    assert b"".join(response.streaming_content) == b"a;b\n"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Content-Encoding" not in response
    head = admin_client.head(document.url)
    assert head["Content-Length"] == "4"
    assert head.content == b""
