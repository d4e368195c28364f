"""The filters of the news index and of its feeds: category, tag and year.

A form validates the query string, so that an unknown category or tag, or a year
that is not one, is a 404 (never a 500, never a silently unfiltered list); the
valid filters are written back to a query string that residents can share.

This module imports nothing from the rest of `news`: the index and the feeds use
it, never the reverse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404, QueryDict
from taggit.models import Tag

if TYPE_CHECKING:
    from .models import NewsCategory, NewsPage

FILTER_KEYS = ("category", "tag", "year")
# ASCII digits only (int() reads other scripts' digits too), years 1000-2999.
YEAR_PATTERN = re.compile(r"^[12][0-9]{3}\Z")
SLUG_PATTERN = re.compile(r"^[-\w]{1,100}\Z")


def in_categories(
    queryset: models.QuerySet[NewsPage], translation_keys: list
) -> models.QuerySet[NewsPage]:
    """Articles in any of these categories, whatever language the article chose
    them in (a translation keeps its source's categories)."""
    through = queryset.model.categories.through
    return queryset.filter(
        pk__in=through.objects.filter(
            newscategory__translation_key__in=translation_keys
        ).values("newspage_id")
    )


@dataclass(frozen=True)
class NewsFilters:
    """Valid filters of a news listing: what they keep, and their query string."""

    category: NewsCategory | None = None
    tag: Tag | None = None
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.category or self.tag or self.year)

    @property
    def params(self) -> dict[str, str]:
        """The query string's fields, in the order the form sends them."""
        params = {}
        if self.category:
            params["category"] = self.category.slug
        if self.tag:
            params["tag"] = self.tag.slug
        if self.year:
            params["year"] = str(self.year)
        return params

    def querystring(self, **changes: object) -> str:
        """`?category=...&tag=...` with `changes` applied (None removes a key)."""
        params = {**self.params, **{k: str(v) for k, v in changes.items() if v}}
        for key, value in changes.items():
            if not value:
                params.pop(key, None)
        return "?" + urlencode(params) if params else "?"

    def apply(self, queryset: models.QuerySet[NewsPage]) -> models.QuerySet[NewsPage]:
        if self.category:
            queryset = in_categories(queryset, [self.category.translation_key])
        if self.tag:
            queryset = queryset.filter(tagged_items__tag=self.tag)
        if self.year:
            queryset = queryset.filter(date__year=self.year)
        return queryset


class NewsFilterForm(forms.Form):
    """Reads the filters from a query string. Every check that needs no database
    comes first: PostgreSQL refuses NUL characters (CharField rejects them), and a
    tag is looked up only once it reads as a slug."""

    category = forms.CharField(required=False)
    tag = forms.CharField(required=False, validators=[RegexValidator(SLUG_PATTERN)])
    year = forms.CharField(required=False, validators=[RegexValidator(YEAR_PATTERN)])

    def __init__(
        self, data: QueryDict | dict[str, str], *, categories: Sequence[NewsCategory]
    ) -> None:
        super().__init__(data)
        self.categories = categories

    def clean_category(self) -> NewsCategory | None:
        """One of the categories offered (those of the index's language)."""
        slug = self.cleaned_data["category"]
        if not slug:
            return None
        for category in self.categories:
            if category.slug == slug:
                return category
        raise ValidationError("Unknown category.", code="unknown")

    def clean_tag(self) -> Tag | None:
        """A tag that at least one article carries."""
        slug = self.cleaned_data["tag"]
        if not slug:
            return None
        tag = Tag.objects.filter(
            slug=slug, news_newspagetag_items__isnull=False
        ).first()
        if tag is None:
            raise ValidationError("Unknown tag.", code="unknown")
        return tag

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        return int(year) if year else None

    def filters(self) -> NewsFilters:
        """The valid filters; anything else is a page that does not exist."""
        if not self.is_valid():
            raise Http404("Invalid filters")
        return NewsFilters(**self.cleaned_data)
