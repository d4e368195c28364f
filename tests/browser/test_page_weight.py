"""Page weight (eco-design, RGESN) of each page type, as a resident on a phone
downloads it the first time: every page in a fresh browser context (nothing
cached), the bytes on the wire per resource type (body and headers, as Chromium
counts them), against the budgets below. `pytest -s` prints the table that the
docs/benchmark.md's « Page weight » section reproduces.

Also checked on each page: no script is needed to read it (the same text with
JavaScript off), every image is sized, those below the fold load lazily, images
are WebP (AVIF first when Pillow can write it), and no request leaves the site.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from PIL import features

pytestmark = pytest.mark.browser

KIB = 1024
VIEWPORT = {"width": 390, "height": 844}
# One page of each type, in French (the site's main language).
PAGES = {
    "home": "/",
    "news index": "/actualites/",
    "article": "/actualites/le-schema-directeur-du-numerique-est-adopte/",
    "plan": "/schema-directeur-du-numerique/",
    "action": "/schema-directeur-du-numerique/inclusion-numerique/"
    "accompagner-les-habitants-eloignes-du-numerique/ateliers-numeriques-gratuits/",
    "awards": "/prix-et-labels/",
    "catalogue": "/donnees-ouvertes/",
    "dataset": "/donnees-ouvertes/points-acces-wi-fi-public/",
}
# Resource types as Chromium names them, grouped as the budgets are.
TYPES = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "image": "images"}
BUDGETS = {"HTML": 50 * KIB, "CSS": 30 * KIB, "JS": 10 * KIB, "total": 150 * KIB}
COLUMNS = ["HTML", "CSS", "JS", "images", "other", "total", "requests"]

IMAGE_FACTS = """() => [...document.images].map(img => {
  const parent = img.parentElement;
  const inPicture = parent.tagName === "PICTURE";
  return {
    src: img.getAttribute("src"),
    width: img.getAttribute("width"),
    height: img.getAttribute("height"),
    loading: img.getAttribute("loading"),
    top: img.getBoundingClientRect().top + window.scrollY,
    sources: inPicture
      ? [...parent.querySelectorAll("source")].map(s => s.getAttribute("type"))
      : [],
  };
})"""


def _load(browser, url: str, *, javascript: bool = True) -> dict:
    """Open `url` in a new context and return what went over the wire."""
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
    page = context.new_page()
    finished, failed, requested = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        sizes: dict[str, int] = defaultdict(int)
        content_types = {}
        for request in finished:
            size = request.sizes()
            group = TYPES.get(request.resource_type, "other")
            sizes[group] += size["responseBodySize"] + size["responseHeadersSize"]
            sizes["total"] += size["responseBodySize"] + size["responseHeadersSize"]
            if request.resource_type == "image":
                content_types[request.url] = request.response().headers.get(
                    "content-type", ""
                )
        sizes["requests"] = len(finished)
        return {
            "status": response.status,
            "sizes": sizes,
            "content_types": content_types,
            "failed": failed,
            "requested": requested,
            "images": page.evaluate(IMAGE_FACTS),
            "text": page.locator("main").inner_text(),
        }
    finally:
        context.close()


def _table(measures: dict[str, dict]) -> str:
    width = max(len(name) for name in measures)
    lines = [
        f"{'page':<{width}} | " + " | ".join(f"{c:>8}" for c in COLUMNS),
        f"{'budget':<{width}} | "
        + " | ".join(
            f"{BUDGETS[c] / KIB:>8.1f}" if c in BUDGETS else f"{'':>8}" for c in COLUMNS
        ),
    ]
    for name, measure in measures.items():
        sizes = measure["sizes"]
        cells = [
            f"{sizes['requests']:>8}" if c == "requests" else f"{sizes[c] / KIB:>8.1f}"
            for c in COLUMNS
        ]
        lines.append(f"{name:<{width}} | " + " | ".join(cells))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def measures(browser, site_url) -> dict[str, dict]:
    measured = {name: _load(browser, site_url + path) for name, path in PAGES.items()}
    print("\nPage weight, KiB on the wire (first visit, 390×844 viewport):")
    print(_table(measured))
    return measured


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_its_weight_budget(measures, name):
    measure = measures[name]
    assert measure["status"] == 200
    assert not measure["failed"], f"Failed requests: {measure['failed']}"
    over = {
        group: f"{measure['sizes'][group] / KIB:.1f} KiB > {budget / KIB:.0f} KiB"
        for group, budget in BUDGETS.items()
        if measure["sizes"][group] > budget
    }
    assert not over, f"{name} is over budget: {over}"


@pytest.mark.parametrize("name", PAGES)
def test_page_asks_no_other_host(measures, site_url, name):
    host = urlsplit(site_url).netloc
    foreign = [
        url
        for url in measures[name]["requested"]
        if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != host
    ]
    assert not foreign


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_without_javascript(browser, measures, site_url, name):
    without = _load(browser, site_url + PAGES[name], javascript=False)
    assert without["status"] == 200
    assert without["text"].strip()
    assert without["text"] == measures[name]["text"]


@pytest.mark.parametrize("name", PAGES)
def test_images_are_sized_lazy_below_the_fold_and_modern(measures, name):
    measure = measures[name]
    avif = features.check("avif")
    for image in measure["images"]:
        assert image["width"] and image["height"], image
        if image["top"] >= VIEWPORT["height"]:
            assert image["loading"] == "lazy", image
        if "/media/" in image["src"]:
            assert image["src"].endswith((".webp", ".avif")), image
            if avif:
                assert "image/avif" in image["sources"], image
    for url, content_type in measure["content_types"].items():
        if "/media/" in url:
            assert content_type in {"image/webp", "image/avif"}, url
