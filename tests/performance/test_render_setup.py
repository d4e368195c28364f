"""What every uncached render relies on: templates compiled once per process,
and the request's site found from the cache by the middleware."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_templates_are_compiled_once_per_process():
    # Django wraps the loaders in its cached loader when none are configured:
    # configuring loaders by hand would lose it.
    assert "loaders" not in settings.TEMPLATES[0]["OPTIONS"]
    loaders = engines["django"].engine.loaders
    assert loaders[0][0] == "django.template.loaders.cached.Loader"


@pytest.mark.engine
def test_the_site_comes_from_the_cache_before_wagtail_looks_for_it(client, site_tree):
    assert "home.caching.sites.CachedSiteMiddleware" in settings.MIDDLEWARE
    for url in ("/", "/en/"):
        client.get(url, headers={"Cookie": "reader=uncached"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers={"Cookie": "reader=uncached"})
        assert response.status_code == 200
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        # Neither the site, nor the home page's translation and locale.
        assert "wagtailcore_site" not in sql
        assert "wagtailcore_locale" not in sql
        assert "wagtailcore_page" not in sql
