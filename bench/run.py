"""Benchmark every page type as residents load it, beside a trivial Django view and
a static file served by the same server, so that every figure is also a ratio.

    .venv/bin/python -m bench.run [--duration 5] [--renders 30] [--connections 8]
                                  [--workers 2] [--database-url URL] [--plan-scale 500]
                                  [--redis-url redis://127.0.0.1:6379/9]

1. creates a throwaway PostgreSQL database on 127.0.0.1:5432 (or uses
   --database-url), migrates it, loads the demo content, collects static files;
2. in this process, with the production settings, takes one page of each page
   type: SQL queries of a warm render, median server render time of --renders
   renders, HTML weight;
3. serves the site with gunicorn (production settings) on 127.0.0.1 and loads,
   with wrk (Debian's `wrk`; a slower Python loader otherwise), each page, a
   trivial Django view and a static file of the median page's weight:
   --connections concurrent readers for --duration seconds each; requests per
   second, p50 and p99 latency, errors; each page twice: uncached (the readers
   carry a cookie, so the full-page cache lets them through) and cached;
   then the master plan grown to --plan-scale actions (500 by default:
   policy.scale), its page and « All the actions » measured the same way;
   then each page through Debian's nginx with docs/deploy/nginx.conf (the front
   cache), beside the same bytes served by that nginx from disk
   (bench/front_cache.py; skipped without nginx);
4. writes bench/results/latest.md (table), latest.svg (chart) and latest.json.

Every load is bounded in time; no address but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from bench import front_cache
from tests.demo_server import free_port

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BAR_WIDTH = 40
# Targets of the performance issue, as ratios measured in the same run.
UNCACHED_SHARE_OF_TRIVIAL = 0.05
UNCACHED_P99_MS = 150
CACHED_SHARE_OF_STATIC = 0.5
# The full-page cache serves only readers without a cookie: with this one, every
# request is rendered (as for a signed-in editor), the "uncached" figures.
BYPASS_COOKIE = "bench=uncached"


@dataclass
class Target:
    """One address under load: a page type, or a reference."""

    label: str
    path: str
    kind: str = "page"  # "page", "trivial" or "static"
    queries: int | None = None
    render_ms: float | None = None
    html_bytes: int = 0
    load: dict = field(default_factory=dict)
    # Pages only: the same address for readers the full-page cache serves.
    cached_load: dict = field(default_factory=dict)
    # Pages only: anonymous readers through nginx's front cache, and the same
    # bytes read from disk by the same nginx (bench.front_cache).
    front_load: dict = field(default_factory=dict)
    disk_load: dict = field(default_factory=dict)
    front_status: str | None = None


# ---------------------------------------------------------------- the site


def create_database(admin_url: str) -> str:
    """A new empty PostgreSQL database; its URL."""
    import psycopg

    name = f"vivre_libre_bench_{os.getpid()}"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise SystemExit(
            f"PostgreSQL is not reachable at 127.0.0.1:5432 ({error}).\n"
            "Start it, or pass --database-url (an empty database) to measure elsewhere."
        ) from error
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, show: bool = False) -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        capture_output=not show,
        text=True,
    )
    if completed.returncode:
        raise SystemExit(
            f"manage.py {' '.join(args)} failed:\n{(completed.stderr or '')[-3000:]}"
        )


def page_targets() -> list[Target]:
    """One live, public page of each page type, in the default language."""
    from django.utils import translation
    from wagtail.models import Locale, Page, get_page_models

    default = Locale.get_default()
    targets = []
    for model in get_page_models():
        if model is Page:
            continue
        page = (
            model.objects.live()
            .public()
            .filter(locale=default)
            .order_by("depth", "path")
            .first()
        )
        if page is not None:
            with translation.override("en"):
                label = str(model._meta.verbose_name).capitalize()
            targets.append(Target(label, page.get_url()))
    return targets


def search_target() -> Target:
    """The site search (never cached), for a word of the demo content."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        path = reverse("search") + "?q=num%C3%A9rique"
    with translation.override("en"):
        return Target(str(translation.gettext("Search")), path)


def scaled_plan_targets(
    targets: list[Target], actions: int, renders: int
) -> list[Target]:
    """The master plan grown to `actions` actions (policy.scale), its page and
    the first page of « All the actions » measured as the others; the plan's
    render time beside the demo plan's (the target: within 1.5 times)."""
    if actions <= 0:
        return []
    from django.utils import translation
    from wagtail.models import Locale

    from policy.models import MasterPlanPage
    from policy.scale import grow_plan

    plan = MasterPlanPage.objects.filter(locale=Locale.get_default()).first()
    if plan is None:
        return []
    with translation.override("en"):
        label = str(MasterPlanPage._meta.verbose_name).capitalize()
    demo = next((t for t in targets if t.path == plan.get_url()), None)
    print(f"  Growing the master plan to {actions} actions…", flush=True)
    grow_plan(plan, actions)
    scaled = [
        Target(f"{label} ({actions} actions)", plan.get_url()),
        Target(
            f"All the actions ({actions}, page 1)",
            plan.get_url() + plan.reverse_subpage("actions"),
        ),
    ]
    measure_renders(scaled, renders)
    if demo is not None and demo.render_ms:
        ratio = scaled[0].render_ms / demo.render_ms
        print(
            f"  {label}: {scaled[0].render_ms:.1f} ms with {actions} actions, "
            f"{demo.render_ms:.1f} ms with the demo's ({ratio:.2f}×); "
            f"{scaled[0].html_bytes} bytes of HTML",
            flush=True,
        )
    return scaled


def measure_renders(targets: list[Target], renders: int) -> None:
    """Queries of a warm render and median render time, through the whole
    middleware stack, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A cookie keeps the page cache out of it: this measures renders; the load
    # test below measures what readers get (cached pages).
    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE="bench=render")
    for index, target in enumerate(targets, 1):
        response = client.get(target.path)  # warms caches and the connection
        if response.status_code != 200:
            raise SystemExit(f"{target.path} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target.path)
        # Counted now: the next request empties the connection's query log.
        target.queries = len(queries.captured_queries)
        timings = []
        for _ in range(renders):
            started = time.perf_counter()
            client.get(target.path)
            timings.append((time.perf_counter() - started) * 1000)
        target.render_ms = statistics.median(timings)
        target.html_bytes = len(response.content)
        print(
            f"  [{index}/{len(targets)}] {target.label}: {target.queries} queries, "
            f"{target.render_ms:.1f} ms",
            flush=True,
        )


class Gunicorn:
    def __init__(self, workers: int, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "website.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
        ]
        with log.open("w") as log_file:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


# ---------------------------------------------------------------- the load

WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str, duration: float) -> dict:
    """Requests per second, p50/p99 (ms) and errors from `wrk --latency`."""
    latencies = {
        share: float(value) * UNIT_MS[unit]
        for share, value, unit in WRK_LATENCY.findall(output)
    }
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (rate and total and "50" in latencies and "99" in latencies):
        raise SystemExit(f"Unexpected wrk output:\n{output}")
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if sockets:
        errors += sum(int(count) for count in sockets.groups())
    return {
        "requests": int(total.group(1)),
        "requests_per_second": float(rate.group(1)),
        "p50_ms": latencies["50"],
        "p99_ms": latencies["99"],
        "errors": errors,
        "seconds": duration,
        "loader": "wrk",
    }


def load_with_wrk(
    url: str, duration: float, connections: int, cookie: str | None = None
) -> dict:
    command = [
        *("wrk", f"-t{min(2, connections)}", f"-c{connections}"),
        *(f"-d{duration:g}s", "--latency", "--timeout", "5s", url),
        *(("-H", f"Cookie: {cookie}") if cookie else ()),
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60
    )
    return parse_wrk(completed.stdout, duration)


def load_with_threads(
    url: str, duration: float, connections: int, cookie: str | None = None
) -> dict:
    """Fallback when wrk is missing: one keep-alive connection per thread."""
    parts = urlsplit(url)
    if parts.scheme == "https":  # nginx's self-signed certificate
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connect = functools.partial(http.client.HTTPSConnection, context=context)
    else:
        connect = http.client.HTTPConnection
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def reader() -> None:
        nonlocal errors
        conn = connect(parts.hostname, parts.port, timeout=5)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", parts.path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = connect(parts.hostname, parts.port, timeout=5)
                ok = False
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok
        conn.close()

    threads = [threading.Thread(target=reader) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "requests_per_second": len(latencies) / duration,
        "p50_ms": ordered[len(ordered) // 2],
        "p99_ms": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "errors": errors,
        "seconds": duration,
        "loader": "python threads",
    }


# ---------------------------------------------------------------- the report


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())
        memory = f", {int(total.group(1)) / 1024 / 1024:.0f} GiB RAM" if total else ""
    return (
        f"{cpu}, {os.cpu_count()} logical cores{memory}; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}"
    )


def share(value: float, reference: float) -> str:
    return f"{value / reference:.0%}" if reference else "–"


def markdown(targets: list[Target], context: dict) -> str:
    trivial = next(t for t in targets if t.kind == "trivial").load
    static = next(t for t in targets if t.kind == "static").load
    lines = [
        f"Measured {context['date']} on {context['machine']}; {context['database']}; "
        f"gunicorn, {context['workers']} workers, production settings; "
        f"{context['connections']} concurrent readers for {context['duration']:g} s "
        f"per address ({context['loader']}).",
        "",
        "Uncached: rendered for each request (readers with a cookie); cached: "
        "served by the full-page cache (anonymous readers).",
        "",
        "| Address | Queries (warm) | Render, median | HTML | Uncached req/s "
        "| vs trivial view | p50 | p99 | Cached req/s | vs static file | Cached p99 "
        "| Errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for target in targets:
        load, cached = target.load, target.cached_load or target.load
        queries = "–" if target.queries is None else str(target.queries)
        render = "–" if target.render_ms is None else f"{target.render_ms:.1f} ms"
        errors = load["errors"] + (target.cached_load or {}).get("errors", 0)
        lines.append(
            f"| {target.label} `{target.path}` | {queries} | {render} "
            f"| {target.html_bytes / 1024:.1f} KiB | {load['requests_per_second']:.0f} "
            f"| {share(load['requests_per_second'], trivial['requests_per_second'])} "
            f"| {load['p50_ms']:.1f} ms | {load['p99_ms']:.1f} ms "
            f"| {cached['requests_per_second']:.0f} "
            f"| {share(cached['requests_per_second'], static['requests_per_second'])} "
            f"| {cached['p99_ms']:.1f} ms | {errors} |"
        )
    pages = [t for t in targets if t.kind == "page"]
    slow = [
        t.label
        for t in pages
        if t.load["requests_per_second"]
        < UNCACHED_SHARE_OF_TRIVIAL * trivial["requests_per_second"]
    ]
    late = [t.label for t in pages if t.load["p99_ms"] >= UNCACHED_P99_MS]
    behind = [
        t.label
        for t in pages
        if t.cached_load["requests_per_second"]
        < CACHED_SHARE_OF_STATIC * static["requests_per_second"]
    ]
    lines += [
        "",
        "Targets:",
        f"- uncached pages at least {UNCACHED_SHARE_OF_TRIVIAL:.0%} of the trivial "
        f"view's rate: {'met' if not slow else 'NOT met by ' + ', '.join(slow)};",
        f"- uncached p99 under {UNCACHED_P99_MS} ms at {context['connections']} "
        f"concurrent readers: "
        f"{'met' if not late else 'NOT met by ' + ', '.join(late)};",
        f"- cached pages at least {CACHED_SHARE_OF_STATIC:.0%} of the static file's "
        f"rate: {'met' if not behind else 'NOT met by ' + ', '.join(behind)}.",
    ]
    lines += front_cache.markdown(targets)
    return "\n".join(lines) + "\n"


def rows(targets: list[Target]) -> list[tuple[str, str, dict]]:
    """What the charts draw: each page uncached then cached, then the references."""
    drawn = []
    for target in targets:
        if target.kind == "page":
            drawn.append((f"{target.label}, uncached", "page", target.load))
            drawn.append((f"{target.label}, cached", "cached", target.cached_load))
        else:
            drawn.append((target.label, target.kind, target.load))
    return drawn


def svg_chart(targets: list[Target]) -> str:
    """Requests per second per address as horizontal bars, figures beside them;
    the title and description carry the same figures for screen readers."""
    drawn = rows(targets)
    row, label_width, bar_width = 26, 330, 360
    height = row * len(drawn) + 50
    peak = max(load["requests_per_second"] for _label, _kind, load in drawn) or 1
    summary = "; ".join(
        f"{label}: {load['requests_per_second']:.0f} requests per second"
        for label, _kind, load in drawn
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
        f'{label_width + bar_width + 90} {height}" role="img" '
        'aria-labelledby="title desc" font-family="sans-serif" font-size="13">',
        '<title id="title">Requests per second by address, same server, '
        "same run</title>",
        f'<desc id="desc">{escape(summary)}</desc>',
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    colours = {
        "page": "#1f5f8b",
        "cached": "#6a3d9a",
        "trivial": "#6b6b6b",
        "static": "#2e7d32",
    }
    for index, (label, kind, load) in enumerate(drawn):
        y = 30 + index * row
        rate = load["requests_per_second"]
        width = max(1.0, rate / peak * bar_width)
        colour = colours[kind]
        parts += [
            f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end" '
            f'fill="#222">{escape(label[:44])}</text>',
            f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="18" '
            f'fill="{colour}"/>',
            f'<text x="{label_width + width + 6:.1f}" y="{y + 14}" '
            f'fill="#222">{rate:.0f}/s</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def draw(targets: list[Target]) -> None:
    drawn = rows(targets)
    peak = max(load["requests_per_second"] for _label, _kind, load in drawn) or 1
    width = max(len(label) for label, _kind, _load in drawn)
    print("\nRequests per second (bar), p50 / p99 latency")
    for label, _kind, load in drawn:
        bar = "█" * max(1, round(load["requests_per_second"] / peak * BAR_WIDTH))
        print(
            f"  {label:<{width}} {bar:<{BAR_WIDTH}} "
            f"{load['requests_per_second']:7.0f}/s  {load['p50_ms']:6.1f} / "
            f"{load['p99_ms']:6.1f} ms  errors {load['errors']}"
        )


# ---------------------------------------------------------------- main


def bounded(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=5, help="s per address")
    parser.add_argument("--renders", type=int, default=30, help="per page type")
    parser.add_argument("--connections", type=int, default=8, help="readers")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", help="an empty database instead of PG")
    parser.add_argument(
        "--plan-scale",
        type=int,
        default=500,
        help="after the demo's pages, the master plan grown to this many actions "
        "and measured again (0: not)",
    )
    parser.add_argument(
        "--redis-url",
        help="the cache (pages and chrome) in this Redis database, as in production; "
        "each gunicorn worker's local memory otherwise",
    )
    args = parser.parse_args()
    duration = bounded(args.duration, 1, 30)
    renders = int(bounded(args.renders, 3, 500))
    connections = int(bounded(args.connections, 1, 64))
    workers = int(bounded(args.workers, 1, 8))
    loader = load_with_wrk if shutil.which("wrk") else load_with_threads

    workdir = Path(tempfile.mkdtemp(prefix="vivre-libre-bench-"))
    database_url = args.database_url or create_database(PG_ADMIN_URL)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on 127.0.0.1, as behind a TLS-terminating proxy.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    server = None
    try:
        print("[1/4] Migrating, loading the demo content, collecting static files…")
        manage("migrate", "--noinput")
        manage("load_demo_data", show=True)
        manage("collectstatic", "--noinput")

        import django

        django.setup()
        from django.db import connection

        database = f"{connection.vendor} {connection.Database.__name__}"
        if connection.vendor == "postgresql":
            version = connection.cursor().connection.info.server_version
            database = f"PostgreSQL {version // 10000}.{version % 10000}"
        targets = page_targets() + [search_target()]
        print(f"[2/4] {len(targets)} page types: queries and {renders} renders each…")
        measure_renders(targets, renders)
        size = int(statistics.median(t.html_bytes for t in targets))
        targets += scaled_plan_targets(targets, args.plan_scale, renders)
        static_name = f"bench-{size}.html"
        from bench.urls import filler

        (workdir / "static" / static_name).write_bytes(filler(size))
        targets += [
            Target("Trivial Django view", f"/bench/trivial/{size}/", "trivial"),
            Target("Static file", f"/static/{static_name}", "static"),
        ]
        for reference in targets[-2:]:
            reference.html_bytes = size

        print(
            f"[3/4] gunicorn ({workers} workers): {connections} readers, "
            f"{duration:g} s per address ({loader.__name__})…",
            flush=True,
        )
        server = Gunicorn(workers, workdir / "gunicorn.log")
        for index, target in enumerate(targets, 1):
            # One request first: it waits behind whatever the previous load left
            # queued, so that each address starts on an idle server.
            with urllib.request.urlopen(server.url + target.path, timeout=120) as r:
                r.read()
            url = server.url + target.path
            cookie = None if target.kind == "static" else BYPASS_COOKIE
            target.load = loader(url, duration, connections, cookie)
            summary = f"{target.load['requests_per_second']:.0f}/s"
            if target.kind == "page":
                target.cached_load = loader(url, duration, connections)
                rate = target.cached_load["requests_per_second"]
                summary = f"uncached {summary}, cached {rate:.0f}/s"
            print(f"  [{index}/{len(targets)}] {target.label}: {summary}", flush=True)
        print("  Through nginx's front cache (docs/deploy/nginx.conf)…", flush=True)
        front_cache.measure(
            targets,
            app_port=server.port,
            workdir=workdir / "nginx",
            duration=duration,
            connections=connections,
            loader=loader,
        )
    finally:
        if server is not None:
            server.stop()
        if not args.database_url:
            drop_database(PG_ADMIN_URL, database_url)
        shutil.rmtree(workdir, ignore_errors=True)

    print("[4/4] Writing the report…")
    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
        "database": database,
        "workers": workers,
        "connections": connections,
        "duration": duration,
        "loader": targets[0].load["loader"],
    }
    draw(targets)
    RESULTS.mkdir(exist_ok=True)
    table = markdown(targets, context)
    (RESULTS / "latest.md").write_text(table)
    (RESULTS / "latest.svg").write_text(svg_chart(targets))
    (RESULTS / "latest.json").write_text(
        json.dumps({**context, "targets": [asdict(t) for t in targets]}, indent=2)
    )
    print("\n" + table)
    print(f"Written: {RESULTS}/latest.md, latest.svg, latest.json")


if __name__ == "__main__":
    main()
