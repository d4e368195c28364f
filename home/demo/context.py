"""What the demo-data command hands to each app's `load_demo_data` hook."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale

from home.models import HomePage


@dataclass
class DemoContext:
    """The French home page (its English translation exists), the demo editor
    account, and helpers shared by every app's demo content."""

    home: HomePage
    locale_fr: Locale
    locale_en: Locale
    user: object
    log: Callable[[str], None] = print
    extra: dict = field(default_factory=dict)

    def image(self, title: str, alt: str, *, seed: str | None = None, size=(1200, 675)):
        """Return (creating once) a Pillow-drawn illustration: no download, stable
        across runs. `alt` becomes the image's default alt text."""
        return make_image(title, alt, seed=seed or title, size=size)


PALETTES = [
    ((0, 84, 147), (255, 196, 0)),
    ((22, 105, 62), (240, 240, 230)),
    ((120, 30, 90), (255, 220, 235)),
    ((30, 30, 60), (120, 200, 255)),
    ((170, 60, 20), (255, 235, 200)),
]


def make_image(title: str, alt: str, *, seed: str, size=(1200, 675)):
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
