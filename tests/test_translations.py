"""The committed .mo file is what Django serves: it must hold every translation
the .po file has, or residents read English where French was written."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
# Corrections to dependencies' catalogues (settings: LOCALE_PATHS), both domains.
OVERRIDES = ROOT / "locale_overrides"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po")) + sorted(
    OVERRIDES.glob("*/LC_MESSAGES/*.po")
)


def catalogue_id(path: Path) -> str:
    return str(path.relative_to(ROOT).with_suffix(""))


def key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def test_there_is_a_french_catalogue():
    assert LOCALE / "fr/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_the_compiled_catalogue_is_up_to_date(po_path: Path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.name} missing: run compilemessages"
    compiled = {key(entry): entry for entry in polib.mofile(str(mo_path))}
    stale = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.obsolete or entry.fuzzy:
            continue
        found = compiled.get(key(entry))
        if found is None:
            stale.append(f"missing: {entry.msgid!r}")
        elif entry.msgid_plural:
            if found.msgstr_plural != entry.msgstr_plural:
                stale.append(f"outdated plural: {entry.msgid!r}")
        elif found.msgstr != entry.msgstr:
            stale.append(f"outdated: {entry.msgid!r}")
    assert not stale, "run compilemessages:\n" + "\n".join(stale[:20])


@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_no_translation_breaks_its_placeholders(po_path: Path):
    """A msgstr that drops or renames a %(name)s or {name} crashes the page."""
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    broken = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            continue
        if sorted(placeholder.findall(entry.msgid)) != sorted(
            placeholder.findall(entry.msgstr)
        ):
            broken.append(entry.msgid)
    assert not broken, broken
