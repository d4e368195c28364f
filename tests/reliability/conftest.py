"""Reliability tests: the database away, media files lost or broken, storage
failing, backups restored. They reuse the news section of tests/news."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db import OperationalError, connection

from tests.news.conftest import (  # noqa: F401 (fixtures)
    _news_layer,
    home_en,
    image,
    make_article,
    news_index,
    news_index_en,
)

REFUSED = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@contextmanager
def database_away() -> Iterator[list[int]]:
    """Every query fails as when the database server is down; the list counts the
    attempts to reach it."""
    attempts: list[int] = []

    def refuse(*args, **kwargs):
        attempts.append(1)
        raise OperationalError(REFUSED)

    with mock.patch.object(connection, "ensure_connection", side_effect=refuse):
        yield attempts


@contextmanager
def database_fails(pattern: re.Pattern[str]) -> Iterator[list[str]]:
    """The queries matching `pattern` fail as when the server went away mid-request;
    the others run. The list holds the failed statements."""
    failed: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if pattern.search(sql):
            failed.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield failed
