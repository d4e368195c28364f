"""Which banners the pages show now, and telling the caches when that changes.

What every page shows is built once per content generation and kept until the
next banner starts or ends (`generation.cached_until`); each page rendered says
so to the page cache (`expire_page_at`), so a cached page never outlives that
moment: in the app's own page cache, a banner appears and disappears at its
times, in every process, with no command at all.

The cache in front of the servers (Varnish, a CDN) knows none of this. So
`publish_scheduled` (the timer every installation runs, every minute) ends with
`announce()`: when the banners shown are no longer those it last announced (one
started or ended, or was published, changed or withdrawn), it bumps the content
generation and purges every live page of the front cache, in every language.
A publication announces at once, too (`announce_after_publication`).

The window is the French version's: a translation shows the same banner at the
same moments; a language with no published translation shows the French text,
marked `lang="fr"`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Locale, Page

from home.caching import generation

from .models import AlertBanner, AnnouncedBanner

# Most urgent first.
SEVERITY = {
    AlertBanner.Level.EMERGENCY: 0,
    AlertBanner.Level.WARNING: 1,
    AlertBanner.Level.INFORMATION: 2,
}


@dataclass(frozen=True)
class Shown:
    """One banner as a page of one language shows it: the row whose text is
    shown (a translation, or the French one standing in) and the French row
    that decides when."""

    row: AlertBanner
    source: AlertBanner


def shown_now(
    now: datetime.datetime,
) -> tuple[dict[int, list[Shown]], datetime.datetime | None]:
    """The banners each locale shows at `now` (by locale id), and the next
    moment that changes (a start or an end; None: none to come)."""
    default = settings.LANGUAGE_CODE
    source_keys = AlertBanner.objects.filter(
        live=True, ends_at__gt=now, locale__language_code=default
    ).values("translation_key")
    rows = list(
        AlertBanner.objects.filter(live=True)
        .filter(translation_key__in=source_keys)
        .select_related("locale", "link_page")
    )
    groups: dict[object, dict[str, AlertBanner]] = {}
    for row in rows:
        groups.setdefault(row.translation_key, {})[row.locale.language_code] = row
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    shown: dict[int, list[Shown]] = {pk: [] for pk in locales.values()}
    changes: list[datetime.datetime] = []
    for group in groups.values():
        source = group[default]
        if now < source.starts_at:
            changes.append(source.starts_at)
            continue
        changes.append(source.ends_at)
        for code, locale_id in locales.items():
            shown[locale_id].append(Shown(group.get(code, source), source))
    for banners in shown.values():
        banners.sort(
            key=lambda item: (SEVERITY[item.source.level], item.source.starts_at)
        )
    return shown, min(changes, default=None)


def _links(shown: dict[int, list[Shown]], request: HttpRequest | None) -> dict:
    """The URL of each linked page's live versions, by (translation key,
    locale id). One query for every link of every banner."""
    keys = {
        item.row.link_page.translation_key
        for banners in shown.values()
        for item in banners
        if item.row.link_page is not None
    }
    if not keys:
        return {}
    return {
        (page.translation_key, page.locale_id): page.get_url(request)
        for page in Page.objects.live().filter(translation_key__in=keys)
    }


def _as_data(
    item: Shown, locale_id: int, languages: dict[int, str], links: dict
) -> dict:
    """A banner as a page of this locale shows it: the linked page in the
    page's language, else in the banner's (then marked with its `hreflang`)."""
    row = item.row
    language = languages[locale_id]
    url, hreflang = row.link_url, ""
    if row.link_page is not None:
        page = row.link_page
        url = links.get((page.translation_key, locale_id))
        if url is None:
            url = links.get((page.translation_key, page.locale_id), "")
            hreflang = languages.get(page.locale_id, "")
    text_language = row.locale.language_code
    bidi = translation.get_language_info(text_language)["bidi"]
    return {
        "level": item.source.level,
        "text": row.text,
        "link_url": url or "",
        "link_text": row.link_text if url else "",
        "link_hreflang": hreflang if hreflang != language else "",
        # Marked only when the text is not in the page's language.
        "lang": text_language if text_language != language else "",
        "dir": "rtl" if bidi else "ltr",
    }


def build(
    request: HttpRequest | None,
) -> tuple[dict[int, list[dict]], datetime.datetime | None]:
    """Plain data for the cache: each locale's banners, and until when."""
    shown, expires = shown_now(timezone.now())
    links = _links(shown, request)
    languages = {
        pk: code for code, pk in Locale.objects.values_list("language_code", "pk")
    }
    data = {
        locale_id: [_as_data(item, locale_id, languages, links) for item in banners]
        for locale_id, banners in shown.items()
    }
    return data, expires


def for_locale(
    request: HttpRequest | None, locale_id: int | None, site_id: int
) -> tuple[list[dict], datetime.datetime | None]:
    """The banners a page of this locale shows now, and when that changes."""
    data, expires = generation.cached_until(
        lambda: build(request), "alert-banners", site_id
    )
    return data.get(locale_id, []), expires


# Telling the caches -----------------------------------------------------------


def displayed(now: datetime.datetime) -> set[tuple[int, int | None]]:
    """What the pages show now: every row shown somewhere, with its live
    revision (a new publication of a shown banner changes it)."""
    shown, _expires = shown_now(now)
    return {
        (item.row.pk, item.row.live_revision_id)
        for banners in shown.values()
        for item in banners
    }


def purge_every_page() -> int:
    """Ask the front cache to forget every live page, in every language. Nothing
    without a front cache. Returns the number of addresses."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return 0
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().filter(depth__gt=1).specific())
    batch.purge()
    return len(batch.urls)


def announce(now: datetime.datetime | None = None, *, dry_run: bool = False) -> bool:
    """If the banners shown changed since the last announcement, record the new
    ones, bump the content generation and, once committed, purge the front
    cache. Returns whether they changed."""
    now = now or timezone.now()
    current = displayed(now)
    recorded = set(AnnouncedBanner.objects.values_list("banner_id", "revision_id"))
    if current == recorded:
        return False
    if dry_run:
        return True
    with transaction.atomic():
        AnnouncedBanner.objects.all().delete()
        AnnouncedBanner.objects.bulk_create(
            AnnouncedBanner(banner_id=pk, revision_id=revision)
            for pk, revision in sorted(current, key=_by_id)
        )
        generation.bump()
        transaction.on_commit(generation.bump)
        transaction.on_commit(purge_every_page)
    return True


def _by_id(item: tuple[int, int | None]) -> int:
    return item[0]


def announce_after_publication(sender, instance=None, **kwargs) -> None:
    """A banner published, unpublished or deleted: the front cache learns it
    on commit, not at the next run of the timer."""
    transaction.on_commit(announce)


def connect() -> None:
    """Called once from ``AlertsConfig.ready``."""
    from django.db.models.signals import post_delete
    from wagtail.signals import published, unpublished

    post_delete.connect(
        announce_after_publication, sender=AlertBanner, dispatch_uid="alert-deleted"
    )
    published.connect(
        announce_after_publication, sender=AlertBanner, dispatch_uid="alert-published"
    )
    unpublished.connect(
        announce_after_publication,
        sender=AlertBanner,
        dispatch_uid="alert-unpublished",
    )
