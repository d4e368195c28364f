"""The conformity rate by the RGAA's method, on plain values (no database).

For the site, a criterion is:
- met (C) when it is C or NA on every page of the sample and C on at least one;
- not met (NC) when it is NC on any page;
- not applicable (NA) when it is NA on every page.
The rate is met / (met + not met). Beside it, the average of the pages' own
rates (each page: its C / (C + NC)).

An answer under a derogation (disproportionate burden, content not subject to
the obligation) counts as not applicable: the content it covers is left out of
the evaluation and listed in the statement instead. A criterion not yet
answered on some page is « incomplete » unless another page already makes it
not met; an incomplete criterion counts in neither side of the rate."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

C, NC, NA = "C", "NC", "NA"
STATUSES = (C, NC, NA)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Answer:
    status: str = ""  # C, NC, NA, or "" (not answered)
    derogation: str = ""  # "" or the derogation's kind

    @property
    def effective(self) -> str:
        """The status the rate reads: NA under a derogation."""
        if self.derogation and self.status in STATUSES:
            return NA
        return self.status if self.status in STATUSES else ""


def criterion_status(answers: Iterable[Answer | None]) -> str:
    """C, NC, NA, or "" (incomplete) for one criterion over the sample."""
    statuses = [answer.effective if answer else "" for answer in answers]
    if not statuses:
        return ""
    if NC in statuses:
        return NC
    if "" in statuses:
        return ""
    if C in statuses:
        return C
    return NA


def percentage(met: int, not_met: int) -> Decimal | None:
    """met / (met + not met) in %, two decimals; None when nothing applies."""
    if met + not_met == 0:
        return None
    value = Decimal(met) * HUNDRED / Decimal(met + not_met)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rate:
    met: int
    not_met: int
    not_applicable: int
    incomplete: int

    @property
    def value(self) -> Decimal | None:
        return percentage(self.met, self.not_met)

    @property
    def complete(self) -> bool:
        return self.incomplete == 0


def _count(statuses: Iterable[str]) -> Rate:
    statuses = list(statuses)
    return Rate(
        met=statuses.count(C),
        not_met=statuses.count(NC),
        not_applicable=statuses.count(NA),
        incomplete=statuses.count(""),
    )


Grid = Mapping[Hashable, Mapping[str, Answer]]  # page -> criterion number -> answer


def site_statuses(grid: Grid, criteria: Sequence[str]) -> dict[str, str]:
    """Each criterion's status over every page of the sample."""
    return {
        number: criterion_status(answers.get(number) for answers in grid.values())
        for number in criteria
    }


def site_rate(grid: Grid, criteria: Sequence[str]) -> Rate:
    """The rate of the site: one status per criterion over the whole sample."""
    if not grid:
        return Rate(0, 0, 0, len(criteria))
    return _count(site_statuses(grid, criteria).values())


def page_rate(answers: Mapping[str, Answer], criteria: Sequence[str]) -> Rate:
    """One page's own rate: its C / (C + NC)."""
    return _count(
        answers[number].effective if number in answers else "" for number in criteria
    )


def average_page_rate(grid: Grid, criteria: Sequence[str]) -> Decimal | None:
    """The mean of the pages' rates (pages where nothing applies left out)."""
    values = [
        value
        for answers in grid.values()
        if (value := page_rate(answers, criteria).value) is not None
    ]
    if not values:
        return None
    mean = sum(values, Decimal(0)) / Decimal(len(values))
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
