"""The demo catalogue's DCAT-AP export, in French and in English, conforms to
SEMICeu's DCAT-AP 3.0.1 SHACL shapes (mandatory, recommended, ranges and
controlled vocabularies), read from tests/schemas/dcat-ap-3.0.1 with the subsets
of the EU vocabularies it uses: nothing is fetched from the network."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SH

from policy.file_types import FileType
from policy.models import OpenDataPage
from tests.tree import DemoTestCase

SHAPES = Path(__file__).resolve().parent.parent / "schemas" / "dcat-ap-3.0.1"
SHAPE_FILES = (
    "shapes.ttl",
    "shapes_recommended.ttl",
    "range.ttl",
    "mdr-vocabularies.shape.ttl",
)
# The warnings left, each because the site truly lacks the information: a
# commune is no body of the EU's corporate-body table (its publisher is its own
# address, as DCAT-AP allows), and the site keeps no geometry of the commune
# (its GeoNames feature holds the centroid and bounding box). Every period
# covered has an end: SCDL requires it to publish.
ACCEPTED_WARNINGS = {
    "A non EU managed concept is used to indicate the publisher, check if a "
    "corresponding exists in the EU corporates bodies NAL",
    "Less than 1 values on <https://sws.geonames.org/3020495/>->dcat:bbox",
    "Less than 1 values on <https://sws.geonames.org/3020495/>->dcat:centroid",
}


@cache
def shapes() -> Graph:
    graph = Graph()
    for name in SHAPE_FILES:
        graph.parse(SHAPES / name, format="turtle")
    return graph


@cache
def vocabularies() -> Graph:
    graph = Graph()
    for path in sorted((SHAPES / "vocabularies").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def results(data: Graph, severity) -> list[str]:
    """The results of `severity`, one readable line each: the node, the path,
    the value and the message."""
    conforms, report, _text = validate(
        data + vocabularies(),
        shacl_graph=shapes(),
        inference="none",
        allow_warnings=True,
    )
    lines = []
    # The report's own results (each may carry nested sh:detail results).
    for result in report.objects(None, SH.result):
        if report.value(result, SH.resultSeverity) != severity:
            continue
        parts = [
            f"{name}={report.value(result, predicate)}"
            for name, predicate in (
                ("node", SH.focusNode),
                ("path", SH.resultPath),
                ("value", SH.value),
            )
            if report.value(result, predicate) is not None
        ]
        # The shape's own description says what to do; pyshacl's message,
        # what failed.
        shape = report.value(result, SH.sourceShape)
        message = shapes().value(shape, SH.description) or report.value(
            result, SH.resultMessage
        )
        lines.append(" ".join(parts) + f" — {message}")
    return sorted(set(lines))


def test_the_vocabulary_subsets_hold_every_format_offered():
    file_type = Namespace("http://publications.europa.eu/resource/authority/file-type/")
    concepts = set(vocabularies().subjects(RDF.type, None))
    missing = [code for code in FileType.values if file_type[code] not in concepts]
    assert missing == []


class DemoCatalogueShapesTests(DemoTestCase):
    def graph(self, language: str, route: str, fmt: str) -> Graph:
        catalogue = OpenDataPage.objects.get(locale__language_code=language)
        response = self.client.get(catalogue.url + route)
        self.assertEqual(response.status_code, 200)
        return Graph().parse(data=response.content.decode(), format=fmt)

    def test_no_violation_in_either_language_or_serialisation(self):
        for language in ("fr", "en"):
            for route, fmt in (("dcat/turtle/", "turtle"), ("dcat/jsonld/", "json-ld")):
                with self.subTest(language=language, fmt=fmt):
                    violations = results(self.graph(language, route, fmt), SH.Violation)
                    self.assertEqual(violations, [], "\n".join(violations))

    def test_only_the_warnings_the_site_cannot_answer(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                warnings = results(
                    self.graph(language, "dcat/turtle/", "turtle"), SH.Warning
                )
                print(f"DCAT-AP warnings ({language}):", *warnings, sep="\n  ")
                unexpected = [
                    line
                    for line in warnings
                    if not any(line.endswith(w) for w in ACCEPTED_WARNINGS)
                ]
                self.assertEqual(unexpected, [], "\n".join(unexpected))
