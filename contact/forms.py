"""The resident's form built from the fields editors list, and the form page's
edit form in the admin."""

from __future__ import annotations

import django.forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm

from home.editorial.edit_forms import UntouchedFieldsMixin

from .protection import RESERVED_NAMES

# The longest text a multi-line field takes (a letter, not a book): with the
# size limit of a post (protection.CONTACT_FORM_MAX_BYTES), what one
# submission may store.
MULTILINE_MAX_LENGTH = 5000
# What browsers and password managers may fill in for the resident (WCAG 1.3.5,
# RGAA 11.13): the purposes a municipal form asks for.
AUTOCOMPLETE_CHOICES = [
    ("name", _("Full name")),
    ("given-name", _("First name")),
    ("family-name", _("Last name")),
    ("email", _("E-mail address")),
    ("tel", _("Telephone")),
    ("street-address", _("Street address")),
    ("postal-code", _("Postal code")),
    ("address-level2", _("Town")),
    ("organization", _("Organisation")),
    ("off", _("Nothing (never fill it in)")),
]
CONFIRMATION_FIELD = "send_confirmation"


class ResidentFormBuilder(FormBuilder):
    """Wagtail's form builder, with length limits on texts and the
    `autocomplete` attribute each field's purpose calls for."""

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        options.setdefault("widget", django.forms.Textarea(attrs={"rows": 8}))
        return django.forms.CharField(**options)

    def create_dropdown_field(self, field, options):
        """A list that starts with no choice made: a required list is not
        answered by leaving its first choice as it came."""
        options["choices"] = [
            ("", _("Choose…")),
            *self.get_formatted_field_choices(field),
        ]
        return django.forms.ChoiceField(**options)

    def create_number_field(self, field, options):
        options["max_digits"] = 15
        return super().create_number_field(field, options)

    @property
    def formfields(self):
        fields = super().formfields
        for field in self.fields:
            formfield = fields[field.clean_name or field.get_field_clean_name()]
            purpose = getattr(field, "autocomplete", "") or (
                "email" if field.field_type == "email" else ""
            )
            if purpose:
                formfield.widget.attrs["autocomplete"] = purpose
            if field.field_type == "email":
                formfield.widget.attrs.setdefault("spellcheck", "false")
        return fields


def confirmation_field() -> django.forms.BooleanField:
    return django.forms.BooleanField(
        label=_("Send me a confirmation by e-mail"),
        help_text=_(
            "To the e-mail address given above. It only confirms that your form "
            "was received."
        ),
        required=False,
    )


def _lines(value) -> str:
    return (value or "").replace("\r\n", "\n")


def _lines_have_changed(field: django.forms.Field):
    """Browsers post a text area's line breaks as CRLF: a text stored with LF
    (the demo data, an import) posted back untouched has not changed."""

    def has_changed(initial, data) -> bool:
        return _lines(initial) != _lines(field.to_python(data))

    return has_changed


class FormPageForm(UntouchedFieldsMixin, WagtailAdminFormPageForm):
    """The form page's edit form: an untouched form changes nothing (as every
    page's, home/editorial/edit_forms.py), and the fields' names may not take
    those of the form's own hidden fields. The privacy page is required here (the
    model allows none, for a privacy page deleted later)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "privacy_page" in self.fields:
            self.fields["privacy_page"].required = True
        forms_ = [self, *(f for fs in self.formsets.values() for f in fs.forms)]
        for form in forms_:
            for field in form.fields.values():
                if isinstance(field.widget, django.forms.Textarea):
                    field.has_changed = _lines_have_changed(field)

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            label = form.cleaned_data.get("label")
            if not label:
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in RESERVED_NAMES:
                form.add_error(
                    "label",
                    ValidationError(
                        _("This label is reserved by the form itself: choose another.")
                    ),
                )
        return cleaned_data
