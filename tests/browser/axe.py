"""axe-core (bundled by axe-playwright-python) run against a Playwright page."""

from __future__ import annotations

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe

_axe = Axe()


def assert_no_violations(page, context: str | None = None) -> None:
    """Fail with axe's own report when any rule (WCAG 2.x A/AA and best
    practices) is violated on the page as it is now.

    As `Axe().run(page, context=context)`, with the same rules and options, but
    axe's 570 kB script is sent once per document rather than once per audit,
    and only the violations (all the report reads) come back to Python: the
    whole result, every rule that passed or did not apply with its
    descriptions, would cross the DevTools protocol and Playwright's driver."""
    # Kept under a name of ours: Wagtail's editor loads its own axe-core, with
    # its own rules and messages, as `window.axe`.
    if not page.evaluate("typeof window.suiteAxe?.run === 'function'"):
        page.evaluate(_axe.axe_script)
        # A function returning nothing: the assignment's value, axe-core's whole
        # object (about 15,000 values), would otherwise cross the DevTools
        # protocol and be checked by Playwright's client, 0.1 s of CPU each time.
        page.evaluate("() => { window.suiteAxe = window.axe; }")
    response = page.evaluate(
        "([context, options]) => suiteAxe.run(context || document, options)"
        ".then(results => ({violations: results.violations}))",
        [context, DEFAULT_OPTIONS],
    )
    results = AxeResults(response)
    assert results.violations_count == 0, (
        f"axe-core found {results.violations_count} violation(s) on {page.url}:\n"
        + results.generate_report()
    )
