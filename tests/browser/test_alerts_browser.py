"""The demo's alert banner as residents meet it in Chromium, in French and
Arabic, on a phone (320 px) and a desktop: at the top of the page, announced
politely (role="status"), within the width, clean for axe-core; and still
framed by a visible border when the system forces its colours (Windows'
high-contrast themes), which drop backgrounds.

The demo schedules the banner in its future; here its window is moved around
now on the demo server's data (`DemoServer.run`), and put back after."""

from __future__ import annotations

import json
import time

import pytest

from tests.browser.axe import assert_no_violations

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}
PAGES = {"fr": "/", "ar": "/ar/"}
TEXTS = {
    "fr": "Fermeture de l'hôtel de ville le 26 décembre",
    "ar": "إغلاق مقر البلدية يوم 26 ديسمبر",
}

# Run in the demo server's shell: the banner (and its translations) shown from
# an hour ago for two hours, with no new revision, so that the translation
# status other tests read is unchanged; prints the old window.
SHOW_NOW = r"""
import json, datetime
from django.utils import timezone
from alerts.models import AlertBanner
banner = AlertBanner.objects.get(locale__language_code="fr", level="information")
print(json.dumps([banner.starts_at.isoformat(), banner.ends_at.isoformat()]))
now = timezone.now()
AlertBanner.objects.filter(translation_key=banner.translation_key).update(
    starts_at=now - datetime.timedelta(hours=1),
    ends_at=now + datetime.timedelta(hours=1),
)
"""
PUT_BACK = r"""
import datetime
from alerts.models import AlertBanner
starts_at, ends_at = %r
banner = AlertBanner.objects.get(locale__language_code="fr", level="information")
AlertBanner.objects.filter(translation_key=banner.translation_key).update(
    starts_at=datetime.datetime.fromisoformat(starts_at),
    ends_at=datetime.datetime.fromisoformat(ends_at),
)
"""


@pytest.fixture(scope="module")
def shown_banner(demo_server):
    output = demo_server.run(SHOW_NOW)
    window = json.loads(output.strip().splitlines()[-1])
    yield
    demo_server.run(PUT_BACK % (window,))


def open_with_banner(page, site_url: str, path: str):
    """The page once the server shows the banner: its memory cache keeps what
    it built for a few seconds after another process changed the data."""
    deadline = time.monotonic() + 20
    while True:
        response = page.goto(site_url + path)
        assert response.status == 200
        if page.locator(".alert").count() or time.monotonic() > deadline:
            return page.locator(".alert")
        time.sleep(1)


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["320px", "desktop"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_banner_is_at_the_top_announced_and_accessible(
    page, site_url, shown_banner, language, viewport
):
    page.set_viewport_size(viewport)
    banner = open_with_banner(page, site_url, PAGES[language])
    assert banner.count() == 1
    assert banner.get_attribute("role") == "status"
    assert TEXTS[language] in banner.inner_text()
    assert page.get_attribute("html", "lang") == language
    assert page.locator("h1").count() == 1
    # First in the header, above the site's name; the focus stays where it was.
    assert page.evaluate(
        "document.querySelector('header.site-header').firstElementChild"
        ".classList.contains('alert')"
    )
    assert page.evaluate("document.activeElement === document.body")
    # Within the width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "horizontal scroll"
    )
    assert banner.locator("a").is_visible()
    assert_no_violations(page)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_forced_colours_keep_a_visible_border(page, site_url, shown_banner, language):
    page.emulate_media(forced_colors="active")
    banner = open_with_banner(page, site_url, PAGES[language])
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    style = banner.evaluate(
        """element => {
            const s = getComputedStyle(element);
            return {
                sides: ["Top", "Right", "Bottom", "Left"].map(side => [
                    s[`border${side}Style`],
                    parseFloat(s[`border${side}Width`]),
                    s[`border${side}Color`],
                ]),
                background: s.backgroundColor,
            };
        }"""
    )
    for border_style, width, colour in style["sides"]:
        assert border_style == "solid" and width >= 3, style
        assert colour != style["background"], style
    assert_no_violations(page)
