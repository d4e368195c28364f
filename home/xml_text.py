"""Text as XML 1.0 carries it: the exports (feeds, DCAT) write what editors typed,
and a control character pasted into a title would make the whole document
unwritable (Django's feed writer raises) or unreadable (XML parsers refuse it)."""

from __future__ import annotations

import re

# C0 controls but tab, line feed and carriage return; DEL too.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """`value` without the control characters XML 1.0 cannot carry (tabs and
    line breaks kept)."""
    return CONTROL_CHARACTERS.sub("", value)
