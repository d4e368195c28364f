"""Production settings as the front-cache test serves them behind nginx: the
static files read from the source folders (no `collectstatic` to run) and a
cache that every process shares, as Redis is in production (a page published
by the test's process is seen at once by the server's workers)."""

import os
import tempfile

from website.settings.production import *  # noqa: F403
from website.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("FRONT_CACHE_TEST_CACHE_DIR")
        or tempfile.mkdtemp(prefix="vivre-libre-cache-"),
    }
}
