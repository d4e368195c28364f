"""The open-data catalogue in Chromium, in French and English: filtering by
theme, opening a dataset, its preview and its chart; axe-core finds no
violation, in light and dark colour schemes; nothing is loaded from elsewhere."""

import re

import pytest

from policy.file_types import FileType
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in
from tests.browser.test_admin_browser import admin_page, edit_link  # noqa: F401

pytestmark = pytest.mark.browser

CATALOGUES = [
    (
        "/donnees-ouvertes/",
        "fr",
        re.compile(r"^2 jeux de données correspondent à votre recherche\.$"),
        "Fréquentation des ateliers d'inclusion numérique",
        "Lieux de médiation numérique",
        "Graphique de la colonne « participants »",
    ),
    (
        "/en/open-data/",
        "en",
        re.compile(r"^2 datasets match your search\.$"),
        "Digital inclusion workshop attendance",
        "Digital inclusion places",
        "Chart of the column “participants”",
    ),
]


@pytest.mark.parametrize(
    ("path", "lang", "announced", "title", "other", "chart_summary"),
    CATALOGUES,
    ids=["french", "english"],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_find_a_dataset_and_preview_it(
    page, site_url, path, lang, announced, title, other, chart_summary, scheme
):
    page.emulate_media(color_scheme=scheme)
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(site_url) else elsewhere.append(request.url)
        ),
    )
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator(".opendata-card").count() == 7
    assert_no_violations(page)

    page.select_option("#opendata-theme", "SOCI")
    with page.expect_navigation():
        page.locator(".opendata-filters button[type='submit']").click()
    assert page.url.endswith(path + "?theme=SOCI")  # empty fields dropped
    assert announced.match(page.locator(".opendata-results__count").inner_text())
    assert sorted(page.locator(".opendata-card__title").all_inner_texts()) == sorted(
        [title, other]
    )
    assert_no_violations(page)

    with page.expect_navigation():
        page.get_by_role("link", name=title).click()
    preview = page.locator(".opendata-preview").first
    assert not preview.locator("table").is_visible()
    preview.locator("summary").click()
    table = preview.locator("table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 12
    chart = page.locator(".opendata-chart", has_text=chart_summary)
    chart.locator("summary").click()
    assert chart.locator("svg rect").count() == 12
    assert chart.locator("figcaption").is_visible()
    assert_no_violations(page)
    assert elsewhere == []


def test_a_bad_filter_is_a_400_page(page, site_url):
    response = page.goto(site_url + "/donnees-ouvertes/?theme=inconnu")
    assert response.status == 400
    assert page.locator(".opendata-errors").is_visible()
    assert_no_violations(page)


def test_the_format_is_searchable_in_the_admin(
    admin_page,  # noqa: F811 (the admin's fixture, imported above)
    site_url,
):
    """A resource's format is a text box with the browser's list of the EU
    file types (codes and names, no script): typed in lower case it is saved as
    the code (a format outside the list, a form error in French, is
    tests/policy/test_opendata_formats.py's: the admin answers it with a 400,
    which this fixture counts as a console error)."""
    page = admin_page
    sign_in(page, site_url, "responsable")
    page.goto(edit_link(page, site_url, "/donnees-ouvertes/frequentation-alposs/"))
    box = page.locator("input[name='resources-1-format']")
    assert box.input_value() == "JSON"
    options = page.locator(f"datalist#{box.get_attribute('list')} option")
    assert options.count() == len(FileType.values)
    assert options.first.get_attribute("value") == "CSV"
    assert "Tableur OpenDocument (ODS)" in options.all_text_contents()
    field = page.locator("[data-contentpath='format']").nth(1)
    assert_no_violations(page, context=field.evaluate("e => e.id ? '#' + e.id : ''"))

    def save() -> None:
        with page.expect_navigation():
            page.get_by_role("button", name="Enregistrer le brouillon").click()

    box.fill("ods")
    save()
    assert page.locator("input[name='resources-1-format']").input_value() == "ODS"

    page.locator("input[name='resources-1-format']").fill("JSON")
    save()
    assert page.locator("input[name='resources-1-format']").input_value() == "JSON"
