"""The files the download tests upload and read back: a UTF-8 CSV, a gzipped
CSV and a CSV whose name is not ASCII, with what each download must say."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

CSV = "commune;habitants\nÉchirolles;37 000\nGrenoble;157 000\n".encode()


@dataclass(frozen=True)
class Sample:
    name: str
    content: bytes
    content_type: str
    disposition: str


SAMPLES = [
    Sample(
        "habitants.csv",
        CSV,
        "text/csv; charset=utf-8",
        'attachment; filename="habitants.csv"',
    ),
    Sample(
        # mtime=0: the same bytes on every run.
        "habitants.csv.gz",
        gzip.compress(CSV, mtime=0),
        "application/gzip",
        'attachment; filename="habitants.csv.gz"',
    ),
    Sample(
        "données-élèves.csv",
        CSV,
        "text/csv; charset=utf-8",
        'attachment; filename="donnees-eleves.csv"; '
        "filename*=UTF-8''donn%C3%A9es-%C3%A9l%C3%A8ves.csv",
    ),
]


def upload(admin_client, sample: Sample):
    """The document as an editor adds it. The admin accepts no `.gz` file
    (WAGTAILDOCS_EXTENSIONS): that one is saved as a script or an import would,
    without the hash Wagtail's form computes."""
    if sample.name.endswith(".gz"):
        return get_document_model().objects.create(
            title=sample.name, file=ContentFile(sample.content, name=sample.name)
        )
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": sample.name, "file": SimpleUploadedFile(sample.name, sample.content)},
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_document_model().objects.get(title=sample.name)
