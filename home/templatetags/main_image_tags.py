"""Responsive images in the lightest format the server can write: AVIF first
(through `<picture>`) when Pillow has an AVIF encoder, WebP always.

`main_image` shows a page's main image (`home.bases.MainImageMixin`) with the
page's alternative text, `alt=""` when it is decorative; `responsive_image` any
other image, with the alt text Wagtail gives it (an image block's own)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import template
from django.utils.safestring import SafeString
from PIL import features
from wagtail.images.models import Filter, Picture, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()


@cache
def avif_supported() -> bool:
    """Pillow writes AVIF only when it was built with libavif."""
    return bool(features.check("avif"))


def modern_spec(spec: str) -> str:
    """`format-webp` becomes `format-{avif,webp}` where AVIF can be written."""
    if avif_supported():
        return spec.replace("format-webp", "format-{avif,webp}")
    return spec


@register.simple_tag
def responsive_image(image: Any, spec: str, **attrs: Any) -> SafeString | str:
    """`{% responsive_image image "width-{400,800} format-webp" sizes="…" %}`:
    Wagtail's `srcset_image`, with an AVIF `<source>` before the WebP `<img>`
    when the server can write AVIF. Attributes go to the `<img>`."""
    if image is None:
        return ""
    specs = [
        Filter(spec=expanded) for expanded in Filter.expand_spec(modern_spec(spec))
    ]
    renditions = get_renditions_or_not_found(image, specs)
    if avif_supported():
        return Picture(renditions, attrs).__html__()
    return ResponsiveImage(renditions, attrs).__html__()


@register.simple_tag
def main_image(page: Any, spec: str, **attrs: Any) -> SafeString | str:
    """`{% main_image page "fill-{480x270,800x450}-c100 format-webp" sizes="…" %}`:
    `responsive_image` with the alt text taken from the page rather than from the
    call. Other attributes pass through."""
    image = getattr(page, "image", None)
    if image is None:
        return ""
    return responsive_image(image, spec, **{**attrs, "alt": page.main_image_alt})
