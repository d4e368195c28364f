"""axe-core (bundled by axe-playwright-python) run against a Playwright page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_no_violations(page, context: str | None = None) -> None:
    """Fail with axe's own report when any rule (WCAG 2.x A/AA and best
    practices) is violated on the page as it is now."""
    results = _axe.run(page, context=context)
    assert results.violations_count == 0, (
        f"axe-core found {results.violations_count} violation(s) on {page.url}:\n"
        + results.generate_report()
    )
