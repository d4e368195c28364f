"""Formatting the master plan's figures for the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

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
