"""Test suite: SQLite unless DATABASE_URL points at PostgreSQL; fast and isolated."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(  # noqa: F405
    os.environ.get("DJANGO_MEDIA_ROOT") or tempfile.mkdtemp(prefix="vivre-libre-media-")
)
# The browser suite's server has no reverse proxy in front of it.
SERVE_MEDIA = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # The browser suite's server and its worker share files (tests/demo_server.py).
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["DJANGO_PROGRESS_DIR"],
    }
    if os.environ.get("DJANGO_PROGRESS_DIR")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "progress",
    },
}
# Entries keyed on the content generation (home/caching/generation.py) outlive a
# slow request: a loaded machine must not see them expire between a test's warming
# request and its measured one. The demo server the browser suite starts keeps
# production's few seconds (tests/demo_server.py), as its content changes from
# other processes.
CONTENT_CACHE_LOCAL_TIMEOUT = int(os.environ.get("DJANGO_CONTENT_CACHE_TIMEOUT", "300"))
# Views are tested as rendered; tests/caching turns the page cache on.
PAGE_CACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")  # noqa: F405

# Wagtail 8 autosaves the edit form every 500 ms. The browser suite fills a form
# step by step (a resource added, then its file uploaded in a chooser), and on a
# slow machine an autosave of the half-filled form is answered 400, which the
# suite's console check reports. The suite tests what editors submit, not
# autosave's timing: off here, on (Wagtail's default) everywhere else.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# CI migrates a PostgreSQL database once, copies it before loading the demo into
# it, and creates the test database from that copy (.ci/run): `migrate` then
# finds every migration applied. docs/testing.md.
if os.environ.get("DJANGO_TEST_DATABASE_TEMPLATE") and IS_POSTGRESQL:  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = os.environ[  # noqa: F405
        "DJANGO_TEST_DATABASE_TEMPLATE"
    ]
