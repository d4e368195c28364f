"""The grid of one sample page: for each of the 106 criteria, the status, a
comment, a derogation and its justification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .criteria import Criterion, criteria, themes
from .models import Derogation, Result, Status

PARTS = ("status", "comment", "derogation", "justification")


def prefix(number: str) -> str:
    return "c" + number.replace(".", "_")


class GridForm(forms.Form):
    def __init__(
        self, *args, results: dict[str, Result], read_only: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.results = results
        for number in criteria():
            key = prefix(number)
            result = results.get(number)
            self.fields[f"{key}-status"] = forms.ChoiceField(
                label=_("Status"),
                choices=[("", _("Not answered")), *Status.choices],
                required=False,
                widget=forms.RadioSelect,
                initial=result.status if result else "",
            )
            self.fields[f"{key}-comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=result.comment if result else "",
            )
            self.fields[f"{key}-derogation"] = forms.ChoiceField(
                label=_("Derogation"),
                choices=[("", _("None")), *Derogation.choices],
                required=False,
                initial=result.derogation if result else "",
            )
            self.fields[f"{key}-justification"] = forms.CharField(
                label=_("Justification of the derogation"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=result.justification if result else "",
            )
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def clean(self) -> dict:
        data = super().clean()
        for number in criteria():
            key = prefix(number)
            if (
                data.get(f"{key}-derogation")
                and not data.get(f"{key}-justification", "").strip()
            ):
                self.add_error(
                    f"{key}-justification",
                    _("Say why the derogation applies: the statement publishes it."),
                )
        return data

    def answers(self) -> dict[str, dict[str, str]]:
        """Criterion number -> {status, comment, derogation, justification}."""
        return {
            number: {
                part: self.cleaned_data.get(f"{prefix(number)}-{part}", "") or ""
                for part in PARTS
            }
            for number in criteria()
        }

    def themes(self) -> list[dict]:
        """The grid as the template lays it out: each theme with its criteria,
        each criterion with its bound fields and whether it is answered."""
        laid_out = []
        for theme in themes():
            rows = [self._row(criterion) for criterion in theme.criteria]
            laid_out.append(
                {
                    "theme": theme,
                    "rows": rows,
                    "answered": sum(1 for row in rows if row["answered"]),
                    "has_errors": any(row["errors"] for row in rows),
                }
            )
        return laid_out

    def _row(self, criterion: Criterion) -> dict:
        key = prefix(criterion.number)
        fields = {part: self[f"{key}-{part}"] for part in PARTS}
        status = fields["status"].value()
        return {
            "criterion": criterion,
            "key": key,
            "fields": fields,
            "answered": bool(status),
            "errors": any(field.errors for field in fields.values()),
        }
