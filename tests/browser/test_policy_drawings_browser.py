"""The master plan's drawings as residents meet them in Chromium: axe finds no
violation on the pages that draw them, in the light and the dark scheme, and
nothing is loaded or run to draw them."""

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

PLAN = "/schema-directeur-du-numerique/"
PAGES = [
    ("/", ".policy-home svg.policy-stack"),
    ("/en/", ".policy-home svg.policy-stack"),
    (PLAN, ".policy-timechart svg"),
    ("/en/digital-master-plan/", ".policy-timechart svg"),
    (PLAN + "inclusion-numerique/", ".policy-figures svg.policy-stack"),
    (
        PLAN + "transition-ecologique-du-numerique/des-usages-numeriques-sobres/"
        "des-serveurs-mutualises-et-sobres/",
        ".policy-gauge svg",
    ),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "drawing"), PAGES, ids=[p for p, _d in PAGES])
def test_drawn_pages_are_accessible(page, site_url, path, drawing, scheme):
    page.emulate_media(color_scheme=scheme)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.locator(drawing).first.is_visible()
    assert page.locator(drawing).first.bounding_box()["width"] > 100
    assert all(url.startswith(site_url) for url in requests), requests
    assert_no_violations(page)


UNNAMED_DRAWINGS = """() => [...document.querySelectorAll('svg')].filter(svg => {
    if (svg.closest('[aria-hidden="true"]')) return false;
    const ids = (svg.getAttribute('aria-labelledby') || '')
        .split(/\\s+/).filter(Boolean);
    const name = ids
        .map(id => document.getElementById(id)?.textContent.trim() || '').join('');
    return svg.getAttribute('role') !== 'img' || !name;
}).map(svg => svg.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize(
    ("path", "total_label", "open_label"),
    [
        (PLAN, "Total", "Les chiffres, date par date"),
        ("/en/digital-master-plan/", "Total", "The figures, date by date"),
    ],
)
def test_drawings_have_their_text_equivalents(
    page, site_url, path, total_label, open_label
):
    """What the drawings show is also written: the counts per status add up to the
    total in a table, overall progress is a sentence, and the chart over time is
    named by its caption and repeated date by date in a table a reader can open;
    a drawing is either hidden from screen readers or named."""
    page.goto(site_url + path)
    assert page.evaluate(UNNAMED_DRAWINGS) == []

    figures = page.locator(".policy-plan > .policy-figures")
    summary = figures.locator(".policy-figures__summary")
    assert summary.is_visible()
    percent = int(summary.inner_text().split("%")[0].split()[-1])
    assert 0 < percent < 100

    table = figures.locator("table.policy-figures__table")
    counts = [int(cell) for cell in table.locator("tbody td").all_inner_texts()]
    assert len(counts) == 4
    total = table.locator("tfoot tr")
    assert total.locator("th").inner_text() == total_label
    assert int(total.locator("td").inner_text()) == sum(counts) > 0

    caption = figures.locator(".policy-timechart figcaption").inner_text()
    history = figures.locator(".policy-timechart__details table")
    assert not history.is_visible()
    figures.get_by_text(open_label).click()
    assert history.is_visible()
    last_row = history.locator("tbody tr").last.locator("td").inner_text()
    assert last_row.replace("\u202f", " ").replace("\xa0", " ") in caption.replace(
        "\u202f", " "
    ).replace("\xa0", " ")
    assert last_row.split()[0] == str(percent)
