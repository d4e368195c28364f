"""The awards as the awards page presents them: a timeline by year, the series
of a label received year after year (drawn by policy.charts), and each award
named in a sentence for structured data.

Plain data computed from awards already read (no query): this module imports
nothing from `policy.models` (the awards page imports it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.text import slugify

from .charts import AwardChart, award_chart

if TYPE_CHECKING:
    from .models import Award, AwardingBody


def award_labels(awards: Iterable[Award]) -> list[str]:
    """How structured data names each award (schema.org `award` is text)."""
    labels = []
    for award in awards:
        label = f"{award.title} ({award.year}, {award.awarding_body.name})"
        mentions = [mention.text for mention in award.mentions.all()]
        if mentions:
            label += " — " + " ; ".join(mentions)
        labels.append(label)
    return labels


@dataclass
class YearGroup:
    year: int
    awards: list[Award] = field(default_factory=list)


@dataclass
class SeriesYear:
    """One year of a series: its best award, or None when none was received."""

    year: int
    award: Award | None

    @property
    def rank(self) -> int:
        return (self.award.level_rank or 0) if self.award else 0


@dataclass
class Series:
    """An award received repeatedly, year after year, missing years included."""

    name: str
    body: AwardingBody
    years: list[SeriesYear]
    max_rank: int

    @property
    def slug(self) -> str:
        """For element ids: unique per name and body."""
        return f"{slugify(self.name)[:60] or 'series'}-{self.body.slug}"

    @property
    def received(self) -> list[SeriesYear]:
        return [year for year in self.years if year.award]

    def chart(self) -> AwardChart:
        """The bar chart of the series: one slot per year, the bar's height
        proportional to the level; a missing year gets no bar."""
        return award_chart(self.years, self.max_rank)


def group_by_year(awards: list[Award]) -> list[YearGroup]:
    """The timeline: years newest first, each with its awards in order."""
    groups: dict[int, YearGroup] = {}
    for award in awards:
        groups.setdefault(award.year, YearGroup(award.year)).awards.append(award)
    return sorted(groups.values(), key=lambda group: -group.year)


def series_of(awards: list[Award]) -> list[Series]:
    """The awards received in two years or more under the same name and body,
    oldest year first, each year of the span listed (a missing year has no award;
    a year with two keeps the highest level)."""
    by_name: dict[tuple[str, int], dict[int, Award]] = {}
    for award in awards:
        years = by_name.setdefault((award.name, award.awarding_body_id), {})
        best = years.get(award.year)
        if best is None or (award.level_rank or 0) > (best.level_rank or 0):
            years[award.year] = award
    result = []
    for (name, _body), years in by_name.items():
        if len(years) < 2:
            continue
        span = range(min(years), max(years) + 1)
        steps = [SeriesYear(year, years.get(year)) for year in span]
        ranks = [step.rank for step in steps]
        body = next(iter(years.values())).awarding_body
        result.append(Series(name, body, steps, max(ranks) or 1))
    return sorted(result, key=lambda series: series.name)
