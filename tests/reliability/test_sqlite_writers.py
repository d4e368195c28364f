"""SQLite shared by the server and the processes that write beside it (the jobs'
worker, the scripts the browser suite runs on the demo server's data).

In write-ahead-log mode a transaction that read, then writes, fails at once
(« database is locked », without waiting) when another process wrote in
between. The worker's and the scripts' transactions therefore take the write
lock when they begin (website/settings/base.py, DJANGO_SQLITE_WRITER): the
other process waits or gives up, never the job halfway through."""

from __future__ import annotations

import copy
import importlib
from pathlib import Path

import pytest
from django.db import OperationalError, connections, transaction
from django.db.utils import ConnectionHandler

from website.settings import base


def database_settings(path: Path, *, writer: bool) -> dict:
    """The project's settings for a SQLite file, as a process reads them."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DATABASE_URL", f"sqlite:///{path}")
        if writer:
            environment.setenv("DJANGO_SQLITE_WRITER", "1")
        else:
            environment.delenv("DJANGO_SQLITE_WRITER", raising=False)
        try:
            return copy.deepcopy(importlib.reload(base).DATABASES["default"])
        finally:
            environment.undo()
            importlib.reload(base)


@pytest.fixture
def shared_file(tmp_path, monkeypatch, django_db_blocker):
    """Two connections to one SQLite file: « job » with the settings of the
    process under test, « other » with the server's, giving up after 0.2 s."""
    path = tmp_path / "shared.sqlite3"
    opened = []

    def open_pair(*, writer: bool):
        job = database_settings(path, writer=writer)
        other = database_settings(path, writer=False)
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


def test_the_worker_and_scripts_keep_their_transaction(shared_file):
    job, other = shared_file(writer=True)
    assert job.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    assert race(job, other) == ["other waited, then gave up", "job wrote"]
    with other.cursor() as cursor:
        cursor.execute("SELECT name FROM item")
        assert cursor.fetchall() == [("job",)]


def test_without_it_the_job_would_fail_halfway(shared_file):
    """Why the setting is there: the server's own mode (reads never wait)."""
    job, other = shared_file(writer=False)
    assert "transaction_mode" not in job.settings_dict["OPTIONS"]

    assert race(job, other) == ["other wrote", "job failed: database is locked"]
