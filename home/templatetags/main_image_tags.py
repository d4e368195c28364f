"""One way to show a page's main image (`home.bases.MainImageMixin`): responsive
renditions with the page's alternative text, `alt=""` when it is decorative."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()


@register.simple_tag
def main_image(page: Any, spec: str, **attrs: Any) -> SafeString | str:
    """`{% main_image page "fill-{480x270,800x450}-c100 format-webp" sizes="…" %}`:
    the same `<img srcset>` as Wagtail's `srcset_image`, with the alt text taken
    from the page rather than from the call. Other attributes pass through."""
    image = getattr(page, "image", None)
    if image is None:
        return ""
    specs = [Filter(spec=expanded) for expanded in Filter.expand_spec(spec)]
    renditions = get_renditions_or_not_found(image, specs)
    return ResponsiveImage(renditions, {**attrs, "alt": page.main_image_alt}).__html__()
