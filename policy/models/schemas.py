"""Table Schemas that CSV resources declare they follow, and the results of
checking each file against them (see policy/table_schema.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..table_schema import ReportLine, describe_all


class DataSchema(models.Model):
    """A Table Schema (« Schéma de données »): the national ones shipped with
    the site (kept in step with `policy/schemas/` by `migrate`), or one a
    manager uploaded. A CSV resource may declare that it follows one."""

    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Its identifier, e.g. « scdl-budget »."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("What editors and residents read, e.g. « Budget »."),
    )
    version = models.CharField(
        _("version"), max_length=40, help_text=_("E.g. 0.8.1 or v1.0.1.")
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the schema is published (e.g. on schema.data.gouv.fr): the "
            "DCAT export says that the resources conform to it."
        ),
    )
    descriptor = models.JSONField(_("schema"), default=dict, editable=False)
    descriptor_hash = models.CharField(max_length=64, editable=False)
    shipped = models.BooleanField(
        _("shipped with the site"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("data schema")
        verbose_name_plural = _("data schemas")
        ordering = ["title", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="unique_schema_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class CheckStatus(models.TextChoices):
    PENDING = "pending", _("to be checked")
    VALID = "valid", _("conforms")
    INVALID = "invalid", _("does not conform")


class SchemaCheck(models.Model):
    """The check of one file of a document (its name and hash, see
    previews.file_key) against one version of a schema (the hash of its
    content and version number):
    a new file or a changed schema gets a check of its own. Kept so that a file
    is checked once, not on every visit."""

    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    file_key = models.CharField(max_length=400)
    schema = models.ForeignKey(
        DataSchema, on_delete=models.CASCADE, related_name="checks"
    )
    schema_hash = models.CharField(max_length=64)
    schema_version = models.CharField(max_length=40)
    status = models.CharField(
        max_length=10, choices=CheckStatus.choices, default=CheckStatus.PENDING
    )
    error_count = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    # The file was longer than what was read, or had more errors than kept.
    truncated = models.BooleanField(default=False)
    errors = models.JSONField(default=list)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "file_key", "schema", "schema_hash"],
                name="unique_check_per_file_and_schema",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_key} / {self.schema_version}"

    @property
    def is_pending(self) -> bool:
        return self.status == CheckStatus.PENDING

    @property
    def is_valid(self) -> bool:
        return self.status == CheckStatus.VALID

    def lines(self) -> list[ReportLine]:
        """The stored errors in words, in the current language."""
        return list(describe_all(self.errors, self.schema.descriptor))
