"""The admin contacts no third party either: an administrator logs in and opens
the dashboard, a page's edit view, the image chooser and the translation editor;
every request goes to the site itself (no Gravatar, no update check, no font or
script from elsewhere). Like the residents' `page` fixture, `admin_page` fails the
test on any request to another host and on any console error, but one: Wagtail's
table block ships Handsontable without its French messages, which it reports in
the console (a local script's warning, no request)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import sign_in, watch_other_hosts

pytestmark = pytest.mark.browser

KNOWN_CONSOLE_ERRORS = ('Language with code "fr" was not found',)


@pytest.fixture
def admin_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign = watch_other_hosts(context, site_url)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and not message.text.startswith(
            KNOWN_CONSOLE_ERRORS
        ):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not foreign, f"Requests to other hosts: {foreign}"
    assert not errors, f"Browser console errors: {errors}"


def edit_link(page, site_url: str, path: str) -> str:
    """The userbar's « edit this page » address (absolute), on a public page."""
    page.goto(site_url + path)
    link = page.locator("a[href*='/admin/pages/'][href$='/edit/']").first
    href = link.get_attribute("href")
    return urljoin(site_url + "/", href)


def test_the_admin_makes_no_request_to_another_host(admin_page, site_url):
    page = admin_page
    host = urlsplit(site_url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    sign_in(page, site_url, "admin")

    # The dashboard, with the publishing calendar.
    page.goto(site_url + "/admin/", wait_until="networkidle")
    assert page.locator("#publishing-calendar-section").count() == 1
    assert page.locator("img[src*='gravatar']").count() == 0

    # A page's edit view, and its image chooser.
    page.goto(edit_link(page, site_url, "/"), wait_until="networkidle")
    assert "/edit/" in page.url
    chooser = page.locator("#id_image-chooser")
    if "blank" in (chooser.get_attribute("class") or "").split():
        chooser.locator(".unchosen [data-chooser-action-choose]").click()
    else:  # « Changer d'image » is in the chosen image's actions menu.
        chooser.locator(".chosen [aria-label='Actions']").click()
        chooser.locator(".chosen [data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    modal.wait_for(state="visible")
    modal.locator("img").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")

    # The English home page opens in wagtail-localize's translation editor.
    page.goto(edit_link(page, site_url, "/en/"), wait_until="networkidle")
    page.locator(".js-translation-editor *").first.wait_for(state="visible")
    assert page.title().startswith("Traduction de")

    foreign = [url for url in requested if urlsplit(url).netloc not in ("", host)]
    assert foreign == []
    assert any("/admin/" in url for url in requested)


def test_a_manager_opens_the_correction_of_a_history_entry(admin_page, site_url):
    """The demo's manager finds the corrected entry of the demo data in « Historique
    des actions » and opens its form, in French; a correction that does not add
    up is sent back with its error (nothing is saved)."""
    page = admin_page
    sign_in(page, site_url, "responsable")

    page.goto(site_url + "/admin/policy/action-history/?correction=corrected")
    assert page.title().startswith("Historique des actions")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 1
    assert "Des ateliers numériques gratuits" in rows.first.inner_text()
    with page.expect_navigation():
        rows.first.locator("a[href*='/edit/']").first.click()
    assert page.title().startswith("Corriger une entrée de l'historique")
    assert (
        page.locator("#id_correction_reason").input_value().startswith("Le taux publié")
    )
    page.select_option("#id_corrected_status", "done")
    with page.expect_navigation():
        page.locator("form button[type='submit']").last.click()
    error = page.locator("#id_corrected_progress").locator(
        "xpath=ancestor::*[@data-field][1]"
    )
    assert "Une action réalisée est à 100 %" in error.inner_text()


def test_the_translation_editor_speaks_french(admin_page, site_url):
    """wagtail-localize's editor, rendered in the browser: its heading, its
    publish button and its menu's label in French (no « Français to English
    translation », « Publier dansEnglish » or « More actions »)."""
    page = admin_page
    sign_in(page, site_url, "admin")

    page.goto(edit_link(page, site_url, "/en/"), wait_until="networkidle")
    editor = page.locator(".js-translation-editor")
    editor.locator("h3").first.wait_for(state="visible")
    headings = editor.locator("h3").all_inner_texts()
    assert "Traduction\u00a0: Français → Anglais" in headings, headings
    assert not [h for h in headings if "translation" in h], headings
    labels = editor.locator("[data-w-progress-target='label']").all_text_contents()
    assert "Publier en Anglais" in labels, labels
    hidden_labels = editor.locator(".w-sr-only").all_text_contents()
    assert "More actions" not in hidden_labels
    assert "Plus d'actions" in hidden_labels
