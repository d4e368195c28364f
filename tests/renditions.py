"""Image renditions drawn once per test process.

Every test starts from a rolled-back database, so the renditions a page asks
for (three WebP widths of its main image, a JPEG for sharing...) are drawn again
in every test that renders it: resizing and encoding them was a fifth of the
suite's time. The drawing is a pure function of the source image's bytes, the
filter and the focal point, so the process keeps what Wagtail's
`Filter.run` wrote for each of them and writes the same bytes again. Wagtail
still creates the rendition's row and file each time, as in production; only the
pixel work is not redone. Written against Wagtail 8.0.1
(tests/test_upgrade_guards.py guards `Filter.run`).
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from typing import Any

from django.conf import settings
from wagtail.images.models import Filter

_ORIGINAL_RUN = Filter.run
_DRAWN: dict[tuple, tuple[type, bytes]] = {}
# The settings Filter.run reads besides the filter and the image.
_SETTINGS = (
    "WAGTAILIMAGES_FORMAT_CONVERSIONS",
    "WAGTAILIMAGES_JPEG_QUALITY",
    "WAGTAILIMAGES_WEBP_QUALITY",
    "WAGTAILIMAGES_AVIF_QUALITY",
)


def _source_bytes(image: Any, source: Any) -> bytes:
    if source is None:
        with image.open_file() as file:
            return file.read()
    source.seek(0)
    data = source.read()
    source.seek(0)
    return data


def _run(self: Filter, image: Any, output: BytesIO, source: Any = None) -> Any:
    data = _source_bytes(image, source)
    key = (
        hashlib.sha256(data).digest(),
        self.spec,
        self.get_cache_key(image),
        repr([getattr(settings, name, None) for name in _SETTINGS]),
    )
    if key not in _DRAWN:
        drawn = _ORIGINAL_RUN(self, image, output, source=BytesIO(data))
        output.seek(0)
        _DRAWN[key] = (type(drawn), output.read())
        output.seek(0)
        return drawn
    kind, content = _DRAWN[key]
    output.write(content)
    output.seek(0)
    return kind(output)


# The guard reads the upstream method's source through the replacement.
_run.__wrapped__ = _ORIGINAL_RUN


def draw_each_rendition_once() -> None:
    Filter.run = _run
