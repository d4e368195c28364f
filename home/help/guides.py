"""Where each guide's Markdown lives, and how it is rendered for the admin."""

from __future__ import annotations

import posixpath
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt
from markdown_it.token import Token

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_DIR = GUIDE_DIR / "images"
GUIDE_LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Guide:
    """One guide: its address in the admin and its file in each language."""

    slug: str
    files: dict[str, str]

    def path(self, language: str) -> Path:
        return GUIDE_DIR / language / self.files[language]


GUIDES = {
    guide.slug: guide
    for guide in (
        Guide("editors", {"fr": "redaction.md", "en": "editing.md"}),
        Guide("translators", {"fr": "traduction.md", "en": "translation.md"}),
    )
}


def guide_language(language_code: str | None) -> str:
    """French unless the admin speaks English: the guides exist in those two."""
    return "en" if (language_code or "").split("-")[0] == "en" else "fr"


@dataclass(frozen=True)
class RenderedGuide:
    title: str
    html: str


def _admin_href(href: str, language: str) -> str:
    """A relative link of a guide, as an address of the admin's help pages.

    Links between the guides and to their images are written as files of the
    repository (so that they work on the forge too); the admin serves both.
    """
    target, _, anchor = href.partition("#")
    fragment = f"#{anchor}" if anchor else ""
    if not target:
        return href
    resolved = posixpath.normpath(posixpath.join(language, target))
    if resolved.startswith("images/"):
        return reverse("help_image", args=[resolved.removeprefix("images/")])
    for guide in GUIDES.values():
        for lang, name in guide.files.items():
            if resolved == f"{lang}/{name}":
                return reverse("help_guide", args=[guide.slug]) + fragment
    return href


def heading_id(text: str) -> str:
    """The anchor GitHub gives a heading, so that a guide's links to its own
    sections work on the forge and in the admin alike."""
    kept = "".join(
        char
        for char in text.strip().lower()
        if char in " -_" or unicodedata.category(char)[0] in "LNM"
    )
    return kept.replace(" ", "-")


def _is_relative(href: str) -> bool:
    return ":" not in href.split("/")[0] and not href.startswith("/")


def render(guide: Guide, language: str) -> RenderedGuide:
    """The guide's title (its first-level heading) and the rest as HTML.

    HTML written in the Markdown is escaped, never passed through; the title is
    left out of the body because the admin's header shows it as the page's h1.
    """
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(guide.path(language).read_text(encoding="utf-8"))
    title = ""
    body: list[Token] = []
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if token.type == "heading_open" and token.tag == "h1" and not title:
            title = tokens[index + 1].content
            skip = 2
            continue
        if token.type == "heading_open":
            token.attrSet("id", heading_id(tokens[index + 1].content))
        for child in [token, *(token.children or [])]:
            attr = "src" if child.type == "image" else "href"
            value = child.attrGet(attr)
            if isinstance(value, str) and _is_relative(value):
                child.attrSet(attr, _admin_href(value, language))
        body.append(token)
    return RenderedGuide(title=title, html=md.renderer.render(body, md.options, {}))
