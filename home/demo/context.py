"""Pillow-drawn illustrations for the demo content: nothing is downloaded."""

from __future__ import annotations

import hashlib
import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

PALETTES = [
    ((0, 84, 147), (255, 196, 0)),
    ((22, 105, 62), (240, 240, 230)),
    ((120, 30, 90), (255, 220, 235)),
    ((30, 30, 60), (120, 200, 255)),
    ((170, 60, 20), (255, 235, 200)),
]


def make_image(title: str, alt: str, *, seed: str, size=(1200, 675)):
    """Return (creating once, by title) an illustration stable across runs;
    `alt` becomes the image's default alt text."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    digest = hashlib.sha256(seed.encode()).digest()
    background, accent = PALETTES[digest[0] % len(PALETTES)]
    width, height = size
    canvas = PILImage.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    for index in range(6):
        x = digest[index + 1] / 255 * width
        y = digest[index + 7] / 255 * height
        radius = 40 + digest[index + 13] / 255 * height / 2
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            outline=accent,
            width=6 + index * 2,
        )
    draw.rectangle((0, height - height // 8, width, height), fill=accent)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    slug = hashlib.sha1(title.encode()).hexdigest()[:12]
    image = Image(title=title, description=alt)
    image.file = ImageFile(buffer, name=f"demo-{slug}.png")
    image.save()
    return image
