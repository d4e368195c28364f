"""Media on S3-compatible object storage (moto's server on 127.0.0.1): what
editors upload lands in the bucket, pages show images straight from it,
documents are only ever sent by the site, which keeps private ones private."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from home.files.storage import public_prefixes
from tests.helpers import publish, soup

pytestmark = pytest.mark.django_db


def png(width: int = 640, height: int = 320) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 84, 147)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_image(admin_client, title: str = "Mairie"):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "description": "La façade de la mairie",
            "file": SimpleUploadedFile("mairie.png", png()),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_image_model().objects.get(title=title)


def document_in(collection: Collection | None, content: bytes):
    return get_document_model().objects.create(
        title="Compte rendu",
        file=ContentFile(content, name="compte-rendu.pdf"),
        **({"collection": collection} if collection else {}),
    )


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_uploads_through_the_admin_land_in_the_bucket(admin_client, media_bucket):
    image = upload_image(admin_client)
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Budget",
            "file": SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Budget")

    assert media_bucket.keys() == sorted([image.file.name, document.file.name])
    public = tuple(public_prefixes())
    assert image.file.name.startswith(public)
    assert not document.file.name.startswith(public)
    stored = media_bucket.client.get_object(
        Bucket=media_bucket.name, Key=document.file.name
    )
    assert stored["Body"].read() == b"%PDF-1.4\n%%EOF\n"


def test_a_page_shows_its_image_from_the_bucket(
    client, admin_client, media_bucket, home
):
    home.image = upload_image(admin_client)
    home.image_alt = "La façade de la mairie"
    publish(home)

    response = client.get(home.url)
    assert response.status_code == 200
    img = soup(response).select_one(".hero__image img")
    bucket_url = f"{media_bucket.endpoint}/{media_bucket.name}/images/"
    assert img["src"].startswith(bucket_url)
    assert all(
        candidate.split()[0].startswith(bucket_url)
        for candidate in img["srcset"].split(",")
    )
    status, content = media_bucket.read_anonymously(
        img["src"].removeprefix(f"{media_bucket.endpoint}/{media_bucket.name}/")
    )
    assert status == 200
    assert PILImage.open(io.BytesIO(content)).format == "WEBP"
    # The page's policy lets browsers show images from the bucket.
    img_src = next(
        directive.split()[1:]
        for directive in response["Content-Security-Policy"].split("; ")
        if directive.startswith("img-src ")
    )
    assert img_src == ["'self'", "data:", media_bucket.endpoint]


def test_a_public_document_is_downloaded_through_the_site(client, media_bucket):
    document = document_in(None, b"%PDF-1.4 public\n")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert read(response) == b"%PDF-1.4 public\n"
    # Never straight from the bucket, where documents are not public.
    assert media_bucket.read_anonymously(document.file.name)[0] == 403


def test_a_private_document_is_refused_to_the_public(
    client, admin_client, media_bucket
):
    private = Collection.get_first_root_node().add_child(name="Conseil municipal")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = document_in(private, b"%PDF-1.4 private\n")

    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))
    assert b"private" not in response.content
    assert read(admin_client.get(document.url)) == b"%PDF-1.4 private\n"
    assert media_bucket.read_anonymously(document.file.name) == (403, b"")


def test_deleting_an_image_removes_its_objects(
    admin_client, media_bucket, django_capture_on_commit_callbacks
):
    image = upload_image(admin_client)
    rendition = image.get_rendition("fill-80x40|format-webp")
    assert media_bucket.keys() == sorted([image.file.name, rendition.file.name])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))
    assert response.status_code == 302
    assert media_bucket.keys() == []


def test_the_bucket_policy_makes_only_images_public(admin_client, media_bucket, capsys):
    image = upload_image(admin_client)
    document = document_in(None, b"%PDF-1.4 public\n")
    assert media_bucket.read_anonymously(image.file.name)[0] == 200
    assert media_bucket.read_anonymously(document.file.name)[0] == 403

    call_command("media_bucket_policy")
    printed = json.loads(capsys.readouterr().out)
    applied = json.loads(
        media_bucket.client.get_bucket_policy(Bucket=media_bucket.name)["Policy"]
    )
    assert applied == printed
    (statement,) = applied["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == ["s3:GetObject"]
    assert sorted(statement["Resource"]) == [
        f"arn:aws:s3:::{media_bucket.name}/images/*",
        f"arn:aws:s3:::{media_bucket.name}/original_images/*",
    ]


def test_the_bucket_policy_needs_a_bucket():
    with pytest.raises(CommandError, match="local filesystem"):
        call_command("media_bucket_policy")
