"""The demo's 2025 audit: read from accessibility/demo_data/ by home's loader,
published by the demo's accessibility statement."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accessibility.models import Audit, Result
from home.models import AccessibilityStatementPage
from tests.helpers import assert_page_basics, soup
from tests.tree import DemoTestCase


class DemoAuditTests(DemoTestCase):
    def test_the_demo_audit_is_complete_and_partially_compliant(self):
        audit = Audit.objects.get(title="Audit RGAA 2025")
        self.assertEqual(audit.audit_date, datetime.date(2025, 11, 18))
        self.assertEqual(audit.sample.count(), 9)
        self.assertEqual(Result.objects.filter(sample__audit=audit).count(), 9 * 106)
        rate = audit.site_rate()
        self.assertTrue(rate.complete)
        self.assertEqual((rate.met, rate.not_met, rate.not_applicable), (75, 6, 25))
        self.assertEqual(rate.value, Decimal("92.59"))
        derogation = Result.objects.get(sample__audit=audit, derogation="burden")
        self.assertEqual(derogation.criterion, "4.1")
        self.assertIn("archives", derogation.justification)

    def test_the_statement_publishes_the_demo_audit_in_both_languages(self):
        for language, rate in (("fr", "92,59"), ("en", "92.59")):
            statement = AccessibilityStatementPage.objects.get(
                locale__language_code=language
            )
            self.assertEqual(statement.conformity().value, "partial")
            document = assert_page_basics(self.client.get(statement.url), language)
            text = " ".join(document.get_text(" ").split())
            self.assertIn(rate, text)
            findings = document.select(".statement__findings")
            self.assertEqual(len(findings), 2)  # non-conformities, derogations
            self.assertEqual(len(findings[0].find_all("li", recursive=False)), 6)
            self.assertEqual(len(document.select(".statement__sample a")), 9)

    def test_the_statement_publishes_the_scheme_with_this_years_plan(self):
        statement = AccessibilityStatementPage.objects.get(locale__language_code="en")
        document = soup(self.client.get(statement.url))
        scheme = document.select_one(".statement__scheme")
        self.assertIn("2025–2027", scheme.h2.get_text())
        plans = [h3.get_text(" ", strip=True) for h3 in scheme.find_all("h3")]
        # This year's plan first (the demo's clock may be any year).
        this_year = timezone.localdate().year
        if 2025 <= this_year <= 2027:
            self.assertEqual(plans[0], f"Action plan {this_year} (this year)")
        self.assertEqual(len(plans), 3)
        done = scheme.find(string=lambda s: s and "checked by the audit of" in s)
        self.assertIsNotNone(done)
        # Translated: English texts, nothing marked as another language.
        self.assertFalse(scheme.select("[lang]"))
        self.assertIn("Caption the videos presenting the AlpOSS meetings", scheme.text)
        self.assertIn("An accessibility referent follows the actions", scheme.text)
