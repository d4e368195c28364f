"""Formatting the master plan's figures for the reader's language, and drawing
them (counts per status, overall progress, its evolution, indicators)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext
from wagtail.models import Page

from home.caching.generation import cached

from ..charts import coordinate as svg_coordinate
from ..charts import stack_segments, time_chart
from ..models import ActionIndicator, MasterPlanPage
from ..progress import (
    Figures,
    IndicatorGauge,
    indicator_gauge,
    plan_figures,
    progress_over_time_for,
    thinned,
)

register = template.Library()


@register.filter
def euros(amount: Decimal | None) -> str:
    """An amount in euros as the page's language writes it: « 12 500 € » in
    French, « €12,500 » in English; cents only when there are some."""
    if amount is None:
        return ""
    decimals = 0 if amount == amount.to_integral_value() else 2
    formatted = number_format(
        amount, decimal_pos=decimals, use_l10n=True, force_grouping=True
    )
    return gettext("€%(amount)s") % {"amount": formatted}


def figures_context(figures: Figures, prefix: str) -> dict:
    """What policy/includes/status_figures.html draws."""
    return {
        "figures": figures,
        "segments": stack_segments(figures.counts),
        "prefix": prefix,
    }


@register.inclusion_tag("policy/includes/plan_figures.html")
def progress_figures(page: Page) -> dict:
    """The figures of a plan or an axis page, fetched here rather than in the
    page's context: counts per status and overall progress (two queries), and on
    the plan its evolution over time (two more), whatever the number of actions."""
    is_plan = isinstance(page, MasterPlanPage)
    context = figures_context(
        plan_figures(page), "policy-plan-figures" if is_plan else "policy-axis-figures"
    )
    context["is_plan"] = is_plan
    if is_plan:
        # Every change of every action goes into it (thousands at 500 actions):
        # computed once per content generation, as it depends on published
        # content alone (public actions, in the plan's language).
        series = cached(
            lambda: thinned(progress_over_time_for(page)), "plan-progress", page.pk
        )
        context["series"] = series
        context["chart"] = time_chart(series, page.period_start, page.period_end)
        context["series_url"] = page.url + page.reverse_subpage("progress_csv")
    return context


@register.filter
def gauges(
    indicators: list[ActionIndicator],
) -> list[tuple[ActionIndicator, IndicatorGauge]]:
    """The indicators that can be drawn against their target (a baseline and a
    target, distinct), each with its gauge."""
    pairs = [
        (
            indicator,
            indicator_gauge(
                indicator.baseline, indicator.target, indicator.current_value
            ),
        )
        for indicator in indicators
    ]
    return [(indicator, gauge) for indicator, gauge in pairs if gauge.drawable]


@register.filter
def coordinate(value: float) -> str:
    """A number for an SVG attribute: a dot as decimal mark in every language."""
    return svg_coordinate(value)
