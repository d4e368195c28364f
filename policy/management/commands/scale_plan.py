"""`manage.py scale_plan --actions 500`: the demo's master plan at a big city's
scale (policy.scale), to see and measure the plan's pages, « All the actions »,
the exports and the editors' listing with hundreds of actions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from policy.models import MasterPlanPage
from policy.scale import grow_plan, live_action_count

MAX_ACTIONS = 5000


class Command(BaseCommand):
    help = (
        "Copy the master plan's live actions (in the default language) until it "
        "holds the given number: a demo or a benchmark at a big city's scale."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--actions",
            type=int,
            default=500,
            help=f"how many live actions the plan should hold (at most {MAX_ACTIONS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = options["actions"]
        if not 1 <= total <= MAX_ACTIONS:
            raise CommandError(f"--actions must be between 1 and {MAX_ACTIONS}.")
        plan = MasterPlanPage.objects.filter(locale=Locale.get_default()).first()
        if plan is None:
            raise CommandError("No master plan: run load_demo_data first.")
        added = grow_plan(plan, total)
        self.stdout.write(
            f"{added} actions added: the plan holds {live_action_count(plan)}."
        )
