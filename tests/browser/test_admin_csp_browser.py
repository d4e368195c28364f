"""The admin works under its Content-Security-Policy (home/security/csp.py): an
administrator opens the main screens — dashboard, page explorer, a page's edit
view with its rich text and StreamField (and its image chooser), the image
listing, a snippet's edit view, wagtail-localize's translation editor and
Django's admin — and the browser reports no `securitypolicyviolation` event
and no CSP error in the console."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_admin_browser import edit_link

pytestmark = pytest.mark.browser

LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation([
    event.violatedDirective, event.blockedURI, event.sourceFile || "",
    String(event.lineNumber), (event.sample || "").slice(0, 80),
    document.location.pathname,
  ].join(" | "));
}, true);
"""


@pytest.fixture
def watched_admin(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    console: list[str] = []
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(LISTENER)
    page = context.new_page()

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            console.append(f"{text} ({message.location.get('url')})")

    page.on("console", on_console)
    sign_in(page, site_url, "admin")
    yield page
    context.close()
    assert not violations, f"CSP violations: {violations}"
    assert not console, f"CSP errors in the console: {console}"


def test_the_admin_screens_raise_no_csp_violation(watched_admin, site_url):
    page = watched_admin
    response = page.goto(site_url + "/admin/", wait_until="networkidle")
    policy = response.headers["content-security-policy"]
    assert "script-src-attr 'none'" in policy
    assert page.locator("#publishing-calendar-section").count() == 1

    # The page explorer, then the home page's children.
    page.goto(site_url + "/admin/pages/", wait_until="networkidle")
    page.locator("table.listing, [role='table'], table").first.wait_for(state="visible")

    # The home page's edit view: rich text (Draftail), StreamField, the table
    # block, and the image chooser's modal.
    page.goto(edit_link(page, site_url, "/"), wait_until="networkidle")
    assert "/edit/" in page.url
    page.locator(".Draftail-Editor").first.wait_for(state="visible")
    page.locator("[data-streamfield-stream-container]").first.wait_for(state="attached")
    page.locator(".Draftail-Editor [contenteditable='true']").first.click()
    page.keyboard.type(" Essai")
    chooser = page.locator("#id_image-chooser")
    if "blank" in (chooser.get_attribute("class") or "").split():
        chooser.locator(".unchosen [data-chooser-action-choose]").click()
    else:
        chooser.locator(".chosen [aria-label='Actions']").click()
        chooser.locator(".chosen [data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    modal.wait_for(state="visible")
    modal.locator("img").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Escape")

    # The image listing.
    page.goto(site_url + "/admin/images/", wait_until="networkidle")
    page.locator("img").first.wait_for(state="visible")

    # A snippet's edit view (a menu, with its inline panel of items).
    page.goto(site_url + "/admin/snippets/home/menu/", wait_until="networkidle")
    href = page.locator("a[href*='/admin/snippets/home/menu/edit/']").first
    page.goto(urljoin(site_url + "/", href.get_attribute("href")))
    page.wait_for_load_state("networkidle")
    assert "/edit/" in page.url
    page.locator("form input, form select").first.wait_for(state="attached")

    # wagtail-localize's translation editor (the English home page).
    page.goto(edit_link(page, site_url, "/en/"), wait_until="networkidle")
    page.locator(".js-translation-editor *").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")

    # Django's own admin (the lockouts' list).
    page.goto(site_url + "/django-admin/", wait_until="networkidle")
    page.goto(site_url + "/django-admin/axes/accessattempt/", wait_until="networkidle")
    page.locator("#changelist, #content").first.wait_for(state="visible")
