"""The accessibility statement: the audit's results, in the form the law asks
for, and the conformity label every page's footer shows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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

    def audit_is_current(self, today: datetime.date | None = None) -> bool:
        """An audit with a rate, less than three years old."""
        if self.compliance_rate is None or self.audit_date is None:
            return False
        today = today or timezone.localdate()
        try:
            expiry = self.audit_date.replace(
                year=self.audit_date.year + AUDIT_VALIDITY_YEARS
            )
        except ValueError:  # 29 February
            expiry = self.audit_date.replace(
                year=self.audit_date.year + AUDIT_VALIDITY_YEARS, day=28
            )
        return expiry >= today

    def conformity(self, today: datetime.date | None = None) -> Conformity:
        if not self.audit_is_current(today):
            return Conformity.NONE
        if self.compliance_rate >= 100:
            return Conformity.FULL
        if self.compliance_rate >= 50:
            return Conformity.PARTIAL
        return Conformity.NONE

    @property
    def conformity_label(self) -> str:
        return accessibility_label(self.conformity())

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["conformity"] = self.conformity()
        context["audit_is_current"] = self.audit_is_current()
        return context


def accessibility_label(conformity: Conformity) -> str:
    labels = {
        Conformity.FULL: _("Accessibility: fully compliant"),
        Conformity.PARTIAL: _("Accessibility: partially compliant"),
        Conformity.NONE: _("Accessibility: not compliant"),
    }
    return str(labels[conformity])
