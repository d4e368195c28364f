"""Reminders on the admin's dashboard for whoever fills the audits: the
latest audit is over two years old (a year before it stops counting), or a
page of its sample was published again after the audit."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from wagtail.admin.ui.components import Component

from home.models.accessibility import expiry_date

from .models import Audit

REMIND_AFTER_YEARS = 2


def reminders(today: datetime.date | None = None) -> dict[str, Any]:
    """{"audit", "old", "republished": [sample pages]} for the latest audit."""
    audit = Audit.objects.first()
    if audit is None:
        return {"audit": None, "old": False, "republished": []}
    today = today or timezone.localdate()
    old = expiry_date(audit.audit_date, REMIND_AFTER_YEARS) < today
    republished = [
        sample
        for sample in audit.sample.select_related("page")
        if sample.page_id
        and sample.page
        and sample.page.last_published_at
        and timezone.localdate(sample.page.last_published_at) > audit.audit_date
    ]
    return {"audit": audit, "old": old, "republished": republished}


class AuditRemindersPanel(Component):
    name = "accessibility_audit_reminders"
    template_name = "accessibility/admin/reminders_panel.html"
    order = 96

    def get_context_data(self, parent_context: dict) -> dict[str, Any]:
        return reminders()
