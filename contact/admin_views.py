"""The submissions listing of a form page in the admin: Wagtail's, exported as
CSV, XLSX and also ODS (the office suite the commune uses), with every cell a
resident typed that a spreadsheet would run as a formula written as text."""

from __future__ import annotations

import tablib
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button
from wagtail.contrib.forms.views import SubmissionsListView

FORMAT_ODS = "ods"
# OWASP's advice against CSV injection: a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormSubmissionsView(SubmissionsListView):
    FORMATS = (*SubmissionsListView.FORMATS, FORMAT_ODS)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return as_text(value) if export_format != self.FORMAT_XLSX else value

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format != FORMAT_ODS:
            return super().as_spreadsheet(queryset, spreadsheet_format)
        data = tablib.Dataset(
            headers=[self.get_heading(queryset, field) for field in self.list_export]
        )
        for item in queryset:
            row = self.to_row_dict(item)
            data.append(
                [
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                    for field, value in row.items()
                ]
            )
        response = HttpResponse(
            data.export(FORMAT_ODS),
            content_type="application/vnd.oasis.opendocument.spreadsheet",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"{self.get_filename()}.ods"
        )
        return response

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if self.show_export_buttons:
            buttons.append(
                Button(
                    _("Download ODS"),
                    url=self.get_export_url(FORMAT_ODS),
                    icon_name="download",
                    priority=95,
                )
            )
        return buttons
