"""A small site to audit (home, contact, legal notice, statement, site map, a
generic page) and the editorial roles' users."""

from __future__ import annotations

import pytest

from home.models import AccessibilityStatementPage, ContentPage, SiteMapPage
from tests.helpers import add_page
from tests.workflow.conftest import (  # noqa: F401 (fixtures)
    manager,
    manager_client,
    translator,
    translator_client,
    writer,
    writer_client,
)


@pytest.fixture
def audited_site(home) -> dict:
    pages = {"home": home}
    for key, page in {
        "contact": ContentPage(title="Contact", slug="contact"),
        "legal": ContentPage(title="Mentions légales", slug="mentions-legales"),
        "privacy": ContentPage(title="Données personnelles", slug="donnees"),
        "statement": AccessibilityStatementPage(
            title="Déclaration d'accessibilité", slug="accessibilite"
        ),
        "sitemap": SiteMapPage(title="Plan du site", slug="plan-du-site"),
    }.items():
        pages[key] = add_page(home, page)
    return pages
