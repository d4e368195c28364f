"""The benchmark's front-cache step: the site behind Debian's nginx with the
documented configuration (docs/deploy/nginx.conf, tests/front_cache/servers.py),
each page loaded by anonymous readers over HTTPS (served from nginx's cache),
beside the same nginx serving a file of the median page's weight from disk
over the same TLS. The target: cached pages at least 25 % of the file's rate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


def measure(
    targets: list,
    *,
    app_port: int,
    workdir: Path,
    static_root: Path,
    static_name: str,
    duration: float,
    connections: int,
    loader: Callable[..., dict],
    warm: Callable[[str], None],
) -> dict | None:
    """Fill each page's `front_load`; the disk reference's load (None without
    nginx)."""
    if nginx_binary() is None:
        print("  nginx is not installed: no front-cache figures.", flush=True)
        return None
    from tests.demo_server import free_port

    disk_port = free_port()
    nginx = Nginx(workdir, app_port, workdir / "media", workers="auto")
    nginx.add_extra(disk_server(nginx, disk_port, static_root))
    nginx.start()
    try:
        base = f"https://127.0.0.1:{nginx.https_port}"
        pages = [t for t in targets if t.kind == "page"]
        for index, target in enumerate(pages, 1):
            warm(base + target.path)  # a MISS, stored
            target.front_load = loader(base + target.path, duration, connections)
            rate = target.front_load["requests_per_second"]
            print(f"  [{index}/{len(pages)}] {target.label}: {rate:.0f}/s", flush=True)
        url = f"https://127.0.0.1:{disk_port}/{static_name}"
        warm(url)
        disk = loader(url, duration, connections)
        print(f"  nginx, the file from disk: {disk['requests_per_second']:.0f}/s")
        return disk
    finally:
        nginx.stop()


def markdown(targets: list, disk: dict | None) -> list[str]:
    if disk is None:
        return []
    rate = disk["requests_per_second"]
    lines = [
        "",
        "Through the front cache (docs/deploy/nginx.conf, Debian's nginx, HTTPS), "
        f"anonymous readers; the reference is the same nginx serving a file of the "
        f"median page's weight from disk: {rate:.0f} req/s, p99 "
        f"{disk['p99_ms']:.1f} ms.",
        "",
        "| Address | Front cache req/s | vs nginx from disk | p50 | p99 | Errors |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    behind = []
    for target in targets:
        load = getattr(target, "front_load", None)
        if not load:
            continue
        share = load["requests_per_second"] / rate if rate else 0
        if share < FRONT_SHARE_OF_DISK:
            behind.append(target.label)
        lines.append(
            f"| {target.label} `{target.path}` | {load['requests_per_second']:.0f} "
            f"| {share:.0%} | {load['p50_ms']:.1f} ms | {load['p99_ms']:.1f} ms "
            f"| {load['errors']} |"
        )
    lines += [
        "",
        f"- front-cached pages at least {FRONT_SHARE_OF_DISK:.0%} of nginx serving "
        f"the file from disk: "
        f"{'met' if not behind else 'NOT met by ' + ', '.join(behind)}.",
    ]
    return lines
