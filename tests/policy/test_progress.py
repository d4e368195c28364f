"""The master plan's figures checked against figures computed by hand: counts per
status, overall progress (mean of the actions not abandoned), its evolution over
time and each indicator's way to its target; then the same fetched from the
database for the demo-like tree, in a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest

from policy.charts import coordinate, stack_segments, time_chart
from policy.models import ActionPage, ActionStatus, ActionStatusChange
from policy.progress import (
    ProgressPoint,
    figures,
    indicator_gauge,
    overall_progress,
    plan_figures,
    progress_over_time,
    progress_over_time_for,
    rounded,
)
from tests.helpers import add_page, publish, soup

PLANNED = ActionStatus.PLANNED.value
IN_PROGRESS = ActionStatus.IN_PROGRESS.value
DONE = ActionStatus.DONE.value
ABANDONED = ActionStatus.ABANDONED.value

D = datetime.date


def test_overall_progress_is_the_mean_of_the_actions_not_abandoned():
    actions = [(PLANNED, 0), (IN_PROGRESS, 40), (DONE, 100), (ABANDONED, 30)]
    # (0 + 40 + 100) / 3, the abandoned action's 30 % left out.
    assert overall_progress(actions) == Fraction(140, 3)
    result = figures(actions)
    assert result.progress == Fraction(140, 3)
    assert result.progress_percent == 47
    assert result.total == 4
    assert result.counted == 3


def test_counts_list_every_status_in_order_zero_included():
    result = figures([(DONE, 100), (IN_PROGRESS, 10), (DONE, 100)])
    assert [(c.status, c.count) for c in result.counts] == [
        (PLANNED, 0),
        (IN_PROGRESS, 1),
        (DONE, 2),
        (ABANDONED, 0),
    ]
    assert [c.share for c in result.counts] == [0, Fraction(1, 3), Fraction(2, 3), 0]
    assert result.progress == 70


def test_an_empty_plan_or_one_only_abandoned_has_no_overall_progress():
    empty = figures([])
    assert empty.progress is None and empty.progress_percent is None
    assert empty.total == 0
    assert [c.count for c in empty.counts] == [0, 0, 0, 0]
    assert [c.share for c in empty.counts] == [0, 0, 0, 0]
    given_up = figures([(ABANDONED, 20), (ABANDONED, 0)])
    assert given_up.progress is None
    assert given_up.counted == 0


def test_progress_is_rounded_half_up_for_display_only():
    result = figures([(IN_PROGRESS, 42), (IN_PROGRESS, 43)])
    assert result.progress == Fraction(85, 2)  # exact: 42.5
    assert result.progress_percent == 43  # round() would say 42
    assert rounded(Fraction(1, 3)) == 0
    assert rounded(None) is None


def test_the_stacked_bar_segments_follow_each_other():
    segments = stack_segments(
        figures([(PLANNED, 0), (DONE, 100), (DONE, 100), (ABANDONED, 0)]).counts
    )
    assert [(s.status, s.count, s.x, s.width) for s in segments] == [
        (PLANNED, 1, "0", "25"),
        (DONE, 2, "25", "50"),
        (ABANDONED, 1, "75", "25"),
    ]
    assert coordinate(100 / 3) == "33.33"


def test_progress_over_time_from_a_made_up_history():
    # Three actions a, b, c; c never changed (planned, 0 %).
    changes = [
        ("a", D(2021, 1, 10), IN_PROGRESS, 30),
        ("b", D(2021, 6, 1), IN_PROGRESS, 60),
        ("a", D(2022, 2, 1), IN_PROGRESS, 50),
        ("a", D(2022, 2, 1), DONE, 100),  # same day: the later one counts
        ("b", D(2023, 3, 1), ABANDONED, 60),
        ("x", D(2023, 4, 1), DONE, 100),  # not an action of this plan
    ]
    points = progress_over_time(["a", "b", "c"], changes)
    assert points == [
        ProgressPoint(D(2021, 1, 10), Fraction(30, 3)),  # 30, 0, 0
        ProgressPoint(D(2021, 6, 1), Fraction(90, 3)),  # 30, 60, 0
        ProgressPoint(D(2022, 2, 1), Fraction(160, 3)),  # 100, 60, 0
        ProgressPoint(D(2023, 3, 1), Fraction(100, 2)),  # 100, 0 (b abandoned)
    ]
    assert [p.percent for p in points] == [10, 30, 53, 50]


def test_progress_over_time_skips_a_date_where_everything_is_abandoned():
    changes = [
        ("a", D(2021, 1, 1), ABANDONED, 0),
        ("b", D(2021, 2, 1), IN_PROGRESS, 20),
    ]
    assert progress_over_time(["a"], changes) == []
    assert progress_over_time(["a", "b"], changes) == [
        ProgressPoint(D(2021, 1, 1), Fraction(0)),
        ProgressPoint(D(2021, 2, 1), Fraction(20)),
    ]
    assert progress_over_time([], changes) == []


def test_the_time_chart_spans_whole_years_and_steps():
    points = [
        ProgressPoint(D(2021, 1, 1), Fraction(0)),
        ProgressPoint(D(2022, 1, 1), Fraction(50)),
    ]
    assert time_chart(points[:1]) is None
    chart = time_chart(points, 2020, 2022, today=D(2030, 1, 1))
    assert [year.label for year in chart.years] == ["2020", "2021", "2022"]
    assert len(chart.boundaries) == 4
    # 2020-01-01 at the left edge (46), 2023-01-01 at the right (284): the
    # chart is as wide as a phone leaves to the text (288). 0 % at the bottom
    # (172), 100 % at the top (10).
    assert chart.width == 288
    assert chart.boundaries[0] == "46" and chart.boundaries[-1] == "284"
    start = 46 + 238 * 366 / 1096
    middle = 46 + 238 * 731 / 1096
    assert chart.path == (
        f"M{coordinate(start)} 172H{coordinate(middle)}V91"  # 50 %: 172 - 162 / 2
    )
    # Today within the frame: the last value holds until today.
    held = time_chart(points, 2020, 2022, today=D(2022, 7, 1))
    assert held.path.startswith(chart.path + "H")


def test_a_long_plan_labels_every_other_year_so_that_labels_never_touch():
    points = [
        ProgressPoint(D(2020, 3, 1), Fraction(0)),
        ProgressPoint(D(2025, 3, 1), Fraction(80)),
    ]
    chart = time_chart(points, 2020, 2027, today=D(2030, 1, 1))
    assert len(chart.boundaries) == 9  # every year is drawn
    assert [year.label for year in chart.years] == ["2020", "2022", "2024", "2026"]
    positions = [float(year.position) for year in chart.years]
    assert min(b - a for a, b in itertools.pairwise(positions)) >= 34


@pytest.mark.parametrize(
    ("baseline", "target", "current", "percent", "marker", "decreasing"),
    [
        ("0", "120", "48", 40, 40.0, False),
        # kWh consumed: from 46 down to 20, now 34 → 12 of 26 on the way.
        ("46", "20", "34", 46, 600 / 13, True),
        ("46", "20", "50", -15, 0.0, True),  # moved away: marker held at the start
        ("0", "10", "12", 120, 100.0, False),  # passed: held at the end
        ("0", "10", None, None, None, False),  # not measured
    ],
)
def test_indicator_gauges(baseline, target, current, percent, marker, decreasing):
    gauge = indicator_gauge(
        Decimal(baseline), Decimal(target), Decimal(current) if current else None
    )
    assert gauge.drawable
    assert gauge.percent == percent
    assert gauge.decreasing is decreasing
    if marker is None:
        assert gauge.marker_percent is None
    else:
        assert gauge.marker_percent == pytest.approx(marker)


def test_an_indicator_without_both_ends_has_no_gauge():
    for baseline, target in [(None, Decimal(5)), (Decimal(5), None), (5, 5)]:
        gauge = indicator_gauge(baseline, target, Decimal(3))
        assert not gauge.drawable
        assert gauge.ratio is None


@pytest.mark.django_db
def test_figures_of_the_tree_in_both_languages(plan, django_assert_num_queries):
    # Wi-Fi planned 0 %, workshops in progress 40 %, telephony done 100 %.
    ActionPage.objects.filter(pk=plan.actions["wi-fi-public"].pk).update(
        status=ABANDONED
    )
    # The restricted sections are read once, then kept until content changes.
    for root, queries in ((plan.plan, 2), (plan.axis, 1)):
        with django_assert_num_queries(queries):
            result = plan_figures(root)
        assert result.progress == 70  # (40 + 100) / 2
        assert [c.count for c in result.counts] == [0, 1, 1, 1]
    # The English pages count the English actions (the same figures: synchronised).
    assert plan_figures(plan.plan_en).total == 3


@pytest.mark.django_db
def test_progress_over_time_of_the_tree(plan, django_assert_num_queries):
    # Publishing in the fixture recorded one change per action (today); rewrite
    # the history with dates of our own.
    ActionStatusChange.objects.all().delete()
    workshops = plan.actions["ateliers-numeriques"]
    telephony = plan.actions["telephonie-libre"]
    for action, date, status, progress in [
        (workshops, D(2022, 1, 10), IN_PROGRESS, 10),
        (telephony, D(2022, 5, 2), IN_PROGRESS, 50),
        (telephony, D(2023, 5, 2), DONE, 100),
        (workshops, D(2024, 1, 8), IN_PROGRESS, 40),
    ]:
        ActionStatusChange.objects.create(
            action=action, date=date, status=status, progress=progress
        )
    with django_assert_num_queries(3):  # restrictions, actions, their history
        points = progress_over_time_for(plan.plan)
    # Three actions, Wi-Fi never changed (0 %).
    assert [(p.date, p.progress) for p in points] == [
        (D(2022, 1, 10), Fraction(10, 3)),
        (D(2022, 5, 2), Fraction(60, 3)),
        (D(2023, 5, 2), Fraction(110, 3)),
        (D(2024, 1, 8), Fraction(140, 3)),
    ]
    # The history is shared by the translations: the English plan draws the same.
    assert progress_over_time_for(plan.plan_en) == points
    # A draft action is not counted; an unpublished one neither.
    draft = plan.actions["wi-fi-public"]
    draft.unpublish()
    assert progress_over_time_for(plan.plan)[0].progress == 5  # 10 / 2


@pytest.mark.django_db
def test_a_new_status_enters_the_series(plan):
    ActionStatusChange.objects.all().delete()
    workshops = plan.actions["ateliers-numeriques"]
    workshops.progress = 70
    publish(workshops)
    points = progress_over_time_for(plan.plan)
    assert [p.progress for p in points] == [Fraction(70, 3)]
    add_page(
        plan.objective,
        ActionPage(title="Nouvelle", introduction="Une de plus.", status=PLANNED),
    )
    # The new action recorded its change today too: same date, four actions.
    assert [p.progress for p in progress_over_time_for(plan.plan)] == [Fraction(70, 4)]


def test_the_plan_page_shows_a_publication_at_once(client, plan):
    """The plan page's series is kept once per content generation
    (policy_tags.progress_figures): a publication shows on its next view."""

    def last_row(response) -> str:
        rows = soup(response).select(".policy-timechart__details tbody td")
        return rows[-1].get_text(strip=True) if rows else ""

    ActionStatusChange.objects.all().delete()
    workshops = plan.actions["ateliers-numeriques"]
    workshops.progress = 30
    publish(workshops)
    ActionStatusChange.objects.update(date=datetime.date(2025, 1, 15))
    workshops.progress = 60
    publish(workshops)
    assert last_row(client.get(plan.plan.url)) == "20\u00a0%"  # 60 / 3 actions
    workshops.progress = 90
    publish(workshops)
    assert last_row(client.get(plan.plan.url)) == "30\u00a0%"
