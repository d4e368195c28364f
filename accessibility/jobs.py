"""The automated checks the admin's button asks for, run by the background
worker (home/jobs/): Chromium reads the site's own pages, which a request
cannot wait for (a one-worker server would be reading them itself).

The job drives Chromium against the site's public address (each page's full
URL on its site, else `WAGTAILADMIN_BASE_URL`), reports its progress page by
page, and stores the hints where `manage.py audit_hints` does, each page as
soon as it is read."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks.base import TaskResult
from django_tasks.exceptions import TaskResultDoesNotExist

from home.jobs import background_task, progress, seems_dead

from . import hints
from .models import Audit, HintRun

MAX_PAGES = 20
TIMEOUT_SECONDS = 30.0


def progress_name(run_id: int) -> str:
    return f"accessibility-hints-{run_id}"


class RunGone(Exception):
    """The run (or its audit) was deleted before the worker took it."""


@background_task
def check_hints(run_id: int) -> dict:
    """Run axe-core on the run's audit; what the state screen shows."""
    run = HintRun.objects.select_related("audit").filter(pk=run_id).first()
    if run is None:
        raise RunGone(run_id)
    checked = hints.check_audit(
        run.audit,
        base_url=settings.WAGTAILADMIN_BASE_URL,
        chromium=hints.chromium_path(),
        timeout_seconds=TIMEOUT_SECONDS,
        max_pages=MAX_PAGES,
        on_page=lambda done, total: progress.report(progress_name(run_id), done, total),
    )
    return {
        "pages": [
            {
                "sample": page.sample_id,
                "name": page.name,
                "problems": page.problems,
                "error": page.error,
            }
            for page in checked
        ],
        "problems": sum(page.problems or 0 for page in checked),
    }


def latest_run(audit: Audit) -> HintRun | None:
    return audit.hint_runs.first()


def run_result(run: HintRun) -> TaskResult | None:
    """The job's result (its state, return value or errors); None when the
    queue no longer has it."""
    try:
        return check_hints.get_result(run.result_id)
    except (TaskResultDoesNotExist, ValueError):
        return None


def stale(run: HintRun, result: TaskResult) -> bool:
    """A run still « running » in a worker that is gone (home.jobs.seems_dead:
    silent, neither started nor a page read, for far longer than a page takes);
    it no longer blocks a new run."""
    return seems_dead(result, progress_name(run.pk))


def pending(run: HintRun | None) -> bool:
    """Waiting for the worker, or running (and not stale)."""
    if run is None:
        return False
    result = run_result(run)
    return (
        result is not None
        and result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        and not stale(run, result)
    )


def start(audit: Audit, user) -> tuple[HintRun, bool]:
    """The audit's pending run, or a new one enqueued (part of the request's
    transaction: the worker sees it once the request has committed); whether
    it is new. The audit's row is locked so that two clicks enqueue one job."""
    with transaction.atomic():
        Audit.objects.select_for_update().filter(pk=audit.pk).first()
        run = latest_run(audit)
        if pending(run):
            return run, False
        run = HintRun.objects.create(audit=audit, enqueued_by=user)
        run.result_id = check_hints.enqueue(run.pk).id
        run.save(update_fields=["result_id"])
    return run, True
