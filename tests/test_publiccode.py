"""publiccode.yml, the metadata French public-sector software publishes: the
standard's required keys, allowed values and lengths (version 0.4,
https://yml.publiccode.tools/schema.core.html)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from django.conf import settings

from website.settings.languages import parse_languages

PUBLICCODE = Path(settings.BASE_DIR) / "publiccode.yml"

PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
CATEGORIES = {"content-management", "website-builder", "communications"}


def parse(text: str) -> Any:
    """The YAML subset publiccode.yml is written in: mappings, lists, quoted or
    plain scalars, folded `>-` blocks, comments. Anything else fails loudly."""
    lines = [
        line.rstrip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    value, rest = _block(lines, 0)
    assert not rest, rest[:1]
    return value


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(text: str) -> Any:
    text = text.strip()
    if text.startswith('"'):
        assert text.endswith('"') and len(text) > 1, text
        return text[1:-1]
    if text in {"true", "false"}:
        return text == "true"
    assert not text.startswith(("{", "[", "&", "*", "!", "|", "'")), text
    return text


def _block(lines: list[str], indent: int) -> tuple[Any, list[str]]:
    if lines[0].lstrip().startswith("- "):
        items = []
        while (
            lines and _indent(lines[0]) == indent and lines[0].lstrip().startswith("- ")
        ):
            first = lines[0].lstrip()[2:]
            if re.match(r"^[A-Za-z][\w-]*:( |$)", first):
                # A mapping inside a list item: its keys at indent + 2.
                lines = [" " * (indent + 2) + first, *lines[1:]]
                item, lines = _block(lines, indent + 2)
            else:
                item, lines = _scalar(first), lines[1:]
            items.append(item)
        return items, lines
    mapping: dict = {}
    while lines and _indent(lines[0]) == indent:
        match = re.match(r"^([A-Za-z][\w-]*):(?: (.*))?$", lines[0].strip())
        assert match, lines[0]
        key, inline = match.groups()
        assert key not in mapping, f"duplicate {key}"
        lines = lines[1:]
        if inline == ">-":
            body = []
            while lines and _indent(lines[0]) > indent:
                body.append(lines[0].strip())
                lines = lines[1:]
            mapping[key] = " ".join(body)
        elif inline:
            mapping[key] = _scalar(inline)
        else:
            assert lines and _indent(lines[0]) >= indent, key
            child_indent = _indent(lines[0])
            if child_indent == indent:
                assert lines[0].lstrip().startswith("- "), key
            mapping[key], lines = _block(lines, child_indent)
    assert not lines or _indent(lines[0]) < indent, lines[0]
    return mapping, lines


def test_publiccode_yml_follows_the_standard():
    data = parse(PUBLICCODE.read_text(encoding="utf-8"))
    for key in (
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert key in data, key
    assert data["publiccodeYmlVersion"] == "0.4"
    assert re.match(r"^https://[\w.-]+/", data["url"])
    assert set(data["platforms"]) <= PLATFORMS
    assert set(data["categories"]) <= CATEGORIES
    assert data["developmentStatus"] in DEVELOPMENT_STATUS
    assert data["softwareType"] in SOFTWARE_TYPES
    datetime.date.fromisoformat(data["releaseDate"])
    assert data["legal"]["license"] == "AGPL-3.0-or-later"
    assert data["maintenance"]["type"] in MAINTENANCE_TYPES
    for contact in data["maintenance"]["contacts"]:
        assert contact["name"]
    # The software's languages (its defaults), whatever DJANGO_LANGUAGES this
    # deployment adds.
    languages = [code for code, _name in parse_languages(None)]
    assert data["localisation"]["availableLanguages"] == languages
    assert data["localisation"]["localisationReady"] is True
    assert set(data["description"]) == set(languages)
    for description in data["description"].values():
        assert len(description["shortDescription"]) <= 150
        assert 150 <= len(description["longDescription"]) <= 10_000
        assert description["features"]
        assert all(len(feature) <= 100 for feature in description["features"])
        assert len(description["genericName"]) <= 35


def test_publiccode_version_is_the_projects():
    pyproject = (Path(settings.BASE_DIR) / "pyproject.toml").read_text()
    version = re.search(r'^version = "(.+)"$', pyproject, re.M).group(1)
    data = parse(PUBLICCODE.read_text(encoding="utf-8"))
    assert data["softwareVersion"] == version


def test_the_parser_refuses_what_it_does_not_know():
    import pytest

    for bad in ("a: [1, 2]", "a: 1\na: 2", "a:\n  - x\n b: y", "a: &x 1"):
        with pytest.raises(AssertionError):
            parse(bad)
