"""A form field's widget tied to its help text and its errors (RGAA 11.10:
`aria-describedby`, `aria-invalid`), for the form pages' template."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

GROUPED_WIDGETS = {"radioselect", "checkboxselectmultiple"}


@register.filter
def grouped(field: BoundField) -> bool:
    """Whether the field is a group of options, labelled by a fieldset's legend."""
    return field.widget_type in GROUPED_WIDGETS


@register.filter
def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def widget(field: BoundField) -> SafeString:
    """The field's input, described by its help text and its error; a group of
    options gets them on its fieldset instead."""
    attrs = {}
    if not grouped(field):
        described = describedby(field)
        if described:
            attrs["aria-describedby"] = described
        if field.errors:
            attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def error_count(form) -> int:
    return sum(len(field.errors) for field in form) + len(form.non_field_errors())
