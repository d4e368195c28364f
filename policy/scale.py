"""A plan at a big city's scale, built quickly: the demo's actions copied until
the plan holds a given number of them, for the benchmark (bench/run.py), the
tests that check the plan's pages, exports and admin stay bounded, and a demo
one wants to see at that size (`manage.py scale_plan --actions 500`).

Each copy is live, in the plan's language, under the objective of its original
(so axes and objectives grow evenly), with its indicators and its history
moved a few days earlier per copy: the over-time chart then has hundreds of change
dates, as a plan that has lived for years has. The copies are created without
revisions (as pages imported from another system are): editing one in the admin
starts its revisions. Nothing but pages, their indicators and their history is
written: no search-index or reference-index work is done per copy beyond what
saving a page does."""

from __future__ import annotations

import datetime
import itertools

from django.db import transaction

from home.caching import generation

from .models import ActionIndicator, ActionPage, ActionStatusChange, MasterPlanPage

COPY_SLUG = "{slug}-{number}"


def live_action_count(plan: MasterPlanPage) -> int:
    return (
        ActionPage.objects.live()
        .descendant_of(plan)
        .filter(locale_id=plan.locale_id)
        .count()
    )


def grow_plan(plan: MasterPlanPage, total: int) -> int:
    """Copy the plan's live actions (round robin, in tree order) until it holds
    `total` live actions; the number of actions added (0 when it holds as
    many already)."""
    originals = list(
        ActionPage.objects.live()
        .descendant_of(plan)
        .filter(locale_id=plan.locale_id)
        .order_by("path")
        .prefetch_related("indicators")
    )
    present = live_action_count(plan)
    missing = total - present
    if missing <= 0 or not originals:
        return 0
    histories: dict[int, list[ActionStatusChange]] = {}
    for change in (
        ActionStatusChange.objects.filter(action__in=originals)
        .standing()
        .order_by("date", "pk")
    ):
        histories.setdefault(change.action_id, []).append(change)
    parents = {
        action.pk: action.get_parent() for action in originals
    }  # one query each, for the few originals
    indicators: list[ActionIndicator] = []
    changes: list[ActionStatusChange] = []
    with transaction.atomic():
        cycle = itertools.cycle(originals)
        # Numbered after the actions already there: a plan grown twice keeps
        # its slugs unique.
        for number in range(present, present + missing):
            original = next(cycle)
            copy = ActionPage(
                title=f"{original.title} ({number + 1})",
                slug=COPY_SLUG.format(slug=original.slug, number=number + 1),
                locale_id=original.locale_id,
                introduction=original.introduction,
                description=original.description.raw_data,
                status=original.status,
                progress=original.progress,
                department=original.department,
                start_date=original.start_date,
                target_date=original.target_date,
                budget=original.budget,
                live=True,
                first_published_at=original.first_published_at,
                last_published_at=original.last_published_at,
            )
            parents[original.pk].add_child(instance=copy)
            indicators.extend(
                ActionIndicator(
                    page=copy,
                    locale_id=copy.locale_id,
                    sort_order=indicator.sort_order,
                    name=indicator.name,
                    unit=indicator.unit,
                    baseline=indicator.baseline,
                    target=indicator.target,
                    current_value=indicator.current_value,
                    measured_on=indicator.measured_on,
                )
                for indicator in original.indicators.all()
            )
            shift = datetime.timedelta(days=number % 90)
            changes.extend(
                ActionStatusChange(
                    action=copy,
                    date=change.shown_date - shift,
                    status=change.shown_status,
                    progress=change.shown_progress,
                )
                for change in histories.get(original.pk, [])
            )
        ActionIndicator.objects.bulk_create(indicators)
        ActionStatusChange.objects.bulk_create(changes)
    # The pages' cached parts (menus, figures) are rebuilt from the new content.
    generation.bump()
    return missing
