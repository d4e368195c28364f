"""The agenda's filters: category, month and audience.

The same rules as the master plan's filters (policy/filters.py): every value
must be one the agenda offers (a category of its language, a month in which it
has events, an audience), a field given once; anything else is a 400 page that
says what is wrong. The valid filters are written back to a query string
residents can share, and filtering happens in Python over the events the page
reads anyway: the number of queries stays the same whatever the filters.

This module imports nothing from the rest of `events`: the models use it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from home.query_filters import SingleValueFilterForm

if TYPE_CHECKING:
    from news.models import NewsCategory

    from .models import EventPage

FILTER_KEYS = ("category", "month", "audience")
MAX_VALUE_LENGTH = 255
SLUG_PATTERN = re.compile(r"^[-\w]+\Z")
# ASCII digits only: 2026-02.
MONTH_PATTERN = re.compile(r"^[12][0-9]{3}-(0[1-9]|1[0-2])\Z")


@dataclass(frozen=True)
class Month:
    """A month in which the agenda has events, as the query string writes it."""

    year: int
    month: int

    @property
    def slug(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return formats.date_format(
            datetime.date(self.year, self.month, 1), "YEAR_MONTH_FORMAT"
        )


def months_of(events: Sequence[EventPage]) -> list[Month]:
    """The months the events start in, once each, in calendar order."""
    return sorted(
        {Month(event.local_start.year, event.local_start.month) for event in events},
        key=lambda m: (m.year, m.month),
    )


@dataclass(frozen=True)
class EventFilters:
    """Valid filters of the agenda: what they keep, and their query string."""

    category: NewsCategory | None = None
    month: Month | None = None
    audience: str = ""
    audience_label: str = ""

    @property
    def active(self) -> bool:
        return bool(self.category or self.month or self.audience)

    @property
    def params(self) -> dict[str, str]:
        params = {}
        if self.category:
            params["category"] = self.category.slug
        if self.month:
            params["month"] = self.month.slug
        if self.audience:
            params["audience"] = self.audience
        return params

    @property
    def querystring(self) -> str:
        params = self.params
        return "?" + urlencode(params) if params else ""

    def keeps(self, event: EventPage) -> bool:
        if self.category and self.category.translation_key not in {
            c.translation_key for c in event.categories.all()
        }:
            return False
        if self.month and (event.local_start.year, event.local_start.month) != (
            self.month.year,
            self.month.month,
        ):
            return False
        return not (self.audience and event.audience != self.audience)


class EventFilterForm(SingleValueFilterForm):
    """Reads the filters from a query string, against the choices the agenda
    offers (given by the page: no query of its own)."""

    filter_keys = FILTER_KEYS

    category = forms.CharField(
        label=_("Category"),
        required=False,
        max_length=MAX_VALUE_LENGTH,
        validators=[RegexValidator(SLUG_PATTERN)],
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        validators=[RegexValidator(MONTH_PATTERN)],
    )
    audience = forms.ChoiceField(label=_("Audience"), required=False)

    def __init__(
        self,
        data: QueryDict,
        *,
        categories: Sequence[NewsCategory],
        months: Sequence[Month],
        audiences: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        self.fields["audience"].choices = [("", ""), *audiences]
        self.categories = categories
        self.months = months

    def clean_category(self) -> NewsCategory | None:
        slug = self.cleaned_data["category"]
        if not slug:
            return None
        for category in self.categories:
            if category.slug == slug:
                return category
        raise ValidationError(
            _("No event of the agenda is in this category."), "unknown"
        )

    def clean_month(self) -> Month | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        for month in self.months:
            if month.slug == value:
                return month
        raise ValidationError(_("The agenda has no event this month."), "unknown")

    def filters(self) -> EventFilters | None:
        """The valid filters, or None when the query string is not valid."""
        if not self.is_valid():
            return None
        audience = self.cleaned_data["audience"]
        labels = dict(self.fields["audience"].choices)
        return EventFilters(
            category=self.cleaned_data["category"],
            month=self.cleaned_data["month"],
            audience=audience,
            audience_label=str(labels[audience]) if audience else "",
        )
