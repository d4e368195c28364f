"""An RGAA audit of the site, held next to the pages it audits: its sample of
pages and, for each page and criterion, the auditor's answer.

The audit is a snippet with revisions: each save of its metadata or of one
page's grid is a revision, so two auditors see who changed what. The
statement page (home's AccessibilityStatementPage) reads its figures from the
latest audit linked to it, through the `accessibility_audit_figures` hook."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin, TranslatableMixin

from home.bases import follow_source
from home.editorial.edit_forms import SnippetForm

from . import rate
from .criteria import RGAA_VERSION, criteria


class Status(models.TextChoices):
    COMPLIANT = rate.C, _("Compliant (C)")
    NOT_COMPLIANT = rate.NC, _("Not compliant (NC)")
    NOT_APPLICABLE = rate.NA, _("Not applicable (NA)")


class Derogation(models.TextChoices):
    BURDEN = "burden", _("Disproportionate burden")
    NOT_SUBJECT = "not_subject", _("Content not subject to the obligation")


class Audit(RevisionMixin, ClusterableModel):
    """An RGAA audit: who audited what, when, with which tools; its sample of
    pages and their answers. Managers fill it in; writers read it."""

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("How the audit is named in the admin, e.g. « Audit RGAA 2025 »."),
    )
    audit_date = models.DateField(
        _("audit date"),
        default=timezone.localdate,
        help_text=_("The day the audit was completed; the statement shows it."),
    )
    rgaa_version = models.CharField(
        _("RGAA version"),
        max_length=20,
        default=RGAA_VERSION,
        help_text=_("Version of the reference framework the audit uses."),
    )
    auditor = models.CharField(
        _("auditor"),
        max_length=200,
        blank=True,
        help_text=_("The internal team or the firm that carried out the audit."),
    )
    environment = models.TextField(
        _("test environment"),
        blank=True,
        help_text=_(
            "Browsers, assistive technologies and tools used, one per line; "
            "the statement lists them."
        ),
    )
    statement = models.ForeignKey(
        "home.AccessibilityStatementPage",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The statement that publishes this audit (its source language): it "
            "reads its figures from the latest audit linked to it."
        ),
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="accessibility_audit"
    )

    base_form_class = SnippetForm
    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("audit_date"),
                FieldPanel("rgaa_version"),
                FieldPanel("auditor"),
                FieldPanel("environment"),
            ],
            heading=_("Audit"),
        ),
        FieldPanel("statement"),
        InlinePanel("sample", heading=_("Sample of pages"), label=_("page")),
    ]

    class Meta:
        verbose_name = _("accessibility audit")
        verbose_name_plural = _("accessibility audits")
        ordering = ["-audit_date", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def age_exceeds(self, years: int, today: datetime.date | None = None) -> bool:
        """Whether the audit is more than `years` years old."""
        today = today or timezone.localdate()
        try:
            limit = self.audit_date.replace(year=self.audit_date.year + years)
        except ValueError:  # 29 February
            limit = self.audit_date.replace(year=self.audit_date.year + years, day=28)
        return limit < today

    def grid(self) -> dict[int, dict[str, rate.Answer]]:
        """Sample page id -> criterion number -> answer, in two queries."""
        grid: dict[int, dict[str, rate.Answer]] = {
            sample.pk: {} for sample in self.sample.all()
        }
        for result in Result.objects.filter(sample__audit=self):
            grid.setdefault(result.sample_id, {})[result.criterion] = rate.Answer(
                result.status, result.derogation
            )
        return grid

    def site_rate(self) -> rate.Rate:
        return rate.site_rate(self.grid(), list(criteria()))

    def average_page_rate(self):
        return rate.average_page_rate(self.grid(), list(criteria()))


class SamplePage(ClusterableModel, Orderable):
    """One page of the audit's sample: a page of the site, or the address of a
    service the site links to."""

    audit = ParentalKey(Audit, related_name="sample", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A page of the site (its source language)."),
    )
    url = models.URLField(
        _("external address"),
        blank=True,
        help_text=_("Or the address of a service the site links to."),
    )
    label = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("How the statement names it; left empty, the page's title."),
    )

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("sample page")
        verbose_name_plural = _("sample pages")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        if self.page_id and self.page:
            return self.page.title
        return self.url

    @property
    def address(self) -> str:
        """The page's address (its path on the site, or the external URL): what
        the official grid's import matches pages by."""
        if self.page_id and self.page:
            return self.page.url or ""
        return self.url

    def clean(self) -> None:
        super().clean()
        if not self.page_id and not self.url:
            raise ValidationError(_("Choose a page of the site or give an address."))
        if self.page_id and self.url:
            raise ValidationError(
                _("Choose a page of the site or give an address, not both.")
            )


class Result(models.Model):
    """The auditor's answer for one criterion on one page of the sample."""

    sample = ParentalKey(SamplePage, related_name="results", on_delete=models.CASCADE)
    criterion = models.CharField(_("criterion"), max_length=5)
    status = models.CharField(
        _("status"), max_length=2, choices=Status.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    derogation = models.CharField(
        _("derogation"), max_length=20, choices=Derogation.choices, blank=True
    )
    justification = models.TextField(_("justification"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "criterion"], name="one_result_per_page_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.status or '—'}"


class AxeHint(models.Model):
    """What axe-core found on a page of the sample, for one criterion it can
    contradict (accessibility/hints.py). A hint beside the auditor's answer,
    never an answer: outside the audit's revisions."""

    sample = models.ForeignKey(
        SamplePage, on_delete=models.CASCADE, related_name="axe_hints"
    )
    criterion = models.CharField(_("criterion"), max_length=5)
    rule = models.CharField(_("axe-core rule"), max_length=100)
    count = models.PositiveIntegerField(_("elements concerned"), default=1)
    help = models.CharField(_("description"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("automated hint")
        verbose_name_plural = _("automated hints")
        ordering = ["criterion", "rule"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rule} ({self.count})"


class HintRun(models.Model):
    """One run of the automated checks asked for in the admin: the background
    job that runs it (accessibility/jobs.py), looked up by its result's id.
    Outside the audit's revisions, as the hints are."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="hint_runs")
    result_id = models.CharField(_("job"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("asked at"), default=timezone.now)
    enqueued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("automated check")
        verbose_name_plural = _("automated checks")
        ordering = ["-enqueued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.audit}: {self.enqueued_at:%Y-%m-%d %H:%M}"


class Scheme(TranslatableMixin, RevisionMixin, ClusterableModel):
    """The multi-year accessibility scheme (« schéma pluriannuel », at most
    three years) and its yearly action plans: the statement that it is linked
    to publishes it, this year's actions first."""

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("E.g. « Schéma pluriannuel 2025–2027 »."),
    )
    start_year = models.PositiveIntegerField(_("first year"))
    end_year = models.PositiveIntegerField(
        _("last year"), help_text=_("At most three years after the first.")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The policy in a few sentences: means, people, training."),
    )
    statement = models.ForeignKey(
        "home.AccessibilityStatementPage",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The statement that publishes it (its source language)."),
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="accessibility_scheme"
    )

    # The years read the same in every language (wagtail-localize).
    override_translatable_fields = follow_source("start_year", "end_year")

    base_form_class = SnippetForm
    panels = [
        FieldPanel("title"),
        FieldPanel("start_year"),
        FieldPanel("end_year"),
        FieldPanel("summary"),
        FieldPanel("statement"),
        InlinePanel("actions", heading=_("Actions"), label=_("action")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("multi-year accessibility scheme")
        verbose_name_plural = _("multi-year accessibility schemes")
        ordering = ["-start_year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def clean(self) -> None:
        super().clean()
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                raise ValidationError(
                    {"end_year": _("The last year comes after the first.")}
                )
            if self.end_year - self.start_year > 2:
                raise ValidationError(
                    {"end_year": _("A scheme covers at most three years.")}
                )


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class SchemeAction(TranslatableMixin, Orderable):
    """One action of the scheme: its year, its status, the criteria or pages
    it fixes, and, once done, the audit that checked it."""

    scheme = ParentalKey(Scheme, related_name="actions", on_delete=models.CASCADE)
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("action"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.PLANNED,
    )
    criteria = models.CharField(
        _("criteria"),
        max_length=200,
        blank=True,
        help_text=_("The RGAA criteria it fixes, by number: « 1.3, 4.3 »."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page it fixes, if one."),
    )
    checked_by = models.ForeignKey(
        Audit,
        verbose_name=_("checked by the audit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a done action: the audit that checked it."),
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("status"),
        FieldPanel("criteria"),
        FieldPanel("page"),
        FieldPanel("checked_by"),
    ]

    # The year, the status and the criteria read the same in every language:
    # only the title is translated.
    override_translatable_fields = follow_source("year", "status", "criteria")

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("scheme action")
        verbose_name_plural = _("scheme actions")

    def __str__(self) -> str:
        return self.title

    def criteria_numbers(self) -> list[str]:
        return [
            n.strip() for n in self.criteria.replace(";", ",").split(",") if n.strip()
        ]

    def clean(self) -> None:
        super().clean()
        unknown = [n for n in self.criteria_numbers() if n not in criteria()]
        if unknown:
            raise ValidationError(
                {
                    "criteria": _("Unknown RGAA criteria: %(numbers)s.")
                    % {"numbers": ", ".join(unknown)}
                }
            )
        if self.checked_by_id and self.status != ActionStatus.DONE:
            raise ValidationError(
                {"checked_by": _("Only a done action is checked by an audit.")}
            )
