"""Starting an audit: a copy of the last one, or the RGAA's mandatory sample."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from home.models import AccessibilityStatementPage, HomePage, SiteMapPage

from .models import Audit, Result, SamplePage

# Source-language pages the RGAA asks for in every sample, found by type or by
# the slug the site gives them.
MANDATORY_SLUGS = (("contact",), ("mentions-legales", "legal-notice"))


def mandatory_pages() -> list[Page]:
    """Home, contact, legal notice, accessibility statement and site map of the
    source language, then one live page of each other page type in use."""
    locale = Locale.get_default()
    live = Page.objects.live().filter(locale=locale, depth__gt=1)
    home = HomePage.objects.live().filter(locale=locale).order_by("path").first()
    chosen: list[Page] = []
    if home is not None:
        chosen.append(home.page_ptr)
        live = live.descendant_of(home, inclusive=True)
    for slugs in MANDATORY_SLUGS:
        page = live.filter(slug__in=slugs).order_by("path").first()
        if page is not None:
            chosen.append(page)
    for model in (AccessibilityStatementPage, SiteMapPage):
        page = live.type(model).order_by("path").first()
        if page is not None:
            chosen.append(page)
    types = {page.content_type_id for page in chosen}
    for page in live.order_by("path"):
        if page.content_type_id not in types:
            types.add(page.content_type_id)
            chosen.append(page)
    return list({page.pk: page for page in chosen}.values())


@transaction.atomic
def start_audit(user=None) -> Audit:
    """A new audit dated today: a copy of the last one (metadata, sample and
    answers, to be checked again), or the mandatory sample when there is none.
    It is linked to no statement: the statement keeps publishing the last
    audit until a manager links the new one, once it is done."""
    last = Audit.objects.order_by("-audit_date", "-pk").first()
    today = timezone.localdate()
    title = _("RGAA audit %(year)s") % {"year": today.year}
    if last is None:
        audit = Audit.objects.create(title=title, auditor="")
        for order, page in enumerate(mandatory_pages()):
            SamplePage.objects.create(audit=audit, page=page, sort_order=order)
    else:
        audit = Audit.objects.create(
            title=title,
            audit_date=today,
            rgaa_version=last.rgaa_version,
            auditor=last.auditor,
            environment=last.environment,
        )
        for sample in last.sample.all():
            copy = SamplePage.objects.create(
                audit=audit,
                page_id=sample.page_id,
                url=sample.url,
                label=sample.label,
                sort_order=sample.sort_order,
            )
            Result.objects.bulk_create(
                Result(
                    sample=copy,
                    criterion=result.criterion,
                    status=result.status,
                    comment=result.comment,
                    derogation=result.derogation,
                    justification=result.justification,
                    updated_by=result.updated_by,
                )
                for result in sample.results.all()
            )
    audit.save_revision(user=user, log_action=True, clean=False)
    return audit
