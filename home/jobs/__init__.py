"""Jobs too long for a request, run by a worker process.

Most work happens in the request that asks for it. A few jobs would hold a
request for many seconds, or even deadlock it: the whole master-plan import of
hundreds of actions in one transaction, and the accessibility hints, where
Chromium reads the site's own pages (a one-worker server cannot answer them
while it waits for the browser). They are django-tasks tasks on the
« background » queue (`TASKS` in the settings), stored in the database by
django-tasks-db and run by `manage.py db_worker --backend background`:
`python3 dev.py start` runs one beside the development server; the deployment
docs run it as a service.

Enqueueing is part of the request's transaction (the queue is a table, and
requests are atomic): a request that fails enqueues nothing, and the worker
never sees a job before what it needs is committed.

- `background_task`: declares a job (its writes batch the index updates, as a
  request's do);
- `progress`: how far a running job has got, readable from any process while
  the job's own transaction is still open;
- `job_state`: where a job stands, for the screens that wait for it;
- `worker_seems_stopped` and `seems_dead`: a job waiting too long for the
  worker, or « running » in a worker that is gone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task, TaskResult
from django_tasks.exceptions import TaskResultDoesNotExist

from home.search.tasks import tasks_once

from . import progress

BACKEND = "background"

P = ParamSpec("P")
T = TypeVar("T")


def background_task(func: Callable[P, T]) -> Task[P, T]:
    """A task of the background queue. Its body runs inside `tasks_once()`,
    so the search and reference index entries it touches are computed once,
    after it, as in a request."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with tasks_once():
            return func(*args, **kwargs)

    return task(backend=BACKEND)(run)


def job_state(job: Task[Any, Any], result_id: str) -> TaskResultStatus | None:
    """READY (waiting for the worker), RUNNING, SUCCESSFUL or FAILED; None
    when the queue has no such job (pruned, or never enqueued)."""
    try:
        return job.get_result(result_id).status
    except TaskResultDoesNotExist:
        return None


# The worker takes a job within seconds; a job waiting longer than this means
# it is not running, which the waiting screens say.
WORKER_LATE = datetime.timedelta(seconds=60)


def worker_seems_stopped(enqueued_at: datetime.datetime) -> bool:
    """A job enqueued at `enqueued_at` and still waiting: is that too long?"""
    return timezone.now() - enqueued_at > WORKER_LATE


# A job gives a sign of life when it starts and each time it reports its
# progress. One silent for this long lost its worker: the process was stopped
# or killed while it ran (its uncommitted writes rolled back with it). The
# queue still says « running » and always will: the worker never takes a job
# it had started. Far beyond any pause of the site's jobs between two reports
# (the accessibility checks: 20 pages of 30 seconds at most; the plan import:
# a report every ten actions).
SILENT_LIMIT = datetime.timedelta(minutes=30)


def silent_minutes() -> int:
    """SILENT_LIMIT in minutes, for the screens that say it."""
    return int(SILENT_LIMIT.total_seconds() // 60)


def seems_dead(result: TaskResult, progress_name: str = "") -> bool:
    """Is the job of `result` « running » in a worker that is gone? It is
    when it has been silent for longer than SILENT_LIMIT since it started or,
    if it reports its progress under `progress_name`, since its last report."""
    if result.status != TaskResultStatus.RUNNING:
        return False
    signs = [result.started_at or result.enqueued_at]
    report = progress.read(progress_name) if progress_name else None
    if report is not None:
        signs.append(report.reported_at)
    latest = max((sign for sign in signs if sign is not None), default=None)
    return latest is not None and timezone.now() - latest > SILENT_LIMIT


# The screens that wait for a job reload themselves this often while it waits
# or runs (home/static/home/admin/auto_refresh.js), unless the reader stops it.
REFRESH_SECONDS = 2


def refresh_links(request: Any, url: str, *, under_way: bool) -> dict[str, Any]:
    """The waiting screen's refresh, for `includes/admin_job_refresh.html`.

    While the job waits or runs, a script reloads the screen every
    REFRESH_SECONDS; a link stops it and another starts it again (RGAA 13.1:
    a reader controls every time limit; `?refresh=off` keeps it stopped across
    reloads). An « Update » link works with or without the script. The reload
    is a script rather than `<meta http-equiv="refresh">`, which axe-core and
    RGAA count as a refresh the reader cannot stop."""
    auto = request.GET.get("refresh") != "off"
    return {
        "under_way": under_way,
        "refresh": under_way and auto,
        "refresh_seconds": REFRESH_SECONDS,
        "update_url": url if auto else url + "?refresh=off",
        "stop_url": url + "?refresh=off",
        "resume_url": url,
    }
