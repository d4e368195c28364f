"""Settings shared by every environment; each one is read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from website import root_files

from .languages import SOURCE_LANGUAGE, content_languages, parse_languages
from .scaleout import frontend_cache_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
# Reverse proxies in front of the site that append the address they saw to
# X-Forwarded-For (0: none, REMOTE_ADDR is the client's). Only their entries are
# believed: see home/security/client_address.py. DJANGO_AXES_PROXY_COUNT is its old
# name.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("DJANGO_TRUSTED_PROXY_COUNT")
    or os.environ.get("DJANGO_AXES_PROXY_COUNT")
    or "0"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "policy",
    "events",
    "accessibility",
    # Before wagtail: its `publish_scheduled` also shows and hides the banners.
    "alerts",
    "contact",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    # Search: results editors put first for a query (« Promoted search results »).
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Admin login throttling (see « Sign-in throttling » below).
    "axes",
    # The background jobs' queue (TASKS below).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so that static files get the same headers as pages.
    "website.middleware.SecurityHeadersMiddleware",
    # Database away: a themed 503 with Retry-After, under the headers above.
    "website.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "website.middleware.RejectNullCharactersMiddleware",
    # Inside the security headers (added to hits too), before sessions and the
    # database (a hit needs neither): see home/caching/page_cache.py.
    "home.caching.page_cache.PageCacheMiddleware",
    # The search and reference indexes' tasks, once each per request, after its
    # transaction (home/search/tasks.py).
    "home.search.tasks.TasksOncePerRequestMiddleware",
    # The request's Wagtail site from the cache, without a query.
    "home.caching.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Form pages check a signed token instead of the CSRF cookie residents
    # never get (contact/middleware.py).
    "contact.middleware.FormPostCsrfMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "website.middleware.SignedInPrivateMiddleware",
    "website.middleware.AdminRequestGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Shared passwords of private pages and collections, password resets:
    # attempts per client address and per target (home/security/attempt_limits.py).
    "home.security.attempt_limits.AttemptLimitMiddleware",
    # After the messages: says what moderation did (home/editorial/moderation.py).
    "home.editorial.moderation.ModerationMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"

# Wagtail's background tasks (search index, reference index) run in the process,
# as with django-tasks' default immediate backend, but once per request
# (home/search/tasks.py). A worker queue may be set here instead.
# Jobs too long for a request (a whole plan import, the accessibility hints) go
# to the « background » queue, kept in the database and run by a worker process,
# `manage.py db_worker --backend background` (home/jobs/, docs/deployment.md).
TASKS = {
    "default": {"BACKEND": "home.search.tasks.BatchingBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database
# (postgres://user@host:5432/name in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Each request's writes are one transaction: a database that goes away halfway
# through an editor's save leaves nothing half-saved (docs/reliability.md).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (a newcomer's first run, the browser suite) is shared by the server
    # and the background worker: in write-ahead-log mode a reader never waits
    # for a writer, and a writer waits its turn up to 20 s rather than failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
        # A transaction that read, then writes, fails at once (without waiting)
        # when another process holds the write lock or wrote in between: every
        # transaction takes the write lock when it begins, and so waits its
        # turn. Writers go one at a time, readers outside a transaction never
        # wait; a long job (a whole plan import) holds up the site's other
        # requests meanwhile, up to the 20 s above: PostgreSQL in production.
        "transaction_mode": "IMMEDIATE",
    }
IS_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis cache, but a Redis away means misses, not 500s.
            "BACKEND": "home.caching.backend.TolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "vivre-libre",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    # Sessions read from the shared cache (written through to the database), so
    # that a signed-in editor may reach any of several application servers.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A background job reports how far it has got here (home/jobs/progress.py), for
# the web processes to read while the job's own transaction is still open: the
# shared Redis when there is one, else files that every process of the machine
# reads.
if os.environ.get("REDIS_URL"):
    CACHES["progress"] = {**CACHES["default"], "KEY_PREFIX": "vivre-libre-progress"}
else:
    CACHES["progress"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_PROGRESS_DIR")
        or str(BASE_DIR / "var" / "progress"),
    }
# With the memory cache each process has its own content generation
# (home/caching/generation.py): what is cached on it expires after this many
# seconds, so that another process of the server shows a change that soon.
CONTENT_CACHE_LOCAL_TIMEOUT = int(os.environ.get("DJANGO_CONTENT_CACHE_TIMEOUT", "5"))

# Full-page cache for anonymous readers (home/caching/page_cache.py): how long the
# server keeps a page with Redis (the memory cache keeps it a few seconds), and the
# max-age browsers get (0: they revalidate, a 304 when nothing changed).
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("DJANGO_PAGE_CACHE_MAX_AGE", "0"))
# The s-maxage a front cache (nginx, docs/deploy/nginx.conf) gets for those pages:
# how late a change it is not purged for (a menu, another page's listing) shows.
FRONT_CACHE_SECONDS = int(os.environ.get("DJANGO_FRONT_CACHE_SECONDS", "60"))

# Passwords: Argon2id first; a password stored with an older hasher (PBKDF2...) is
# re-hashed with Argon2 the next time its owner signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for
# one username from one address, that pair is refused for AXES_COOLOFF_TIME,
# with a 429 page saying so; a successful sign-in clears the count. Staff can
# lift a lockout in /django-admin/axes/ or with `manage.py axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "home.security.lockout.lockout_response"
# The client's address for every per-address limit (this lockout, the API's
# throttle, shared passwords, password resets): home/security/client_address.py.
AXES_CLIENT_IP_CALLABLE = "home.security.client_address.axes_client_address"

# Guessing the shared password of a private page or document collection, and
# asking for password resets (home/security/attempt_limits.py): (attempts, seconds) per
# client address and target, and per target from all addresses.
SHARED_PASSWORD_LIMIT = (10, 600)
SHARED_PASSWORD_TARGET_LIMIT = (100, 600)
PASSWORD_RESET_LIMIT = (5, 3600)  # per client address, whatever the e-mail
PASSWORD_RESET_TARGET_LIMIT = (3, 3600)  # per e-mail address

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# French first, at `/`; the other languages under their code (/en/, /ar/). One
# setting lists them (website/settings/languages.py): DJANGO_LANGUAGES="fr,en,ar"
# adds Arabic, and `manage.py migrate` creates its locale. Editorial content is
# written in French and translated with wagtail-localize.
LANGUAGE_CODE = SOURCE_LANGUAGE
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGES = parse_languages(os.environ.get("DJANGO_LANGUAGES"))
# The same, named in the admin's language (« Anglais » for a French editor).
WAGTAIL_CONTENT_LANGUAGES = content_languages(LANGUAGES)
WAGTAIL_I18N_ENABLED = True
# locale/: the project's catalogues, made by `makemessages`. locale_overrides/:
# corrections to dependencies' translations (each says which upstream string it
# fixes); Django prefers both to the installed apps' catalogues. locale/ stays
# first, where `makemessages` writes.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
FORMAT_MODULE_PATH = ["website.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
# /favicon.ico and any file browsers ask for at the site's root: website/root_files.py.
WHITENOISE_ROOT = root_files.DIRECTORY
WHITENOISE_ADD_HEADERS_FUNCTION = root_files.add_headers
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Vivre libre"
# Where a sign-in goes when its `next` is missing or refused (Django's admin
# sign-in would go to /accounts/profile/, which does not exist): the dashboard.
LOGIN_REDIRECT_URL = "wagtailadmin_home"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "tiff": "png", "heic": "webp"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# Images: at most 40 megapixels (a decompression bomb declares far more), and
# only raster formats — no SVG, which could carry scripts (home.forms.ImageForm
# also checks the content).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "odt", "ods", "odp", "csv", "txt", "json", "zip"),
    *("geojson", "xlsx"),  # open data
]
# Documents: at most this size (home.forms.DocumentForm also checks that their
# content matches their extension), always downloaded as attachments — never
# shown inline in the browser — and served with `nosniff` (SECURE_CONTENT_TYPE_NOSNIFF).
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(
    os.environ.get("DJANGO_DOCUMENTS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)
)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Documents always go through the site, which checks their collection's privacy,
# wherever their files are stored (object storage included: never a redirect to it).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Updating the plan's actions from a spreadsheet (policy/plan_import.py): the
# largest file and the most rows an upload may have.
PLAN_IMPORT_MAX_BYTES = int(
    os.environ.get("DJANGO_PLAN_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
)
PLAN_IMPORT_MAX_ROWS = int(os.environ.get("DJANGO_PLAN_IMPORT_MAX_ROWS", 2000))
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation (docs/translation.md): a LibreTranslate server the
# commune hosts itself, at LIBRETRANSLATE_URL (e.g. http://127.0.0.1:5000), with
# LIBRETRANSLATE_API_KEY if it asks for one. Unset, the admin offers no machine
# translation and no text leaves the site.
LIBRETRANSLATE_URL = os.environ.get("LIBRETRANSLATE_URL", "").strip().rstrip("/")
if LIBRETRANSLATE_URL:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": LIBRETRANSLATE_URL,
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
            "TIMEOUT": int(os.environ.get("LIBRETRANSLATE_TIMEOUT", "10")),
        },
    }
# The admin's dashboard would otherwise ask releases.wagtail.io for new versions
# from the editor's browser: no request to another host, in the admin either.
# Upgrades are followed through the locked dependencies instead.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Editorial workflow (docs/editorial.md): an edit made after a manager
# approved needs approving again; pages under moderation are locked to others
# than their approvers; Wagtail moves a published page's old URL to a redirect.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILREDIRECTS_AUTO_CREATE = True
# Avatars: uploaded ones only. Gravatar (a US service) would otherwise receive a
# hash of every staff member's e-mail address from each admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Review dates (home/editorial/reviews.py): days after the last publication a page
# without its own « review by » date is due, per page type ("*": the others; None:
# never).
PAGE_REVIEW_AFTER_DAYS = {"*": 365, "news.newspage": None, "events.eventpage": None}
PAGE_REVIEW_NOTICE_DAYS = 30
# The publishing calendar's horizon, in days.
PUBLISHING_CALENDAR_DAYS = 14

# Frontend cache (Varnish, Cloudflare) purged when a page is published or
# unpublished: its URLs, its translations' and its parent's (home/caching/frontend.py).
# Unset, nothing is purged. Each translation has its own URL, so Wagtail must not
# derive other languages' URLs from a page's.
WAGTAILFRONTENDCACHE = frontend_cache_backends(os.environ)
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

# Wagtail's database backend: SQLite's FTS5 in development, PostgreSQL's
# full-text search in production.
# Wagtail's database backend, with queries normalised as the indexed text is
# (Arabic articles and letter variants, home/search_text.py). On PostgreSQL, each
# page is indexed and searched in its language's configuration, which also drops
# accents: « donnees » finds « données » (home/search/backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search.backend"}}

# Residents get no cookie: sessions and CSRF cookies are only set by the admin
# and by forms that need them.
LANGUAGE_COOKIE_NAME = "django_language"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Wagtail overrides this to SAMEORIGIN on its preview views only.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
    },
}

WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.ImageForm"
# The sign-in form, its password field labelled in the admin's language.
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.LoginForm"

# The read-only API (/api/v2/, home/api/endpoints.py): requests per client address.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute")
WAGTAILAPI_LIMIT_MAX = 100
# Amounts (an action's budget, indicators) as JSON numbers, not strings.
REST_FRAMEWORK = {"COERCE_DECIMAL_TO_STRING": False}
