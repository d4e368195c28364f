"""Updates of the plan's actions from a spreadsheet (policy.plan_import): each
upload is kept, first as the preview an editor reads (the changes it would make,
kept here until they confirm), then as the log of what it did: who, when, which
file, how many actions changed, and the revisions it created. Once confirmed,
a background job applies it (policy.plan_import.apply_import_job), and the row
says whether that went through or changed nothing, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PlanImport(models.Model):
    """One upload of a spreadsheet of the plan's actions."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        # Confirmed: waiting for the background worker, or being applied by it.
        QUEUED = "queued", _("being applied")
        APPLIED = "applied", _("applied")
        # Nothing was changed: `failure` says why.
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PREVIEWED,
    )
    published = models.BooleanField(
        _("published directly"),
        default=False,
        help_text=_("Published by a manager, rather than sent for approval."),
    )
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    job_id = models.CharField(
        _("background job"),
        max_length=64,
        blank=True,
        help_text=_(
            "The job that applies the import once confirmed (home.jobs: the "
            "background queue's result id)."
        ),
    )
    # Why a confirmed import changed nothing: {"message": an untranslated
    # message, "values": its placeholders}, shown in the reader's language.
    failure = models.JSONField(_("failure"), default=dict, blank=True)
    # The preview: the changes by action (policy.plan_import.Change as JSON),
    # the refused rows, the unknown keys and the notes on ignored columns.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    revisions = models.ManyToManyField(
        "wagtailcore.Revision",
        verbose_name=_("revisions"),
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self) -> str:
        return self.file_name

    def failure_text(self) -> str:
        """Why the import changed nothing, in the active language."""
        if not self.failure.get("message"):
            return ""
        return gettext(self.failure["message"]) % self.failure.get("values", {})
