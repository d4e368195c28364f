"""Review dates: every public page is read again from time to time so that what
residents read stays true.

A page is due on its own « review by » date or, without one, a while after its last
publication: `PAGE_REVIEW_AFTER_DAYS` gives that interval per page type (by model
label, "*" for the others; None means never by default: a news article is a dated
record, not a page kept up to date). Publishing the page again restarts the
interval, so a page reviewed and republished leaves the list."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, get_page_models

DEFAULT_REVIEW_AFTER_DAYS: dict[str, int | None] = {
    "*": 365,
    "news.newspage": None,
    "events.eventpage": None,
}
# Pages due within this many days are listed as « due soon ».
DEFAULT_REVIEW_NOTICE_DAYS = 30


def review_after_days(model: type[Page]) -> int | None:
    intervals = getattr(settings, "PAGE_REVIEW_AFTER_DAYS", DEFAULT_REVIEW_AFTER_DAYS)
    return intervals.get(model._meta.label_lower, intervals.get("*"))


def notice_days() -> int:
    return getattr(settings, "PAGE_REVIEW_NOTICE_DAYS", DEFAULT_REVIEW_NOTICE_DAYS)


def effective_review_date(page: Page) -> datetime.date | None:
    if not hasattr(page, "review_date"):
        return None  # Not a page type with review dates (or not specific).
    if page.review_date is not None:
        return page.review_date
    days = review_after_days(type(page))
    published = page.last_published_at or page.first_published_at
    if days is None or published is None:
        return None
    return timezone.localdate(published) + datetime.timedelta(days=days)


def reviewed_models() -> list[type[Page]]:
    """Every concrete page type with a review date (home.models.SitePage's
    family; read from the fields, so that this module never imports models)."""
    return [
        model
        for model in get_page_models()
        if not model._meta.abstract
        and any(f.name == "review_date" for f in model._meta.concrete_fields)
    ]


def due_pages(
    until: datetime.date | None = None, pages: Iterable[int] | None = None
) -> list[Page]:
    """Live pages due for review on or before `until` (default: today plus the
    notice period), earliest first; one query per page type, whatever their
    number. `pages` restricts the search to these ids."""
    until = until or timezone.localdate() + datetime.timedelta(days=notice_days())
    found: list[Page] = []
    for model in reviewed_models():
        condition = Q(review_date__lte=until)
        days = review_after_days(model)
        if days is not None:
            # Published before the start of the day `days` before `until`+1.
            cutoff = until - datetime.timedelta(days=days) + datetime.timedelta(days=1)
            start = timezone.make_aware(
                datetime.datetime.combine(cutoff, datetime.time.min)
            )
            condition |= Q(review_date__isnull=True, last_published_at__lt=start)
        queryset = (
            model.objects.live().filter(condition).select_related("locale")
        ).defer_streamfields()
        if pages is not None:
            queryset = queryset.filter(pk__in=list(pages))
        found.extend(queryset)
    found.sort(key=lambda page: (effective_review_date(page), page.path))
    return found


@dataclass
class Section:
    """A top-level section of a site (a child of a home page) and its pages due."""

    page: Page
    pages: list[Page] = field(default_factory=list)


def by_section(pages: list[Page]) -> list[Section]:
    """Group pages under the section they belong to (the home page's child they
    descend from; a home page is its own section), in one query."""
    depth = 3
    prefixes = {page.path[: Page.steplen * min(page.depth, depth)] for page in pages}
    heads = {
        p.path: p
        for p in Page.objects.filter(path__in=prefixes).select_related("locale")
    }
    sections: dict[str, Section] = {}
    for page in pages:
        prefix = page.path[: Page.steplen * min(page.depth, depth)]
        section = sections.setdefault(prefix, Section(heads[prefix]))
        section.pages.append(page)
    return sorted(sections.values(), key=lambda s: s.page.path)


def editable_by(pages: list[Page], user) -> list[Page]:
    """The pages among `pages` that `user` may edit (Wagtail caches the user's
    permissions: no query per page)."""
    return [page for page in pages if page.permissions_for_user(user).can_edit()]
