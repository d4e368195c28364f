"""The benchmark's settings: production's, plus the two reference URLs of
`bench.urls` (a trivial view and the site's own routes)."""

from website.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
