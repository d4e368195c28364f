"""The accessibility statement: the audit's results, in the form the law asks
for, and the conformity label every page's footer shows.

When an audit held in the admin is linked to the statement (the
`accessibility` app), its figures come from that audit, through the
`accessibility_audit_figures` hook (`fn(statement) -> AuditFigures | None`);
otherwise from the fields typed on the page. The multi-year scheme and its
action plans come through the `accessibility_scheme` hook (`fn(statement) ->
dict | None`, see templates/includes/accessibility_scheme.html)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.bases import (
    follow_source,
)
from home.blocks import (
    RICH_TEXT_FEATURES,
)
from home.models.pages import SitePage
from home.translation.facts import FACTS


class Conformity(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


AUDIT_VALIDITY_YEARS = 3


@dataclass(frozen=True)
class AuditFigures:
    """What a statement publishes of an audit. Links are {"name", "url"};
    findings are {"number", "title", "pages": [links], "notes": [texts]}."""

    audit_date: datetime.date
    rgaa_version: str
    auditor: str
    rate: Decimal | None
    average_rate: Decimal | None
    complete: bool
    environment: list[str] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    non_compliant: list[dict] = field(default_factory=list)
    derogations: list[dict] = field(default_factory=list)
    not_subject: list[dict] = field(default_factory=list)


def expiry_date(audit_date: datetime.date, years: int) -> datetime.date:
    """`years` after `audit_date` (28 February for a 29 February)."""
    try:
        return audit_date.replace(year=audit_date.year + years)
    except ValueError:  # 29 February
        return audit_date.replace(year=audit_date.year + years, day=28)


class AccessibilityStatementPage(SitePage):
    """The « déclaration d'accessibilité » (RGAA). The footer's conformity label is
    derived from it: fully compliant at 100 % of criteria met, partially from 50 %,
    not compliant below, with no audit, or when the audit is over three years old."""

    audit_date = models.DateField(
        _("audit date"),
        null=True,
        blank=True,
        help_text=_(
            "Date of the last audit. Older than three years, it no longer counts."
        ),
    )
    rgaa_version = models.CharField(
        _("RGAA version"),
        max_length=20,
        default="4.1.2",
        help_text=_("Version of the reference framework the audit used."),
    )
    auditor = models.CharField(
        _("auditor"),
        max_length=200,
        blank=True,
        help_text=_("Who carried out the audit: an internal team or a firm."),
    )
    compliance_rate = models.DecimalField(
        _("share of criteria met (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Percentage of applicable RGAA criteria that the site meets."),
    )
    audited_pages = RichTextField(
        _("audited pages"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("The sample of pages the audit covered."),
    )
    test_environment = RichTextField(
        _("technologies and test environment"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Browsers, assistive technologies and tools used for the audit."),
    )
    non_compliant_content = RichTextField(
        _("non-compliant content"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("The criteria not met and the content concerned."),
    )
    derogations = RichTextField(
        _("derogations for disproportionate burden"),
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    exempt_content = RichTextField(
        _("content not subject to the obligation"),
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    contact = RichTextField(
        _("feedback and contact"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How a resident who cannot reach content or a service gets help."),
    )
    recourse = RichTextField(
        _("recourse"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Left empty, the standard text on the Défenseur des droits is shown."
        ),
    )

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    # The audit is the same in every language: only its texts are translated.
    override_translatable_fields = follow_source(
        *FACTS["home.AccessibilityStatementPage"]
    )
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("audit_date"),
                FieldPanel("rgaa_version"),
                FieldPanel("auditor"),
                FieldPanel("compliance_rate"),
            ],
            heading=_("Audit"),
        ),
        FieldPanel("audited_pages"),
        FieldPanel("test_environment"),
        FieldPanel("non_compliant_content"),
        FieldPanel("derogations"),
        FieldPanel("exempt_content"),
        FieldPanel("contact"),
        FieldPanel("recourse"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def audit_figures(self) -> AuditFigures | None:
        """The figures of the latest audit linked to this statement (or to
        its source: every language publishes the same), once per instance."""
        if not hasattr(self, "_audit_figures"):
            self._audit_figures = None
            if self.pk is not None:
                for fn in hooks.get_hooks("accessibility_audit_figures"):
                    figures = fn(self)
                    if figures is not None:
                        self._audit_figures = figures
                        break
        return self._audit_figures

    @property
    def current_rate(self) -> Decimal | None:
        """The share of criteria met: the linked audit's, else the typed one."""
        figures = self.audit_figures()
        return figures.rate if figures else self.compliance_rate

    @property
    def current_audit_date(self) -> datetime.date | None:
        figures = self.audit_figures()
        return figures.audit_date if figures else self.audit_date

    @property
    def current_rgaa_version(self) -> str:
        figures = self.audit_figures()
        return figures.rgaa_version if figures else self.rgaa_version

    @property
    def current_auditor(self) -> str:
        figures = self.audit_figures()
        return figures.auditor if figures else self.auditor

    def audit_is_current(self, today: datetime.date | None = None) -> bool:
        """An audit with a rate, less than three years old."""
        rate, audit_date = self.current_rate, self.current_audit_date
        if rate is None or audit_date is None:
            return False
        today = today or timezone.localdate()
        return expiry_date(audit_date, AUDIT_VALIDITY_YEARS) >= today

    def conformity(self, today: datetime.date | None = None) -> Conformity:
        if not self.audit_is_current(today):
            return Conformity.NONE
        if self.current_rate >= 100:
            return Conformity.FULL
        if self.current_rate >= 50:
            return Conformity.PARTIAL
        return Conformity.NONE

    @property
    def conformity_label(self) -> str:
        return accessibility_label(self.conformity())

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["conformity"] = self.conformity()
        context["audit_is_current"] = self.audit_is_current()
        context["audit"] = self.audit_figures()
        # The statement's fragment is kept per day too: an audit stops being
        # current with time alone (home/caching/fragments.py).
        context["today"] = timezone.localdate()
        context["scheme"] = next(
            (
                scheme
                for fn in hooks.get_hooks("accessibility_scheme")
                if (scheme := fn(self)) is not None
            ),
            None,
        )
        return context


def accessibility_label(conformity: Conformity) -> str:
    labels = {
        Conformity.FULL: _("Accessibility: fully compliant"),
        Conformity.PARTIAL: _("Accessibility: partially compliant"),
        Conformity.NONE: _("Accessibility: not compliant"),
    }
    return str(labels[conformity])
