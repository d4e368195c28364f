"""The theme mirrors itself right to left: its style sheets say « start » and
« end » (margin-inline-start, inset-inline-end...), never « left » or « right »,
so that Arabic pages (`dir="rtl"`) lay out the other way round without a second
style sheet. The browser suite checks the result on the Arabic home page."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).resolve().parents[1] / "static" / "css").glob("*.css"))

PHYSICAL = [
    # margin-left, padding-right, border-left-color, scroll-margin-left...
    re.compile(r"(?<![\w-])[\w-]*-(left|right)(-[\w-]+)?\s*:"),
    # left: 0; right: 1rem
    re.compile(r"(?<![\w-])(left|right)\s*:"),
    # float: left, clear: right, text-align: left, caption-side, resize...
    re.compile(r":\s*(left|right)\s*[;}]"),
    # border-top-left-radius
    re.compile(r"-(top|bottom)-(left|right)-radius"),
    # four values whose left and right differ: padding: 0 0 0 1rem
    re.compile(
        r"(?<![\w-])(margin|padding|inset|border-width)\s*:"
        r"\s*(?P<top>\S+)\s+(?P<right>\S+)\s+(?P<bottom>\S+)\s+(?P<left>[^\s;]+)\s*;"
    ),
]


def physical_declarations(text: str) -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern in PHYSICAL:
            match = pattern.search(line)
            if match is None:
                continue
            if "left" in match.groupdict() and match["left"] == match["right"]:
                continue
            found.append(f"{number}: {line.strip()}")
            break
    return found


def test_the_checker_finds_physical_properties():
    """Otherwise the test below could never fail."""
    sample = """
    .a { margin-left: 1rem; }
    .b { left: 0; }
    .c { text-align: right; }
    .d { padding: 0 0 0 1rem; }
    .e { border-top-left-radius: 2px; }
    .f { margin: 0 1rem 0 1rem; padding-inline-start: 1rem; inset-inline-end: 0; }
    """
    assert len(physical_declarations(sample)) == 5


@pytest.mark.parametrize("path", CSS, ids=lambda path: path.name)
def test_style_sheets_use_logical_properties(path: Path):
    assert not physical_declarations(path.read_text()), path.name


def test_breadcrumb_arrows_are_turned_once_right_to_left():
    """The browser mirrors « › » in a right-to-left line; a style sheet that
    also swaps it for « ‹ » makes it point back to the home page (the rendered
    direction is checked in tests/browser/test_arabic_browser.py)."""
    site = (Path(__file__).resolve().parents[1] / "static/css/site.css").read_text()
    assert re.search(r'\.breadcrumbs li \+ li::before \{[^}]*content: "›"', site)
    assert unicodedata.mirrored("›")
    assert not re.search(r'\[dir="rtl"\] \.breadcrumbs[^{]*\{[^}]*content:', site)


def rule(path: str, selector: str) -> str:
    text = (Path(__file__).resolve().parents[1] / "static/css" / path).read_text()
    match = re.search(re.escape(selector) + r"\s*\{(?P<body>[^}]*)\}", text)
    assert match, f"{selector} not in {path}"
    return match["body"]


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("policy.css", ".policy-timechart__svg"),
        ("awards.css", ".award-chart__svg"),
        ("opendata.css", ".opendata-chart__drawing"),
    ],
)
def test_charts_with_an_axis_stay_left_to_right(path, selector):
    assert "direction: ltr;" in rule(path, selector)


def test_bars_without_an_axis_mirror_right_to_left():
    assert "transform: scaleX(-1);" in rule(
        "policy-figures.css", '[dir="rtl"] .policy-gauge__bar'
    )
