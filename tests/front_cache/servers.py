"""The documented front cache, run for real: gunicorn behind Debian's nginx with
docs/deploy/nginx.conf, its addresses, ports and paths replaced by free ones
under a temporary folder (the rest of the file as an operator installs it).
nginx runs in the foreground as the current user (`-p`, `-c`, `-e`,
`daemon off`). Used by tests/front_cache/ and by the benchmark."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

from tests.demo_server import ROOT, ServerError, free_port, manage

CONFIG = ROOT / "docs" / "deploy" / "nginx.conf"
HOST = "localhost"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def render_site_config(
    *,
    app_port: int,
    https_port: int,
    http_port: int,
    purge_port: int,
    cache_dir: Path,
    media_root: Path,
    certificate: Path,
    key: Path,
) -> str:
    """docs/deploy/nginx.conf with this machine's ports and paths; each
    replaced text must still be in the file."""
    text = CONFIG.read_text()
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 127.0.0.1:6081;", f"listen 127.0.0.1:{purge_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("/etc/letsencrypt/live/numerique.ville.example/fullchain.pem", certificate),
        ("/etc/letsencrypt/live/numerique.ville.example/privkey.pem", key),
        ("/var/cache/nginx/vivre-libre", cache_dir),
        ("/srv/vivre-libre/media", media_root),
        ("numerique.ville.example", HOST),
    ]
    for old, new in replacements:
        if old not in text:
            raise ServerError(f"{old!r} is no longer in {CONFIG}")
        text = text.replace(old, str(new))
    # IPv6 may be missing here; the IPv4 listeners say the same.
    return re.sub(r"(?m)^\s*listen \[::\]:.*\n", "", text)


def main_config(
    workdir: Path, site: Path, extra: str = "", workers: int | str = 1
) -> str:
    # As root, nginx's workers would switch to `nobody`, who cannot read the
    # temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {workdir / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes {workers};
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
{temp}
    include {site};
{extra}
}}
"""


def self_signed_certificate(workdir: Path) -> tuple[Path, Path]:
    certificate, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes"),
            *("-subj", f"/CN={HOST}", "-days", "1"),
            *("-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"The server stopped:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise ServerError(f"Nothing answered on port {port} within {timeout:g} s")


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Nginx:
    """nginx with the documented configuration in front of 127.0.0.1:app_port."""

    def __init__(
        self,
        workdir: Path,
        app_port: int,
        media_root: Path,
        *,
        workers: int | str = 1,
    ) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.https_port, self.http_port, self.purge_port = (
            free_port(),
            free_port(),
            free_port(),
        )
        certificate, key = self_signed_certificate(workdir)
        site = workdir / "vivre-libre.conf"
        site.write_text(
            render_site_config(
                app_port=app_port,
                https_port=self.https_port,
                http_port=self.http_port,
                purge_port=self.purge_port,
                cache_dir=workdir / "cache",
                media_root=media_root,
                certificate=certificate,
                key=key,
            )
        )
        self.site = site
        self.workers = workers
        self.extra = ""
        self.config = workdir / "nginx.conf"
        self.log = workdir / "error.log"
        self.process: subprocess.Popen | None = None
        self.purge_url = f"http://127.0.0.1:{self.purge_port}"

    def add_extra(self, text: str) -> None:
        """More of the `http` block (the benchmark's reference server)."""
        self.extra += text

    def start(self) -> Nginx:
        self.config.write_text(
            main_config(self.workdir, self.site, self.extra, self.workers)
        )
        binary = nginx_binary()
        if binary is None:
            raise ServerError("nginx is not installed")
        command = [binary, "-p", str(self.workdir), "-c", str(self.config)]
        command += ["-e", str(self.log)]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if checked.returncode:
            raise ServerError(f"nginx -t:\n{checked.stderr}")
        self.process = subprocess.Popen(
            [*command, "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.https_port, self.process, self.log, 20)
        return self

    def stop(self) -> None:
        stop(self.process)

    def connection(self) -> http.client.HTTPSConnection:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=context, timeout=60
        )


class Application:
    """The site under gunicorn with production-like settings
    (tests/front_cache/settings.py) on its own SQLite database."""

    def __init__(self, workdir: Path, *, workers: int = 2) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.workers = workers
        self.media_root = workdir / "media"
        self.access_log = workdir / "access.log"
        self.log = workdir / "gunicorn.log"
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.front_cache.settings",
            "DJANGO_SECRET_KEY": "front-cache-test-" + "x" * 60,
            "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(self.media_root),
            "FRONT_CACHE_TEST_CACHE_DIR": str(workdir / "django-cache"),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("REDIS_URL", None)

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)

    def run(self, code: str) -> str:
        """Python in a process on the same database and cache (an editor)."""
        return self.manage("shell", "-c", code)

    def start(self) -> Application:
        command = [
            *(sys.executable, "-m", "gunicorn", "website.wsgi"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
            *("--access-logfile", str(self.access_log)),
        ]
        with self.log.open("w") as log_file:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log_file, stderr=log_file
            )
        wait_for_port(self.port, self.process, self.log, 60)
        return self

    def stop(self) -> None:
        stop(self.process)

    def requests_for(self, path: str, at_least: int = 0) -> int:
        """How many requests for `path` (query string included) gunicorn got.
        A worker logs a request once it has sent the answer: wait for
        `at_least` of them, then a moment longer for any late line."""
        deadline = time.monotonic() + 10
        while self._logged(path) < at_least and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        return self._logged(path)

    def _logged(self, path: str) -> int:
        if not self.access_log.exists():
            return 0
        return sum(
            f'"GET {path} HTTP/' in line or f'"HEAD {path} HTTP/' in line
            for line in self.access_log.read_text().splitlines()
        )
