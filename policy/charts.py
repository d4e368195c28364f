"""Every chart of the policy pages, computed here so that templates only write
SVG attributes: the plan's status bar and progress over time, the bar chart of
a dataset's numeric column, and the level of an award year after year.

One style for all: a frozen dataclass per drawing, its coordinates already
written by `coordinate()` (a dot as decimal mark whatever the page's language,
no inline style: the CSP forbids it); figures people read go through
`human_number()`.

Drawn for the small screen: each drawing is at most `PHONE_WIDTH` user units
wide, the width a 320 px screen leaves to the page's text, and its text is
`TEXT_SIZE` units high (the size the stylesheets give its text). They show a
drawing 100 % wide up to 27rem: on a screen of 320 px or more it is never
narrower than its own width, so its text is never smaller than that.

This module imports nothing from `policy.models` (the models import the
catalogue, which draws with it).
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst

from .csv_preview import Preview, parse_number
from .filters import folded
from .table_schema import schema_fields

if TYPE_CHECKING:
    from .progress import ProgressPoint, StatusCount

# The width, in CSS pixels, that a 320 px screen leaves to a page's text (the
# page's margins are 1rem on each side): every drawing fits in it at scale 1.
PHONE_WIDTH = 288
# The size of a drawing's text, in user units: CSS pixels at scale 1.
TEXT_SIZE = 13


def coordinate(value: float) -> str:
    """A number for an SVG attribute: two decimals at most, a dot whatever the
    page's language (Django would write « 33,3 » on French pages)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def human_number(value: float) -> str:
    """A number as the page's language writes it for people: « 12 500,5 » in
    French, « 12,500.5 » in English; decimals only when there are some."""
    decimals = 0 if float(value).is_integer() else 2
    text = number_format(
        value, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    if decimals:
        text = text.rstrip("0")
    return text


# The plan's status bar ------------------------------------------------------------


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
                coordinate(offset),
                coordinate(count.share_percent),
            )
        )
        offset += count.share_percent
    return segments


# The plan's progress over time ----------------------------------------------------

# The frame, in user units. The left margin holds « 100 % ».
TIME_WIDTH = PHONE_WIDTH
TIME_HEIGHT = 200
TIME_LEFT = 46
TIME_RIGHT = 4
TIME_TOP = 10
TIME_BOTTOM = 28
# Year labels closer than this (centre to centre) would touch (« 2020 » is about
# 29 units wide): every other one (or every third...) is written then; the
# boundaries are all drawn. A plan of seven years keeps every label.
YEAR_LABEL_SPACING = 34


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
    plot_width = TIME_WIDTH - TIME_LEFT - TIME_RIGHT
    plot_height = TIME_HEIGHT - TIME_TOP - TIME_BOTTOM

    def x(date: datetime.date) -> float:
        return TIME_LEFT + plot_width * (date - start).days / span

    def y(percent: float) -> float:
        return TIME_TOP + plot_height * (1 - percent / 100)

    coordinates = [(x(p.date), y(float(p.progress))) for p in points]
    # A step line: each value holds until the next change, then jumps.
    path = f"M{coordinate(coordinates[0][0])} {coordinate(coordinates[0][1])}"
    path += "".join(f"H{coordinate(px)}V{coordinate(py)}" for px, py in coordinates[1:])
    today = today or timezone.localdate()
    if points[-1].date < today < end:
        path += f"H{coordinate(x(today))}"
    years = range(start_year, end_year + 1)
    step = math.ceil(YEAR_LABEL_SPACING * len(years) / plot_width)
    return TimeChart(
        width=TIME_WIDTH,
        height=TIME_HEIGHT,
        left=coordinate(TIME_LEFT),
        right=coordinate(TIME_WIDTH - TIME_RIGHT),
        top=coordinate(TIME_TOP),
        bottom=coordinate(TIME_HEIGHT - TIME_BOTTOM),
        path=path,
        points=[(coordinate(px), coordinate(py)) for px, py in coordinates],
        boundaries=[
            coordinate(x(datetime.date(year, 1, 1)))
            for year in range(start_year, end_year + 2)
        ],
        years=[
            Tick(
                str(year),
                coordinate(
                    (x(datetime.date(year, 1, 1)) + x(datetime.date(year + 1, 1, 1)))
                    / 2
                ),
            )
            for n, year in enumerate(years)
            if n % step == 0
        ],
        levels=[
            Tick(human_number(level), coordinate(y(level)))
            for level in (0, 25, 50, 75, 100)
        ],
    )


# A dataset's numeric column -------------------------------------------------------

# Numeric columns that say where or which, not how much: not drawn.
NOT_QUANTITIES = {
    "id",
    "identifiant",
    "code",
    "latitude",
    "longitude",
    "lat",
    "lon",
    "lng",
    "x",
    "y",
    "edition",
    "annee",
    "year",
}
# Each row: its label on a line of its own, then the bar with its value at its
# end (a label beside its bar would leave the bar no room on a phone).
BAR_ROW = 40
BAR_LABEL_BASELINE = 14
BAR_TOP = 19
BAR_THICKNESS = 14
BAR_VALUE_BASELINE = 31
BAR_GAP = 4
# Room kept on the right for the value written after the longest bar.
BAR_VALUE_ROOM = 72
LABEL_LENGTH = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    label_y: str
    y: str
    width: str
    value_x: str
    value_y: str


@dataclass(frozen=True)
class ColumnChart:
    """A horizontal bar chart of one numeric column, one bar per row, labelled
    with the row's first column. Values below zero are drawn as zero. `name` is
    the column's label for people, `column` its name in the file."""

    index: int
    name: str
    column: str
    label_column: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int
    minimum: str
    maximum: str
    total: str


SEPARATORS = re.compile(r"[\s_.-]+")


def humanised(name: str) -> str:
    """A column name as a heading reads: « dont_premiere_venue » → « Dont
    premiere venue ». Names already written for people keep their case."""
    words = SEPARATORS.sub(" ", name).strip()
    return capfirst(words) if words else name


@dataclass(frozen=True)
class SchemaColumn:
    """What a Table Schema says of a column: its `title` for people, and
    whether it holds a quantity (a `number` or an `integer`; a SIRET or a
    postcode is a `string` of digits, not drawn)."""

    title: str
    quantity: bool


def schema_columns(descriptor: dict[str, Any] | None) -> dict[str, SchemaColumn]:
    """The columns a Table Schema descriptor describes, by field name."""
    columns = {}
    for name, field in schema_fields(descriptor or {}).items():
        title = field.get("title")
        columns[name] = SchemaColumn(
            title=title.strip() if isinstance(title, str) else "",
            quantity=field.get("type") in {"number", "integer"},
        )
    return columns


def column_label(name: str, columns: dict[str, SchemaColumn]) -> str:
    """The heading of a column: its schema's title, else its name humanised."""
    column = columns.get(name)
    return (column.title if column else "") or humanised(name)


def is_quantity(name: str, columns: dict[str, SchemaColumn]) -> bool:
    """Whether a numeric column says how much (drawn), not where or which."""
    column = columns.get(name)
    if column is not None and not column.quantity:
        return False
    return folded(name).strip() not in NOT_QUANTITIES


def column_charts(
    preview: Preview,
    columns: dict[str, SchemaColumn] | None = None,
    limit: int = 3,
) -> list[ColumnChart]:
    """Charts of the preview's numeric columns (the first `limit` that are
    quantities, not coordinates or codes), the first column naming the rows (or
    their number when it is itself numeric). `columns` is what the file's
    schema says of its columns (see schema_columns), when it has one."""
    columns = columns or {}
    charts = []
    label_index = 0 if 0 not in preview.numeric_columns else None
    quantities = [
        index
        for index in preview.numeric_columns
        if is_quantity(preview.header[index], columns)
    ]
    plot = PHONE_WIDTH - BAR_VALUE_ROOM
    for index in quantities[:limit]:
        if index == label_index:
            continue
        values = [
            (row[label_index] if label_index is not None else str(n + 1), row[index])
            for n, row in enumerate(preview.rows)
            if row[index].strip()
        ]
        numbers = [parse_number(text) or 0.0 for _label, text in values]
        top = max(max(numbers), 0.0) or 1.0
        bars = []
        for n, ((label, text), value) in enumerate(zip(values, numbers, strict=True)):
            width = plot * max(value, 0.0) / top
            row_y = n * BAR_ROW
            bars.append(
                Bar(
                    label=label[:LABEL_LENGTH],
                    value=text,
                    label_y=coordinate(row_y + BAR_LABEL_BASELINE),
                    y=coordinate(row_y + BAR_TOP),
                    width=coordinate(width),
                    value_x=coordinate(width + BAR_GAP),
                    value_y=coordinate(row_y + BAR_VALUE_BASELINE),
                )
            )
        low = min(range(len(numbers)), key=lambda i: numbers[i])
        high = max(range(len(numbers)), key=lambda i: numbers[i])
        header = preview.header[index]
        charts.append(
            ColumnChart(
                index=index,
                name=column_label(header, columns) if header else str(index + 1),
                column=header,
                label_column=(
                    column_label(preview.header[label_index], columns)
                    if label_index is not None
                    else ""
                ),
                bars=bars,
                width=PHONE_WIDTH,
                height=len(bars) * BAR_ROW,
                bar_height=BAR_THICKNESS,
                minimum=f"{values[low][1]} ({values[low][0]})",
                maximum=f"{values[high][1]} ({values[high][0]})",
                total=str(len(bars)),
            )
        )
    return charts


# An award year after year ---------------------------------------------------------

# One row per year, read top to bottom: the year, then a bar as long as the
# level, the level written after it (a column per year would leave the levels'
# names no room on a phone).
AWARD_ROW = 26
AWARD_BAR_X = 44
AWARD_BAR_THICKNESS = 16
AWARD_TEXT_BASELINE = 17
AWARD_GAP = 6
AWARD_STUB = 6
# The longest level's name written after the longest bar (a sans-serif's
# glyph is about 0.55 em wide on average).
AWARD_LEVEL_LENGTH = 14
AWARD_LEVEL_ROOM = round(AWARD_LEVEL_LENGTH * TEXT_SIZE * 0.55)


@dataclass(frozen=True)
class AwardBar:
    """One year of a series: a bar as long as its level, or none (`drawn`
    False) when the award was not received that year."""

    year: int
    award: Any
    drawn: bool
    top: bool
    level: str
    y: str
    width: str
    text_y: str
    level_x: str


@dataclass(frozen=True)
class AwardChart:
    """The bar chart of a series (see policy.awards.Series): one row per year,
    oldest first, each bar's length proportional to the level."""

    width: int
    height: int
    bar_x: str
    bar_height: int
    axis_x: str
    bars: list[AwardBar]


def award_chart(years: list[Any], max_rank: int) -> AwardChart:
    """The chart of `years` (SeriesYear: year, award, rank) against the best
    level of the series."""
    plot = PHONE_WIDTH - AWARD_BAR_X - AWARD_LEVEL_ROOM
    bars = []
    for n, step in enumerate(years):
        width = round(plot * step.rank / max_rank) if step.award else 0
        if step.award and not width:
            width = AWARD_STUB  # received, without a level: still visible
        level = (step.award.level or "✓") if step.award else "–"
        if len(level) > AWARD_LEVEL_LENGTH:
            level = level[: AWARD_LEVEL_LENGTH - 1] + "…"
        row_y = n * AWARD_ROW
        bars.append(
            AwardBar(
                year=step.year,
                award=step.award,
                drawn=step.award is not None,
                top=bool(step.award) and step.rank == max_rank,
                level=level,
                y=coordinate(row_y + (AWARD_ROW - AWARD_BAR_THICKNESS) / 2),
                width=coordinate(width),
                text_y=coordinate(row_y + AWARD_TEXT_BASELINE),
                level_x=coordinate(AWARD_BAR_X + width + AWARD_GAP),
            )
        )
    return AwardChart(
        width=PHONE_WIDTH,
        height=len(years) * AWARD_ROW,
        bar_x=coordinate(AWARD_BAR_X),
        bar_height=AWARD_BAR_THICKNESS,
        axis_x=coordinate(AWARD_BAR_X - 1),
        bars=bars,
    )
