"""Run axe-core on the pages of an audit's sample and store its findings as
hints beside the auditor's answers (accessibility/hints.py). Never an answer.

    manage.py audit_hints [--audit ID] [--base-url URL] [--max-pages 20]
                          [--timeout 30] [--chromium /usr/bin/chromium]

Bounded: at most --max-pages pages, each given --timeout seconds. Needs the
development dependencies (playwright, axe-playwright-python) and Chromium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accessibility import hints
from accessibility.models import Audit


class Command(BaseCommand):
    help = "Run axe-core on an audit's sample pages and store the hints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--audit", type=int, help="The audit (default: latest).")
        parser.add_argument(
            "--base-url",
            default="",
            help="Where the site is served, for pages whose address is a path "
            "(e.g. http://127.0.0.1:8000).",
        )
        parser.add_argument("--max-pages", type=int, default=20)
        parser.add_argument("--timeout", type=float, default=30.0)
        parser.add_argument(
            "--chromium",
            default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        audits = Audit.objects.all()
        audit = (
            audits.filter(pk=options["audit"]).first()
            if options["audit"]
            else audits.first()
        )
        if audit is None:
            raise CommandError("No such audit.")
        if not Path(options["chromium"]).exists():
            raise CommandError(f"Chromium not found at {options['chromium']}.")
        base = options["base_url"].rstrip("/")
        samples = list(audit.sample.select_related("page"))[: options["max_pages"]]
        addresses = {}
        for sample in samples:
            address = sample.page.full_url if sample.page_id and sample.page else ""
            address = address or sample.address
            if address.startswith("/"):
                if not base:
                    raise CommandError(
                        f"« {sample.name} » has no full address: give --base-url."
                    )
                address = base + address
            addresses[sample.pk] = address
        try:
            results = hints.run_axe(
                list(addresses.values()), options["chromium"], options["timeout"]
            )
        except ImportError as error:
            raise CommandError(
                "axe-core needs the development dependencies "
                "(requirements/dev.txt): " + str(error)
            ) from error
        for sample in samples:
            result = results.get(addresses[sample.pk])
            if isinstance(result, str) or result is None:
                self.stderr.write(f"{sample.name}: {result or 'not checked'}")
                continue
            found = hints.record(sample, result)
            self.stdout.write(f"{sample.name}: {found} problem(s) found by axe-core")
