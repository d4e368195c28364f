"""Background tasks of a bulk load, each run once at its end.

Every save and publication of a page or snippet queues Wagtail's tasks: its
search-index entry and its reference index (what it links to), run at once by
the default backend. The demo saves most objects several times (created,
revised, published, translated, published again), so these tasks were a quarter
of `load_demo_data`'s time, most of them redoing the same work. Here the load
queues them on django-tasks' dummy backend; at the end each distinct task (the
same function on the same object) runs once, in the order of its last request,
inside the load's transaction; a task on an object deleted since is skipped.

A row of an inline panel (a ParentalKey child: an audit's results, an action's
history entries...) queues the reference index of the object it belongs to,
which Wagtail rebuilds whole, children included: the task is keyed on that
object, so that an audit of a thousand results is indexed once, not once per
result (that was half of the load's time).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.test.utils import override_settings
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from modelcluster.fields import ParentalKey
from wagtail.tasks import update_reference_index_task

QUEUE_ONLY = {
    DEFAULT_TASK_BACKEND_ALIAS: {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
}


@contextmanager
def tasks_run_once_at_the_end() -> Iterator[None]:
    with override_settings(TASKS=QUEUE_ONLY):
        yield
        queued = list(task_backends[DEFAULT_TASK_BACKEND_ALIAS].results)
    distinct: dict[tuple[str, str, str], tuple[Any, tuple, dict]] = {}
    for result in queued:
        args = tuple(result.args)
        if result.task.module_path == update_reference_index_task.module_path:
            args = indexed_object(*args)
            if args is None:
                continue
        key = (result.task.module_path, repr(args), repr(sorted(result.kwargs.items())))
        distinct.pop(key, None)
        distinct[key] = (result.task, args, result.kwargs)
    for task, args, kwargs in distinct.values():
        try:
            task.call(*args, **kwargs)
        except ObjectDoesNotExist:
            # Deleted since (an inline row replaced on a later save): its
            # deletion queued what removes it from the indexes.
            continue


def indexed_object(app_label: str, model_name: str, pk: str) -> tuple | None:
    """The arguments of the reference-index task on the object whose index a
    save of this one rebuilds: itself, or the object it is an inline row of,
    followed as Wagtail's task follows it (wagtail.tasks, Wagtail 8.0;
    tests/test_upgrade_guards.py). None when there is nothing to index."""
    model = apps.get_model(app_label, model_name)
    if not _parental_keys(model):
        return (app_label, model_name, pk)
    instance = model._default_manager.filter(pk=pk).first()
    while instance is not None:
        parental_keys = _parental_keys(type(instance))
        if not parental_keys:
            meta = instance._meta
            return (meta.app_label, meta.model_name, str(instance.pk))
        instance = getattr(instance, parental_keys[0].name)
    return None


def _parental_keys(model: Any) -> list[ParentalKey]:
    return [
        field for field in model._meta.get_fields() if isinstance(field, ParentalKey)
    ]
