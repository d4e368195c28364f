"""Local development: debug on, SQLite by default, static files served from source."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-in-production"
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SERVE_MEDIA = True
# A template being edited shows on the next reload; DJANGO_PAGE_CACHE=true to try it.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", False)  # noqa: F405
