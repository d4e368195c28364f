"""What /documents/<id>/<name> answers (home/files/downloads.py), read through Django's
test client on the local filesystem: the uploaded bytes, their own type and
charset, no Content-Encoding, a strong ETag and Last-Modified that turn a repeat
request into a 304, HEAD without a body, and private collections kept private."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.downloads.files import SAMPLES, Sample, upload

pytestmark = pytest.mark.django_db

# Headers a HEAD answer repeats from the GET one.
DESCRIBING = (
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "X-Content-Type-Options",
    "Accept-Ranges",
)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def private_collection(
    restriction_type=CollectionViewRestriction.LOGIN, **fields
) -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Conseil municipal")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, **fields
    )
    return collection


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.name)
def test_a_download_is_the_uploaded_file(admin_client, client, sample: Sample):
    document = upload(admin_client, sample)
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == sample.content
    assert "Content-Encoding" not in response
    assert response["Content-Type"] == sample.content_type
    assert response["Content-Length"] == str(len(sample.content))
    assert response["Content-Disposition"] == sample.disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, no-cache"
    # Wagtail keeps the content's SHA-1; one saved without it gets it now.
    document.refresh_from_db()
    assert len(document.file_hash) == 40
    assert response["ETag"] == f'"{document.file_hash}"'
    assert response["Last-Modified"].endswith(" GMT")


def test_head_says_what_get_sends_without_the_body(admin_client, client):
    document = upload(admin_client, SAMPLES[2])
    got = client.get(document.url)
    head = client.head(document.url)
    assert head.status_code == 200
    assert head.content == b""
    assert {name: head.get(name) for name in DESCRIBING} == {
        name: got.get(name) for name in DESCRIBING
    }
    assert "Content-Encoding" not in head


def test_a_repeated_download_is_not_sent_again(admin_client, client):
    document = upload(admin_client, SAMPLES[0])
    first = client.get(document.url)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    for headers in (
        {"HTTP_IF_NONE_MATCH": etag},
        {"HTTP_IF_NONE_MATCH": f'"other", {etag}'},
        {"HTTP_IF_MODIFIED_SINCE": last_modified},
    ):
        for method in (client.get, client.head):
            again = method(document.url, **headers)
            assert again.status_code == 304, headers
            assert again.content == b""
            assert again["ETag"] == etag
            assert again["Last-Modified"] == last_modified
            assert again["Cache-Control"] == "public, no-cache"

    changed = client.get(document.url, HTTP_IF_NONE_MATCH='"another-version"')
    assert changed.status_code == 200
    assert body(changed) == SAMPLES[0].content
    older = client.get(
        document.url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT"
    )
    assert older.status_code == 200
    assert client.get(document.url, HTTP_IF_MATCH='"stale"').status_code == 412


def test_a_range_request_gets_the_whole_file(admin_client, client):
    """Neither Wagtail nor Django serve byte ranges: the answer says so and
    sends everything, as HTTP allows."""
    document = upload(admin_client, SAMPLES[0])
    response = client.get(document.url, HTTP_RANGE="bytes=0-3")
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "none"
    assert body(response) == SAMPLES[0].content


def test_a_text_file_that_is_not_utf8_has_no_charset_guessed(client):
    document = get_document_model().objects.create(
        title="Ancien tableur",
        file=ContentFile("lieu;bornes\nMédiathèque;3\n".encode("cp1252"), "a.csv"),
    )
    response = client.get(document.url)
    assert response["Content-Type"] == "text/csv"
    assert client.head(document.url)["Content-Type"] == "text/csv"


def test_a_private_document_keeps_its_rules(admin_client, client):
    document = get_document_model().objects.create(
        title="Huis clos",
        file=ContentFile(b"a;b\n", name="huis-clos.csv"),
        collection=private_collection(),
    )
    document.get_file_hash()
    etag = f'"{document.file_hash}"'

    for headers in ({}, {"HTTP_IF_NONE_MATCH": etag}):
        refused = client.get(document.url, **headers)
        assert refused.status_code == 302
        assert refused["Location"].startswith(reverse("wagtailcore_login"))
        assert "ETag" not in refused

    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert body(response) == b"a;b\n"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    again = admin_client.get(document.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["Cache-Control"] == "private, no-cache"


def test_a_password_protected_document_asks_for_its_password(client):
    document = get_document_model().objects.create(
        title="Huis clos",
        file=ContentFile(b"a;b\n", name="huis-clos.csv"),
        collection=private_collection(
            CollectionViewRestriction.PASSWORD, password="conseil-2024"
        ),
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"a;b" not in response.content
    form_action = reverse(
        "wagtaildocs_authenticate_with_password",
        args=[document.collection.get_view_restrictions().get().pk],
    )
    assert form_action in response.content.decode()
    signed = client.post(
        form_action, {"password": "conseil-2024", "return_url": document.url}
    )
    assert signed.status_code == 302
    response = client.get(document.url)
    assert body(response) == b"a;b\n"
    assert response["Cache-Control"] == "private, no-cache"


def test_wrong_addresses_and_methods(client):
    document = get_document_model().objects.create(
        title="Budget", file=ContentFile(b"a;b\n", name="budget.csv")
    )
    wrong_name = reverse("wagtaildocs_serve", args=[document.pk, "autre.csv"])
    assert client.get(wrong_name).status_code == 404
    assert client.get(f"/documents/{document.pk + 1}/budget.csv").status_code == 404
    assert client.get(f"/documents/{'9' * 30}/budget.csv").status_code == 404
    assert client.post(document.url).status_code == 405

    url = document.url
    document.file.storage.delete(document.file.name)
    assert client.get(url).status_code == 404


def test_a_redirect_serve_method_is_honoured_after_the_checks(
    admin_client, client, settings
):
    """`WAGTAILDOCS_SERVE_METHOD` keeps Wagtail's meaning (the site sets
    "serve_view"): "redirect" sends readers to the storage's address, once the
    collection's rules are met."""
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    public = get_document_model().objects.create(
        title="Budget", file=ContentFile(b"a;b\n", name="budget.csv")
    )
    response = client.get(public.url)
    assert response.status_code == 302
    assert response["Location"] == public.file.url
    private = get_document_model().objects.create(
        title="Huis clos",
        file=ContentFile(b"a;b\n", name="huis-clos.csv"),
        collection=private_collection(),
    )
    refused = client.get(private.url)
    assert refused["Location"].startswith(reverse("wagtailcore_login"))
    assert admin_client.get(private.url)["Location"] == private.file.url


@pytest.mark.parametrize(
    ("found", "charset"),
    [
        ("utf-8-sig", "utf-8"),
        ("windows-1252", "windows-1252"),
        ("iso-8859-1", "iso-8859-1"),
        ("latin-1", "iso-8859-1"),
        ("no-such-encoding", ""),
    ],
)
def test_encodings_are_named_as_http_names_them(found, charset):
    """The CSV preview's encodings (policy/csv_preview.py) in the charset
    parameter; a name Python does not know gives no charset, never a 500."""
    from home.files.downloads import charset_name

    assert charset_name(found) == charset
