"""Resources checked against their national schema, in Chromium: the demo's
dataset of digital-inclusion places says which file conforms and which does
not, its public report lists the errors in French, and a writer reads the same
report from the dataset's edit form. axe-core finds no violation on the public
pages, in light and dark colour schemes. A manager declares a schema for a new
CSV resource through the admin, reads the report of the broken file, replaces
it with the fixed one, and the dataset page and DCAT say it conforms (axe-core
on the admin's report too)."""

from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from rdflib import Graph, URIRef, namespace

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in
from tests.browser.test_admin_browser import admin_page, edit_link  # noqa: F401

pytestmark = pytest.mark.browser

DATASET = "/donnees-ouvertes/lieux-mediation-numerique/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_dataset_page_and_its_public_report(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    response = page.goto(site_url + DATASET)
    assert response.status == 200
    valid = page.locator(".opendata-schema--valid")
    invalid = page.locator(".opendata-schema--invalid")
    assert valid.count() == 1 and invalid.count() == 1
    assert "Conforme au schéma « Lieux de médiation numérique » version v1.0.1" in (
        valid.inner_text()
    )
    assert "4 erreurs au regard du schéma" in invalid.inner_text()
    assert_no_violations(page)

    with page.expect_navigation():
        invalid.get_by_role("link").click()
    assert page.locator("h1").inner_text() == (
        "Contrôle du schéma de « Ancien export (CSV) »"
    )
    rows = page.locator("table.schema-report tbody tr")
    assert rows.count() == 4
    first = rows.first.locator("td").all_inner_texts()
    assert first[:2] == ["2", "code_postal (colonne 5)"]
    assert "n’a pas la forme attendue" in first[2]
    headers = page.locator("table.schema-report th").all_inner_texts()
    assert headers == ["Ligne", "Colonne", "Ce qui ne va pas", "Comment le corriger"]
    assert_no_violations(page)


def test_a_writer_reads_the_report_from_the_edit_form(
    admin_page,  # noqa: F811 (the admin's fixture, imported above)
    site_url,
):
    page = admin_page
    sign_in(page, site_url, "editeur")
    page.goto(edit_link(page, site_url, DATASET))
    panels = page.locator("[data-schema-check]")
    assert panels.count() == 2
    assert "Le fichier est conforme au schéma" in panels.first.inner_text()
    broken = panels.filter(has_text="4 erreurs au regard du schéma")
    with page.expect_navigation():
        broken.get_by_role("link").click()
    assert page.title().startswith("Contrôle du schéma")
    rows = page.locator("table.schema-report tbody tr")
    assert rows.count() == 4
    assert "AAAA-MM-JJ" in rows.nth(1).inner_text()


OPENDATA = Path(__file__).parents[2] / "policy" / "demo_data" / "opendata"
BROKEN = OPENDATA / "lieux-mediation-numerique-ancien-export-demo.csv"
FIXED = OPENDATA / "lieux-mediation-numerique-demo.csv"
BUDGET = "/donnees-ouvertes/budget-schema-directeur/"
BUDGET_TITLE = "Budget du schéma directeur par axe"
MEDIATION_URL = (
    "https://github.com/LaMednum/standard-mediation-num/blob/v1.0.1/schema.json"
)
DOCUMENT_TITLE = "Lieux de médiation par quartier (essai)"


def csv_file(path: Path) -> dict:
    """The file as the editor's computer gives it, under the same name twice."""
    return {
        "name": "lieux-par-quartier.csv",
        "mimeType": "text/csv",
        "buffer": path.read_bytes(),
    }


def conforming_distributions(page, site_url: str) -> list[str]:
    """The files of the budget dataset that DCAT says follow the schema."""
    response = page.request.get(site_url + "/donnees-ouvertes/dcat/turtle/")
    assert response.status == 200
    graph = Graph().parse(data=response.text(), format="turtle")
    dataset = next(
        node
        for node in graph.subjects(namespace.DCTERMS.title, None)
        if str(graph.value(node, namespace.DCTERMS.title)) == BUDGET_TITLE
    )
    return [
        str(distribution)
        for distribution in graph.objects(dataset, namespace.DCAT.distribution)
        if URIRef(MEDIATION_URL)
        in graph.objects(distribution, namespace.DCTERMS.conformsTo)
    ]


def test_a_manager_declares_a_schema_reads_the_report_and_fixes_the_file(
    admin_page,  # noqa: F811 (the admin's fixture, imported above)
    site_url,
):
    """Issue #23's editor flow, as a manager (« Responsables ») does it: a CSV
    resource added to a dataset, its file uploaded through the document
    chooser, the schema chosen, published; the report read in French; the
    document's file replaced by the fixed one; the dataset page and DCAT then
    say it conforms."""
    page = admin_page
    sign_in(page, site_url, "responsable")
    edit_url = edit_link(page, site_url, BUDGET)
    page.goto(edit_url)
    assert conforming_distributions(page, site_url) == []

    # A new resource, its file uploaded in the chooser's upload tab.
    number = int(page.locator("#id_resources-TOTAL_FORMS").input_value())
    page.locator("#id_resources-ADD").click()
    prefix = f"resources-{number}"
    page.locator(f"input[name='{prefix}-title']").fill("Lieux par quartier (CSV)")
    chooser = page.locator(f"#{prefix}-document-chooser, #id_{prefix}-document-chooser")
    chooser.locator("[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-dialog")
    modal.locator("a[href='#tab-upload']").click()
    modal.locator("#id_document-chooser-upload-title").fill(DOCUMENT_TITLE)
    modal.locator("#id_document-chooser-upload-file").set_input_files(csv_file(BROKEN))
    modal.locator("#tab-upload button[type='submit']").click()
    expect(modal).to_be_hidden()
    expect(chooser).to_contain_text(DOCUMENT_TITLE)
    schema = page.locator(f"select[name='{prefix}-schema']")
    schema.select_option(label="Lieux de médiation numérique (v1.0.1)")
    with page.expect_navigation():
        page.locator("button[name='action-publish']").evaluate("b => b.click()")
    assert page.locator(".messages .error, .help-critical").count() == 0

    # The edit form says the file does not conform and links to the report.
    page.goto(edit_url)
    panel = page.locator("[data-schema-check]").filter(
        has_text="4 erreurs au regard du schéma"
    )
    expect(panel).to_have_count(1)
    with page.expect_navigation():
        panel.get_by_role("link").click()
    assert page.title().startswith("Contrôle du schéma")
    rows = page.locator("table.schema-report tbody tr")
    assert rows.count() == 4
    first = rows.first.locator("td").all_inner_texts()
    assert first[:2] == ["2", "code_postal (colonne 5)"]
    assert "n’a pas la forme attendue" in first[2]
    assert_no_violations(page)

    # The fixed file replaces the broken one, in Documents.
    page.goto(site_url + "/admin/documents/?q=" + quote("par quartier"))
    with page.expect_navigation():
        page.get_by_role("link", name=DOCUMENT_TITLE).first.click()
    page.locator("input[type='file'][name='file']").set_input_files(csv_file(FIXED))
    with page.expect_navigation():
        page.locator("form[enctype] button[type='submit']").first.click()

    page.goto(site_url + BUDGET)
    valid = page.locator(".opendata-schema--valid")
    expect(valid).to_have_count(1)
    assert "Conforme au schéma « Lieux de médiation numérique » version v1.0.1" in (
        " ".join(valid.inner_text().split())
    )
    assert page.locator(".opendata-schema--invalid").count() == 0
    assert len(conforming_distributions(page, site_url)) == 1
