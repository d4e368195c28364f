"""The formats a resource may declare: codes of the EU « file type » authority
table (http://publications.europa.eu/resource/authority/file-type), which DCAT-AP
asks for, with the IANA media type each usually travels with. The common open
formats come first, so that the admin's list starts with them.

No export ever builds an address from what an editor typed: the code comes
from this closed list, the free label is only shown."""

from __future__ import annotations

import posixpath

from django import forms
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE_BASE = "https://www.iana.org/assignments/media-types/"


class FileType(models.TextChoices):
    """Codes of the EU file-type table; labels as people name the formats."""

    CSV = "CSV", "CSV"
    JSON = "JSON", "JSON"
    GEOJSON = "GEOJSON", "GeoJSON"
    XLSX = "XLSX", _("Excel spreadsheet (XLSX)")
    ODS = "ODS", _("OpenDocument spreadsheet (ODS)")
    PDF = "PDF", "PDF"
    ZIP = "ZIP", _("ZIP archive")
    XML = "XML", "XML"
    TSV = "TSV", "TSV"
    TXT = "TXT", _("Plain text (TXT)")
    HTML = "HTML", "HTML"
    PARQUET = "PARQUET", "Parquet"
    SHP = "SHP", "Shapefile"
    GPKG = "GPKG", "GeoPackage"
    KML = "KML", "KML"
    KMZ = "KMZ", "KMZ"
    GML = "GML", "GML"
    RDF_TURTLE = "RDF_TURTLE", _("RDF (Turtle)")
    RDF_XML = "RDF_XML", _("RDF (RDF/XML)")
    JSON_LD = "JSON_LD", "JSON-LD"
    XLS = "XLS", _("Excel spreadsheet, old format (XLS)")
    ODT = "ODT", _("OpenDocument text (ODT)")
    DOCX = "DOCX", _("Word document (DOCX)")
    PNG = "PNG", _("PNG image")
    JPEG = "JPEG", _("JPEG image")
    SVG = "SVG", _("SVG image")
    GZIP = "GZIP", _("GZIP archive")
    SQL = "SQL", "SQL"


MEDIA_TYPES = {
    FileType.CSV: "text/csv",
    FileType.JSON: "application/json",
    FileType.GEOJSON: "application/geo+json",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.PDF: "application/pdf",
    FileType.ZIP: "application/zip",
    FileType.XML: "application/xml",
    FileType.TSV: "text/tab-separated-values",
    FileType.TXT: "text/plain",
    FileType.HTML: "text/html",
    FileType.PARQUET: "application/vnd.apache.parquet",
    FileType.GPKG: "application/geopackage+sqlite3",
    FileType.KML: "application/vnd.google-earth.kml+xml",
    FileType.KMZ: "application/vnd.google-earth.kmz",
    FileType.GML: "application/gml+xml",
    FileType.RDF_TURTLE: "text/turtle",
    FileType.RDF_XML: "application/rdf+xml",
    FileType.JSON_LD: "application/ld+json",
    FileType.XLS: "application/vnd.ms-excel",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.SVG: "image/svg+xml",
    FileType.GZIP: "application/gzip",
    FileType.SQL: "application/sql",
}

# File extensions (and the last part of an address such as `…/csv/`) that are
# not simply the code in lower case.
EXTENSIONS = {
    "geojson": FileType.GEOJSON,
    "jpg": FileType.JPEG,
    "jpeg": FileType.JPEG,
    "ttl": FileType.RDF_TURTLE,
    "rdf": FileType.RDF_XML,
    "jsonld": FileType.JSON_LD,
    "gz": FileType.GZIP,
    "htm": FileType.HTML,
    "txt": FileType.TXT,
    "tab": FileType.TSV,
}
# How editors wrote formats before they were codes (compared in lower case,
# without spaces, dashes and dots).
ALIASES = {
    "shapefile": FileType.SHP,
    "geopackage": FileType.GPKG,
    "turtle": FileType.RDF_TURTLE,
    "rdfxml": FileType.RDF_XML,
    "jsonld": FileType.JSON_LD,
    "excel": FileType.XLSX,
    "text": FileType.TXT,
}
BY_MEDIA_TYPE = {media_type: code for code, media_type in MEDIA_TYPES.items()}


def file_type_label(code: str) -> str:
    """How people name the format of `code` (the code itself if the list no
    longer holds it, "" for none)."""
    return str(dict(FileType.choices).get(code, code))


def _squeezed(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum() or c == "_")


def file_type_from_text(text: str) -> str:
    """The code a format written as free text names (`csv`, `GeoJSON`,
    `Shapefile`), or "" when it names none exactly."""
    key = _squeezed(text)
    if not key:
        return ""
    for code in FileType.values:
        if key == _squeezed(code):
            return code
    return ALIASES.get(key) or EXTENSIONS.get(key) or ""


def file_type_from_name(name: str, media_type: str = "") -> str:
    """The code of a file, from its media type if known, else from its name's
    extension (an address ending in `/csv/` counts as `.csv`); "" if none."""
    if code := BY_MEDIA_TYPE.get(media_type.split(";")[0].strip().lower()):
        return code
    path = name.split("?")[0].split("#")[0].rstrip("/")
    extension = posixpath.splitext(path)[1][1:].lower()
    if not extension and path.rsplit("/", 1)[-1].lower() in ("csv", "json"):
        extension = path.rsplit("/", 1)[-1].lower()
    if not extension:
        return ""
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    upper = extension.upper()
    return upper if upper in FileType.values else ""


class FileTypeInput(forms.TextInput):
    """The format as a text box searchable by code or name: the browser offers
    the list (an `<input list>` and its `<datalist>`, common formats first) as
    the editor types, with no script (the admin's CSP allows none inline) and a
    plain text box where a browser has no list. What is typed (`csv`,
    `GeoJSON`, `Shapefile`, `XLSX`, or a name as the list gives it) becomes the
    code; anything else is posted as typed, and the field's list of choices
    refuses it with a form error."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "size": 24, **(attrs or {})}
        )

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = self.list_id(context["widget"]["attrs"])
        return context

    @staticmethod
    def list_id(attrs: dict) -> str:
        return f"{attrs.get('id') or 'file-type'}-list"

    def render(self, name, value, attrs=None, renderer=None) -> str:
        box = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', FileType.choices
        )
        list_id = self.list_id(self.build_attrs(self.attrs, attrs))
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)

    def value_from_datadict(self, data, files, name: str):
        typed = (super().value_from_datadict(data, files, name) or "").strip()
        if not typed or typed in FileType.values:
            return typed
        names = {str(label).casefold(): code for code, label in FileType.choices}
        return names.get(typed.casefold()) or file_type_from_text(typed) or typed
