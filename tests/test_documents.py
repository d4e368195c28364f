"""Document links tell residents the format and size before they download."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from home.models import ContentPage
from tests.helpers import add_page, soup


def page_with_document(home, document) -> ContentPage:
    return add_page(
        home,
        ContentPage(
            title="Comptes rendus",
            slug="comptes-rendus",
            body=[("document", {"document": document, "title": "Conseil de mars"})],
        ),
    )


@pytest.mark.django_db
def test_a_document_link_shows_its_format_and_size(client, home):
    document = get_document_model().objects.create(
        title="Conseil", file=ContentFile(b"x" * 2048, name="conseil.pdf")
    )
    response = client.get(page_with_document(home, document).url)
    assert response.status_code == 200
    link = soup(response).select_one(".document-link a")
    assert link["href"] == document.url
    assert " ".join(link.select_one(".document-link__meta").text.split()) == (
        "(PDF, 2,0 Kio)"
    )


@pytest.mark.django_db
def test_a_document_whose_file_is_missing_still_renders(client, home):
    document = get_document_model().objects.create(
        title="Conseil", file=ContentFile(b"%PDF", name="perdu.pdf")
    )
    document.file.delete(save=False)
    get_document_model().objects.filter(pk=document.pk).update(
        file="documents/perdu.pdf", file_size=None
    )
    response = client.get(page_with_document(home, document).url)
    assert response.status_code == 200
    meta = soup(response).select_one(".document-link .document-link__meta")
    assert meta.text == "(PDF)"
