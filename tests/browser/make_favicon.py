"""Redraw website/public/favicon.ico from static/img/favicon.svg (the commune's
shield) after the shield changes:

    python -m tests.browser.make_favicon

Chromium draws the SVG (Pillow cannot), Pillow writes the 16, 32 and 48 pixel
icons that browsers asking for /favicon.ico expect.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "static" / "img" / "favicon.svg"
ICO = ROOT / "website" / "public" / "favicon.ico"
SIDE = 288  # a square around the 64×72 shield, four times over


def draw() -> Image.Image:
    from playwright.sync_api import sync_playwright

    source = base64.b64encode(SVG.read_bytes()).decode()
    html = (
        "<body style='margin:0;background:transparent'>"
        f"<img src='data:image/svg+xml;base64,{source}' "
        f"style='display:block;margin:auto;height:{SIDE}px'></body>"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": SIDE, "height": SIDE})
        page.set_content(html)
        png = page.screenshot(omit_background=True)
        browser.close()
    return Image.open(io.BytesIO(png)).convert("RGBA")


def main() -> None:
    draw().save(ICO, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"Written: {ICO.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
