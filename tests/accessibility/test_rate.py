"""The conformity rate by the RGAA's method, against examples computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accessibility.rate import (
    Answer,
    Rate,
    average_page_rate,
    criterion_status,
    page_rate,
    percentage,
    site_rate,
    site_statuses,
)

CRITERIA = ["1.1", "1.2", "3.2", "8.3"]


def grid(*pages: str) -> dict[str, dict[str, Answer]]:
    """Each page written as its statuses for CRITERIA, space-separated
    (« - » for no answer)."""
    return {
        f"page{index}": {
            number: Answer(status)
            for number, status in zip(CRITERIA, statuses.split(), strict=True)
            if status != "-"
        }
        for index, statuses in enumerate(pages, start=1)
    }


def test_the_worked_example():
    # 1.1: C C NA -> met; 1.2: NA everywhere -> NA; 3.2: NC on page 2 -> not met;
    # 8.3: C everywhere -> met. Rate = 2 / (2 + 1) = 66.67 %.
    # Pages: 3/3 = 100, 2/3 = 66.67, 2/2 = 100; average 266.67 / 3 = 88.89.
    audit = grid("C NA C C", "C NA NC C", "NA NA C C")
    assert site_statuses(audit, CRITERIA) == {
        "1.1": "C",
        "1.2": "NA",
        "3.2": "NC",
        "8.3": "C",
    }
    result = site_rate(audit, CRITERIA)
    assert result == Rate(met=2, not_met=1, not_applicable=1, incomplete=0)
    assert result.value == Decimal("66.67")
    assert page_rate(audit["page2"], CRITERIA).value == Decimal("66.67")
    assert average_page_rate(audit, CRITERIA) == Decimal("88.89")


def test_one_non_compliant_page_makes_the_criterion_not_met():
    # Three criteria met, 8.3 NC on the second page only: 3 / 4 = 75 %.
    audit = grid("C C C C", "C C C NC")
    assert site_rate(audit, CRITERIA).value == Decimal("75.00")
    # Pages: 4/4 and 3/4 -> (100 + 75) / 2.
    assert average_page_rate(audit, CRITERIA) == Decimal("87.50")


def test_everything_not_applicable_gives_no_rate():
    audit = grid("NA NA NA NA", "NA NA NA NA")
    result = site_rate(audit, CRITERIA)
    assert result == Rate(met=0, not_met=0, not_applicable=4, incomplete=0)
    assert result.value is None
    assert average_page_rate(audit, CRITERIA) is None


def test_a_derogation_leaves_the_content_out_of_the_rate():
    audit = grid("C NA C C", "C NA NC C", "NA NA C C")
    audit["page2"]["3.2"] = Answer("NC", derogation="burden")
    # 3.2 becomes C (C, NA, C): 3 met out of 3.
    assert site_rate(audit, CRITERIA).value == Decimal("100.00")
    assert page_rate(audit["page2"], CRITERIA).value == Decimal("100.00")


def test_a_derogation_alone_on_every_page_is_not_applicable():
    answers = [Answer("C", "not_subject"), Answer("NC", "burden")]
    assert criterion_status(answers) == "NA"


def test_a_criterion_not_answered_everywhere_counts_on_neither_side():
    audit = grid("C C C C", "- C C C")
    result = site_rate(audit, CRITERIA)
    assert result == Rate(met=3, not_met=0, not_applicable=0, incomplete=1)
    assert not result.complete
    assert result.value == Decimal("100.00")


def test_a_non_compliance_is_known_before_every_page_is_answered():
    assert criterion_status([None, Answer("NC")]) == "NC"
    assert criterion_status([Answer("C"), Answer("")]) == ""


def test_an_empty_sample_has_every_criterion_incomplete():
    assert site_rate({}, CRITERIA) == Rate(0, 0, 0, 4)
    assert criterion_status([]) == ""


@pytest.mark.parametrize(
    ("met", "not_met", "expected"),
    [(1, 2, "33.33"), (2, 1, "66.67"), (53, 0, "100.00"), (0, 5, "0.00")],
)
def test_percentages_are_rounded_half_up_to_two_decimals(met, not_met, expected):
    assert percentage(met, not_met) == Decimal(expected)
