"""Background tasks of a bulk load, each run once at its end.

Every save and publication of a page or snippet queues Wagtail's tasks: its
search-index entry and its reference index (what it links to), run at once by
the default backend. The demo saves most objects several times (created,
revised, published, translated, published again), so these tasks were a quarter
of `load_demo_data`'s time, most of them redoing the same work. Here the load
queues them on django-tasks' dummy backend; at the end each distinct task (the
same function on the same object) runs once, in the order of its last request,
inside the load's transaction; a task on an object deleted since is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.test.utils import override_settings
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

QUEUE_ONLY = {
    DEFAULT_TASK_BACKEND_ALIAS: {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
}


@contextmanager
def tasks_run_once_at_the_end() -> Iterator[None]:
    with override_settings(TASKS=QUEUE_ONLY):
        yield
        queued = list(task_backends[DEFAULT_TASK_BACKEND_ALIAS].results)
    distinct = {}
    for result in queued:
        key = (
            result.task.module_path,
            repr(result.args),
            repr(sorted(result.kwargs.items())),
        )
        distinct.pop(key, None)
        distinct[key] = result
    for result in distinct.values():
        try:
            result.task.call(*result.args, **result.kwargs)
        except ObjectDoesNotExist:
            # Deleted since (an inline row replaced on a later save): its
            # deletion queued what removes it from the indexes.
            continue
