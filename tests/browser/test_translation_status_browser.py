"""The translation-status report as the demo translator uses it in Chromium:
from the dashboard's panel to the report, filtered by status from Wagtail's
filter drawer; axe-core finds no violation in what the project adds."""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_translator_reads_and_filters_the_translation_status(page, site_url):
    sign_in(page, site_url, "traducteur")

    page.goto(site_url + "/admin/", wait_until="networkidle")
    panel = page.locator("#translation-status-section")
    assert panel.count() == 1
    # One row per language other than French (the suite serves fr, en, ar).
    # Each named in the admin's language.
    assert "Anglais" in panel.locator("tbody th").all_inner_texts()
    english = panel.locator("tbody tr").filter(
        has=page.locator("th", has_text="Anglais")
    )
    counts = english.locator("td").all_inner_texts()
    assert_no_violations(page, context="#translation-status-section")

    with page.expect_navigation():
        panel.get_by_role("link", name="Ouvrir l'état des traductions").click()
    assert page.title().startswith("État des traductions")
    rows = page.locator("#listing-results table tbody tr")
    assert rows.count() > 10
    assert_no_violations(page, context="main")
    # English, which the demo translates fully (Arabic is a partial demonstration).
    # (Not checked by axe-core: Wagtail's own filtered listing puts role="alert"
    # on a heading.)
    # The report shows 100 rows a page: read every page.
    report = page.url.split("?")[0]
    statuses = []
    for number in range(1, 10):
        page.goto(f"{report}?locale=en&p={number}")
        cells = page.locator(
            "#listing-results tbody tr td:nth-child(4)"
        ).all_inner_texts()
        assert len(cells) == rows.count()
        statuses += cells
        if len(cells) < 100:
            break
    every = len(statuses)
    assert every > 10
    page.goto(f"{report}?locale=en")
    # The dashboard's figures are the report's rows, status by status.
    order = ("NON TRADUITE", "OBSOLÈTE", "EN COURS", "À JOUR")
    assert counts == [str(statuses.count(label)) for label in order]
    assert set(statuses) <= set(order)

    # The demo translates English fully: nothing untranslated nor in progress
    # (another browser test may have published a French change since: that
    # page's translation is then rightly « obsolète »). Asking for the
    # untranslated ones empties the list in place, the address keeping the filter.
    assert statuses.count("NON TRADUITE") == statuses.count("EN COURS") == 0
    assert statuses.count("À JOUR") >= every - 2
    page.get_by_role("button", name="Afficher les filtres").click()
    page.locator("button[aria-controls='drilldown-id_status']").click()
    page.locator("#drilldown-id_status").get_by_label(
        "Non traduite", exact=True
    ).check()
    page.wait_for_url(re.compile(r"status=untranslated"))
    page.get_by_text(
        "Aucune page ni aucun fragment ne correspond à ces filtres."
    ).wait_for()
    assert rows.count() == 0
