"""A department's update of the master plan from a spreadsheet, in the real
admin: the writer `editeur` opens « Actions depuis un tableur », downloads the
template of the « Direction de la relation aux habitants » as XLSX, changes four
actions in it (one with an error), uploads it and reads the preview, fixes the
error, uploads again and confirms; the demo server's background worker applies
the import while the page, reloading itself, says how far it is, then what it
did; the manager `responsable` approves each action
from its editor. The public action page, its history, the plan's export and the
API then give the new figures, dated from the publication.

The demo's four actions are put back as they were afterwards (their earlier
revision published again, the history entries and imports removed), so that the
browser tests that follow read the demo site unchanged."""

from __future__ import annotations

import datetime
import json
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_violations
from tests.browser.test_moderation_browser import (
    click_footer_action,
    messages,
    session,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.browser

DEPARTMENT = "Direction de la relation aux habitants"
SLUGS = (
    "un-portail-des-demarches-en-ligne",
    "prendre-rendez-vous-en-ligne",
    "une-aide-aux-demarches-a-l-accueil",
    "un-numero-unique-pour-joindre-la-mairie",
)

# Run on the demo server's data (`DemoServer.run`): the four actions as they are.
BEFORE = r"""
import json
from policy.models import ActionPage, ActionStatusChange
from wagtail.models import Locale
french = Locale.objects.get(language_code="fr")
actions = ActionPage.objects.filter(slug__in=%r, locale=french)
print(json.dumps({
    "actions": {a.slug: {"pk": a.pk, "live_revision": a.live_revision_id,
                         "url": a.get_url(None)} for a in actions},
    "last_history": max(ActionStatusChange.objects.values_list("pk", flat=True)),
}))
"""

# Afterwards: each action's earlier revision published again and its translations
# brought up to date with it (as a translator would: the next browser tests read
# the demo's translation status), the history entries and the imports of the
# test removed.
RESTORE = r"""
from wagtail.models import Revision, WorkflowState
from wagtail_localize.models import TranslationSource
from policy.models import ActionPage, ActionStatusChange, PlanImport
state = %r
for slug, action in state["actions"].items():
    page = ActionPage.objects.get(pk=action["pk"])
    for workflow_state in WorkflowState.objects.active().filter(object_id=str(page.pk)):
        workflow_state.cancel()
    Revision.objects.get(pk=action["live_revision"]).publish()
    source, _created = TranslationSource.update_or_create_from_instance(
        ActionPage.objects.get(pk=action["pk"])
    )
    for translation in source.translations.filter(enabled=True):
        translation.save_target(publish=True)
ActionStatusChange.objects.filter(pk__gt=state["last_history"]).delete()
PlanImport.objects.all().delete()
"""


@pytest.fixture
def demo_actions(demo_server) -> dict:
    state = json.loads(demo_server.run(BEFORE % (SLUGS,)).strip().splitlines()[-1])
    assert set(state["actions"]) == set(SLUGS)
    yield state
    demo_server.run(RESTORE % (state,))


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def fill(template: Path, destination: Path, progress: object) -> Path:
    """The department's answer: the portal at 80 %, new target dates for the
    two actions done, the single number at `progress`."""
    book = openpyxl.load_workbook(template)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in header}
    for row in sheet.iter_rows(min_row=2):
        slug = row[column["slug"]].value
        if slug == SLUGS[0]:
            row[column["progress"]].value = 80
        elif slug in SLUGS[1:3]:
            row[column["target_date"]].value = "30/06/2023"
        elif slug == SLUGS[3]:
            row[column["progress"]].value = progress
    book.save(destination)
    return destination


def upload(page, path: Path) -> None:
    page.set_input_files("input[name='file']", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Voir les modifications").click()


def test_a_department_updates_its_actions_from_a_spreadsheet(
    site_url,
    demo_actions,
    session,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    writer = session("editeur")
    writer.goto(site_url + "/admin/", wait_until="networkidle")
    assert "Actions depuis un tableur" in writer.content(), "in the admin's menu"
    writer.goto(site_url + "/admin/policy/plan-import/", wait_until="networkidle")
    writer.select_option("#id_template_department", label=DEPARTMENT)
    writer.select_option("#id_template_format", "xlsx")
    with writer.expect_download() as download_info:
        writer.get_by_role("button", name="Télécharger le modèle").click()
    download = download_info.value
    assert download.suggested_filename == (
        "schema-directeur-du-numerique-actions-"
        "direction-de-la-relation-aux-habitants.xlsx"
    )
    template = tmp_path / "modele.xlsx"
    download.save_as(template)
    rows = list(openpyxl.load_workbook(template).active.values)
    assert sorted(row[rows[0].index("slug")] for row in rows[1:]) == sorted(SLUGS)

    # One error: the preview says where, and changes nothing.
    upload(writer, fill(template, tmp_path / "reponse.xlsx", 150))
    errors = writer.locator("tr.plan-import-error")
    assert errors.count() == 1
    assert "progress" in errors.inner_text()
    assert "de 0 à 100" in errors.inner_text()
    changed = writer.locator("th.plan-import-action")
    assert changed.count() == 3, writer.locator("main").inner_text()
    portal = demo_actions["actions"][SLUGS[0]]
    assert "75 %" in read(urljoin(site_url, portal["url"]))

    # Fixed: four changes, confirmed, sent for approval.
    writer.get_by_role("link", name="Envoyer un autre fichier").first.click()
    writer.wait_for_load_state()
    upload(writer, fill(template, tmp_path / "reponse-corrigee.xlsx", 35))
    assert writer.locator("tr.plan-import-error").count() == 0
    changed = writer.locator("th.plan-import-action")
    assert changed.count() == 4, writer.locator("main").inner_text()
    with writer.expect_navigation():
        writer.get_by_role("button", name="Confirmer : mettre à jour 4 actions").click()
    assert writer.url.endswith("/state/"), writer.url
    # The page reloads itself until the worker has applied it all.
    state = writer.locator(".plan-import-state[role=status]")
    expect(state).to_contain_text(
        "4 actions mises à jour et envoyées pour validation", timeout=60_000
    )
    assert writer.locator("[data-auto-refresh]").count() == 0
    assert_no_violations(writer)
    assert writer.locator(".plan-import-revisions li").count() == 4
    assert "75 %" in read(urljoin(site_url, portal["url"])), "not live yet"

    manager = session("responsable")
    for slug in SLUGS:
        action = demo_actions["actions"][slug]
        manager.goto(
            site_url + f"/admin/pages/{action['pk']}/edit/", wait_until="networkidle"
        )
        click_footer_action(
            manager,
            "button[data-workflow-action-name='approve']"
            ":not([data-workflow-action-modal-url])",
        )
        assert "publiée" in messages(manager), (slug, messages(manager))

    today = datetime.date.today().isoformat()
    page = read(urljoin(site_url, portal["url"]))
    assert "80 %" in page
    assert f'datetime="{today}"' in page, "the history dates the change"
    export = read(site_url + "/schema-directeur-du-numerique/actions/json/")
    actions = {a["slug"]: a for a in json.loads(export)["actions"]}
    assert actions[SLUGS[0]]["progress"] == 80
    assert actions[SLUGS[0]]["last_change"] == today
    assert actions[SLUGS[1]]["target_date"] == "2023-06-30"
    assert actions[SLUGS[3]]["progress"] == 35
    api = json.loads(read(site_url + f"/api/v2/pages/{portal['pk']}/"))
    assert api["progress"] == 80
