"""Validators of identifiers the French administration gives, and the model
field that records a SIRET, shared by every app that records them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# La Poste's establishments all share one SIREN and were numbered before the
# Luhn key was imposed on them: their SIRET's digits add up to a multiple of 5
# instead (INSEE's rule), except the head office's, which has a Luhn key.
LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"


def luhn_valid(digits: str) -> bool:
    """The Luhn check: doubling every second digit from the right, the sum of
    the digits is a multiple of 10."""
    total = 0
    for position, character in enumerate(reversed(digits)):
        digit = int(character)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def siret_valid(value: str) -> bool:
    """Whether `value` is a SIRET: 14 digits (the SIREN's 9, the establishment's
    5) whose check digit is right."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE:
        return sum(int(d) for d in value) % 5 == 0
    return luhn_valid(value)


def validate_siret(value: str) -> None:
    """A form error, in the editor's language, when `value` is no SIRET."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("A SIRET number has exactly 14 digits, without spaces."),
            code="siret_length",
        )
    if not siret_valid(value):
        raise ValidationError(
            _(
                "This SIRET number is not valid: its check digit does not match. "
                "Copy it again from the SIRENE register (annuaire-entreprises.data."
                "gouv.fr)."
            ),
            code="siret_checksum",
        )


class SiretFormField(forms.CharField):
    """Takes a SIRET as the SIRENE register prints it (`213 801 517 00011`):
    spaces are dropped before the number is checked."""

    def to_python(self, value: Any) -> str:
        return "".join(str(super().to_python(value)).split())

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # room for the spaces people paste
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs


class SiretField(models.CharField):
    """A SIRET number: 14 digits with a valid check digit, or empty when blank."""

    default_validators = [validate_siret]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = 14
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": SiretFormField, **kwargs})
