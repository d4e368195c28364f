"""The manager `responsable` fills the demo's audit by keyboard only, in the real
admin: from the audits' list to a page of the sample, a theme opened with Enter,
an answer changed with the arrow keys, saved with Enter; axe-core finds nothing
to say on the screens the accessibility app draws. The answer is put back as it
was, by keyboard too, so that the next browser tests read the demo unchanged."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def press_on(page, locator, key: str = "Enter") -> None:
    """Give `locator` the focus, as Tab would, and press a key on it."""
    locator.focus()
    page.keyboard.press(key)


def test_a_manager_fills_the_audit_by_keyboard(page, site_url):
    sign_in(page, site_url, "responsable")
    page.goto(site_url + "/admin/accessibility/")
    assert_no_violations(page, "main")
    with page.expect_navigation():
        press_on(page, page.get_by_role("link", name="Audit RGAA 2025"))
    assert "92,59" in page.locator("[data-rate]").inner_text()
    assert_no_violations(page, "main")
    with page.expect_navigation():
        press_on(page, page.locator("table.listing a").first)
    progress = page.locator("#grid-progress")
    assert "106 / 106 critères renseignés sur cette page" in progress.inner_text()

    theme = page.locator("#theme-3")
    assert theme.get_attribute("open") is None
    press_on(page, theme.locator("summary"))
    assert theme.get_attribute("open") is not None
    # 3.2 is « Non conforme » on the home page: ArrowLeft chooses « Conforme ».
    not_compliant = page.locator("input[name='c3_2-status'][value='NC']")
    assert not_compliant.is_checked()
    press_on(page, not_compliant, "ArrowLeft")
    assert page.locator("input[name='c3_2-status'][value='C']").is_checked()
    assert_no_violations(page, "main")
    save = page.get_by_role("button", name="Enregistrer", exact=True)
    with page.expect_navigation():
        press_on(page, save)
    assert "1 réponse enregistrée" in page.locator(".messages").inner_text()
    assert page.locator("input[name='c3_2-status'][value='C']").is_checked()

    # Back as it was.
    press_on(page, page.locator("#theme-3 summary"))
    press_on(page, page.locator("input[name='c3_2-status'][value='C']"), "ArrowRight")
    with page.expect_navigation():
        press_on(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert page.locator("input[name='c3_2-status'][value='NC']").is_checked()


@pytest.fixture
def short_audit(demo_server):
    """An audit of the demo's first two sample pages, so that the check stays
    short; removed afterwards, leaving the demo as it was."""
    created = demo_server.run(
        "from accessibility.models import Audit, SamplePage\n"
        "demo = Audit.objects.get(title='Audit RGAA 2025')\n"
        "audit = Audit.objects.create(title='Vérification courte')\n"
        "for order, sample in enumerate(demo.sample.all()[:2]):\n"
        "    SamplePage.objects.create(audit=audit, page=sample.page,"
        " url=sample.url, sort_order=order)\n"
        "print(audit.pk)\n",
    )
    pk = int(created.split()[-1])
    yield pk
    demo_server.run(
        "from accessibility.models import Audit\n"
        f"Audit.objects.filter(pk={pk}).delete()\n",
    )


def test_a_manager_runs_the_automated_checks(page, site_url, short_audit):
    sign_in(page, site_url, "responsable")
    page.goto(f"{site_url}/admin/accessibility/{short_audit}/")
    button = page.get_by_role("button", name="Lancer les vérifications automatiques")
    with page.expect_navigation():
        press_on(page, button)
    state = page.locator("#hints-state")
    assert state.get_attribute("role") == "status"
    # The screen reloads itself; stopped, it stays still while axe-core reads it.
    with page.expect_navigation():
        press_on(
            page, page.get_by_role("link", name="Arrêter la mise à jour automatique")
        )
    assert page.locator("[data-auto-refresh]").count() == 0
    assert_no_violations(page, "main")
    with page.expect_navigation():
        press_on(page, page.get_by_role("link", name="Mettre à jour automatiquement"))
    # The worker beside the server runs it; the screen reloads itself until the
    # check is done.
    expect(state).to_have_attribute("data-state", "successful", timeout=180_000)
    assert "axe-core a trouvé" in state.inner_text()
    rows = page.locator("#hints-pages tbody tr")
    assert rows.count() == 2
    assert "Non vérifiée" not in page.locator("#hints-pages").inner_text()
    assert_no_violations(page, "main")
    with page.expect_navigation():
        press_on(page, page.get_by_role("link", name="Retour à la grille de l’audit"))
    assert "État de la dernière vérification" in page.locator("main").inner_text()
