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
