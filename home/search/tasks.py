"""The indexes' tasks run once per request, after it, rather than at every save.

Every save of a page, snippet, image or document queues two of Wagtail's tasks:
its search-index entry (modelsearch) and its reference index (what it links to,
which the « usage » screens and the deletion warnings read). The default
django-tasks backend runs each at once, inside the save. Publishing a page saves
it several times in one request (the revision, the page, its translations kept
in sync, the inline rows...), so the same entries were computed three times
(tests/news/test_index_tasks.py).

`BatchingBackend` is django-tasks' immediate backend, except inside `tasks_once()`:
there a task is only recorded, and the same task on the same object requested
again replaces the earlier request. When the block ends, each distinct task runs
once, through the immediate backend (so with its error handling: a task on an
object deleted since fails quietly, as it would have at once), in the order of
its last request. `TasksOncePerRequestMiddleware` opens such a block around each
request, outside the request's transaction: the tasks run after it commits and
before the response leaves, so the next request finds the indexes up to date.

A site that sets another backend in `TASKS` (a worker queue) keeps its own
behaviour: `tasks_once()` then changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

Batch = dict[tuple[str, str, str], tuple[Task, Any, Any]]

_batch: ContextVar[Batch | None] = ContextVar("tasks_batch", default=None)


class BatchingBackend(ImmediateBackend):
    """Immediate, except inside `tasks_once()` (see the module's docstring)."""

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        batch = _batch.get()
        if batch is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        key = (task.module_path, repr(args), repr(sorted(kwargs.items())))
        batch.pop(key, None)
        batch[key] = (task, args, kwargs)
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


@contextmanager
def tasks_once() -> Iterator[None]:
    """Inside the block, tasks are recorded; at its end each distinct one runs
    once. Nested blocks belong to the outermost. If the block raises, nothing
    runs: what it saved is rolled back with its transaction, or will be saved
    again."""
    if _batch.get() is not None:
        yield
        return
    batch: Batch = {}
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    for task, args, kwargs in batch.values():
        task.enqueue(*args, **kwargs)


class TasksOncePerRequestMiddleware:
    """Each request's index tasks, once each, after its transaction."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with tasks_once():
            return self.get_response(request)
