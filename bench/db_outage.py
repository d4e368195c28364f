"""The site through a database outage: what readers get while PostgreSQL is down,
and how soon the site recovers once it is back.

    .venv/bin/python -m bench.db_outage [--duration 20] [--readers 8] [--outage 5]
                                        [--workers 2] [--redis-url URL]

1. starts a throwaway PostgreSQL server of its own (initdb and pg_ctl, on a free
   port of 127.0.0.1, in a temporary folder; as the `postgres` user through
   `runuser` when run as root), migrates it, loads the demo content;
2. serves the site with gunicorn (production settings) on a free port of
   127.0.0.1 — with --redis-url, the cache is that Redis database;
3. loads an article and the API with --readers threads for --duration seconds,
   and stops the database for --outage seconds in the middle (`pg_ctl stop -m
   fast`, then `pg_ctl start`);
4. prints a line a second, then the responses by status before, during and after
   the outage, connection errors, and the recovery time: from the database being
   back to the first 200, and to the last answer that was not a 200.

The API's throttle is raised for the run: the whole load comes from one address.
Everything is removed at the end; no address but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.demo_server import free_port

ROOT = Path(__file__).resolve().parents[1]


def pg_binary(name: str) -> str:
    """A PostgreSQL server program: on the PATH, or in Debian's versioned folder."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
        None,
    )
    if not found:
        raise SystemExit(f"{name} not found: install PostgreSQL's server package.")
    return found


class PostgresServer:
    """A PostgreSQL server in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.data = workdir / "pgdata"
        self.log = workdir / "postgres.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            # PostgreSQL refuses to run as root: its folder belongs to `postgres`.
            user = pwd.getpwnam("postgres")
            os.chmod(workdir, 0o755)
            os.chown(workdir, user.pw_uid, user.pw_gid)
        self.run(pg_binary("initdb"), "-D", str(self.data), "-U", "postgres",
                 "--auth=trust", "-E", "UTF8", "--no-sync")  # fmt: skip
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/vivre_libre"

    def run(self, *command: str) -> None:
        if self.as_root:
            command = ("runuser", "-u", "postgres", "--", *command)
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode:
            raise SystemExit(
                f"{' '.join(command)} failed:\n{completed.stderr[-2000:]}"
                f"{self.log.read_text()[-2000:] if self.log.exists() else ''}"
            )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories='{self.data}' -c fsync=off"
        )
        self.run(pg_binary("pg_ctl"), "-D", str(self.data), "-o", options,
                 "-l", str(self.log), "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self.run(pg_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        import psycopg

        admin = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE vivre_libre")


@dataclass
class Result:
    started: float  # seconds since the load began
    finished: float
    target: str
    status: int | None  # None: no HTTP answer
    error: str = ""


def fetch(url: str, timeout: float) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
        return None, type(getattr(error, "reason", error)).__name__


def manage(env: dict, *args: str) -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{completed.stderr}")


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        if fetch(url, 2)[0] == 200:
            return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def find_article(base: str) -> str:
    with urllib.request.urlopen(
        f"{base}/api/v2/pages/?type=news.NewsPage&limit=1", timeout=10
    ) as response:
        items = json.load(response)["items"]
    if not items:
        raise SystemExit("The demo content has no article.")
    return urlsplit(items[0]["meta"]["html_url"]).path


def run_load(
    targets: dict[str, str],
    *,
    readers: int,
    duration: float,
    outage: float,
    database: PostgresServer,
) -> tuple[list[Result], float, float]:
    """The load, with the outage in its middle; the results and the times (since
    the load began) when the database stopped and when it was back."""
    results: list[Result] = []
    lock = threading.Lock()
    begin = time.monotonic()
    end = begin + duration
    names = list(targets)

    def reader(number: int) -> None:
        turn = number
        while time.monotonic() < end:
            name = names[turn % len(names)]
            turn += 1
            started = time.monotonic() - begin
            status, error = fetch(targets[name], timeout=10)
            with lock:
                results.append(
                    Result(started, time.monotonic() - begin, name, status, error)
                )

    times: dict[str, float] = {}

    def cut() -> None:
        time.sleep(max(0.0, duration / 2 - outage / 2))
        times["down"] = time.monotonic() - begin
        database.stop()
        times["stopped"] = time.monotonic() - begin
        time.sleep(outage)
        database.start()
        times["up"] = time.monotonic() - begin

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    threads.append(threading.Thread(target=cut))
    for thread in threads:
        thread.start()
    shown = 0
    while any(thread.is_alive() for thread in threads):
        time.sleep(0.25)
        now = time.monotonic() - begin
        if now >= shown + 1:
            shown = int(now)
            with lock:
                last = Counter(
                    str(r.status or r.error) for r in results if r.finished > now - 1
                )
            state = (
                "database up"
                if "down" not in times or "up" in times
                else "DATABASE DOWN"
            )
            summary = " ".join(f"{k}:{v}" for k, v in sorted(last.items())) or "-"
            print(f"  t={shown:>3}s  {state:<13}  last second: {summary}", flush=True)
    for thread in threads:
        thread.join()
    return results, times["down"], times["up"]


def report(results: list[Result], down: float, up: float) -> int:
    phases = {
        "before the outage": [r for r in results if r.finished < down],
        "during the outage": [r for r in results if down <= r.finished < up],
        "after the outage": [r for r in results if r.finished >= up],
    }
    print(f"\nDatabase stopped at {down:.1f} s, back at {up:.1f} s.")
    print(f"{'':<20} {'responses':>9}  by status / error")
    for label, rows in phases.items():
        counts = Counter(str(r.status or r.error) for r in rows)
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        print(f"{label:<20} {len(rows):>9}  {detail}")
    after = sorted((r for r in results if r.started >= up), key=lambda r: r.finished)
    first_ok = next((r.finished - up for r in after if r.status == 200), None)
    not_ok_after = [r.finished - up for r in after if r.status != 200]
    print(
        "Recovery: first 200 "
        + (f"{first_ok:.2f} s" if first_ok is not None else "never")
        + " after the database was back; last non-200 "
        + (f"{max(not_ok_after):.2f} s after" if not_ok_after else "none after")
        + "."
    )
    for target in sorted({r.target for r in results}):
        counts = Counter(
            str(r.status or r.error) for r in results if r.target == target
        )
        print(f"  {target}: {dict(sorted(counts.items()))}")
    server_errors = sum(
        1 for r in results if r.status is None or (r.status >= 500 and r.status != 503)
    )
    print(
        "Verdict: "
        + (
            "no server error and no lost connection."
            if not server_errors
            else f"{server_errors} answers were errors other than 503."
        )
    )
    return 1 if server_errors or first_ok is None else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--outage", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis-url", help="cache in this Redis database")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="vivre-libre-outage-"))
    database = PostgresServer(workdir)
    gunicorn = None
    try:
        print("Starting PostgreSQL...", flush=True)
        database.start()
        database.create_database()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": database.url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_LOG_LEVEL": "ERROR",
            "API_THROTTLE_RATE": "1000000/minute",
        }
        env.pop("REDIS_URL", None)
        if options.redis_url:
            env["REDIS_URL"] = options.redis_url
        print("Migrating, loading the demo content, collecting static files...")
        for step in (("migrate", "--noinput"), ("load_demo_data",)):
            manage(env, *step)
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = workdir / "gunicorn.log"
        with log.open("w") as log_file:
            gunicorn = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "website.wsgi", "--bind",
                 f"127.0.0.1:{port}", "--workers", str(options.workers)],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until_up(base + "/", gunicorn, log)
        targets = {
            "article": base + find_article(base),
            "api": base + "/api/v2/pages/?type=news.NewsPage&limit=10",
        }
        print(
            f"Load: {options.readers} readers for {options.duration:.0f} s on "
            f"{', '.join(targets.values())}; the database stops for "
            f"{options.outage:.0f} s in the middle.",
            flush=True,
        )
        results, down, up = run_load(
            targets,
            readers=options.readers,
            duration=options.duration,
            outage=options.outage,
            database=database,
        )
        code = report(results, down, up)
    finally:
        if gunicorn and gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait(timeout=10)
        with contextlib.suppress(SystemExit):  # already stopped
            database.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
