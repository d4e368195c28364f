"""The home app's models: the pages every app builds on, the home page, generic
content pages, the site map, the accessibility statement, site settings and the
translatable menus, one module each, all importable from `home.models`."""

from home.models.accessibility import (
    AccessibilityStatementPage,
    AuditFigures,
    Conformity,
    accessibility_label,
)
from home.models.menus import Menu, resolve_links
from home.models.pages import (
    BodyPage,
    ContentPage,
    HomePage,
    SiteMapPage,
    SitePage,
    commune_reference,
    organization_data,
    page_sections,
    site_settings_data,
)
from home.models.site_settings import SiteSettings

__all__ = [
    "AccessibilityStatementPage",
    "AuditFigures",
    "BodyPage",
    "Conformity",
    "ContentPage",
    "HomePage",
    "Menu",
    "SiteMapPage",
    "SitePage",
    "SiteSettings",
    "accessibility_label",
    "commune_reference",
    "organization_data",
    "page_sections",
    "resolve_links",
    "site_settings_data",
]
