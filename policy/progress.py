"""The master plan's figures: how many actions are at each status, the plan's
overall progress, how it evolved, and how far each indicator is on its way.

Overall progress is the arithmetic mean of the progress of the actions that are
not abandoned: an abandoned action will never move, so counting it would hold the
figure down for ever, and leaving it at its last value would claim work that was
given up. With no action, or only abandoned ones, there is no overall progress
(None), not 0 %. The exact value is kept (a Fraction); it is rounded, half up,
only for display.

The aggregation functions take data already fetched (plain tuples), so that they
are checked against figures computed by hand; `plan_figures` and
`progress_over_time_for` fetch them for a page in a fixed number of queries.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from wagtail.models import Page

from .models import ActionPage, ActionStatus, ActionStatusChange

ActionRow = tuple[str, int]
"""An action's (status, progress)."""

ChangeRow = tuple[Any, datetime.date, str, int]
"""A status change: (the action's translation key, date, status, progress)."""


def rounded(value: Fraction | None) -> int | None:
    """A percentage as shown to residents: rounded half up (42.5 → 43), not to
    the even number as `round` does."""
    if value is None:
        return None
    return math.floor(value + Fraction(1, 2))


@dataclass(frozen=True)
class StatusCount:
    """The number of actions at one status, and their share of all actions (for
    the width of the status's segment in the drawing)."""

    status: str
    label: str
    count: int
    share: Fraction

    @property
    def share_percent(self) -> float:
        return float(self.share * 100)


@dataclass(frozen=True)
class Figures:
    """What the plan, an axis or the home page show: counts per status (every
    status, zero included, in ActionStatus order), the number of actions and the
    overall progress (exact; `progress_percent` is the rounded one)."""

    counts: list[StatusCount]
    total: int
    progress: Fraction | None

    @property
    def progress_percent(self) -> int | None:
        return rounded(self.progress)

    @property
    def counted(self) -> int:
        """The actions the overall progress averages: the ones not abandoned."""
        return sum(c.count for c in self.counts if c.status != ActionStatus.ABANDONED)


def overall_progress(actions: Iterable[ActionRow]) -> Fraction | None:
    """The mean progress of the actions that are not abandoned; None without
    any."""
    values = [
        progress for status, progress in actions if status != ActionStatus.ABANDONED
    ]
    if not values:
        return None
    return Fraction(sum(values), len(values))


def status_counts(actions: Iterable[ActionRow]) -> list[StatusCount]:
    """The number of actions at each status, every status listed (zero included)
    in ActionStatus order, so that the drawing and its legend never change shape."""
    statuses = [status for status, _progress in actions]
    total = len(statuses) or 1  # no action: every share is 0
    return [
        StatusCount(
            status=status.value,
            label=str(status.label),
            count=statuses.count(status.value),
            share=Fraction(statuses.count(status.value), total),
        )
        for status in ActionStatus
    ]


def figures(actions: Iterable[ActionRow]) -> Figures:
    """Counts per status and overall progress of the given actions."""
    rows = list(actions)
    return Figures(
        counts=status_counts(rows), total=len(rows), progress=overall_progress(rows)
    )


@dataclass(frozen=True)
class ProgressPoint:
    """The plan's overall progress from `date` on (until the next point)."""

    date: datetime.date
    progress: Fraction

    @property
    def percent(self) -> int:
        return rounded(self.progress)


def progress_over_time(
    action_keys: Iterable[Any], changes: Iterable[ChangeRow]
) -> list[ProgressPoint]:
    """The overall progress of a plan at each date where one of its actions
    changed: a step series, oldest first.

    `action_keys` are the translation keys of the plan's actions (the history is
    shared by an action's translations, so it is keyed by them); `changes` are
    their status changes, in date order and, on a date, in the order they were
    recorded. On each date, each action is at its last change on or before that
    date; an action with no change yet counts as planned at 0 %; an abandoned one
    is left out from the date it is abandoned (as in `overall_progress`).
    Changes of actions outside `action_keys` are ignored. A date where every
    action is abandoned has no overall progress and no point."""
    state: dict[Any, ActionRow] = dict.fromkeys(
        action_keys, (ActionStatus.PLANNED.value, 0)
    )
    by_date: dict[datetime.date, list[ChangeRow]] = {}
    for change in changes:
        if change[0] in state:
            by_date.setdefault(change[1], []).append(change)
    # The mean is kept up to date change by change (the sum and the number of
    # the actions not abandoned), not recomputed over every action at each
    # date: hundreds of dates times hundreds of actions would be felt.
    abandoned = ActionStatus.ABANDONED.value
    total = 0
    counted = len(state)
    points = []
    for date in sorted(by_date):
        for key, _date, status, progress in by_date[date]:
            old_status, old_progress = state[key]
            if old_status != abandoned:
                total -= old_progress
                counted -= 1
            if status != abandoned:
                total += progress
                counted += 1
            state[key] = (status, progress)
        if counted:
            points.append(ProgressPoint(date, Fraction(total, counted)))
    return points


def thinned(points: list[ProgressPoint]) -> list[ProgressPoint]:
    """The points where the curve, as drawn and read (whole percentages),
    changes: a change that leaves the rounded overall progress where it was
    adds nothing to the step line. Hundreds of change dates (a plan of 500
    actions) come down to at most a point per percent moved; the full series
    stays available as data (the plan's `progress/csv/`)."""
    kept: list[ProgressPoint] = []
    for point in points:
        if not kept or point.percent != kept[-1].percent:
            kept.append(point)
    return kept


def live_actions(root: Page) -> QuerySet[ActionPage]:
    """The live, public actions under `root`, in its language: the ones its
    listings show."""
    return (
        ActionPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(locale_id=root.locale_id)
    )


def plan_figures(root: Page) -> Figures:
    """The figures of the actions under `root` (a plan or an axis): one query
    for the actions, whatever their number (and one for view restrictions)."""
    return figures(live_actions(root).values_list("status", "progress"))


def progress_over_time_for(root: Page) -> list[ProgressPoint]:
    """The over-time series of the actions under `root`: one query for their
    keys, one for their history (and one for view restrictions)."""
    actions = live_actions(root)
    keys = list(actions.values_list("translation_key", flat=True))
    # As residents read the history: corrected values, withdrawn entries left out.
    changes = (
        ActionStatusChange.objects.filter(
            action__translation_key__in=actions.values("translation_key")
        )
        .standing()
        .with_shown_values()
        .order_by("shown_on", "pk")
        .values_list(
            "action__translation_key",
            "shown_on",
            "shown_status_value",
            "shown_progress_value",
        )
    )
    return progress_over_time(keys, changes)


@dataclass(frozen=True)
class IndicatorGauge:
    """How far an indicator has gone from its baseline to its target.

    `ratio` is (current − baseline) / (target − baseline): 0 at the baseline, 1 at
    the target, whichever way the target lies (a decreasing indicator, such as
    kWh consumed, has its target below its baseline); above 1 when the target is
    passed, below 0 when the value moved away from it. None when the baseline,
    the target or the current value is missing, or the target equals the
    baseline: there is then no way to measure."""

    baseline: Decimal | None
    target: Decimal | None
    current: Decimal | None
    ratio: Fraction | None

    @property
    def decreasing(self) -> bool:
        return (
            self.baseline is not None
            and self.target is not None
            and self.target < self.baseline
        )

    @property
    def drawable(self) -> bool:
        """A bar needs both ends, distinct."""
        return (
            self.baseline is not None
            and self.target is not None
            and self.target != self.baseline
        )

    @property
    def percent(self) -> int | None:
        return rounded(self.ratio * 100) if self.ratio is not None else None

    @property
    def marker_percent(self) -> float | None:
        """Where the current value sits on the bar, held within its ends."""
        if self.ratio is None:
            return None
        return float(min(max(self.ratio, Fraction(0)), Fraction(1)) * 100)


def indicator_gauge(
    baseline: Decimal | None, target: Decimal | None, current: Decimal | None
) -> IndicatorGauge:
    """The gauge of one indicator (see IndicatorGauge)."""
    ratio = None
    if None not in (baseline, target, current) and target != baseline:
        ratio = Fraction(current - baseline) / Fraction(target - baseline)
    return IndicatorGauge(baseline, target, current, ratio)
