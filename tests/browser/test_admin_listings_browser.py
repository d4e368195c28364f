"""The listings the project adds to the admin read at the widths editors' laptops
have (1280 down to 1024 pixels): no word is cut across two lines and no link or
button is clipped by its cell or the window."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_admin_browser import admin_page  # noqa: F401

pytestmark = pytest.mark.browser

LISTINGS = [
    "/admin/master_plan_actions/",
    "/admin/snippets/home/menu/",
    "/admin/snippets/news/newscategory/",
    "/admin/snippets/policy/award/",
    "/admin/snippets/policy/awardingbody/",
    "/admin/pages-to-review/",
    "/admin/translation-status/",
    "/admin/publishing-calendar/",
]
WIDTHS = [1280, 1152, 1024]

# For every word of the listing's visible text (the page's header aside): the
# lines its glyphs lie on (a word on two lines was cut); for every link and
# button: whether it lies inside its cell and the window, and shows all its text.
MEASURE = """
() => {
  const broken = [];
  const clipped = [];
  const skipped = 'header, [hidden], .w-sr-only, .visuallyhidden, [aria-hidden=true]';
  const hidden = (element) =>
    element.closest(skipped) || element.getClientRects().length === 0;
  for (const table of document.querySelectorAll('main')) {
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (hidden(node.parentElement)) continue;
      // A line may end after a hyphen or a dash (« energy-| efficient »,
      // « 2020–| 2026 »): each part between them is a word that must stay whole.
      for (const match of node.textContent.matchAll(/[^\\s\u2010-\u2015-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          [...range.getClientRects()]
            .filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.bottom))
        );
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    for (const control of table.querySelectorAll('a, button')) {
      if (hidden(control)) continue;
      const box = control.getBoundingClientRect();
      const cell = (control.closest('td, th') || table).getBoundingClientRect();
      if (
        box.left < cell.left - 1 || box.right > cell.right + 1 ||
        box.left < 0 || box.right > document.documentElement.clientWidth ||
        control.scrollWidth > control.clientWidth + 1 ||
        control.scrollHeight > control.clientHeight + 1
      ) clipped.push(control.textContent.trim() || control.getAttribute('aria-label'));
    }
  }
  return {broken, clipped, rows: document.querySelectorAll('main tr, main li').length};
}
"""


@pytest.fixture
def editor_admin(admin_page, site_url):  # noqa: F811
    page = admin_page
    sign_in(page, site_url, "admin")
    return page


def test_the_project_listings_read_from_1280_down_to_1024_pixels(
    editor_admin, site_url
):
    page = editor_admin
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in LISTINGS:
            page.goto(site_url + path, wait_until="networkidle")
            found = page.evaluate(MEASURE)
            assert found["rows"], f"{path}: nothing listed"
            if found["broken"] or found["clipped"]:
                problems[f"{path} at {width}px"] = (found["broken"], found["clipped"])
    assert not problems, problems
