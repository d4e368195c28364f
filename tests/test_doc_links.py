"""Every link of the README and of docs/ leads somewhere.

Relative links must name a file or folder of the repository and, with an
anchor, a heading of that Markdown file (GitHub's anchors); links to other
sites are only checked for their form (the tests use no network).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])


def parse(path: Path):
    md = MarkdownIt("commonmark").enable("table")
    return md.parse(path.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces
    made hyphens (letters of every script and digits are kept)."""
    kept = "".join(
        char
        for char in heading.strip().lower()
        if char in " -_" or unicodedata.category(char)[0] in "LNM"
    )
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    tokens = parse(path)
    found: set[str] = set()
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = "".join(
            child.content
            for child in tokens[index + 1].children or []
            if child.type in {"text", "code_inline"}
        )
        base = slug(text)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[str]:
    found = []
    for token in parse(path):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrGet("href"))
            elif child.type == "image":
                found.append(child.attrGet("src"))
    return found


def broken(path: Path, href: str) -> str | None:
    """Why a link of `path` leads nowhere, or None."""
    parts = urlsplit(href)
    if parts.scheme in {"http", "https"}:
        host_ok = re.fullmatch(r"[A-Za-z0-9.-]+(:\d+)?", parts.netloc or "")
        return None if host_ok and " " not in href else "malformed address"
    if parts.scheme == "mailto":
        return None if "@" in parts.path else "malformed address"
    if parts.scheme:
        return f"unexpected scheme {parts.scheme}"
    target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
    if not target.is_relative_to(ROOT):
        return "outside the repository"
    if not target.exists():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".md" and fragment not in anchors(target):
        return f"no heading #{fragment} in {target.name}"
    return None


def test_the_slugs_are_githubs():
    assert slug("Deploying on several servers") == "deploying-on-several-servers"
    assert slug("Images et textes alternatifs") == "images-et-textes-alternatifs"
    assert slug("Right to left (Arabic)") == "right-to-left-arabic"
    assert slug("`DJANGO_LANGUAGES`, step by step") == "django_languages-step-by-step"


def test_a_broken_link_is_reported():
    page = ROOT / "docs" / "README.md"
    assert broken(page, "missing.md") == "no such file"
    assert broken(page, "../README.md#no-such-heading")
    assert broken(page, "https://exa mple.org/") == "malformed address"
    assert broken(page, "../../outside.md") == "outside the repository"
    assert broken(page, "../README.md") is None


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves(path):
    problems = [
        f"{href}: {reason}"
        for href in links(path)
        if (reason := broken(path, href)) is not None
    ]
    assert not problems, f"{path.relative_to(ROOT)}: {problems}"
