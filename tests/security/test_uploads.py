"""Hostile uploads through the admin's add-image and add-document views: a form
error, never a 500, no row created and no file left in the media folder."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes declaring a 900-megapixel image (what a decompression
    bomb looks like before it is decoded)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bomb.png", bomb_png()),
        ("wide.png", bomb_png(width=200_000, height=250)),
        ("truncated.png", bomb_png(width=400, height=300)[:60]),
        ("page.png", HTML),
        ("page.jpg", b"\xff\xd8\xff\xe0" + HTML),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.html", HTML),
    ],
)
def test_a_hostile_image_is_a_form_error(admin_client, name, content):
    before = media_files()
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Hostile",
            "description": "Hostile",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="Hostile").exists()
    assert media_files() == before


@pytest.mark.django_db
def test_the_image_limits_are_set():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", HTML),
        ("report.pdf", b"GIF89a" + HTML),
        ("table.xlsx", HTML),
        ("data.json", HTML),
        ("page.html", HTML),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("table.csv", b"a,b\x00\x00" + HTML),
    ],
)
def test_a_disguised_document_is_a_form_error(admin_client, name, content):
    before = media_files()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Disguised", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.filter(title="Disguised").exists()
    assert media_files() == before
