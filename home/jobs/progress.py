"""How far a background job has got, readable while it runs.

A job that applies everything in one transaction cannot show its progress in
the database: nothing it writes is visible to others before it commits. It
reports here instead, in the « progress » cache (the shared Redis, or files
every process of the machine reads; `CACHES` in the settings), and the screen
that waits for it reads it back. Each report carries its time: a job that has
stopped reporting for long has lost its worker (`home.jobs.seems_dead`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import timezone

# A report outlives any job: one that stops reporting is stale after a day.
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    # When the job reported it (None for a report from before reports were
    # dated).
    reported_at: datetime.datetime | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _key(name: str) -> str:
    return f"progress:{name}"


def report(name: str, done: int, total: int) -> None:
    caches["progress"].set(_key(name), (done, total, timezone.now()), TIMEOUT)


def read(name: str) -> Progress | None:
    value = caches["progress"].get(_key(name))
    if not (isinstance(value, tuple) and len(value) in (2, 3)):
        return None
    return Progress(*value)


def clear(name: str) -> None:
    caches["progress"].delete(_key(name))
