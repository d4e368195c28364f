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
