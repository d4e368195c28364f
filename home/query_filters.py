"""What the public pages' GET filter forms share (the news index, the master
plan's actions, the open-data catalogue): one value per field, and shared
addresses that keep only the fields a reader chose (`without_default_fields`,
the one helper for it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


def is_empty(key: str, value: str) -> bool:
    return not value.strip()


class SingleValueFilterForm(forms.Form):
    """A filter form whose fields each take one value: a repeated field
    (`?status=done&status=planned`) makes the query string invalid."""

    filter_keys: Sequence[str] = ()

    def __init__(self, data: QueryDict, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.repeated = [key for key in self.filter_keys if len(data.getlist(key)) > 1]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.repeated:
            raise ValidationError(
                _("Each filter can be given only once."), code="repeated"
            )
        return cleaned


def without_default_fields(
    query: QueryDict,
    keys: Sequence[str],
    is_default: Callable[[str, str], bool] = is_empty,
) -> str | None:
    """The query string without the filter fields left at their default (empty,
    unless `is_default` says more), or None when it has none: the form sends
    every field, the address people share keeps those chosen. A repeated field
    is left for the form to refuse."""
    if any(len(query.getlist(key)) > 1 for key in keys):
        return None
    if not any(key in query and is_default(key, query[key]) for key in keys):
        return None
    params = [
        (key, value)
        for key, values in query.lists()
        for value in values
        if key not in keys or not is_default(key, value)
    ]
    return "?" + urlencode(params) if params else ""
