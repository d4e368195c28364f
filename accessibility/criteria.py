"""The RGAA 4.1.2 criteria, read once from the official publication's JSON
(`reference/criteres.json`, see `reference/NOTICE.md`).

The texts stay in French, as the reference exists only in French; the themes
also carry their published English names, translated by the interface."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

RGAA_VERSION = "4.1.2"
REFERENCE_FILE = Path(__file__).resolve().parent / "reference" / "criteres.json"
REFERENCE_URL = "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/"

# The themes' names as the English version of the RGAA gives them.
THEME_NAMES = {
    1: _("Images"),
    2: _("Frames"),
    3: _("Colours"),
    4: _("Multimedia"),
    5: _("Tables"),
    6: _("Links"),
    7: _("Scripts"),
    8: _("Mandatory elements"),
    9: _("Structure of information"),
    10: _("Presentation of information"),
    11: _("Forms"),
    12: _("Navigation"),
    13: _("Consultation"),
}

_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def plain_text(markdown: str) -> str:
    """The reference's Markdown as text: links to the glossary become their
    words, code spans lose their backticks."""
    return _LINK.sub(r"\1", markdown).replace("`", "")


@dataclass(frozen=True)
class Criterion:
    number: str  # "1.1"
    theme: int
    title: str  # plain French text
    tests: tuple[tuple[str, str], ...]  # ("1.1.1", text)
    wcag: tuple[str, ...]  # ("1.1.1 Non-text Content (A)",)

    @property
    def sort_key(self) -> tuple[int, int]:
        theme, number = self.number.split(".")
        return int(theme), int(number)

    @property
    def url(self) -> str:
        return f"{REFERENCE_URL}#{self.number}"


@dataclass(frozen=True)
class Theme:
    number: int
    title: str  # French, as published
    criteria: tuple[Criterion, ...]

    @property
    def name(self) -> str:
        """The theme's name in the interface's language."""
        return str(THEME_NAMES[self.number])


def _criterion(theme: int, data: dict) -> Criterion:
    number = f"{theme}.{data['number']}"
    tests = tuple(
        (f"{number}.{test}", " ".join(plain_text(line) for line in lines))
        for test, lines in data["tests"].items()
    )
    wcag: tuple[str, ...] = ()
    for reference in data.get("references", []):
        wcag += tuple(reference.get("wcag", []))
    return Criterion(number, theme, plain_text(data["title"]), tests, wcag)


@cache
def themes() -> tuple[Theme, ...]:
    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return tuple(
        Theme(
            topic["number"],
            topic["topic"],
            tuple(
                _criterion(topic["number"], item["criterium"])
                for item in topic["criteria"]
            ),
        )
        for topic in data["topics"]
    )


@cache
def criteria() -> dict[str, Criterion]:
    """Every criterion by its number ("1.1" ... "13.12"), in the reference's order."""
    return {
        criterion.number: criterion
        for theme in themes()
        for criterion in theme.criteria
    }
