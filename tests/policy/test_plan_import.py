"""Updating the plan's actions from a spreadsheet, through the admin views: the
template (the plan's export in CSV, ODS and XLSX, for one department), the
upload and its preview, the confirmation (a background job applies the whole
import, all or nothing, while the editor's page says how far it has got) by a
writer (moderation) and by a manager (published), the history, the log, and
the refusals."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from unittest import mock

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry, Revision, WorkflowState

from home.jobs import job_state, progress
from home.roles import MANAGERS, TRANSLATORS, WRITERS
from policy import plan_import as importer
from policy.export import COLUMNS
from policy.models import (
    ActionPage,
    ActionStatusChange,
    IndicatorValueChange,
    MasterPlanPage,
    PlanImport,
)
from policy.plan_import import apply_change, apply_import_job
from policy.scale import grow_plan
from tests.helpers import count_queries, run_background_jobs, soup
from tests.workflow.conftest import logged_in, member
from tests.workflow.test_moderation import act

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("plan_import")
CONTENT_TYPES = {
    "csv": "text/csv",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@pytest.fixture
def writer(django_user_model):
    return member(django_user_model, "redactrice", WRITERS)


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def manager_client(django_user_model):
    return logged_in(member(django_user_model, "responsable", MANAGERS))


@pytest.fixture
def translator_client(django_user_model):
    return logged_in(member(django_user_model, "traductrice", TRANSLATORS))


def export(client, plan, extension: str, department: str = "") -> bytes:
    url = plan.plan.url + f"actions/{extension}/"
    if department:
        url += f"?department={department}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def rows_of(content: bytes, extension: str) -> list[dict]:
    if extension == "csv":
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        return list(reader)
    data = tablib.Dataset().load(content, format=extension)
    return data.dict


def csv_bytes(
    rows: list[dict],
    delimiter: str = ",",
    encoding: str = "utf-8",
    errors: str = "strict",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors)


def upload(client, content: bytes, name: str = "actions.csv"):
    extension = name.rsplit(".", 1)[-1]
    file = SimpleUploadedFile(name, content, CONTENT_TYPES.get(extension, "text/csv"))
    return client.post(IMPORT_URL, {"file": file})


def preview_of(response) -> PlanImport:
    assert response.status_code == 302, response.content.decode()[:3000]
    return PlanImport.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def state_url(plan_import: PlanImport) -> str:
    return reverse("plan_import_state", args=[plan_import.pk])


def confirm(client, plan_import: PlanImport):
    """Confirm, let the worker run what waits in the queue, and read the page
    the editor is sent to."""
    response = post_confirm(client, plan_import)
    assert response.status_code == 302, response
    run_background_jobs()
    return client.get(response.url)


def state_text(client, plan_import: PlanImport) -> str:
    response = client.get(state_url(plan_import))
    assert response.status_code == 200
    return soup(response).select_one("main").get_text(" ", strip=True)


def refused(response) -> bool:
    """Wagtail's admin answers a refusal with a 403, or a redirect to the
    dashboard (or the sign-in page) and a message."""
    if response.status_code == 403:
        return True
    target = response.url.split("?")[0] if response.status_code == 302 else ""
    return target in ("/admin/", "/admin/login/")


def post_confirm(client, plan_import: PlanImport):
    return client.post(reverse("plan_import_preview", args=[plan_import.pk]))


# The way in.


def test_the_actions_listing_leads_to_the_import(writer_client, translator_client):
    listing = reverse("master_plan_actions:index")
    import_link = f'href="{IMPORT_URL}"'
    page = writer_client.get(listing)
    assert page.status_code == 200
    assert import_link in page.content.decode()
    assert "Mettre à jour les actions depuis un tableur" in page.content.decode()
    page = translator_client.get(listing)
    assert page.status_code == 200
    assert import_link not in page.content.decode()


# The template.


@pytest.mark.parametrize("extension", ["csv", "ods", "xlsx"])
def test_the_export_gives_each_action_its_key(client, plan, extension):
    rows = rows_of(export(client, plan, extension), extension)
    assert list(rows[0]) == list(COLUMNS)
    keys = [row["key"] for row in rows]
    assert keys == [
        str(plan.actions[slug].translation_key)
        for slug in ("wi-fi-public", "ateliers-numeriques", "telephonie-libre")
    ]
    # The English export gives the same keys: the translations share them.
    english = client.get(plan.plan_en.url + f"actions/{extension}/").content
    assert [row["key"] for row in rows_of(english, extension)] == keys


@pytest.mark.parametrize("extension", ["csv", "ods", "xlsx"])
def test_the_export_for_one_department(client, plan, extension):
    content = export(client, plan, extension, "direction-du-numerique")
    rows = rows_of(content, extension)
    assert [row["slug"] for row in rows] == ["telephonie-libre"]
    response = client.get(
        plan.plan.url + f"actions/{extension}/?department=direction-du-numerique"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename="
        f'"schema-directeur-du-numerique-actions-direction-du-numerique.{extension}"'
    )


@pytest.mark.parametrize("extension", ["ods", "xlsx"])
def test_a_spreadsheet_never_gets_a_formula(client, plan, extension):
    action = plan.actions["wi-fi-public"]
    action.title = '=HYPERLINK("http://evil.example";"clic")'
    action.save_revision().publish()
    content = export(client, plan, extension)
    if extension == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        titles = [cell.value for cell in cells if "HYPERLINK" in str(cell.value)]
    else:
        titles = [row["title"] for row in rows_of(content, extension)]
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert b"table:formula" not in archive.read("content.xml")
    assert any(str(title).startswith("'=HYPERLINK") for title in titles)


# Round trip.


@pytest.mark.parametrize("extension", ["csv", "ods", "xlsx"])
def test_an_unchanged_export_changes_nothing(client, writer_client, plan, extension):
    content = export(client, plan, extension)
    plan_import = preview_of(upload(writer_client, content, f"actions.{extension}"))
    assert plan_import.changed_count == 0
    assert plan_import.unchanged_count == 3
    assert plan_import.refused_count == 0
    page = writer_client.get(reverse("plan_import_preview", args=[plan_import.pk]))
    assert "Le fichier ne modifie aucune action." in page.content.decode()


# A writer's update, approved by a manager.


def test_a_writer_updates_actions_and_a_manager_approves(
    client, writer, writer_client, manager_client, plan
):
    rows = rows_of(export(client, plan, "csv"), "csv")
    wifi, workshops, telephony = rows
    wifi.update(status="en cours", progress="25", start_date="01/09/2025")
    workshops["progress"] = "150"  # an error, fixed below
    workshops["indicators"] = workshops["indicators"].replace(
        '"current_value": 48', '"current_value": 60'
    )
    telephony["title"] = "Un titre changé"  # not imported: noted
    response = upload(writer_client, csv_bytes(rows))
    first = preview_of(response)
    page = writer_client.get(reverse("plan_import_preview", args=[first.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert first.refused_count == 1
    assert first.report["errors"] == [
        {
            "row": 3,
            "column": "progress",
            "message": "L'avancement est un pourcentage, de 0 à 100.",
        }
    ]
    assert "L&#x27;avancement est un pourcentage, de 0 à 100." in text
    assert [change["title"] for change in first.changes] == ["Wi-Fi public"]
    assert first.changes[0]["fields"] == {
        "status": ["planned", "in_progress"],
        "progress": [0, 25],
        "start_date": [None, "2025-09-01"],
    }
    assert "title" in [note["column"] for note in first.report["ignored"]]
    assert ActionPage.objects.get(pk=plan.actions["wi-fi-public"].pk).progress == 0

    workshops["progress"] = "60"
    second = preview_of(upload(writer_client, csv_bytes(rows)))
    assert second.changed_count == 2
    assert second.refused_count == 0
    revisions_before = Revision.objects.count()
    response = post_confirm(writer_client, second)
    assert response.url == state_url(second)
    # Enqueued, nothing changed yet: the page waits for the worker.
    second.refresh_from_db()
    assert second.status == PlanImport.Status.QUEUED
    assert job_state(apply_import_job, second.job_id) == TaskResultStatus.READY
    assert Revision.objects.count() == revisions_before
    assert not WorkflowState.objects.active().exists()
    assert "en attente du service de traitement" in state_text(writer_client, second)
    # The preview's address now leads there too.
    preview = writer_client.get(reverse("plan_import_preview", args=[second.pk]))
    assert preview.url == state_url(second)

    assert run_background_jobs() == 1
    assert job_state(apply_import_job, second.job_id) == TaskResultStatus.SUCCESSFUL
    response = writer_client.get(state_url(second))
    assert response.status_code == 200
    assert "2 actions mises à jour et envoyées pour validation." in (
        response.content.decode()
    )
    assert "data-auto-refresh" not in response.content.decode()

    second.refresh_from_db()
    assert second.status == PlanImport.Status.APPLIED
    assert not second.published
    revisions = list(second.revisions.all())
    assert len(revisions) == 2
    assert {revision.user for revision in revisions} == {writer}
    wifi_page = ActionPage.objects.get(pk=plan.actions["wi-fi-public"].pk)
    assert wifi_page.progress == 0, "nothing live before approval"
    assert wifi_page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    entry = PageLogEntry.objects.get(page=wifi_page, action="policy.plan_import")
    assert entry.revision == wifi_page.latest_revision
    assert entry.data["file_name"] == "actions.csv"
    # A second confirmation is refused.
    assert refused(post_confirm(writer_client, second))

    act(manager_client, wifi_page, "approve")
    workshops_page = ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk)
    act(manager_client, workshops_page, "approve")
    wifi_page = ActionPage.objects.get(pk=wifi_page.pk)
    assert (wifi_page.status, wifi_page.progress) == ("in_progress", 25)
    assert wifi_page.start_date == datetime.date(2025, 9, 1)
    latest = ActionStatusChange.objects.filter(action=wifi_page).last()
    assert (latest.status, latest.progress) == ("in_progress", 25)
    assert latest.date == timezone.localdate()
    workshops_page = ActionPage.objects.get(pk=workshops_page.pk)
    assert workshops_page.progress == 60
    assert workshops_page.indicators.get().current_value == 60
    # The translation follows the synchronised figures.
    english = ActionPage.objects.get(pk=plan.actions_en["ateliers-numeriques"].pk)
    assert english.progress == 60
    assert english.indicators.get().current_value == 60
    # The history records the indicator's new value, dated its publication.
    [entry] = IndicatorValueChange.objects.filter(action=workshops_page)
    assert (entry.previous_value, entry.value, entry.date) == (
        48,
        60,
        timezone.localdate(),
    )
    history = soup(client.get(workshops_page.url)).select(
        ".policy-indicator-history li"
    )
    assert "Ateliers tenus : de 48 à 60 ateliers" in history[0].get_text()
    # The public export says so.
    rows = rows_of(export(client, plan, "csv"), "csv")
    assert rows[1]["progress"] == "60"


def test_a_managers_import_is_published_and_logged(
    client, manager_client, writer_client, plan
):
    rows = rows_of(export(client, plan, "xlsx"), "xlsx")
    rows[1]["status"] = "réalisée"
    rows[1]["progress"] = 100
    data = tablib.Dataset(headers=list(rows[0]))
    for row in rows:
        data.append(list(row.values()))
    plan_import = preview_of(upload(manager_client, data.export("xlsx"), "maj.xlsx"))
    assert plan_import.changed_count == 1
    response = confirm(manager_client, plan_import)
    assert "1 action mise à jour et publiée." in response.content.decode()
    action = ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk)
    assert (action.status, action.progress) == ("done", 100)
    assert not action.has_unpublished_changes
    latest = ActionStatusChange.objects.filter(action=action).last()
    assert (latest.status, latest.progress, latest.date) == (
        "done",
        100,
        timezone.localdate(),
    )
    plan_import.refresh_from_db()
    assert plan_import.published
    revision = plan_import.revisions.get()
    assert revision.pk == action.live_revision_id

    log = manager_client.get(reverse("plan_import_log"))
    assert log.status_code == 200
    assert "maj.xlsx" in log.content.decode()
    detail = manager_client.get(reverse("plan_import_preview", args=[plan_import.pk]))
    assert (
        reverse("wagtailadmin_pages:revisions_view", args=[action.pk, revision.pk])
        in detail.content.decode()
    )
    # Writers import, but do not read the log.
    assert refused(writer_client.get(reverse("plan_import_log")))


# Reading files.


def test_a_french_csv_from_a_spreadsheet(client, manager_client, plan):
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[1].update(budget="13 250,50", target_date="31/12/2026", status="En cours")
    content = csv_bytes(rows, delimiter=";", encoding="cp1252", errors="replace")
    plan_import = preview_of(upload(manager_client, content))
    assert plan_import.report["errors"] == []
    assert plan_import.changes[0]["fields"] == {
        "target_date": ["2026-06-30", "2026-12-31"],
        "budget": ["12500", "13250.5"],
    }


def test_an_ods_with_repeated_empty_cells(client, manager_client, plan):
    """LibreOffice writes consecutive empty cells as one repeated cell."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    rows = rows_of(export(client, plan, "csv"), "csv")
    document = OpenDocumentSpreadsheet()
    table = Table(name="actions")
    for values in [list(rows[0]), *[list(row.values()) for row in rows]]:
        row = TableRow()
        empty = 0
        for value in [*values, ""]:
            if value == "" and values is not None:
                empty += 1
                continue
            if empty:
                row.addElement(TableCell(numbercolumnsrepeated=empty))
                empty = 0
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    plan_import = preview_of(upload(manager_client, buffer.getvalue(), "a.ods"))
    assert plan_import.report["errors"] == []
    assert plan_import.unchanged_count == 3


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "plan.pdf", "pas un tableau"),
        (b"PK\x03\x04not really a zip", "plan.xlsx", "pas un tableau"),
        (b"", "vide.csv", "vide"),
        (b"title,status\nWi-Fi,done\n", "sans-cle.csv", "pas de colonne"),
    ],
)
def test_a_file_that_is_not_the_template(manager_client, plan, content, name, message):
    response = upload(manager_client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanImport.objects.exists()


def test_an_archive_that_would_blow_up_is_refused(manager_client, plan):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * (50 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 1024 * 1024
    response = upload(manager_client, content, "bombe.xlsx")
    assert "pas un tableau" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_limits_from_the_settings(client, manager_client, plan, settings):
    content = export(client, plan, "csv")
    settings.PLAN_IMPORT_MAX_ROWS = 2
    response = upload(manager_client, content)
    assert "plus de 2 lignes" in response.content.decode()
    settings.PLAN_IMPORT_MAX_ROWS = 2000
    settings.PLAN_IMPORT_MAX_BYTES = 100
    response = upload(manager_client, content)
    assert "plus de 0.0 Mo" in response.content.decode() or "Mo" in (
        response.content.decode()
    )
    assert not PlanImport.objects.exists()


def test_unknown_keys_and_bad_values(client, manager_client, plan):
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[0].update(key="00000000-0000-0000-0000-000000000000")
    rows[1].update(status="bientôt", target_date="demain")
    rows[2].update(progress="=1+1")
    plan_import = preview_of(upload(manager_client, csv_bytes(rows)))
    assert plan_import.report["unknown"] == [
        {
            "row": 2,
            "key": "00000000-0000-0000-0000-000000000000",
            "title": "Wi-Fi public",
        }
    ]
    errors = {(e["row"], e["column"]) for e in plan_import.report["errors"]}
    assert errors == {(3, "status"), (3, "target_date"), (4, "progress")}
    assert plan_import.changes == []
    page = manager_client.get(reverse("plan_import_preview", args=[plan_import.pk]))
    assert "Aucune action n’a la clé" in page.content.decode() or "clé" in (
        page.content.decode()
    )


def test_done_means_100_and_planned_0(client, manager_client, plan):
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[0].update(progress="10")  # planned
    rows[1].update(status="done")  # at 40 %
    rows[2].update(start_date="2027-01-01", target_date="2026-01-01")
    plan_import = preview_of(upload(manager_client, csv_bytes(rows)))
    errors = {(e["row"], e["column"]) for e in plan_import.report["errors"]}
    # The error is on the column the row changes.
    assert errors == {(2, "progress"), (3, "status"), (4, "target_date")}


# Rights.


def test_a_translator_cannot_import(
    client, translator_client, writer_client, plan, django_user_model
):
    assert refused(translator_client.get(IMPORT_URL))
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[1]["progress"] = "70"
    assert refused(upload(translator_client, csv_bytes(rows)))
    plan_import = preview_of(upload(writer_client, csv_bytes(rows)))
    revisions = Revision.objects.count()
    assert refused(post_confirm(translator_client, plan_import))
    nobody = logged_in(member(django_user_model, "personne", None))
    assert refused(nobody.get(IMPORT_URL))
    assert refused(post_confirm(nobody, plan_import))
    assert Revision.objects.count() == revisions
    assert (
        ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk).progress == 40
    )
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.PREVIEWED


def test_only_its_editor_confirms_an_import(
    client, writer_client, manager_client, plan
):
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[1]["progress"] = "70"
    plan_import = preview_of(upload(writer_client, csv_bytes(rows)))
    assert refused(post_confirm(manager_client, plan_import))
    assert (
        ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk).progress == 40
    )


def test_an_action_changed_since_the_preview_stops_everything(
    client, manager_client, plan
):
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[0].update(status="in_progress", progress="10")
    rows[1]["progress"] = "70"
    plan_import = preview_of(upload(manager_client, csv_bytes(rows)))
    assert plan_import.changed_count == 2
    other = ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk)
    other.introduction = "Changé entre-temps."
    other.save_revision()
    response = confirm(manager_client, plan_import)
    assert "a changé depuis l’aperçu" in response.content.decode() or (
        "aperçu" in response.content.decode()
    )
    assert ActionPage.objects.get(pk=plan.actions["wi-fi-public"].pk).progress == 0
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.PREVIEWED
    assert not plan_import.revisions.exists()


def test_an_action_changed_after_the_confirmation_stops_the_job(
    client, manager_client, plan
):
    """The job checks again what the confirmation checked: an action changed
    while the import waited for the worker stops it before anything is
    written, and the import says why."""
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[0].update(status="in_progress", progress="10")
    rows[1]["progress"] = "70"
    plan_import = preview_of(upload(manager_client, csv_bytes(rows)))
    assert post_confirm(manager_client, plan_import).status_code == 302
    other = ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk)
    other.introduction = "Changé entre-temps."
    other.save_revision()
    revisions = Revision.objects.count()
    run_background_jobs()
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.FAILED
    assert not plan_import.revisions.exists()
    assert Revision.objects.count() == revisions
    assert ActionPage.objects.get(pk=plan.actions["wi-fi-public"].pk).progress == 0
    text = state_text(manager_client, plan_import)
    assert "L'import a échoué : rien n'a été modifié." in text
    assert "« Ateliers numériques » a changé depuis l'aperçu" in text


def snapshot(keys: list[int]) -> dict:
    """Everything an import may write, for the actions `keys`."""
    return {
        "revisions": Revision.objects.count(),
        "logs": PageLogEntry.objects.count(),
        "moderations": WorkflowState.objects.count(),
        "history": ActionStatusChange.objects.count(),
        "indicator_history": IndicatorValueChange.objects.count(),
        "live": [
            ActionPage.objects.filter(pk=pk)
            .values_list("status", "progress", "latest_revision_id", "live_revision_id")
            .get()
            for pk in keys
        ],
    }


@pytest.mark.parametrize(
    ("role", "failure", "message", "job_status"),
    [
        # A failure the import expects (a rule of the action broken on the way):
        # the job ends, and the import says what.
        (
            "writer",
            ValidationError("La date ne va pas."),
            "Rien n'a été modifié : La date ne va pas.",
            TaskResultStatus.SUCCESSFUL,
        ),
        # Anything else: the job fails too, its record keeps the traceback.
        (
            "manager",
            RuntimeError("le serveur de base de données est parti"),
            "erreur imprévue : rien n'a été modifié",
            TaskResultStatus.FAILED,
        ),
    ],
)
def test_a_failure_half_way_changes_nothing(
    client, request, plan, monkeypatch, failure, message, job_status, role
):
    """Five actions, the third one fails: the two applied before it (their
    revisions, publications or moderations, history) are rolled back with the
    rest; the progress could be read while the job ran."""
    editor = request.getfixturevalue(f"{role}_client")
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 2)
    grow_plan(MasterPlanPage.objects.get(pk=plan.plan.pk), 8)
    rows = rows_of(export(client, plan, "csv"), "csv")
    for row in rows[:5]:
        row.update(status="in_progress", progress="45")
    rows[1]["indicators"] = rows[1]["indicators"].replace(
        '"current_value": 48', '"current_value": 60'
    )
    plan_import = preview_of(upload(editor, csv_bytes(rows)))
    assert plan_import.changed_count == 5
    keys = [change["page"] for change in plan_import.changes]
    before = snapshot(keys)
    post_confirm(editor, plan_import)
    plan_import.refresh_from_db()
    seen = {}

    def third_fails(action, *args, **kwargs):
        done = len(seen.setdefault("calls", []))
        seen["calls"].append(action.pk)
        if done == 2:
            # Mid-run, from another process's point of view: the progress, and
            # the page the editor waits on.
            seen["progress"] = progress.read(importer.progress_name(plan_import))
            seen["page"] = editor.get(state_url(plan_import))
            raise failure
        return apply_change(action, *args, **kwargs)

    with mock.patch("policy.plan_import.apply_change", third_fails):
        assert run_background_jobs() == 1
    assert len(seen["calls"]) == 3
    assert (seen["progress"].done, seen["progress"].total) == (2, 5)
    page = soup(seen["page"])
    bar = page.select_one("progress")
    assert (bar["value"], bar["max"]) == ("2", "5")
    assert bar.get_text(strip=True) == "2 actions sur 5"
    assert (
        "En cours : 2 actions sur 5."
        in page.select_one(".plan-import-state[role=status]").get_text()
    )
    assert page.select_one("[data-auto-refresh]") is not None

    assert snapshot(keys) == before
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.FAILED
    assert not plan_import.revisions.exists()
    assert job_state(apply_import_job, plan_import.job_id) == job_status
    assert progress.read(importer.progress_name(plan_import)) is None
    response = editor.get(state_url(plan_import))
    text = (
        soup(response)
        .select_one(".plan-import-state[role=status]")
        .get_text(" ", strip=True)
    )
    assert "L'import a échoué : rien n'a été modifié." in text
    assert message in text
    assert "data-auto-refresh" not in response.content.decode()
    # The import cannot be confirmed again: a new upload starts over.
    assert refused(post_confirm(editor, plan_import))
    record = editor.get(reverse("plan_import_preview", args=[plan_import.pk]))
    assert message in soup(record).select_one("main").get_text(" ", strip=True)
    if role == "manager":
        log = soup(editor.get(reverse("plan_import_log"))).select_one("tbody tr")
        assert "échoué, rien n'a changé" in log.get_text(" ", strip=True)


# The page the editor waits on.


def queued(client, editor_client, plan) -> PlanImport:
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[1]["progress"] = "70"
    plan_import = preview_of(upload(editor_client, csv_bytes(rows)))
    assert post_confirm(editor_client, plan_import).status_code == 302
    plan_import.refresh_from_db()
    return plan_import


def test_the_waiting_page_before_the_worker_runs(client, writer_client, plan):
    plan_import = queued(client, writer_client, plan)
    response = writer_client.get(state_url(plan_import))
    page = soup(response)
    status = page.select_one(".plan-import-state[role=status]").get_text(
        " ", strip=True
    )
    assert "l'import est en attente du service de traitement" in status
    assert "Rien n'a encore changé." in status
    assert "ne semble pas démarré" not in status
    assert page.select_one("progress") is None
    refresh = page.select_one("[data-auto-refresh]")
    assert refresh["data-auto-refresh"] == "2"
    assert page.select_one('script[src$="auto_refresh.js"]') is not None
    # An axe-core rule and RGAA 13.1: no refresh the reader cannot stop.
    assert page.select_one('meta[http-equiv="refresh"]') is None
    # No focus taken; the automatic update can be stopped (RGAA 13.1).
    assert page.select("[autofocus]") == []
    stop = page.find("a", string="Arrêter la mise à jour automatique")
    stopped = soup(writer_client.get(stop["href"]))
    assert stopped.select_one("[data-auto-refresh]") is None
    update = stopped.find("a", string="Mettre à jour")
    assert update["href"] == stop["href"]
    assert stopped.find("a", string="Mettre à jour automatiquement")["href"] == (
        state_url(plan_import)
    )

    # Still waiting a minute later: the worker is not running, the page says so.
    DBTaskResult.objects.filter(pk=plan_import.job_id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    status = soup(writer_client.get(state_url(plan_import))).select_one(
        ".plan-import-state[role=status]"
    )
    assert (
        "Le service de traitement ne semble pas démarré ; prévenez l'administrateur."
        in status.get_text(" ", strip=True)
    )
    assert (
        ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk).progress == 40
    )


def test_the_page_after_the_import(client, manager_client, plan):
    plan_import = queued(client, manager_client, plan)
    run_background_jobs()
    response = manager_client.get(state_url(plan_import))
    page = soup(response)
    assert page.select_one("[data-auto-refresh]") is None
    assert page.select_one("progress") is None
    status = page.select_one(".plan-import-state[role=status]").get_text(
        " ", strip=True
    )
    assert status == "1 action mise à jour et publiée."
    text = page.select_one("main").get_text(" ", strip=True)
    assert "1 modifiées, 2 inchangées, 0 refusées." in text
    revision = PlanImport.objects.get(pk=plan_import.pk).revisions.get()
    links = [link["href"] for link in page.select("main a")]
    assert (
        reverse(
            "wagtailadmin_pages:revisions_view",
            args=[revision.object_id, revision.pk],
        )
        in links
    )
    assert reverse("plan_import_preview", args=[plan_import.pk]) in links


def test_a_job_lost_from_the_queue(client, writer_client, plan):
    """A job the queue no longer has (its records pruned, or a worker killed
    halfway) is shown as failed, not waited for forever."""
    plan_import = queued(client, writer_client, plan)
    DBTaskResult.objects.filter(pk=plan_import.job_id).delete()
    status = state_text(writer_client, plan_import)
    assert "L'import a échoué : rien n'a été modifié." in status


def killed_worker(plan_import: PlanImport, silent: datetime.timedelta) -> None:
    """What a worker stopped or killed halfway through the import leaves: the
    job « running » in the queue for ever, its last progress report `silent`
    old, the database as it was (the job's transaction rolled back)."""
    total = len(plan_import.changes)
    last_report = timezone.now() - silent
    DBTaskResult.objects.filter(pk=plan_import.job_id).update(
        status=TaskResultStatus.RUNNING,
        started_at=last_report - datetime.timedelta(minutes=5),
        worker_ids=["killed"],
    )
    with mock.patch("django.utils.timezone.now", return_value=last_report):
        progress.report(importer.progress_name(plan_import), 0, total)


def status_of(response) -> str:
    return (
        soup(response)
        .select_one(".plan-import-state[role=status]")
        .get_text(" ", strip=True)
    )


def test_a_long_import_that_still_reports_is_running(client, writer_client, plan):
    """Started long ago, but its last progress report is recent: it is being
    applied, the page waits for it."""
    plan_import = queued(client, writer_client, plan)
    killed_worker(plan_import, datetime.timedelta(minutes=2))
    DBTaskResult.objects.filter(pk=plan_import.job_id).update(
        started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    response = writer_client.get(state_url(plan_import))
    assert "En cours : 0 actions sur 1." in status_of(response)
    page = soup(response)
    assert page.select_one("[data-auto-refresh]") is not None
    assert page.select_one("form.plan-import-restart") is None
    assert refused_restart(writer_client, plan_import)
    progress.clear(importer.progress_name(plan_import))


def restart_url(plan_import: PlanImport) -> str:
    return reverse("plan_import_restart", args=[plan_import.pk])


def refused_restart(client, plan_import: PlanImport) -> bool:
    """Asking to start the import again gives nothing new: no import, and the
    import as it was."""
    count = PlanImport.objects.count()
    before = PlanImport.objects.values().get(pk=plan_import.pk)
    response = client.post(restart_url(plan_import))
    assert PlanImport.objects.count() == count
    assert PlanImport.objects.values().get(pk=plan_import.pk) == before
    return refused(response) or response.url == state_url(plan_import)


def test_an_import_whose_worker_was_killed_is_interrupted(
    client, writer_client, manager_client, translator_client, plan, django_user_model
):
    """The worker was killed while it applied the import: past the silence a
    job never keeps, the import is said interrupted, with nothing changed, and
    its editor gets its preview back to confirm again."""
    plan_import = queued(client, writer_client, plan)
    keys = [change["page"] for change in plan_import.changes]
    before = snapshot(keys)
    killed_worker(plan_import, datetime.timedelta(minutes=31))

    response = writer_client.get(state_url(plan_import))
    status = status_of(response)
    assert (
        "L'import a été interrompu : le service de traitement s'est arrêté "
        "pendant qu'il l'appliquait." in status
    )
    assert "Rien n'a été modifié" in status
    assert "En cours" not in status
    page = soup(response)
    assert page.select_one("progress") is None
    assert page.select_one("[data-auto-refresh]") is None
    form = page.select_one("form.plan-import-restart")
    assert form["action"] == restart_url(plan_import)
    assert form.button.get_text(strip=True) == "Relancer l'import"

    # The manager reads it as interrupted, in the log too, but only its
    # editor starts it again; the others are refused, nothing changes.
    managers_page = soup(manager_client.get(state_url(plan_import)))
    assert "L'import a été interrompu" in managers_page.get_text()
    assert managers_page.select_one("form.plan-import-restart") is None
    row = soup(manager_client.get(reverse("plan_import_log"))).select_one("tbody tr")
    assert "interrompu, rien n'a changé" in row.get_text(" ", strip=True)
    other_writer = logged_in(member(django_user_model, "autre", WRITERS))
    for other in (manager_client, other_writer, translator_client, client):
        assert refused_restart(other, plan_import)
        assert refused(other.post(restart_url(plan_import)))
    assert snapshot(keys) == before

    # Its editor starts it again: its preview, to confirm as the first time.
    response = writer_client.post(restart_url(plan_import))
    again = PlanImport.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    assert response.url == reverse("plan_import_preview", args=[again.pk])
    assert again.pk != plan_import.pk
    assert again.status == PlanImport.Status.PREVIEWED
    assert (again.changes, again.report) == (plan_import.changes, plan_import.report)
    assert again.user.username == "redactrice"
    preview = soup(writer_client.get(response.url))
    assert "confirmez-le pour l'appliquer" in preview.get_text()
    assert snapshot(keys) == before

    # The interrupted import stays so, and is not started twice.
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.FAILED
    assert refused_restart(writer_client, plan_import)
    page = soup(writer_client.get(state_url(plan_import)))
    assert "L'import a été interrompu" in status_of(
        writer_client.get(state_url(plan_import))
    )
    assert page.select_one("form.plan-import-restart") is None
    record = soup(
        writer_client.get(reverse("plan_import_preview", args=[plan_import.pk]))
    )
    assert "L'import a été interrompu" in record.select_one("main").get_text()
    assert "L'import a échoué" not in record.select_one("main").get_text()

    # Confirmed again, applied once.
    text = status_of(confirm(writer_client, again))
    assert text == "1 action mise à jour et envoyée pour validation."
    assert ActionPage.objects.get(pk=keys[0]).latest_revision_id != before["live"][0][2]
    rows = soup(manager_client.get(reverse("plan_import_log"))).select("tbody tr")
    states = [row.select("td")[2].get_text(strip=True) for row in rows[:2]]
    assert states == ["envoyé pour validation", "interrompu, rien n'a changé"]
    progress.clear(importer.progress_name(plan_import))


def test_an_interrupted_import_still_checks_the_actions(client, writer_client, plan):
    """Started again after an action changed: the confirmation refuses it, as
    for any preview, and nothing is applied."""
    plan_import = queued(client, writer_client, plan)
    killed_worker(plan_import, datetime.timedelta(minutes=45))
    response = writer_client.post(restart_url(plan_import))
    again = PlanImport.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    other = ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk)
    other.introduction = "Changé entre-temps."
    other.save_revision()
    response = post_confirm(writer_client, again)
    assert response.url == IMPORT_URL
    assert "a changé depuis l'aperçu" in soup(writer_client.get(response.url)).get_text(
        " "
    )
    again.refresh_from_db()
    assert again.status == PlanImport.Status.PREVIEWED
    assert run_background_jobs() == 0
    other.refresh_from_db()
    assert other.progress == 40
    progress.clear(importer.progress_name(plan_import))


def test_the_killed_job_cannot_apply_an_import_started_again(
    client, writer_client, plan
):
    """Had the old job gone on after all (it had read its import before the
    editor started it again), it finds its import given up under its lock and
    leaves it, and the actions, alone."""
    plan_import = queued(client, writer_client, plan)
    editors_language = importer.editors_language

    def restarted_meanwhile(user):
        # The job hung here, silent for long, then the editor started again.
        killed_worker(plan_import, datetime.timedelta(minutes=45))
        assert writer_client.post(restart_url(plan_import)).status_code == 302
        return editors_language(user)

    with mock.patch.object(importer, "editors_language", restarted_meanwhile):
        assert apply_import_job.call(plan_import.pk) == {"status": "failed"}
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.FAILED
    assert plan_import.failure["message"] == importer.INTERRUPTED
    assert not plan_import.revisions.exists()
    assert (
        ActionPage.objects.get(pk=plan.actions["ateliers-numeriques"].pk).progress == 40
    )
    assert PlanImport.objects.filter(status=PlanImport.Status.PREVIEWED).count() == 1


def test_only_its_editor_and_managers_see_an_import(
    client, writer_client, manager_client, translator_client, plan, django_user_model
):
    plan_import = queued(client, writer_client, plan)
    url = state_url(plan_import)
    assert writer_client.get(url).status_code == 200
    assert manager_client.get(url).status_code == 200
    other_writer = logged_in(member(django_user_model, "autre", WRITERS))
    nobody = logged_in(member(django_user_model, "personne", None))
    for other in (other_writer, translator_client, nobody, client):
        assert refused(other.get(url))
        assert refused(other.get(reverse("plan_import_preview", args=[plan_import.pk])))
    assert client.get(
        reverse("plan_import_state", args=[plan_import.pk + 1000])
    ).status_code in (302, 404)
    assert (
        manager_client.get(
            reverse("plan_import_state", args=[plan_import.pk + 1000])
        ).status_code
        == 404
    )
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.QUEUED
    assert job_state(apply_import_job, plan_import.job_id) == TaskResultStatus.READY


def test_an_action_in_moderation_is_refused(client, writer_client, plan):
    rows = rows_of(export(client, plan, "csv"), "csv")
    rows[1]["progress"] = "70"
    confirm(writer_client, preview_of(upload(writer_client, csv_bytes(rows))))
    rows[1]["progress"] = "75"
    plan_import = preview_of(upload(writer_client, csv_bytes(rows)))
    assert plan_import.report["errors"][0]["column"] == "key"
    assert plan_import.changes == []


# The query budget.


def queries_of(call) -> int:
    """The queries `call` makes, savepoints aside, however many (Django's own
    capture keeps the last 9,000 only)."""
    count = 0

    def counted(execute, sql, params, many, context):
        nonlocal count
        if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        call()
    return count


@pytest.mark.engine
def test_the_preview_reads_any_number_of_rows_in_the_same_queries(
    client, writer_client, plan
):
    rows = rows_of(export(client, plan, "csv"), "csv")
    for row in rows:
        row["progress"] = "50"
        row["status"] = "in_progress"
    # Each upload saves content, so the request after it finds the site again
    # (home/caching/sites.py): one upload first, so both are measured alike.
    preview_of(upload(writer_client, csv_bytes(rows[:1])))
    one = queries_of(lambda: preview_of(upload(writer_client, csv_bytes(rows[:1]))))
    three = queries_of(lambda: preview_of(upload(writer_client, csv_bytes(rows))))
    assert PlanImport.objects.last().changed_count == 1
    assert PlanImport.objects.first().changed_count == 3
    assert three == one


def job_queries(client, plan_import: PlanImport) -> int:
    """The queries of the job that applies `plan_import` (and of the worker
    running it)."""
    assert post_confirm(client, plan_import).status_code == 302
    cost = queries_of(run_background_jobs)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.APPLIED, plan_import.failure
    return cost


def kind_of(slug: str) -> str:
    """The demo action a copy was made from (« wi-fi-public-17 »)."""
    stem, _dash, number = slug.rpartition("-")
    return stem if number.isdigit() else slug


@pytest.mark.parametrize(
    "size",
    [
        # The budget per action on both engines (their SQL differs: savepoints,
        # batched inserts), on 30 actions.
        pytest.param(30, marks=pytest.mark.engine),
        # A department's whole plan, once, on SQLite: a dozen progress reports
        # and the batched inserts. At 500 it cost about 90 s of CPU on SQLite
        # (two minutes on PostgreSQL) and asserted nothing more: the budget is
        # per action.
        120,
    ],
)
def test_an_import_keeps_its_query_budget(
    client, manager_client, plan, monkeypatch, size
):
    """`size` rows are previewed in the queries of 3, the preview page reads in
    the same queries whatever the number of changes, and the job costs the same
    queries for each action it applies beyond a constant: measured on imports
    of 1 and 3 copies of each demo action, then asserted on `size` other copies
    applied in one job, whose progress is reported along the way."""
    # The three demo actions, 4 copies of each to measure with, `size` to import.
    grow_plan(MasterPlanPage.objects.get(pk=plan.plan.pk), 3 + 12 + size)
    kinds = {}
    for row in rows_of(export(client, plan, "csv"), "csv"):
        if kind_of(row["slug"]) != row["slug"]:
            row.update(status="in_progress", progress="55")
            kinds.setdefault(kind_of(row["slug"]), []).append(row)
    assert len(kinds) == 3
    rows = [row for copies in kinds.values() for row in copies[4:]]
    assert len(rows) == size
    small = queries_of(lambda: preview_of(upload(manager_client, csv_bytes(rows[:3]))))
    small_page = count_queries(
        manager_client,
        reverse("plan_import_preview", args=[PlanImport.objects.first().pk]),
    )
    large = queries_of(lambda: preview_of(upload(manager_client, csv_bytes(rows))))
    whole = PlanImport.objects.first()
    assert whole.changed_count == size
    assert large == small
    url = reverse("plan_import_preview", args=[whole.pk])
    assert count_queries(manager_client, url) == small_page

    # What one action costs, for copies of each of the demo's three actions.
    per_action = {}
    constant = 0
    for kind, copies in kinds.items():
        costs = [
            job_queries(
                manager_client,
                preview_of(upload(manager_client, csv_bytes(measured))),
            )
            for measured in (copies[:1], copies[1:4])
        ]
        per_action[kind] = (costs[1] - costs[0]) / 2
        constant = max(constant, costs[0] - per_action[kind])
    assert all(0 < cost < 100 for cost in per_action.values()), per_action

    reports = []
    report = progress.report
    monkeypatch.setattr(
        progress, "report", lambda *args: (reports.append(args[1:]), report(*args))
    )
    cost = job_queries(manager_client, whole)
    budget = constant + sum(
        per_action[kind] * len(copies[4:]) for kind, copies in kinds.items()
    )
    # Beyond the budget, only what writes hundreds of rows at once in batches
    # (the import's links to its revisions: two inserts on SQLite at 500).
    assert cost <= budget + 2, (cost, budget, per_action, constant)
    assert reports[0] == (0, size)
    assert reports[-1] == (size, size)
    assert len(reports) == 1 + size // importer.PROGRESS_EVERY
    assert whole.revisions.count() == size
    assert set(
        ActionPage.objects.filter(
            pk__in=[change["page"] for change in whole.changes]
        ).values_list("progress", flat=True)
    ) == {55}
