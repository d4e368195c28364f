"""A media storage that fails while an editor uploads: a form error in every
upload view, and no row left behind."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

pytestmark = pytest.mark.django_db

NOT_STORED = "Le fichier n’a pas pu être enregistré"  # the admin speaks French


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (0, 84, 147)).save(buffer, format="PNG")
    return SimpleUploadedFile("plan.png", buffer.getvalue(), "image/png")


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")


def storage_fails():
    return mock.patch.object(
        FileSystemStorage, "_save", side_effect=OSError(28, "No space left on device")
    )


@pytest.mark.parametrize(
    ("view", "upload", "model"),
    [
        ("wagtailimages:add", png, get_image_model),
        ("wagtaildocs:add", pdf, get_document_model),
    ],
)
def test_single_upload_is_a_form_error(admin_client, view, upload, model):
    with storage_fails():
        response = admin_client.post(
            reverse(view),
            {"title": "Stockage en panne", "file": upload()},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert NOT_STORED in " ".join(response.context["form"].errors["file"])
    assert not model().objects.exists()

    # Once the storage is back, the same upload goes through.
    response = admin_client.post(
        reverse(view), {"title": "Stockage revenu", "file": upload()}
    )
    assert response.status_code == 302
    stored = model().objects.get(title="Stockage revenu")
    assert stored.file.storage.exists(stored.file.name)


@pytest.mark.parametrize(
    ("view", "upload", "model"),
    [
        ("wagtailimages:add_multiple", png, get_image_model),
        ("wagtaildocs:add_multiple", pdf, get_document_model),
    ],
)
def test_multiple_upload_is_an_error_for_that_file(admin_client, view, upload, model):
    with storage_fails():
        response = admin_client.post(
            reverse(view), {"files[]": upload()}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert NOT_STORED in data["error_message"]
    assert not model().objects.exists()
    assert not UploadedFile.objects.exists()

    response = admin_client.post(reverse(view), {"files[]": upload()})
    assert response.json()["success"] is True
    assert model().objects.count() == 1
