"""The geometry of the master plan's drawings, computed here so that templates
only write SVG attributes: numbers as SVG reads them (a dot as decimal mark,
whatever the page's language), no inline style (the CSP forbids it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .progress import ProgressPoint, StatusCount
from .svg import number


@dataclass(frozen=True)
class Segment:
    """One status's part of the stacked bar, in percent of its width."""

    status: str
    label: str
    count: int
    x: str
    width: str


def stack_segments(counts: list[StatusCount]) -> list[Segment]:
    """The stacked bar's segments, left to right, statuses without actions
    left out (they have no width; the legend still lists them)."""
    segments = []
    offset = 0.0
    for count in counts:
        if not count.count:
            continue
        segments.append(
            Segment(
                count.status,
                count.label,
                count.count,
                number(offset),
                number(count.share_percent),
            )
        )
        offset += count.share_percent
    return segments


# The over-time chart's frame, in SVG user units (the drawing scales to the
# width of the page, its text with it).
WIDTH = 640
HEIGHT = 260
LEFT = 52
RIGHT = 16
TOP = 16
BOTTOM = 36


@dataclass(frozen=True)
class Tick:
    label: str
    position: str


@dataclass(frozen=True)
class TimeChart:
    """The step line of overall progress over time, with its axes: years along
    the bottom, 0 to 100 % up the side."""

    width: int
    height: int
    left: str
    right: str
    top: str
    bottom: str
    path: str
    points: list[tuple[str, str]]
    boundaries: list[str]
    years: list[Tick]
    levels: list[Tick]


def time_chart(
    points: list[ProgressPoint],
    first_year: int | None = None,
    last_year: int | None = None,
    today: datetime.date | None = None,
) -> TimeChart | None:
    """The chart of `points` over whole years: from the first of the plan's
    period (or of the points, if earlier) to the end of the last one (or of the
    points, if later). The last value holds until today when today is in the
    frame. None with fewer than two points: a single value is no evolution."""
    if len(points) < 2:
        return None
    start_year = min(points[0].date.year, first_year or points[0].date.year)
    end_year = max(points[-1].date.year, last_year or points[-1].date.year)
    start = datetime.date(start_year, 1, 1)
    end = datetime.date(end_year + 1, 1, 1)
    span = (end - start).days
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x(date: datetime.date) -> float:
        return LEFT + plot_width * (date - start).days / span

    def y(percent: float) -> float:
        return TOP + plot_height * (1 - percent / 100)

    coordinates = [(x(p.date), y(float(p.progress))) for p in points]
    # A step line: each value holds until the next change, then jumps.
    path = f"M{number(coordinates[0][0])} {number(coordinates[0][1])}" + "".join(
        f"H{number(px)}V{number(py)}" for px, py in coordinates[1:]
    )
    today = today or timezone.localdate()
    if points[-1].date < today < end:
        path += f"H{number(x(today))}"
    return TimeChart(
        width=WIDTH,
        height=HEIGHT,
        left=number(LEFT),
        right=number(WIDTH - RIGHT),
        top=number(TOP),
        bottom=number(HEIGHT - BOTTOM),
        path=path,
        points=[(number(px), number(py)) for px, py in coordinates],
        boundaries=[
            number(x(datetime.date(year, 1, 1)))
            for year in range(start_year, end_year + 2)
        ],
        years=[
            Tick(
                str(year),
                number(
                    (x(datetime.date(year, 1, 1)) + x(datetime.date(year + 1, 1, 1)))
                    / 2
                ),
            )
            for year in range(start_year, end_year + 1)
        ],
        levels=[Tick(str(level), number(y(level))) for level in (0, 25, 50, 75, 100)],
    )
