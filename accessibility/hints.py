"""Automated hints: axe-core's findings on the sample's pages, mapped to the
RGAA criteria they can contradict. A hint never answers a criterion: a tool
can show that an image has no alternative (1.1 not met), never that every
alternative is relevant (1.1 met), which only a person can judge.

`AXE_RULES` maps the axe-core rules to the criteria whose tests they cover in
part, after the RGAA's WCAG correspondences; rules with no counterpart are
left out."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .models import Audit, AxeHint, SamplePage

AXE_RULES: dict[str, tuple[str, ...]] = {
    "image-alt": ("1.1",),
    "input-image-alt": ("1.1",),
    "area-alt": ("1.1",),
    "svg-img-alt": ("1.1",),
    "role-img-alt": ("1.1",),
    "object-alt": ("1.1",),
    "frame-title": ("2.1",),
    "frame-title-unique": ("2.2",),
    "color-contrast": ("3.2",),
    "video-caption": ("4.3",),
    "td-headers-attr": ("5.7",),
    "th-has-data-cells": ("5.7",),
    "scope-attr-valid": ("5.7",),
    "link-name": ("6.2",),
    "button-name": ("7.1",),
    "aria-allowed-attr": ("7.1",),
    "aria-required-attr": ("7.1",),
    "aria-valid-attr": ("7.1",),
    "aria-valid-attr-value": ("7.1",),
    "aria-roles": ("7.1",),
    "duplicate-id-aria": ("8.2",),
    "html-has-lang": ("8.3",),
    "html-lang-valid": ("8.4",),
    "document-title": ("8.5",),
    "valid-lang": ("8.8",),
    "heading-order": ("9.1",),
    "empty-heading": ("9.1",),
    "list": ("9.3",),
    "listitem": ("9.3",),
    "definition-list": ("9.3",),
    "dlitem": ("9.3",),
    "meta-viewport": ("10.4",),
    "label": ("11.1",),
    "select-name": ("11.1",),
    "form-field-multiple-labels": ("11.1",),
    "autocomplete-valid": ("11.13",),
    "bypass": ("12.7",),
    "tabindex": ("12.8",),
    "meta-refresh": ("13.1",),
    "blink": ("13.8",),
    "marquee": ("13.8",),
}


@dataclass(frozen=True)
class Finding:
    criterion: str
    rule: str
    count: int
    help: str


def findings(violations: Iterable[dict]) -> list[Finding]:
    """axe-core's violations (its `violations` list) as findings per criterion:
    one per rule and criterion, with the number of elements concerned."""
    found = []
    for violation in violations:
        for criterion in AXE_RULES.get(violation.get("id", ""), ()):
            found.append(
                Finding(
                    criterion,
                    violation["id"],
                    len(violation.get("nodes", [])) or 1,
                    str(violation.get("help", ""))[:300],
                )
            )
    return found


@transaction.atomic
def record(sample: SamplePage, violations: Iterable[dict]) -> int:
    """Replace the sample page's hints by this run's; the number of problems."""
    AxeHint.objects.filter(sample=sample).delete()
    now = timezone.now()
    hints = [
        AxeHint(
            sample=sample,
            criterion=finding.criterion,
            rule=finding.rule,
            count=finding.count,
            help=finding.help,
            checked_at=now,
        )
        for finding in findings(violations)
    ]
    AxeHint.objects.bulk_create(hints)
    return sum(hint.count for hint in hints)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The server's Chromium: `CHROMIUM_PATH`, else Debian's."""
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def run_axe(
    urls: list[str], chromium: str, timeout_seconds: float
) -> Iterator[tuple[str, list[dict] | str]]:
    """axe-core's violations for each address in turn, in the system's
    Chromium; an address that fails gives the error's text instead. Needs the
    development dependencies (playwright, axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(timeout_seconds * 1000)
            for url in urls:
                try:
                    page.goto(url, wait_until="load")
                    result: list[dict] | str = axe.run(page).response["violations"]
                except Exception as error:  # noqa: BLE001  (a page that fails)
                    result = f"{type(error).__name__}: {error}"[:300]
                yield url, result
        finally:
            browser.close()


class HintsUnavailable(Exception):
    """The automated checks cannot run on this server."""


class ChromiumMissing(HintsUnavailable):
    pass


class AxeMissing(HintsUnavailable):
    pass


class NoAddress(HintsUnavailable):
    pass


@dataclass(frozen=True)
class Checked:
    """What one page of the sample gave: its problems, or why it was not
    checked (it keeps its previous hints)."""

    sample_id: int
    name: str
    problems: int | None
    error: str = ""


def addresses(
    samples: Iterable[SamplePage], base_url: str
) -> list[tuple[SamplePage, str]]:
    """Each sample page with the address Chromium reads: its full URL on its
    site, else its path on `base_url`, else the external address."""
    base = base_url.rstrip("/")
    found = []
    for sample in samples:
        address = sample.page.full_url if sample.page_id and sample.page else ""
        address = address or sample.address
        if address.startswith("/"):
            if not base:
                raise NoAddress(sample.name)
            address = base + address
        found.append((sample, address))
    return found


def check_audit(
    audit: Audit,
    *,
    base_url: str,
    chromium: str,
    timeout_seconds: float = 30.0,
    max_pages: int = 20,
    on_page: Callable[[int, int], None] | None = None,
) -> list[Checked]:
    """Run axe-core on the audit's sample (at most `max_pages` pages), then
    store each page's hints; `on_page(done, total)` after each page read.
    What `manage.py audit_hints` and the admin's button both run.

    Playwright's synchronous API runs an event loop in this thread while the
    browser is open, where Django refuses database queries: the hints are
    stored once it is closed, and `on_page` must not query the database (the
    job reports to the progress cache)."""
    if not Path(chromium).exists():
        raise ChromiumMissing(chromium)
    samples = list(audit.sample.select_related("page"))[:max_pages]
    pages = addresses(samples, base_url)
    total = len(pages)
    if on_page:
        on_page(0, total)
    by_address: dict[str, list[SamplePage]] = {}
    for sample, address in pages:
        by_address.setdefault(address, []).append(sample)
    read: dict[str, list[dict] | str] = {}
    done = 0
    try:
        for address, result in run_axe(list(by_address), chromium, timeout_seconds):
            read[address] = result
            done += len(by_address.get(address, []))
            if on_page:
                on_page(done, total)
    except ImportError as error:
        raise AxeMissing(str(error)) from error
    checked: list[Checked] = []
    for sample, address in pages:
        result = read.get(address, "not checked")
        if isinstance(result, str):
            checked.append(Checked(sample.pk, sample.name, None, result))
        else:
            checked.append(Checked(sample.pk, sample.name, record(sample, result)))
    return checked
