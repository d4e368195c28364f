#!/usr/bin/env python3
"""Set up, run and test the site with nothing but Python 3.11+ and the package index.

    python3 dev.py start   # install, migrate SQLite, load the demo content, serve
                           # (with the background jobs' worker beside it)
    python3 dev.py test    # install, then run the whole test suite
                           # (pytest arguments pass through)

Every step is idempotent: running a command again only redoes what changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from collections.abc import MutableMapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# The developers' and CI's environment: the runtime (requirements/runtime.txt,
# what a server installs) plus the tests', lint's and audit's tools.
LOCK = ROOT / "requirements" / "dev.txt"
STAMP = VENV / ".lock-sha256"
# The installer of the locks (uv), itself pinned with its hashes.
BOOTSTRAP = ROOT / "requirements" / "bootstrap.txt"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
UV = BIN / ("uv.exe" if os.name == "nt" else "uv")
HOST = os.environ.get("DEV_HOST", "127.0.0.1")
PORT = os.environ.get("DEV_PORT", "8000")


def step(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, **kwargs)
    if completed.returncode:
        sys.exit(completed.returncode)


def install() -> None:
    """Create .venv and install the locked dependencies (hash-checked) once."""
    if sys.version_info < (3, 11):  # noqa: UP036 (told to whoever runs an old Python)
        sys.exit("Python 3.11 or newer is required.")
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not PYTHON.exists():
        step("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        print("Dependencies already installed (requirements/dev.txt unchanged).")
        return
    step("Installing the locked dependencies (requirements/dev.txt)")
    # The lock names every package with its hash, so the installer need not
    # resolve dependencies (--no-deps; `pip check` below proves none is missing).
    # uv (requirements/bootstrap.txt, hash-checked too) installs it several times
    # faster than pip; should uv not install on this machine, pip does it all.
    pip_install = (PYTHON, "-m", "pip", "install", "--disable-pip-version-check")
    bootstrap = subprocess.run(
        [*map(str, pip_install), "--quiet", "--require-hashes", "-r", str(BOOTSTRAP)],
        cwd=ROOT,
    )
    if bootstrap.returncode == 0 and UV.exists():
        run(UV, "pip", "install", "--python", PYTHON, "--require-hashes",
            "--no-deps", "-r", LOCK)  # fmt: skip
    else:
        print("uv could not be installed: installing with pip.")
        run(*pip_install, "--upgrade", "pip")
        # Modules are compiled to bytecode when first imported rather than all
        # at install (--no-compile): half pip's time.
        run(*pip_install, "--require-hashes", "--no-deps", "--no-compile", "-r", LOCK)
    run(PYTHON, "-m", "pip", "check", "--disable-pip-version-check")
    STAMP.write_text(digest + "\n")


def manage(*args: str) -> None:
    run(PYTHON, ROOT / "manage.py", *args)


def start() -> None:
    install()
    keep_bytecode(os.environ)
    # The demo's Site (the API's and Wagtail's absolute links) and the e-mails
    # name the address served below, unless WAGTAILADMIN_BASE_URL says otherwise.
    host = f"[{HOST}]" if ":" in HOST else HOST  # an IPv6 address
    os.environ.setdefault("WAGTAILADMIN_BASE_URL", f"http://{host}:{PORT}")
    step("Migrating the SQLite database")
    manage("migrate", "--noinput")
    step("Loading the demo content")
    manage("load_demo_data")
    step("Starting the background jobs' worker (manage.py db_worker)")
    # Long jobs (a whole plan import, the accessibility hints) run there, not in
    # the request; it stops with the server.
    worker = subprocess.Popen(
        [PYTHON, ROOT / "manage.py", "db_worker", "--backend", "background"], cwd=ROOT
    )
    step(f"Serving the site at http://{HOST}:{PORT}/ (admin: /admin/, Ctrl+C stops)")
    try:
        manage("runserver", f"{HOST}:{PORT}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def keep_bytecode(env: MutableMapping[str, str]) -> None:
    """Let Python keep the bytecode it compiles, in .venv/pycache (not beside
    the sources), even where PYTHONDONTWRITEBYTECODE is set: a test run starts
    about thirty Python processes (test workers, servers, commands), and each
    would compile Django, Wagtail and the project from source again, 3 to 4 s
    of CPU apiece (docs/testing.md)."""
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(VENV / "pycache"))


def test(args: list[str]) -> None:
    install()
    step("Running the test suite")
    env = {**os.environ}
    keep_bytecode(env)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The 25 slowest tests close the report: where the suite's time goes.
    command = [str(PYTHON), "-m", "pytest", "--durations=25", *args]
    completed = subprocess.run(command, cwd=ROOT, env=env)
    sys.exit(completed.returncode)


def main(argv: list[str]) -> None:
    commands = {"install": install, "start": start}
    if not argv or argv[0] not in {*commands, "test"}:
        sys.exit(__doc__)
    if argv[0] == "test":
        test(argv[1:])
    commands[argv[0]]()


if __name__ == "__main__":
    main(sys.argv[1:])
