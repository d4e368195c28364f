"""The filters of the master plan's page: axis, status and department.

A form reads the query string. Every value must be one the page offers (an axis
of the plan, a status, a department of its live actions in the page's language);
anything else — an unknown value, a repeated field, a value too long to be one —
is a 400 page that says so, never a 500 and never a silently unfiltered list.
The valid filters are written back to a query string residents can share.

Filtering happens in Python over the actions the page reads anyway: the number
of queries stays the same whatever the filters and the number of actions. The
page gives the choices: this module imports nothing from the rest of `policy`
(the models import it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from home.query_filters import SingleValueFilterForm, without_default_fields

if TYPE_CHECKING:
    from wagtail.models import Page

    from .models import ActionPage, AxisPage

FILTER_KEYS = ("axis", "status", "department")
# Longer than any slug Wagtail or slugify() writes here: a longer value cannot be
# one, and is refused before it is compared with anything.
MAX_VALUE_LENGTH = 255
SLUG_PATTERN = re.compile(r"^[-\w]+\Z")


def folded(text: str) -> str:
    """Lower case without accents, for searching and sorting: « Éducation »
    matches « education » and comes among the E's."""
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    )


@dataclass(frozen=True)
class Department:
    """A department named by the plan's actions, and the slug the query string
    uses for it (department names are free text, with spaces and accents)."""

    slug: str
    name: str


def departments_of(actions: Sequence[ActionPage]) -> list[Department]:
    """The departments the actions name, once each, in alphabetical order."""
    found: dict[str, Department] = {}
    for action in actions:
        slug = slugify(action.department)
        if slug and slug not in found:
            found[slug] = Department(slug, action.department.strip())
    return sorted(found.values(), key=lambda d: folded(d.name))


@dataclass(frozen=True)
class ActionFilters:
    """Valid filters of the plan's actions: what they keep, and their query
    string."""

    axis: AxisPage | None = None
    status: str = ""
    department: Department | None = None
    status_label: str = ""

    @property
    def active(self) -> bool:
        return bool(self.axis or self.status or self.department)

    @property
    def params(self) -> dict[str, str]:
        """The query string's fields, in the order the form sends them."""
        params = {}
        if self.axis:
            params["axis"] = self.axis.slug
        if self.status:
            params["status"] = self.status
        if self.department:
            params["department"] = self.department.slug
        return params

    @property
    def querystring(self) -> str:
        params = self.params
        return "?" + urlencode(params) if params else ""

    def keeps(self, action: ActionPage) -> bool:
        if self.axis and not action.path.startswith(self.axis.path):
            return False
        if self.status and action.status != self.status:
            return False
        return not (
            self.department and slugify(action.department) != self.department.slug
        )


class ActionFilterForm(SingleValueFilterForm):
    """Reads the filters from a query string, against the choices the page offers
    (given by the page: no query of its own)."""

    filter_keys = FILTER_KEYS

    axis = forms.CharField(
        label=_("Axis"),
        required=False,
        max_length=MAX_VALUE_LENGTH,
        validators=[RegexValidator(SLUG_PATTERN)],
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    department = forms.CharField(
        label=_("Department"),
        required=False,
        max_length=MAX_VALUE_LENGTH,
        validators=[RegexValidator(SLUG_PATTERN)],
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        axes: Sequence[AxisPage],
        statuses: Sequence[tuple[str, str]],
        departments: Sequence[Department],
    ) -> None:
        super().__init__(data)
        self.fields["status"].choices = statuses
        self.axes = axes
        self.departments = departments

    def clean_axis(self) -> AxisPage | None:
        slug = self.cleaned_data["axis"]
        if not slug:
            return None
        for axis in self.axes:
            if axis.slug == slug:
                return axis
        raise ValidationError(_("This axis is not one of the plan's."), "unknown")

    def clean_department(self) -> Department | None:
        slug = self.cleaned_data["department"]
        if not slug:
            return None
        for department in self.departments:
            if department.slug == slug:
                return department
        raise ValidationError(
            _("No action of the plan is carried by this department."), "unknown"
        )

    def filters(self) -> ActionFilters | None:
        """The valid filters, or None when the query string is not valid."""
        if not self.is_valid():
            return None
        status = self.cleaned_data["status"]
        labels = dict(self.fields["status"].choices)
        return ActionFilters(
            axis=self.cleaned_data["axis"],
            status=status,
            department=self.cleaned_data["department"],
            status_label=str(labels[status]) if status else "",
        )


def filter_tree(axes: list[Page], filters: ActionFilters) -> list[ActionPage]:
    """Keep, on the axes and objectives the page attached, the actions that the
    filters keep; when filtering, drop the objectives and axes left empty.
    Returns the actions listed, in tree order."""
    listed: list[ActionPage] = []
    for axis in axes:
        for objective in axis.plan_objectives:
            objective.plan_actions = [
                action for action in objective.plan_actions if filters.keeps(action)
            ]
            listed.extend(objective.plan_actions)
        if filters.active:
            axis.plan_objectives = [o for o in axis.plan_objectives if o.plan_actions]
    if filters.active:
        axes[:] = [axis for axis in axes if axis.plan_objectives]
    return listed


def without_empty_fields(
    query: QueryDict,
    keys: Sequence[str] = FILTER_KEYS,
    defaults: Mapping[str, str] | None = None,
) -> str | None:
    """The query string without its empty filters (among `keys`) and those left
    at their default value (`defaults`), or None when there are none: the
    address people share reads `?status=done`. The plan's filters and the
    open-data catalogue's both use it."""
    defaults = defaults or {}

    def is_default(key: str, value: str) -> bool:
        return not value.strip() or defaults.get(key) == value

    return without_default_fields(query, keys, is_default)
