"""Run axe-core on the pages of an audit's sample and store its findings as
hints beside the auditor's answers (accessibility/hints.py). Never an answer.

    manage.py audit_hints [--audit ID] [--base-url URL] [--max-pages 20]
                          [--timeout 30] [--chromium /usr/bin/chromium]

Bounded: at most --max-pages pages, each given --timeout seconds. Needs the
development dependencies (playwright, axe-playwright-python) and Chromium."""

from __future__ import annotations

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
            default=hints.chromium_path(),
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
        try:
            checked = hints.check_audit(
                audit,
                base_url=options["base_url"],
                chromium=options["chromium"],
                timeout_seconds=options["timeout"],
                max_pages=options["max_pages"],
            )
        except hints.ChromiumMissing as error:
            raise CommandError(f"Chromium not found at {error}.") from error
        except hints.NoAddress as error:
            raise CommandError(
                f"« {error} » has no full address: give --base-url."
            ) from error
        except hints.AxeMissing as error:
            raise CommandError(
                "axe-core needs the development dependencies "
                "(requirements/dev.txt): " + str(error)
            ) from error
        for page in checked:
            if page.problems is None:
                self.stderr.write(f"{page.name}: {page.error}")
            else:
                self.stdout.write(
                    f"{page.name}: {page.problems} problem(s) found by axe-core"
                )
