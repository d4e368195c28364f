"""E-mail each section's managers the pages of that section due for review.

Run it from cron (e.g. every Monday morning); a manager with nothing due gets no
mail. Managers are the active users with an e-mail address whose groups may
publish the section (Wagtail page permissions on the section or above); each gets
one mail for all their sections, in their admin language."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from home.editorial.reviews import Section, by_section, due_pages, notice_days


def section_managers(sections: list[Section]) -> dict[Any, list[Section]]:
    """Map each manager to the sections they may publish, in two queries."""
    grants = list(
        GroupPagePermission.objects.filter(
            permission__codename="publish_page"
        ).select_related("page")
    )
    groups_by_section = {
        section.page.path: {
            grant.group_id
            for grant in grants
            if section.page.path.startswith(grant.page.path)
        }
        for section in sections
    }
    group_ids = set().union(*groups_by_section.values()) if sections else set()
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__in=group_ids)
        .exclude(email="")
        .prefetch_related("groups", "wagtail_userprofile")
        .distinct()
        .order_by("pk")
    )
    recipients: dict[Any, list[Section]] = defaultdict(list)
    for user in users:
        user_groups = {group.pk for group in user.groups.all()}
        for section in sections:
            if user_groups & groups_by_section[section.page.path]:
                recipients[user].append(section)
    return recipients


class Command(BaseCommand):
    help = "E-mail each section's managers the pages due for review."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get a digest, send nothing.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        today = timezone.localdate()
        pages = due_pages()
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        for page in pages:
            page.review_due_on = page.due_for_review_on
            page.review_overdue = page.review_due_on <= today
            page.edit_url = base_url + reverse(
                "wagtailadmin_pages:edit", args=[page.pk]
            )
        recipients = section_managers(by_section(pages))
        for user, sections in recipients.items():
            context = {
                "user": user,
                "sections": sections,
                "count": sum(len(section.pages) for section in sections),
                "notice_days": notice_days(),
                "review_list_url": base_url + reverse("pages_to_review"),
            }
            language = UserProfile.get_for_user(user).get_preferred_language()
            with override(language):
                subject = render_to_string(
                    "home/emails/review_digest_subject.txt", context
                ).strip()
                body = render_to_string("home/emails/review_digest.txt", context)
            if dry_run:
                self.stdout.write(f"{user.email}: {subject}")
                continue
            send_mail(subject, body, None, [user.email])
        done = "to send" if dry_run else "sent"
        self.stdout.write(f"{len(recipients)} digest(s) {done}.")
