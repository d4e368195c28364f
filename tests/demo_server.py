"""A throwaway copy of the demo site served on a free port of 127.0.0.1.

Used by the browser suite and the benchmark: its own SQLite database and media
folder in a temporary directory, filled by `migrate` (from the test run's
migrated copy, when there is one: tests/migrated_db.py) and `load_demo_data`. It lives
with the tests so that `bench` imports from `tests`, never the reverse.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from tests import migrated_db

ROOT = Path(__file__).resolve().parents[1]


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    """`manage.py` with these environment variables (a server's settings and
    data); its output, or ServerError with the end of its errors."""
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        raise ServerError(
            f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}"
        )
    return completed.stdout


class DemoServer:
    """`with DemoServer() as server: server.url` — stopped and removed on exit."""

    def __init__(
        self,
        *,
        gunicorn_workers: int = 0,
        start_timeout: float = 60,
        languages: str | None = None,
    ) -> None:
        self.gunicorn_workers = gunicorn_workers
        self.start_timeout = start_timeout
        self.workdir = Path(tempfile.mkdtemp(prefix="vivre-libre-demo-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.workdir / "server.log"
        self.process: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.shell: subprocess.Popen | None = None
        self.shell_log: IO[str] | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.test",
            "DATABASE_URL": f"sqlite:///{self.workdir / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(self.workdir / "media"),
            # The background jobs report their progress there, to the server.
            "DJANGO_PROGRESS_DIR": str(self.workdir / "progress"),
            "PYTHONUNBUFFERED": "1",
            # Production's lifetime of the memory cache's content entries: the
            # tests change content from other processes (`manage`).
            "DJANGO_CONTENT_CACHE_TIMEOUT": "5",
        }
        if languages:
            # DJANGO_LANGUAGES: the demo's Arabic translation needs "fr,en,ar".
            self.env["DJANGO_LANGUAGES"] = languages

    def manage(self, *args: str) -> str:
        """Run a management command on the server's data; its output."""
        return manage(self.env, *args)

    def run(self, code: str) -> str:
        """Run a Python script on the server's data, as `manage.py shell -c`
        would; what it printed. In one process kept for the session
        (tests/demo_shell.py)."""
        if self.shell is None or self.shell.poll() is not None:
            if self.shell_log is None:
                self.shell_log = (self.workdir / "shell.log").open("a")
            self.shell = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports"]
                + ["-c", "from tests.demo_shell import serve; serve()"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.shell_log,
                text=True,
            )
        self.shell.stdin.write(json.dumps(code) + "\n")
        self.shell.stdin.flush()
        line = self.shell.stdout.readline()
        if not line:
            log = (self.workdir / "shell.log").read_text()[-3000:]
            raise ServerError(f"The scripts' shell stopped:\n{log}")
        answer = json.loads(line)
        if answer["error"]:
            raise ServerError(f"The script failed:\n{answer['error'][-3000:]}")
        return answer["printed"]

    def start(self) -> DemoServer:
        # The migrated database of the test run, when a test process saved it.
        migrated_db.copy_to(self.workdir / "db.sqlite3")
        self.manage("migrate", "--noinput")
        self.manage("load_demo_data", "--base-url", self.url)
        address = f"127.0.0.1:{self.port}"
        if self.gunicorn_workers:
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "website.wsgi",
                "--bind",
                address,
                "--workers",
                str(self.gunicorn_workers),
            ]
        else:
            command = [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                address,
                "--noreload",
                "--nothreading",
            ]
        with self.log.open("w") as log_file:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()
        # The background jobs' worker, as `python3 dev.py start` runs it.
        with (self.workdir / "worker.log").open("w") as log_file:
            self.worker = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "db_worker"]
                + ["--backend", "background", "--interval", "0.5"],
                cwd=ROOT,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"The server stopped:\n{self.log.read_text()[-3000:]}"
                )
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise ServerError(f"The server did not answer within {self.start_timeout}s")

    def stop(self) -> None:
        if self.shell and self.shell.poll() is None:
            self.shell.stdin.close()  # its loop ends
        for process in (self.shell, self.worker, self.process):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.shell_log:
            self.shell_log.close()
            self.shell_log = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> DemoServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()
