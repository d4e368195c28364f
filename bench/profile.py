"""Profile the uncached render of each page type, in this process.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://… \\
    DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 \\
    .venv/bin/python -m bench.profile [--renders 20] [--top 25] [--only news]

Against a database that already holds the demo content (`migrate`,
`load_demo_data`), with the production settings (``bench.settings``): for one
page of each page type, plus the site search and the contact form, the SQL
queries of a warm render, the median render time of ``--renders`` renders
through the whole middleware stack (with a cookie, so past the full-page cache:
what a signed-in reader or the first reader after a publication gets), and with
``--top``, the functions where a warm render spends its time (cProfile,
cumulative), and the queries themselves with ``--sql``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats

# cProfile rows of the project's code (not the virtualenv's, nor the middleware's).
PROJECT_CODE = (
    r"^(?!.*site-packages)(?!.*middleware)"
    r".*/(home|news|policy|events|alerts|accessibility|contact)/"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="cProfile rows per page")
    parser.add_argument("--only", help="pages whose label or path contains this")
    parser.add_argument("--sql", action="store_true", help="print the queries")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.run import measure_renders, page_targets, search_target

    targets = page_targets() + [search_target()]
    if args.only:
        needle = args.only.lower()
        targets = [
            t for t in targets if needle in t.label.lower() or needle in t.path.lower()
        ]
    measure_renders(targets, args.renders)
    print("\n| Page | Queries (warm) | Render, median |\n|---|--:|--:|")
    for target in targets:
        print(f"| {target.label} | {target.queries} | {target.render_ms:.1f} ms |")
    if not (args.top or args.sql):
        return
    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE="bench=render")
    for target in targets:
        print(f"\n## {target.label} {target.path}")
        if args.sql:
            with CaptureQueriesContext(connection) as queries:
                client.get(target.path)
            for query in queries.captured_queries:
                print("  ", query["sql"][:300])
        if args.top:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                client.get(target.path)
            profiler.disable()
            out = io.StringIO()
            # The project's own functions first: where its render time goes.
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(PROJECT_CODE, args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
