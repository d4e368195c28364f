"""The history of an action's status shown to residents: each change recorded
when an action is published, which writers may correct or withdraw (with a
reason residents read), shared by the action's translations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .status import PROGRESS_MAX, ActionStatus

CORRECTION_REQUIRED = _("Choose whether the entry is corrected or withdrawn.")
REASON_REQUIRED = _("Give the reason: residents read it with the entry.")


class Correction(models.TextChoices):
    """What a manager did to a history entry published by mistake."""

    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class StatusChangeQuerySet(models.QuerySet):
    def standing(self) -> StatusChangeQuerySet:
        """The entries that still say something: not withdrawn."""
        return self.exclude(correction=Correction.WITHDRAWN)

    def with_shown_values(self) -> StatusChangeQuerySet:
        """Annotated with the date, status and progress residents read (the
        corrected ones where there are): `shown_on`, `shown_status_value`,
        `shown_progress_value`."""
        return self.annotate(
            shown_on=Coalesce("corrected_date", "date"),
            shown_status_value=Coalesce(
                NullIf("corrected_status", Value("")), "status"
            ),
            shown_progress_value=Coalesce("corrected_progress", "progress"),
        )


class ActionStatusChange(models.Model):
    """A status and progress that went live on a date: the history residents read.

    Not a child of the page: revisions and translations must not rewrite it. Written
    by the `page_published` handler (policy.signals) or the demo data.

    A manager may correct an entry published by mistake, or withdraw it, with a
    reason residents read (policy.history_admin). The published date, status and
    progress are never changed: the corrected ones are kept beside them, and each
    correction is in the admin's log."""

    action = models.ForeignKey(
        "policy.ActionPage",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="status_changes",
        help_text=_("The action whose status changed (any of its translations)."),
    )
    date = models.DateField(_("date"), help_text=_("The day the change went live."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        help_text=_("The status from that day."),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), help_text=_("The progress from that day, 0 to 100.")
    )
    correction = models.CharField(
        _("correction"),
        max_length=20,
        choices=Correction.choices,
        blank=True,
        help_text=_(
            "Empty while the entry stands as published. Corrected: residents read "
            "the corrected values with a note giving the reason. Withdrawn: "
            "residents read only that the entry was withdrawn, and why."
        ),
    )
    corrected_date = models.DateField(
        _("corrected date"),
        null=True,
        blank=True,
        help_text=_("The date shown instead of the published one; empty: unchanged."),
    )
    corrected_status = models.CharField(
        _("corrected status"),
        max_length=20,
        choices=ActionStatus.choices,
        blank=True,
        help_text=_("The status shown instead of the published one; empty: unchanged."),
    )
    corrected_progress = models.PositiveSmallIntegerField(
        _("corrected progress (%)"),
        null=True,
        blank=True,
        help_text=_(
            "The progress shown instead of the published one, 0 to 100; empty: "
            "unchanged."
        ),
    )
    correction_reason = models.TextField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_(
            "Why the entry is corrected or withdrawn, in plain words: residents "
            "read it under the entry, on every translation of the action."
        ),
    )
    corrected_at = models.DateTimeField(
        _("corrected at"),
        null=True,
        blank=True,
        help_text=_("When the latest correction was made; residents read its date."),
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who made the latest correction (the admin's log keeps them all)."),
    )

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return (
            f"{self.action.title}, {self.date}: {self.get_status_display()} "
            f"({self.progress} %)"
        )

    def save(self, *args, **kwargs) -> None:
        # Residents read the date of a correction: never without one.
        if self.correction and self.corrected_at is None:
            self.corrected_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_withdrawn(self) -> bool:
        return self.correction == Correction.WITHDRAWN

    @property
    def is_corrected(self) -> bool:
        return self.correction == Correction.CORRECTED

    # The values residents read, as `with_shown_values` computes them in SQL.
    @property
    def shown_date(self) -> datetime.date:
        return self.corrected_date or self.date

    @property
    def shown_status(self) -> str:
        if self.corrected_status:
            return self.corrected_status
        return self.status

    @property
    def shown_progress(self) -> int:
        if self.corrected_progress is not None:
            return self.corrected_progress
        return self.progress

    def get_shown_status_display(self) -> str:
        return str(ActionStatus(self.shown_status).label)

    def clean(self) -> None:
        """A correction gives its reason; a corrected entry changes something and
        reads as an action's status does (done at 100 %, planned at 0 %); a
        withdrawn one has no corrected values."""
        super().clean()
        errors: dict[str, list] = {}
        corrected_values = {
            "corrected_date": self.corrected_date,
            "corrected_status": self.corrected_status,
            "corrected_progress": self.corrected_progress,
        }
        if not self.correction:
            if self.correction_reason or any(
                value not in (None, "") for value in corrected_values.values()
            ):
                errors.setdefault("correction", []).append(CORRECTION_REQUIRED)
        elif not self.correction_reason.strip():
            errors.setdefault("correction_reason", []).append(REASON_REQUIRED)
        if self.is_withdrawn:
            for name, value in corrected_values.items():
                if value not in (None, ""):
                    errors.setdefault(name, []).append(
                        _("A withdrawn entry shows no value: leave this empty.")
                    )
        if self.is_corrected:
            progress = self.shown_progress
            if not 0 <= progress <= PROGRESS_MAX:
                errors.setdefault("corrected_progress", []).append(
                    _("Progress is a percentage, from 0 to 100.")
                )
            elif self.shown_status == ActionStatus.DONE and progress != PROGRESS_MAX:
                errors.setdefault("corrected_progress", []).append(
                    _("A done action is at 100 %: correct the progress or the status.")
                )
            elif self.shown_status == ActionStatus.PLANNED and progress:
                errors.setdefault("corrected_progress", []).append(
                    _("A planned action is at 0 %: correct the progress or the status.")
                )
            if self.corrected_date and self.corrected_date > timezone.localdate():
                errors.setdefault("corrected_date", []).append(
                    _("A change cannot be dated in the future.")
                )
            unchanged = (self.shown_date, self.shown_status, progress) == (
                self.date,
                self.status,
                self.progress,
            )
            if unchanged and not errors:
                errors.setdefault("__all__", []).append(
                    _(
                        "A correction changes the date, the status or the progress: "
                        "give at least one new value, or withdraw the entry."
                    )
                )
        if errors:
            raise ValidationError(errors)


class IndicatorValueChange(models.Model):
    """An indicator's current value that went live on a date, beside the value it
    replaced: the history of the action's figures residents read, as the status's.

    Written by the `page_published` handler (policy.signals) when a publication
    changes an indicator's current value from the one previously published (a
    form edit, an import, a schedule): the action's first publication sets its
    starting values and records nothing. Kept by the indicator's translation key,
    so that every translation of the action reads it with the indicator's name
    in its own language."""

    action = models.ForeignKey(
        "policy.ActionPage",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="indicator_changes",
        help_text=_("The action whose indicator changed (its source page)."),
    )
    indicator_key = models.UUIDField(
        _("indicator"),
        db_index=True,
        help_text=_("The indicator's translation key, the same in every language."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The indicator's name on that day, in the source language."),
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    date = models.DateField(_("date"), help_text=_("The day the value went live."))
    previous_value = models.DecimalField(
        _("previous value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value published before; empty for a new indicator."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value from that day; empty when it was cleared."),
    )
    measured_on = models.DateField(
        _("measured on"),
        null=True,
        blank=True,
        help_text=_("The date of the measure, as the indicator gave it."),
    )

    class Meta:
        verbose_name = _("indicator value change")
        verbose_name_plural = _("indicator value changes")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"
