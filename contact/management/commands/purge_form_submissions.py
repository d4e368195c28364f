"""Deletes the answers to forms that are older than their form's retention
period (`FormPage.retention_months`), as the RGPD asks: run it every day, with
`publish_scheduled`'s timer (docs/forms.md, docs/deployment.md)."""

from __future__ import annotations

import calendar
import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from contact.models import FormPage


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` months earlier (the month's last day when
    it has fewer days)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


class Command(BaseCommand):
    help = "Delete form answers older than their form's retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be deleted, delete nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        now = timezone.now()
        total = 0
        # Every form page, draft or live: a form taken offline keeps its answers
        # no longer than one online.
        forms = FormPage.objects.only("pk", "title", "retention_months")
        with transaction.atomic():
            for form in forms.iterator():
                cutoff = months_before(now, form.retention_months)
                expired = FormSubmission.objects.filter(
                    page_id=form.pk, submit_time__lt=cutoff
                )
                count = expired.count() if dry_run else expired.delete()[0]
                if count:
                    self.stdout.write(f"{form.title}: {count}")
                total += count
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{total} form answer(s) {verb}.")
