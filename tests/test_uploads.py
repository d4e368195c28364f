"""Editors' uploads: a broken or disguised file is a form error, never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (0, 84, 147)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("not-an-image.png", b"this is plain text, not a PNG"),
        ("truncated.png", png_bytes()[:40]),
        ("script.svg.png", b"<svg onload='alert(1)'></svg>"),
        ("empty.jpg", b""),
    ],
)
def test_a_broken_image_is_a_form_error(admin_client, name, content):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Broken", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="Broken").exists()


@pytest.mark.django_db
def test_a_real_image_is_accepted(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Blue",
            "description": "A blue rectangle",
            "file": SimpleUploadedFile("blue.png", png_bytes()),
        },
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Blue")
    assert (image.width, image.height) == (40, 30)


@pytest.mark.django_db
def test_a_document_of_a_forbidden_type_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Program", "file": SimpleUploadedFile("setup.exe", b"MZ\x90\x00")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.filter(title="Program").exists()


@pytest.mark.django_db
def test_editing_an_image_without_a_new_file_keeps_it(admin_client):
    image = get_image_model().objects.create(
        title="Before",
        file=SimpleUploadedFile("keep.png", png_bytes()),
        description="Kept",
    )
    url = reverse("wagtailimages:edit", args=[image.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"title": "After", "description": "Kept"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "After"
    assert image.file.name.endswith(".png") and image.width == 40
