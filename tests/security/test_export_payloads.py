"""Every public export answers 200 whatever an editor typed: hostile text in every
field it carries is escaped (or, in an address, left out), never a 500. Each
answer is read back by the parser its consumers use (rdflib, csv, feedparser and
ElementTree, json), to prove it is well formed and that the text did not add
structure of its own (a triple, a row, a feed item, a key)."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD
from wagtail.models import Page

from news.models import NewsCategory, NewsIndexPage, NewsPage
from policy.dcat import DCATAP, SCDL_COLUMNS, SKOS, VCARD
from policy.export import COLUMNS
from policy.models import ActionIndicator, ActionPage, DatasetPage, DatasetResource
from tests.policy.test_opendata import add_catalogue, make_dataset
from tests.security.payloads import (
    CONTROL_CHARACTERS,
    HOSTILE_ADDRESSES,
    HOSTILE_TEXTS,
    fit,
)

pytestmark = pytest.mark.django_db

# The vocabularies DCAT-AP 3 uses: DCAT, Dublin Core, FOAF, vCard, DCAT-AP's own
# (availability), OWL (a schema's version) and SKOS (the theme taxonomy).
NAMESPACES = tuple(
    str(ns) for ns in (DCAT, DCTERMS, FOAF, RDF, VCARD, XSD, DCATAP, OWL, SKOS)
)
# An IRI as RFC 3987 allows it, in the schemes the graph uses.
IRI = re.compile(
    r"(https?://[^\s<>\"{}|\\^`\x00-\x1f/?#]+[^\s<>\"{}|\\^`\x00-\x1f]*|mailto:\S+)"
)
ATOM = "{http://www.w3.org/2005/Atom}"


def shown(text: str) -> str:
    """What XML and RDF carry of a text: the same, control characters out."""
    return "".join(c for c in text if c not in CONTROL_CHARACTERS)


def read_in_xml(text: str) -> str:
    """What an XML parser reads of a text: line ends normalised (XML 1.0, 2.11)."""
    return shown(text).replace("\r\n", "\n").replace("\r", "\n")


def fitted(model, field: str, text: str) -> str:
    return fit(text, model._meta.get_field(field))


def poison(model, pk: int, fields: tuple[str, ...], text: str) -> dict[str, str]:
    """Write `text` (cut to each field's length) into the fields, as stored."""
    values = {field: fitted(model, field, text) for field in fields}
    model.objects.filter(pk=pk).update(**values)
    return values


# Datasets ----------------------------------------------------------------------

DATASET_FIELDS = ("description", "keywords", "producer", "spatial_coverage")
RESOURCE_FIELDS = ("title", "description", "format", "media_type")


def catalogue_with(home, text: str | None = None, url: str | None = None):
    catalogue = add_catalogue(home)
    dataset = make_dataset(catalogue, 1, contact_name="Service")
    resource = dataset.resources.get()
    if text is not None:
        poison(Page, dataset.pk, ("title",), text)
        poison(DatasetPage, dataset.pk, (*DATASET_FIELDS, "contact_name"), text)
        poison(DatasetResource, resource.pk, RESOURCE_FIELDS, text)
    if url is not None:
        poison(DatasetResource, resource.pk, ("url",), url)
    return catalogue, DatasetPage.objects.get(pk=dataset.pk)


def read_graph(client, catalogue, kind: str, fmt: str) -> Graph:
    response = client.get(f"{catalogue.url}dcat/{kind}/")
    assert response.status_code == 200
    graph = Graph().parse(data=response.content.decode("utf-8"), format=fmt)
    for term in {t for triple in graph for t in triple}:
        if isinstance(term, URIRef):
            assert IRI.fullmatch(str(term)), term
            assert not str(term).startswith("http://evil.example"), term
    for predicate in graph.predicates():
        assert str(predicate).startswith(NAMESPACES), predicate
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1
    assert len(list(graph.subjects(RDF.type, DCAT.Distribution))) == 1
    return graph


def read_scdl(client, catalogue) -> dict[str, str]:
    response = client.get(f"{catalogue.url}catalogue/csv/")
    assert response.status_code == 200
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    )
    assert rows[0] == list(SCDL_COLUMNS)
    assert len(rows) == 2 and len(rows[1]) == len(SCDL_COLUMNS)
    return dict(zip(SCDL_COLUMNS, rows[1], strict=True))


@pytest.mark.parametrize("kind", HOSTILE_TEXTS)
def test_the_catalogue_exports_hostile_text(client, home, kind):
    text = HOSTILE_TEXTS[kind]
    catalogue, dataset = catalogue_with(home, text=text)
    graphs = [
        read_graph(client, catalogue, "turtle", "turtle"),
        read_graph(client, catalogue, "jsonld", "json-ld"),
    ]
    for graph in graphs:
        node = graph.value(predicate=RDF.type, object=DCAT.Dataset)
        assert str(graph.value(node, DCTERMS.title)) == shown(dataset.title)
        assert str(graph.value(node, DCTERMS.description)) == shown(dataset.description)
        distribution = graph.value(node, DCAT.distribution)
        assert str(graph.value(distribution, DCTERMS.title)) == shown(
            fitted(DatasetResource, "title", text)
        )
        keywords = {str(k) for k in graph.objects(node, DCAT.keyword)}
        assert keywords == {shown(k) for k in dataset.keyword_list} - {""}
        assert graph.value(distribution, DCAT.accessURL) == URIRef(
            "https://example.org/data.json"
        )
    assert len(graphs[0]) == len(graphs[1])
    row = read_scdl(client, catalogue)
    assert row["TITRE"] == dataset.title
    assert row["DESCRIPTION"] == dataset.description


@pytest.mark.parametrize("kind", HOSTILE_ADDRESSES)
def test_the_catalogue_leaves_out_invalid_addresses(client, home, kind):
    url = HOSTILE_ADDRESSES[kind]
    catalogue, _dataset = catalogue_with(home, url=url)
    for fmt, parser in (("turtle", "turtle"), ("jsonld", "json-ld")):
        graph = read_graph(client, catalogue, fmt, parser)
        addresses = set(graph.objects(None, DCAT.accessURL))
        expected = {URIRef(url)} if kind == "long" else set()
        assert addresses == expected
        assert set(graph.objects(None, DCAT.downloadURL)) == expected
    read_scdl(client, catalogue)


@pytest.mark.parametrize("kind", HOSTILE_ADDRESSES)
def test_the_dataset_page_leaves_out_invalid_addresses(client, home, kind):
    url = HOSTILE_ADDRESSES[kind]
    _catalogue, dataset = catalogue_with(home, url=url)
    response = client.get(dataset.url)
    assert response.status_code == 200
    document = BeautifulSoup(response.content, "html.parser")
    links = [a["href"] for a in document.select(".opendata-download a")]
    assert links == ([url] if kind == "long" else [])
    [data] = [
        item
        for script in document.select('script[type="application/ld+json"]')
        for item in structured_items(json.loads(script.string))
        if item.get("@type") == "Dataset"
    ]
    addresses = [d.get("contentUrl") for d in data["distribution"]]
    assert addresses == ([url] if kind == "long" else [None])


@pytest.mark.parametrize("kind", HOSTILE_ADDRESSES)
def test_the_resource_form_refuses_invalid_addresses(kind):
    url = HOSTILE_ADDRESSES[kind]
    resource = DatasetResource(title="Données", url=url)
    if kind == "long":
        resource.full_clean(exclude=["page", "translation_key", "locale"])
    else:
        with pytest.raises(ValidationError) as error:
            resource.full_clean(exclude=["page", "translation_key", "locale"])
        assert "url" in error.value.message_dict


def structured_items(data) -> list[dict]:
    if isinstance(data, list):
        return data
    return data.get("@graph", [data])


@pytest.mark.parametrize("kind", HOSTILE_ADDRESSES)
def test_the_dataset_api_exports_hostile_text(client, home, kind):
    text = HOSTILE_TEXTS["long"] + HOSTILE_TEXTS["control"]
    url = HOSTILE_ADDRESSES[kind]
    _catalogue, dataset = catalogue_with(home, text=text, url=url)
    response = client.get(f"/api/v2/pages/{dataset.pk}/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["title"] == dataset.title
    assert data["description"] == dataset.description
    [resource] = data["resources"]
    assert resource["download_url"] == (url if kind == "long" else None)


# The plan ------------------------------------------------------------------------

ACTION_FIELDS = ("introduction", "department")


@pytest.mark.parametrize("kind", HOSTILE_TEXTS)
def test_the_plan_exports_hostile_text(client, plan, kind):
    text = HOSTILE_TEXTS[kind]
    for page in (plan.axis, plan.objective, *plan.actions.values()):
        poison(Page, page.pk, ("title",), text)
    for action in plan.actions.values():
        poison(ActionPage, action.pk, ACTION_FIELDS, text)
    for indicator in ActionIndicator.objects.all():
        poison(ActionIndicator, indicator.pk, ("name", "unit"), text)
    title = fitted(Page, "title", text)
    count = len(plan.actions)

    response = client.get(plan.plan.url + "actions/csv/")
    assert response.status_code == 200
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    )
    assert rows[0] == list(COLUMNS) and len(rows) == count + 1
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row, strict=True))
        assert record["title"] == record["axis"] == title

    response = client.get(plan.plan.url + "actions/json/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert len(data["actions"]) == count
    for record in data["actions"]:
        assert set(record) == set(COLUMNS)
        assert record["title"] == record["objective"] == title
        assert record["summary"] == fitted(ActionPage, "introduction", text)

    action = next(iter(plan.actions.values()))
    response = client.get(f"/api/v2/pages/{action.pk}/")
    assert response.status_code == 200
    assert json.loads(response.content)["title"] == title


# News feeds and the sitemap --------------------------------------------------------


@pytest.mark.parametrize("kind", HOSTILE_TEXTS)
def test_the_feeds_and_sitemap_carry_hostile_text(
    client, news_index, categories, make_article, kind
):
    text = HOSTILE_TEXTS[kind]
    category = categories["evenements"]
    article = make_article(categories=[category])
    poison(Page, article.pk, ("title",), text)
    poison(NewsPage, article.pk, ("introduction",), text)
    poison(NewsCategory, category.pk, ("name", "description"), text)
    poison(NewsIndexPage, news_index.pk, ("introduction",), text)
    title = read_in_xml(fitted(Page, "title", text))
    base = news_index.url
    for path in ("rss/", "atom/", f"categories/{category.slug}/rss/"):
        response = client.get(base + path)
        assert response.status_code == 200, path
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        root = ElementTree.fromstring(response.content)
        if path.endswith("atom/"):
            entries = root.findall(f"{ATOM}entry")
            titles = [e.findtext(f"{ATOM}title") for e in entries]
        else:
            entries = root.findall("channel/item")
            titles = [e.findtext("title") for e in entries]
        assert len(entries) == len(parsed.entries)
        assert title in titles, path
    response = client.get(base + f"categories/{category.slug}/atom/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [title]
    assert root.findtext(f"{ATOM}subtitle") == read_in_xml(
        fitted(NewsCategory, "description", text)
    )

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ElementTree.fromstring(response.content)
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    assert json.loads(response.content)["title"] == fitted(Page, "title", text)
