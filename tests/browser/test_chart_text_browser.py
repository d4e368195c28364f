"""The charts' text as residents read it on a phone: at 320 and 390 px wide,
every text of every chart on the plan, an axis, the awards page and a dataset
page is at least 12 CSS pixels high once the drawing is scaled to the screen,
and no two texts of a drawing overlap, in French and right to left (the Arabic
plan, and a dataset read right to left). The dataset's charts are headed by the
column's label for people, and its preview's caption stays in view while the
table scrolls."""

import pytest

pytestmark = pytest.mark.browser

PLAN = "/schema-directeur-du-numerique/"
DATASET = "/donnees-ouvertes/frequentation-ateliers-inclusion-numerique/"
AR_PLAN = "/ar/al-mukhattat-al-tawjihi-al-raqmi/"
# (path, a drawing it shows, whether to read it right to left). The Arabic demo
# translates the plan, and no dataset with a chart: the French dataset is also
# read with its direction switched to right to left.
PAGES = [
    (PLAN, ".policy-timechart svg", False),
    (PLAN + "inclusion-numerique/", ".policy-figures svg.policy-stack", False),
    ("/prix-et-labels/", ".award-chart svg", False),
    (DATASET, ".opendata-chart svg", False),
    (AR_PLAN, ".policy-timechart svg", False),
    (DATASET, ".opendata-chart svg", True),
]
SMALLEST = 12

# Each chart text's size as drawn: its computed font size (user units) times
# the scale of its drawing (its width on screen over its viewBox's width), and
# the height of its box on screen (which a scaled drawing shrinks too).
TEXT_SIZES = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    return [...document.querySelectorAll('main svg text')].map(text => {
        const svg = text.ownerSVGElement;
        const box = svg.viewBox.baseVal;
        const width = svg.getBoundingClientRect().width;
        const scale = box && box.width ? width / box.width : 1;
        const size = parseFloat(getComputedStyle(text).fontSize) * scale;
        return {
            text: text.textContent.trim(),
            chart: svg.getAttribute('class'),
            size: size,
            height: text.getBoundingClientRect().height,
        };
    });
}"""


# Two texts of one drawing whose boxes cross: labels written over each other.
OVERLAPS = """() => [...document.querySelectorAll('main svg')].flatMap(svg => {
    const boxes = [...svg.querySelectorAll('text')]
        .map(text => [text.textContent.trim(), text.getBoundingClientRect()]);
    const crossed = [];
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
        if (p.left < q.right - 1 && q.left < p.right - 1
            && p.top < q.bottom - 1 && q.top < p.bottom - 1) crossed.push([a, b]);
    }));
    return crossed;
})"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize(
    ("path", "drawing", "rtl"),
    PAGES,
    ids=[path + (" rtl" if rtl else "") for path, _d, rtl in PAGES],
)
def test_every_chart_text_is_readable_on_a_phone(
    page, site_url, width, path, drawing, rtl
):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(site_url + path)
    assert response.status == 200
    if rtl:
        page.evaluate("document.documentElement.dir = 'rtl'")
    texts = page.evaluate(TEXT_SIZES)
    assert page.locator(drawing).first.is_visible()
    # The page does not scroll sideways: the charts fit the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if drawing != ".policy-figures svg.policy-stack":  # a bar without text
        assert len(texts) >= 5, texts
    small = [t for t in texts if t["size"] < SMALLEST or t["height"] < SMALLEST]
    assert small == [], small
    assert page.evaluate(OVERLAPS) == []


def test_a_dataset_chart_is_headed_by_the_column_label(page, site_url):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_url + DATASET)
    summaries = page.locator(".opendata-chart summary").all_inner_texts()
    assert any("Dont premiere venue" in summary for summary in summaries), summaries
    assert not any("dont_premiere_venue" in summary for summary in summaries)


def test_the_preview_caption_stays_in_view_while_its_table_scrolls(page, site_url):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_url + DATASET)
    preview = page.locator(".opendata-preview").first
    preview.locator("summary").click()
    region = preview.locator(".table-wrap")
    caption = preview.locator("#" + region.get_attribute("aria-labelledby"))
    assert caption.is_visible()
    # The table is wider than the phone: its region scrolls, not the page.
    scrolled = region.evaluate(
        "r => { r.scrollLeft = r.scrollWidth; return r.scrollLeft; }"
    )
    assert scrolled > 0
    box = caption.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert preview.locator("table").get_attribute("aria-labelledby") == (
        region.get_attribute("aria-labelledby")
    )
