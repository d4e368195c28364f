"""The scripts the browser suite runs on its demo server's data (an editor's
change made behind the browser's back, a state put back afterwards), run in
one Python process started once: Django takes seconds of CPU to start, and
`manage.py shell -c` started it again for each script.

`serve` reads one script per line (JSON) on its input, runs it as a new
`manage.py shell -c` would (a fresh namespace, the default language, its own
database connection, this process's memory cache emptied), and answers one
JSON line: what the script printed, and its traceback if it failed. Started by
`tests.demo_server.DemoServer.run`."""

from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.utils import translation


def run(code: str) -> dict[str, str | None]:
    printed = io.StringIO()
    error = None
    translation.deactivate()
    for cache in caches.all():
        # The memory caches are this process's; the progress reports' file
        # cache is the server's, left alone.
        if isinstance(cache, LocMemCache):
            cache.clear()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "<script>", "exec"), {"__name__": "__main__"})
    except BaseException:  # noqa: BLE001 (told to the test, which fails)
        error = traceback.format_exc()
    finally:
        connections.close_all()
    return {"printed": printed.getvalue(), "error": error}


def serve() -> None:
    answers = sys.stdout
    for line in sys.stdin:
        answers.write(json.dumps(run(json.loads(line))) + "\n")
        answers.flush()
