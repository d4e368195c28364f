"""SQLite shared by several processes: the server, the jobs' worker, a script.

In write-ahead-log mode a transaction that read, then writes, fails at once
(« database is locked », without waiting) when another process holds the write
lock or wrote in between: an editor's save failing because the worker looked
for a job at that moment. Every transaction therefore takes the write lock
when it begins (website/settings/base.py): the others wait their turn."""

from __future__ import annotations

import copy
import importlib
from pathlib import Path

import pytest
from django.db import OperationalError, connections, transaction
from django.db.utils import ConnectionHandler

from website.settings import base


def database_settings(path: Path) -> dict:
    """The project's settings for a SQLite file, as a process reads them."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DATABASE_URL", f"sqlite:///{path}")
        try:
            return copy.deepcopy(importlib.reload(base).DATABASES["default"])
        finally:
            environment.undo()
            importlib.reload(base)


@pytest.fixture
def shared_file(tmp_path, monkeypatch, django_db_blocker):
    """Two connections to one SQLite file, with the project's settings: « job »
    (deferred transactions instead when `deferred`) and « other », which gives
    up after 0.2 s."""
    path = tmp_path / "shared.sqlite3"
    opened = []

    def open_pair(*, deferred: bool = False):
        job = database_settings(path)
        if deferred:
            job["OPTIONS"] = {**job["OPTIONS"], "transaction_mode": None}
        other = database_settings(path)
        other["OPTIONS"] = {**other["OPTIONS"], "timeout": 0.2}
        handler = ConnectionHandler({"default": job, "job": job, "other": other})
        for alias in ("job", "other"):
            monkeypatch.setitem(connections.settings, alias, handler.settings[alias])
            opened.append(alias)
        with connections["other"].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS item (name TEXT)")
        return connections["job"], connections["other"]

    with django_db_blocker.unblock():
        yield open_pair
        for alias in opened:
            connections[alias].close()
            del connections[alias]


def race(job, other) -> list[str]:
    """The job reads, the other process writes, then the job writes: what
    happened, in order."""
    events = []
    try:
        with transaction.atomic(using="job"):
            with job.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM item")
            try:
                with other.cursor() as cursor:
                    cursor.execute("INSERT INTO item VALUES ('other')")
                events.append("other wrote")
            except OperationalError:
                events.append("other waited, then gave up")
            with job.cursor() as cursor:
                cursor.execute("INSERT INTO item VALUES ('job')")
        events.append("job wrote")
    except OperationalError as error:
        events.append(f"job failed: {error}")
    return events


def test_a_transaction_keeps_its_turn_to_write(shared_file):
    job, other = shared_file()
    assert job.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    assert race(job, other) == ["other waited, then gave up", "job wrote"]
    with other.cursor() as cursor:
        cursor.execute("SELECT name FROM item")
        assert cursor.fetchall() == [("job",)]


def test_deferred_transactions_would_fail_halfway(shared_file):
    """Why the setting is there: SQLite's default mode."""
    job, other = shared_file(deferred=True)

    assert race(job, other) == ["other wrote", "job failed: database is locked"]
