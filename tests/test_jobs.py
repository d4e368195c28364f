"""Long jobs run in the worker, not in the request (home/jobs/): enqueued with
the request's transaction, run by `db_worker`, their state and progress
readable by the screens that wait for them."""

from __future__ import annotations

import datetime
import signal
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from home.jobs import SILENT_LIMIT, background_task, job_state, progress, seems_dead
from tests.helpers import run_background_jobs

# The queue is a table each engine locks its own way (SQLite's exclusive
# transaction, PostgreSQL's SELECT ... FOR UPDATE SKIP LOCKED).
pytestmark = [pytest.mark.django_db, pytest.mark.engine]

ROOT = Path(__file__).resolve().parent.parent


@background_task
def rename_page(page_id: int, title: str) -> str:
    total = 3
    for done in range(1, total + 1):
        progress.report(f"rename-{page_id}", done, total)
    Page.objects.filter(pk=page_id).update(title=title)
    return title


@background_task
def fail() -> None:
    raise ValueError("broken on purpose")


def test_a_job_waits_for_the_worker_then_runs_there():
    page = Page.objects.get(depth=1)
    result = rename_page.enqueue(page.pk, "Renommée par la tâche")
    # Enqueued, not run: the request that asked for it returns at once.
    assert job_state(rename_page, result.id) == TaskResultStatus.READY
    assert Page.objects.get(pk=page.pk).title != "Renommée par la tâche"
    assert progress.read(f"rename-{page.pk}") is None

    assert run_background_jobs() == 1
    assert job_state(rename_page, result.id) == TaskResultStatus.SUCCESSFUL
    assert rename_page.get_result(result.id).return_value == "Renommée par la tâche"
    assert Page.objects.get(pk=page.pk).title == "Renommée par la tâche"
    report = progress.read(f"rename-{page.pk}")
    assert (report.done, report.total, report.percent) == (3, 3, 100)
    progress.clear(f"rename-{page.pk}")
    assert progress.read(f"rename-{page.pk}") is None


def test_a_request_that_fails_enqueues_nothing():
    page = Page.objects.get(depth=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        rename_page.enqueue(page.pk, "Jamais")
        raise RuntimeError("the request fails after enqueueing")
    assert not DBTaskResult.objects.exists()
    assert run_background_jobs() == 0


def test_a_failing_job_is_recorded_failed_and_the_worker_goes_on():
    failed = fail.enqueue()
    page = Page.objects.get(depth=1)
    renamed = rename_page.enqueue(page.pk, "Après l'échec")
    assert run_background_jobs() == 2
    assert job_state(fail, failed.id) == TaskResultStatus.FAILED
    assert "broken on purpose" in fail.get_result(failed.id).errors[0].traceback
    assert job_state(rename_page, renamed.id) == TaskResultStatus.SUCCESSFUL


def test_an_unknown_job_has_no_state():
    assert job_state(rename_page, "00000000-0000-0000-0000-000000000000") is None
    assert job_state(rename_page, "not-an-id") is None


def test_a_running_job_silent_for_too_long_seems_dead():
    """The rule the waiting screens share (the plan import, the accessibility
    checks): a job « running » with no sign of life (its start, its last
    progress report) for longer than SILENT_LIMIT lost its worker."""
    page = Page.objects.get(depth=1)
    result = rename_page.enqueue(page.pk, "Jamais")
    name = f"rename-{page.pk}"
    now = timezone.now()

    def state(started: datetime.timedelta, reported: datetime.timedelta | None):
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.RUNNING, started_at=now - started
        )
        progress.clear(name)
        if reported is not None:
            with mock.patch("django.utils.timezone.now", return_value=now - reported):
                progress.report(name, 1, 3)
        return seems_dead(rename_page.get_result(result.id), name)

    minute = datetime.timedelta(minutes=1)
    # Waiting for the worker: never dead (worker_seems_stopped says more).
    assert not seems_dead(rename_page.get_result(result.id), name)
    assert not state(started=SILENT_LIMIT - minute, reported=None)
    assert state(started=SILENT_LIMIT + minute, reported=None)
    # A long job that still reports is alive; one that stopped reporting is not.
    assert not state(started=3 * SILENT_LIMIT, reported=minute)
    assert state(started=3 * SILENT_LIMIT, reported=SILENT_LIMIT + minute)
    # Its progress read under another name does not count.
    assert seems_dead(rename_page.get_result(result.id), "other")
    progress.clear(name)
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.SUCCESSFUL)
    assert not seems_dead(rename_page.get_result(result.id), name)


def test_progress_ignores_what_is_not_a_report():
    from django.core.cache import caches

    caches["progress"].set("progress:odd", "garbage")
    assert progress.read("odd") is None
    assert progress.Progress(0, 0).percent == 0


def test_the_worker_command_runs_the_queue_and_exits_in_batch_mode():
    """The command the deployment runs as a service (`--batch`: until the
    queue is empty)."""
    page = Page.objects.get(depth=1)
    result = rename_page.enqueue(page.pk, "Par le service")
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections"
        ):
            call_command(
                "db_worker",
                "--backend",
                "background",
                "--batch",
                "--no-startup-delay",
                verbosity=0,
            )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert job_state(rename_page, result.id) == TaskResultStatus.SUCCESSFUL
    assert Page.objects.get(pk=page.pk).title == "Par le service"
