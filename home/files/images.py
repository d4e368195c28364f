"""An image whose original file is missing or broken renders a placeholder, not a
server error.

Wagtail raises when it makes a rendition of such an image: `SourceImageIOError`
for a file gone from the media storage (its template tags then output a broken
`<img>`), Pillow's errors for a truncated or corrupt one (a 500). Every rendition
of the site — the `image` and `srcset_image` tags, the pages' main images, the
share images of feeds and JSON-LD, the API — goes through
`AbstractImage.get_rendition` or `get_renditions` (as of Wagtail 8.0.1:
tests/test_upgrade_guards.py): they are wrapped here, once, when the app starts
(`HomeConfig.ready`). The placeholder keeps the rendition's
size (the page's layout holds) and the caller's alt text; it is a static file,
never stored as a rendition, so that the image is back as soon as its file is.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from PIL.Image import DecompressionBombError
from wagtail.images.models import AbstractImage, AbstractRendition, Filter
from willow.image import BadImageOperationError

logger = logging.getLogger(__name__)

PLACEHOLDER = "img/image-placeholder.svg"
# A missing file (SourceImageIOError is an OSError), a file Pillow cannot read
# (truncated, corrupt, not an image), or one it refuses to decode.
BROKEN_IMAGE_ERRORS = (
    OSError,
    SyntaxError,
    EOFError,
    DecompressionBombError,
    BadImageOperationError,
)


def placeholder_rendition(image: AbstractImage, spec: Filter) -> AbstractRendition:
    """An unsaved rendition of `image` for `spec`, of the size the real one
    would have, whose file is the theme's placeholder."""
    try:
        width, height = spec.get_transform(image).size
    except Exception:  # the stored size may be unusable too
        width, height = image.width or 1, image.height or 1
    rendition = image.get_rendition_model()(
        image=image,
        filter_spec=spec.spec,
        focal_point_key="",
        width=width,
        height=height,
    )
    rendition.file.name = PLACEHOLDER
    rendition.file.storage = staticfiles_storage
    return rendition


def as_filter(spec: Filter | str) -> Filter:
    return spec if isinstance(spec, Filter) else Filter(spec=spec)


def _warn(image: AbstractImage, specs: str, error: BaseException) -> None:
    logger.warning(
        "Image %s (%s): no rendition %s, placeholder served: %r",
        image.pk,
        image.file.name,
        specs,
        error,
    )


def install_placeholders() -> None:
    """Wrap Wagtail's rendition methods (once)."""
    if getattr(AbstractImage.get_rendition, "serves_placeholders", False):
        return
    get_rendition = AbstractImage.get_rendition
    get_renditions = AbstractImage.get_renditions

    @functools.wraps(get_rendition)
    def get_rendition_or_placeholder(self, spec: Filter | str) -> Any:
        try:
            return get_rendition(self, spec)
        except BROKEN_IMAGE_ERRORS as error:
            cleaned = as_filter(spec)
            _warn(self, cleaned.spec, error)
            return placeholder_rendition(self, cleaned)

    @functools.wraps(get_renditions)
    def get_renditions_or_placeholders(self, *filters: Filter | str) -> Any:
        try:
            return get_renditions(self, *filters)
        except BROKEN_IMAGE_ERRORS as error:
            cleaned = [as_filter(spec) for spec in filters]
            _warn(self, ", ".join(f.spec for f in cleaned), error)
            return {f.spec: placeholder_rendition(self, f) for f in cleaned}

    get_rendition_or_placeholder.serves_placeholders = True
    AbstractImage.get_rendition = get_rendition_or_placeholder
    AbstractImage.get_renditions = get_renditions_or_placeholders
