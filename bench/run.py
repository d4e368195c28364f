"""Benchmark the demo site as residents would load it, on 127.0.0.1 only.

    .venv/bin/python -m bench.run [--requests 20] [--duration 10] [--workers 2]

1. builds a throwaway demo site and serves it with gunicorn;
2. finds every page through /sitemap.xml;
3. loads each page --requests times, one at a time: median and 95th percentile
   latency, HTML weight (raw and gzipped, what a cheap phone downloads);
4. loads all pages from 4 threads for --duration seconds: throughput, errors;
5. reports the workers' peak memory (Linux), draws latencies as bars, and writes
   the figures to bench/results/latest.json.
Every loop is bounded in count and time; no address but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from tests.demo_server import DemoServer

RESULTS = Path(__file__).resolve().parent / "results"
BAR_WIDTH = 40


def fetch(url: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
        status = response.status
    return status, body, time.perf_counter() - started


def discover(base_url: str) -> list[str]:
    """Local paths of every page listed in the sitemap, in order."""
    _, body, _ = fetch(base_url + "/sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [
        urlsplit(loc.text.strip()).path
        for loc in ET.fromstring(body).findall("s:url/s:loc", namespace)
    ]
    return list(dict.fromkeys(paths))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sequential(base_url: str, paths: list[str], requests: int) -> list[dict]:
    rows = []
    for index, path in enumerate(paths, 1):
        timings, body = [], b""
        for _ in range(requests):
            status, body, elapsed = fetch(base_url + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            timings.append(elapsed * 1000)
        rows.append(
            {
                "path": path,
                "median_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "html_bytes": len(body),
                "html_gzip_bytes": len(gzip.compress(body)),
            }
        )
        print(
            f"  [{index}/{len(paths)}] {path}  {rows[-1]['median_ms']:.1f} ms",
            flush=True,
        )
    return rows


def concurrent(
    base_url: str, paths: list[str], duration: float, threads: int = 4
) -> dict:
    deadline = time.monotonic() + duration
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()

    def worker(offset: int) -> None:
        position = offset
        while time.monotonic() < deadline:
            try:
                status, _, _ = fetch(base_url + paths[position % len(paths)])
                key = "ok" if status == 200 else "errors"
            except OSError:
                key = "errors"
            with lock:
                counts[key] += 1
            position += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {
        "threads": threads,
        "seconds": duration,
        "requests": counts["ok"] + counts["errors"],
        "errors": counts["errors"],
        "requests_per_second": counts["ok"] / duration,
    }


def peak_memory_kib(pid: int) -> dict[str, int]:
    """VmHWM of the gunicorn master and its workers (Linux /proc), in KiB."""
    memory = {}
    proc = Path("/proc")
    if not proc.exists():
        return memory
    for status_file in proc.glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status_file.read_text().splitlines()
            )
        except (OSError, ValueError):
            continue
        process_id = int(status_file.parent.name)
        if process_id == pid or int(fields.get("PPid", "0").strip()) == pid:
            memory[str(process_id)] = int(fields.get("VmHWM", "0 kB").split()[0])
    return memory


def draw(rows: list[dict]) -> None:
    """Median latency per page as a bar chart, with the figures beside each bar."""
    longest = max(row["median_ms"] for row in rows) or 1
    width = max(len(row["path"]) for row in rows)
    print("\nMedian latency per page (bar = median, figures: median / p95 / gzip KiB)")
    for row in rows:
        bar = "█" * max(1, round(row["median_ms"] / longest * BAR_WIDTH))
        print(
            f"  {row['path']:<{width}} {bar:<{BAR_WIDTH}} "
            f"{row['median_ms']:6.1f} / {row['p95_ms']:6.1f} ms "
            f"/ {row['html_gzip_bytes'] / 1024:5.1f} KiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="per page (1-200)")
    parser.add_argument(
        "--duration", type=float, default=10, help="load phase, s (1-60)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (1-8)")
    args = parser.parse_args()
    requests = min(max(args.requests, 1), 200)
    duration = min(max(args.duration, 1), 60)
    workers = min(max(args.workers, 1), 8)

    print("[1/4] Building the demo site and starting gunicorn…", flush=True)
    with DemoServer(gunicorn_workers=workers) as server:
        print("[2/4] Reading the sitemap…", flush=True)
        paths = discover(server.url)
        print(f"      {len(paths)} pages")
        print(f"[3/4] {requests} sequential requests per page…", flush=True)
        rows = sequential(server.url, paths, requests)
        print(f"[4/4] Concurrent load for {duration:.0f}s…", flush=True)
        load = concurrent(server.url, paths, duration)
        memory = peak_memory_kib(server.process.pid)

    draw(rows)
    print(
        f"\nLoad: {load['requests_per_second']:.1f} req/s from {load['threads']} "
        f"threads, {load['errors']} error(s) in {load['requests']} requests"
    )
    if memory:
        print(
            "Peak memory (VmHWM): "
            + ", ".join(f"{kib / 1024:.0f} MiB" for kib in memory.values())
        )
    RESULTS.mkdir(exist_ok=True)
    report = {
        "pages": rows,
        "load": load,
        "peak_memory_kib": memory,
        "workers": workers,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    print(f"Figures written to {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
