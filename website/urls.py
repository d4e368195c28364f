"""URLs: French at the root, other languages under their prefix (/en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.api.endpoints import api_not_found, api_router
from home.api.openapi import openapi_json
from home.files.downloads import serve_document
from home.search.sitemaps import AllLocalesSitemap
from home.search.views import search

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's address and name for a download, answered by our view
    # (home/files/downloads.py: truthful headers on every storage); the rest of
    # Wagtail's document URLs (the password form of a private collection) as is.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": AllLocalesSitemap}},
        name="sitemap",
    ),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # The read-only API, the same for every language (`?locale=en`).
    path("api/v2/openapi.json", openapi_json, name="api_openapi"),
    path("api/v2/", api_router.urls),
    # Anything else under /api/ is the API's JSON 404, not the site's HTML page.
    re_path(r"^api/(?P<path>.*)$", api_not_found, name="api_not_found"),
]

if getattr(settings, "SERVE_MEDIA", False):
    # Development and tests only: in production the reverse proxy serves the
    # same public folders (docs/deploy/nginx.conf). Documents are sent by the
    # site at /documents/ after checking their collection; pending uploads
    # (wagtail_uploads/) by nobody.
    from django.views.static import serve

    from home.files.storage import PUBLIC_MEDIA_FOLDERS

    folders = "|".join(PUBLIC_MEDIA_FOLDERS)
    urlpatterns.append(
        re_path(
            rf"^media/(?P<path>(?:{folders})/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

urlpatterns += i18n_patterns(
    path(_("search/"), search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
