"""The benchmark's front-cache step: the site behind Debian's nginx with the
documented configuration (docs/deploy/nginx.conf, tests/front_cache/servers.py).
Each page is loaded by anonymous readers over HTTPS (served from nginx's
cache), then the very bytes nginx answered, written to a file, are loaded from
the same nginx reading them from disk over the same TLS: the ratio of the two
is the target (cached pages at least 25 % of nginx serving the same bytes)."""

from __future__ import annotations

import ssl
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.demo_server import free_port
from tests.front_cache.servers import Nginx, nginx_binary

FRONT_SHARE_OF_DISK = 0.25


def disk_server(nginx: Nginx, port: int, root: Path) -> str:
    """A server block for the reference: the same TLS, files from `root`."""
    return f"""
    server {{
        listen 127.0.0.1:{port} ssl http2;
        ssl_certificate {nginx.workdir / "cert.pem"};
        ssl_certificate_key {nginx.workdir / "key.pem"};
        root {root};
    }}
"""


def fetch(url: str) -> tuple[str | None, bytes]:
    """nginx's X-Cache-Status and the body (its self-signed certificate accepted)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, timeout=120, context=context) as response:
        return response.headers.get("X-Cache-Status"), response.read()


def measure(
    targets: list,
    *,
    app_port: int,
    workdir: Path,
    duration: float,
    connections: int,
    loader: Callable[..., dict],
) -> bool:
    """Fill each page's `front_load` and `disk_load`; False without nginx."""
    if nginx_binary() is None:
        print("  nginx is not installed: no front-cache figures.", flush=True)
        return False
    disk_port = free_port()
    copies = workdir / "copies"
    copies.mkdir(parents=True, exist_ok=True)
    # Debian's default: one nginx worker per core.
    nginx = Nginx(workdir, app_port, workdir / "media", workers="auto")
    nginx.add_extra(disk_server(nginx, disk_port, copies))
    nginx.start()
    try:
        base = f"https://127.0.0.1:{nginx.https_port}"
        pages = [t for t in targets if t.kind == "page"]
        for index, target in enumerate(pages, 1):
            url = base + target.path
            fetch(url)  # a MISS, stored when the page may be
            target.front_status, body = fetch(url)
            (copies / f"{index}.html").write_bytes(body)
            target.front_load = loader(url, duration, connections)
            copy = f"https://127.0.0.1:{disk_port}/{index}.html"
            target.disk_load = loader(copy, duration, connections)
            print(
                f"  [{index}/{len(pages)}] {target.label} "
                f"({target.front_status}): "
                f"{target.front_load['requests_per_second']:.0f}/s, the same bytes "
                f"from disk {target.disk_load['requests_per_second']:.0f}/s",
                flush=True,
            )
        return True
    finally:
        nginx.stop()


def markdown(targets: list) -> list[str]:
    measured = [t for t in targets if getattr(t, "front_load", None)]
    if not measured:
        return []
    lines = [
        "",
        "Through the front cache (docs/deploy/nginx.conf, Debian's nginx, HTTPS, "
        "one worker per core), anonymous readers, beside the same nginx serving "
        "the bytes it answered from a file on disk over the same TLS:",
        "",
        "| Address | nginx cache | Front cache req/s | Same bytes from disk req/s "
        "| Share | p50 | p99 | Errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    behind, never = [], []
    for target in measured:
        load, disk = target.front_load, target.disk_load
        share = load["requests_per_second"] / (disk["requests_per_second"] or 1)
        if target.front_status != "HIT":
            never.append(target.label)
        elif share < FRONT_SHARE_OF_DISK:
            behind.append(target.label)
        lines.append(
            f"| {target.label} `{target.path}` | {target.front_status} "
            f"| {load['requests_per_second']:.0f} "
            f"| {disk['requests_per_second']:.0f} | {share:.0%} "
            f"| {load['p50_ms']:.1f} ms | {load['p99_ms']:.1f} ms "
            f"| {load['errors'] + disk['errors']} |"
        )
    lines += [
        "",
        f"- front-cached pages at least {FRONT_SHARE_OF_DISK:.0%} of nginx serving "
        "the same bytes from disk: "
        f"{'met' if not behind else 'NOT met by ' + ', '.join(behind)}"
        + (f" (never stored, by design: {', '.join(never)})" if never else "")
        + ".",
    ]
    return lines
