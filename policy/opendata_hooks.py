"""The open-data catalogue's contributions to the home page and to document
downloads, through home's hooks (so that `home` never imports `policy`)."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks

from .catalogue import file_key
from .models import DatasetPage, DocumentPreview, OpenDataPage

HOME_LIMIT = 3


@hooks.register("home_page_sections")
def datasets_section(request: HttpRequest, page) -> dict | None:
    """Featured and recently updated datasets of the catalogue under the home
    page (so in its language), and a link to it; nothing without a live
    catalogue. Four queries (the catalogue, view restrictions, featured, recent)
    whatever the number of datasets."""
    catalogue = OpenDataPage.objects.live().public().child_of(page).first()
    if catalogue is None:
        return None
    datasets = DatasetPage.objects.live().public().child_of(catalogue)
    featured = list(
        datasets.filter(featured=True).order_by("-modified", "title")[:HOME_LIMIT]
    )
    recent = list(
        datasets.exclude(pk__in=[d.pk for d in featured]).order_by(
            "-modified", "title"
        )[:HOME_LIMIT]
    )
    if not featured and not recent:
        return None
    return {
        "template": "policy/opendata/home_datasets.html",
        "order": 40,
        "stylesheets": ["css/opendata.css"],
        "catalogue": catalogue,
        "featured": featured,
        "recent": recent,
    }


@hooks.register("document_text_encoding")
def previewed_encoding(document) -> str | None:
    """The encoding the CSV preview found in the document's current file (read
    by home/downloads.py for the download's charset): one query."""
    data = (
        DocumentPreview.objects.filter(document=document, file_key=file_key(document))
        .values_list("data", flat=True)
        .first()
    )
    return (data or {}).get("encoding") or None
