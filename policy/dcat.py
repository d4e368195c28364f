"""The catalogue as open data about open data: DCAT-AP (one RDF graph, written
as JSON-LD and as Turtle) for the portals that harvest it, and a CSV in the SCDL
« catalogue » schema (OpenDataFrance) for the national inventory.

The graph is built by one function from the datasets the catalogue page reads
(two queries whatever their number); both serialisations come from it, so they
can never disagree. Licences, themes and frequencies are URIs of the vocabularies
DCAT-AP names; dates are typed `xsd:date`. What editors typed is written as text
without the control characters XML cannot carry, and an address that is not a
valid IRI (see addresses.py) is left out: rdflib would refuse the whole graph.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from home.models import SiteSettings
from home.xml_text import plain_text

from .addresses import absolute_address
from .export import CACHE_CONTROL, neutralise
from .file_types import FILE_TYPE_BASE, MEDIA_TYPE_BASE, FileType

if TYPE_CHECKING:
    from .models import DatasetPage, OpenDataPage

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
# A media type as IANA writes them (`text/csv`): anything else an editor typed
# would make an invalid address, which Turtle cannot even be written with.
MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+", re.ASCII)
# The commune's GeoNames address, as the settings form checks it (a value set
# another way is left out rather than written as an address).
GEONAMES = re.compile(r"https://sws\.geonames\.org/[1-9][0-9]*/")
# An e-mail address an IRI may carry after `mailto:`.
EMAIL = re.compile(r"[^\s<>\"{}|\\^`\x00-\x1f\x7f@]+@[^\s<>\"{}|\\^`\x00-\x1f\x7f@]+")
LANGUAGE_BASE = "http://publications.europa.eu/resource/authority/language/"
# The EU's language vocabulary, for the languages the commune may publish in.
LANGUAGES = {
    **{"fr": "FRA", "en": "ENG", "ar": "ARA", "es": "SPA", "it": "ITA"},
    **{"pt": "POR", "tr": "TUR", "de": "DEU"},
}
DATA_THEMES = URIRef("http://publications.europa.eu/resource/authority/data-theme")
# ADMS publisher type of a commune.
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
# Files published at a lasting address (EU « planned availability »).
STABLE = URIRef(
    "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
)
# The catalogue's own description is public data under the Licence Ouverte.
CATALOGUE_LICENCE = "https://spdx.org/licenses/etalab-2.0.html"
# What each licence asks of reusers, in ADMS's licence-type vocabulary.
LICENCE_TYPE_BASE = "http://purl.org/adms/licencetype/"
LICENCE_TYPES = {
    "https://spdx.org/licenses/etalab-2.0.html": ("Attribution",),
    "https://spdx.org/licenses/ODbL-1.0.html": ("Attribution", "ShareAlike"),
}

SCDL_COLUMNS = (
    "COLL_NOM",
    "COLL_SIRET",
    "ID",
    "TITRE",
    "DESCRIPTION",
    "THEME",
    "PRODUCTEUR_NOM",
    "PRODUCTEUR_SIRET",
    "COUV_SPAT_MAILLE",
    "COUV_SPAT_NOM",
    "COUV_TEMP_DEBUT",
    "COUV_TEMP_FIN",
    "DATE_PUBL",
    "FREQ_MAJ",
    "DATE_MAJ",
    "MOTS_CLES",
    "LICENCE",
    "NOMBRE_RESSOURCES",
    "FORMAT_RESSOURCES",
    "URL",
)
# The SCDL's closed lists, from the EU codes the datasets use.
SCDL_FREQUENCIES = {
    "CONT": "Continuelle",
    "DAILY": "Quotidienne ou plusieurs fois par jour",
    "WEEKLY": "Hebdomadaire ou plusieurs fois par semaine",
    "MONTHLY": "Mensuelle ou plusieurs fois par mois",
    "QUARTERLY": "Trimestrielle",
    "ANNUAL": "Annuelle",
    "BIENNIAL": "Biennale",
    "IRREG": "Irrégulière",
    "NEVER": "Ponctuelle",
    "UNKNOWN": "Inconnue",
}
SCDL_LICENCES = {
    "etalab-2.0": "Licence Ouverte-LO",
    "ODbL-1.0": "Open Database License-ODBL",
}


def date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def catalogue_graph(
    page: OpenDataPage, datasets: Sequence[DatasetPage], request: HttpRequest
) -> Graph:
    """The DCAT-AP graph of the catalogue, its datasets and their distributions;
    each node named by the address of its page (a distribution by the file's).
    Every value of a controlled vocabulary is typed with the class DCAT-AP gives
    its property, so that a harvester needs no vocabulary to read it."""
    settings = SiteSettings.for_request(request)
    language = page.locale.language_code

    def absolute(path: str) -> URIRef:
        return URIRef(request.build_absolute_uri(path))

    def text(value: str) -> Literal:
        return Literal(plain_text(value), lang=language)

    def name(value: str) -> Literal:
        return Literal(plain_text(value))

    def typed(node: URIRef, cls: URIRef) -> URIRef:
        graph.add((node, RDF.type, cls))
        return node

    def contact_point(full_name: str, email: str) -> BNode:
        contact = BNode()
        graph.add((contact, RDF.type, VCARD.Kind))
        graph.add((contact, VCARD.fn, name(full_name)))
        if EMAIL.fullmatch(email):
            graph.add((contact, VCARD.hasEmail, URIRef("mailto:" + email)))
        return contact

    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("dcatap", DCATAP)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalogue = absolute(page.get_url(request))
    publisher = URIRef(request.build_absolute_uri("/"))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, name(settings.commune_name)))
    graph.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))
    spatial = (
        typed(URIRef(settings.spatial_identifier), DCTERMS.Location)
        if GEONAMES.fullmatch(settings.spatial_identifier)
        else None
    )
    # The commune's own contact, for datasets that name none.
    commune_contact = (
        contact_point(settings.commune_name, settings.email) if settings.email else None
    )
    licences = {}

    def licence(address: str) -> URIRef:
        if address not in licences:
            licences[address] = typed(URIRef(address), DCTERMS.LicenseDocument)
            for kind in LICENCE_TYPES.get(address, ()):
                graph.add(
                    (
                        licences[address],
                        DCTERMS.type,
                        URIRef(LICENCE_TYPE_BASE + kind),
                    )
                )
        return licences[address]

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, text(page.title)))
    graph.add((catalogue, DCTERMS.description, text(page.introduction or page.title)))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, typed(catalogue, FOAF.Document)))
    graph.add((catalogue, DCTERMS.license, licence(CATALOGUE_LICENCE)))
    graph.add((catalogue, DCAT.themeTaxonomy, typed(DATA_THEMES, SKOS.ConceptScheme)))
    graph.add(
        (
            catalogue,
            DCTERMS.language,
            typed(
                URIRef(LANGUAGE_BASE + LANGUAGES.get(language, "MUL")),
                DCTERMS.LinguisticSystem,
            ),
        )
    )
    if spatial:
        graph.add((catalogue, DCTERMS.spatial, spatial))
    if page.first_published_at:
        graph.add((catalogue, DCTERMS.issued, date(page.first_published_at.date())))
    if datasets:
        graph.add(
            (catalogue, DCTERMS.modified, date(max(d.modified for d in datasets)))
        )
    for dataset in datasets:
        node = absolute(dataset.get_url(request))
        graph.add((catalogue, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.identifier, Literal(str(node))))
        graph.add((node, DCTERMS.title, text(dataset.title)))
        graph.add((node, DCTERMS.description, text(dataset.description)))
        graph.add((node, DCAT.landingPage, typed(node, FOAF.Document)))
        graph.add((node, DCAT.theme, URIRef(dataset.theme_uri)))
        graph.add(
            (
                node,
                DCTERMS.accrualPeriodicity,
                typed(URIRef(dataset.frequency_uri), DCTERMS.Frequency),
            )
        )
        graph.add((node, DCTERMS.issued, date(dataset.issued)))
        graph.add((node, DCTERMS.modified, date(dataset.modified)))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCTERMS.license, licence(dataset.licence_uri)))
        creator = BNode()
        graph.add((node, DCTERMS.creator, creator))
        graph.add((creator, RDF.type, FOAF.Agent))
        graph.add((creator, FOAF.name, name(dataset.producer)))
        graph.add((creator, DCTERMS.type, LOCAL_AUTHORITY))
        for keyword in dataset.keyword_list:
            if plain_text(keyword).strip():
                graph.add((node, DCAT.keyword, text(keyword.strip())))
        if spatial:
            graph.add((node, DCTERMS.spatial, spatial))
        if dataset.temporal_start or dataset.temporal_end:
            period = BNode()
            graph.add((node, DCTERMS.temporal, period))
            graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            if dataset.temporal_start:
                graph.add((period, DCAT.startDate, date(dataset.temporal_start)))
            if dataset.temporal_end:
                graph.add((period, DCAT.endDate, date(dataset.temporal_end)))
        if dataset.contact_name or dataset.contact_email:
            graph.add(
                (
                    node,
                    DCAT.contactPoint,
                    contact_point(
                        dataset.contact_name or dataset.producer,
                        dataset.contact_email or settings.email,
                    ),
                )
            )
        elif commune_contact:
            graph.add((node, DCAT.contactPoint, commune_contact))
        for position, resource in enumerate(dataset.resources.all(), start=1):
            address = absolute_address(request, resource.href)
            distribution = URIRef(f"{node}#resource-{position}")
            graph.add((node, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, text(resource.title)))
            # A file without its own description is described by its dataset's.
            graph.add(
                (
                    distribution,
                    DCTERMS.description,
                    text(resource.description or dataset.description),
                )
            )
            if address:
                graph.add((distribution, DCAT.accessURL, URIRef(address)))
                graph.add((distribution, DCAT.downloadURL, URIRef(address)))
            graph.add((distribution, DCTERMS.license, licence(dataset.licence_uri)))
            graph.add((distribution, DCATAP.availability, STABLE))
            if MEDIA_TYPE.fullmatch(resource.media_type or ""):
                graph.add(
                    (
                        distribution,
                        DCAT.mediaType,
                        typed(
                            URIRef(MEDIA_TYPE_BASE + resource.media_type),
                            DCTERMS.MediaType,
                        ),
                    )
                )
            # Only a code of the list: never an address made of stored text.
            if resource.file_type in FileType.values:
                graph.add(
                    (
                        distribution,
                        DCTERMS["format"],
                        typed(
                            URIRef(FILE_TYPE_BASE + resource.file_type),
                            DCTERMS.MediaTypeOrExtent,
                        ),
                    )
                )
            if resource.byte_size:
                graph.add(
                    (
                        distribution,
                        DCAT.byteSize,
                        Literal(resource.byte_size, datatype=XSD.nonNegativeInteger),
                    )
                )
    add_schema_conformance(graph, datasets, request)
    return graph


def add_schema_conformance(
    graph: Graph, datasets: Sequence[DatasetPage], request: HttpRequest
) -> None:
    """`dct:conformsTo` the schema, for each distribution whose current file
    was checked and conforms to the schema it declares (one with errors, or
    not checked yet, says nothing); the schema is a `dct:Standard` named by its
    published address. One query whatever the number of resources."""
    from .schema_checks import checks_for  # It imports the models.

    numbered = [
        (dataset, position, resource)
        for dataset in datasets
        for position, resource in enumerate(dataset.resources.all(), start=1)
    ]
    checks = checks_for([resource for _d, _p, resource in numbered])
    for dataset, position, resource in numbered:
        check = checks.get(resource.pk)
        schema = resource.schema if resource.schema_id else None
        if check is None or not check.is_valid or schema is None:
            continue
        address = absolute_address(request, schema.url) if schema.url else None
        if not address:
            continue
        node = URIRef(request.build_absolute_uri(dataset.get_url(request)))
        distribution = URIRef(f"{node}#resource-{position}")
        standard = URIRef(address)
        graph.add((distribution, DCTERMS.conformsTo, standard))
        graph.add((standard, RDF.type, DCTERMS.Standard))
        graph.add((standard, DCTERMS.title, Literal(plain_text(schema.title))))
        graph.add(
            (standard, OWL.versionInfo, Literal(plain_text(check.schema_version)))
        )


def dcat_response(
    page: OpenDataPage,
    datasets: Sequence[DatasetPage],
    request: HttpRequest,
    fmt: str,
) -> HttpResponse:
    """The graph as JSON-LD (`fmt="json-ld"`) or Turtle (`fmt="turtle"`)."""
    graph = catalogue_graph(page, datasets, request)
    if fmt == "json-ld":
        body = graph.serialize(
            format="json-ld",
            context={
                "dcat": str(DCAT),
                "dct": str(DCTERMS),
                "dcatap": str(DCATAP),
                "foaf": str(FOAF),
                "vcard": str(VCARD),
                "xsd": str(XSD),
            },
            auto_compact=True,
        )
        content_type = "application/ld+json; charset=utf-8"
        extension = "jsonld"
    else:
        body = graph.serialize(format="turtle")
        content_type = "text/turtle; charset=utf-8"
        extension = "ttl"
    response = HttpResponse(body.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, f"{page.slug}-dcat.{extension}"
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response


def scdl_rows(
    datasets: Sequence[DatasetPage], request: HttpRequest
) -> list[dict[str, str]]:
    """One row per dataset, keyed by the SCDL columns (French values where the
    schema fixes a list). A dataset without a producer SIRET of its own is the
    commune's: it takes the commune's, from the site settings."""
    settings = SiteSettings.for_request(request)
    commune = settings.commune_name
    rows = []
    for dataset in datasets:
        resources = list(dataset.resources.all())
        rows.append(
            {
                "COLL_NOM": commune,
                "COLL_SIRET": settings.siret,
                "ID": dataset.slug,
                "TITRE": dataset.title,
                "DESCRIPTION": dataset.description,
                "THEME": str(dataset.get_theme_display()),
                "PRODUCTEUR_NOM": dataset.producer,
                "PRODUCTEUR_SIRET": dataset.producer_siret or settings.siret,
                "COUV_SPAT_MAILLE": "Communale",
                "COUV_SPAT_NOM": dataset.spatial_coverage,
                "COUV_TEMP_DEBUT": (
                    dataset.temporal_start.isoformat() if dataset.temporal_start else ""
                ),
                "COUV_TEMP_FIN": (
                    dataset.temporal_end.isoformat() if dataset.temporal_end else ""
                ),
                "DATE_PUBL": dataset.issued.isoformat(),
                "FREQ_MAJ": SCDL_FREQUENCIES.get(dataset.frequency, "Inconnue"),
                "DATE_MAJ": dataset.modified.isoformat(),
                "MOTS_CLES": ";".join(dataset.keyword_list),
                "LICENCE": SCDL_LICENCES.get(dataset.licence, "Spécifique ou autre"),
                "NOMBRE_RESSOURCES": str(len(resources)),
                "FORMAT_RESSOURCES": ";".join(f.lower() for f in dataset.formats),
                "URL": request.build_absolute_uri(dataset.get_url(request)),
            }
        )
    return rows


def scdl_response(
    page: OpenDataPage, datasets: Sequence[DatasetPage], request: HttpRequest
) -> HttpResponse:
    """The catalogue as an SCDL CSV: comma-separated UTF-8 with a byte order mark
    (as the plan's export), cells neutralised against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SCDL_COLUMNS)
    for row in scdl_rows(datasets, request):
        writer.writerow([neutralise(row[column]) for column in SCDL_COLUMNS])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        content_type="text/csv; charset=utf-8; header=present",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{page.slug}-catalogue.csv"
    )
    response["Cache-Control"] = CACHE_CONTROL
    return response
