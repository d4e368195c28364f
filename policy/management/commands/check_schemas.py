"""Check the CSV resources against their declared schemas, outside web requests.

Web requests check only small files (policy/table_schema.py, INLINE_MAX_BYTES);
bigger ones are stored « to be checked » and checked here, with no time limit
and a byte and row limit well above a request's. Run it after uploads and from
cron (e.g. every ten minutes): it does nothing when nothing waits.

`--all` also creates the missing checks of every resource (after a schema
shipped with the site changed, or a document replaced outside the admin)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from policy.models import DatasetResource, SchemaCheck
from policy.schema_checks import ensure_check, run_pending


class Command(BaseCommand):
    help = "Check the CSV resources waiting for their schema check."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="First find every resource whose file has no check yet.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Check at most this many files."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            resources = DatasetResource.objects.filter(
                schema__isnull=False, document__isnull=False
            ).select_related("document", "schema")
            for resource in resources:
                ensure_check(resource, inline=False)

        def progress(position: int, total: int, check: SchemaCheck) -> None:
            self.stdout.write(
                f"[{position}/{total}] {check.document.title} "
                f"({check.document.get_file_size() or 0} bytes) "
                f"against {check.schema.name} {check.schema_version}…"
            )

        done = run_pending(limit=options["limit"], progress=progress)
        for check in done:
            self.stdout.write(
                f"{check.document.title}: {check.status}, "
                f"{check.error_count} error(s), {check.rows} row(s)"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(done)} file(s) checked."))
