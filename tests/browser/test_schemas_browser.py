"""Resources checked against their national schema, in Chromium: the demo's
dataset of digital-inclusion places says which file conforms and which does
not, its public report lists the errors in French, and a writer reads the same
report from the dataset's edit form. axe-core finds no violation on the public
pages, in light and dark colour schemes."""

import pytest

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
