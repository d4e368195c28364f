"""Whether French interface text is marked as French where it appears.

A page in another language may show French interface strings (a language
without its own catalogue falls back to French) or link to French pages; each
must carry `lang="fr"` on itself or an ancestor, or a screen reader reads it
with the wrong voice. The detector knows the French catalogue's translations
(cut at their placeholders and markup), minus those that read the same in
English, plus a few French words the content shares.
"""

from __future__ import annotations

import re
from functools import cache

import polib
from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Doctype

from tests.translation_tools.catalogues import ROOT, catalogue_path

CUT = re.compile(r"%\([^)]*\)[sd]|%%|<[^>]+>|[«»“”():]")
# Attributes a visitor hears, checked like text.
HEARD = ("aria-label", "alt", "title", "placeholder")
# Text whose `lang` is its own business (code, styles).
SKIPPED = {"script", "style", "template", "code", "pre"}
# Short French strings are ambiguous; long ones are found inside a text.
WHOLE_ONLY = 14
# French words that no English or Arabic text has: two of them make a French text
# (a page title, a menu entry, an editor's sentence).
FRENCH_WORDS = frozenset(
    {"le", "la", "les", "des", "du", "et", "pour", "dans", "une", "au", "aux"}
    | {"sur", "avec", "est", "sont", "ou", "d'un", "d'une", "qu'il"}
)
WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")


def _pieces(text: str) -> set[str]:
    return {piece.strip(" ,.;!?…\n") for piece in CUT.split(text)} - {""}


@cache
def french_strings() -> frozenset[str]:
    """Pieces of the French catalogue's translations that no English message
    id has: what a French interface string looks like."""
    english: set[str] = set()
    english_text: list[str] = []
    french: set[str] = set()
    for entry in polib.pofile(str(catalogue_path(ROOT, "fr"))):
        if entry.obsolete:
            continue
        english |= _pieces(entry.msgid) | _pieces(entry.msgid_plural or "")
        english_text += [entry.msgid, entry.msgid_plural or ""]
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            french |= _pieces(text)
    everything_english = "\n".join(english_text)
    return frozenset(
        piece
        for piece in french - english
        if len(piece) >= 4
        and re.search(r"[a-zà-ÿ]{3}", piece, re.I)
        # Names the English text has too: « PeerTube », « RGAA ».
        and piece not in everything_english
    )


def _is_french(text: str) -> bool:
    text = " ".join(text.split()).strip(" ,.;!?…")
    if not text:
        return False
    words = WORD.findall(text.lower())
    if sum(word in FRENCH_WORDS for word in words) >= 2:
        return True
    strings = french_strings()
    if text in strings:
        return True
    return any(len(piece) >= WHOLE_ONLY and piece in text for piece in strings)


def _language(element) -> str | None:
    while element is not None and getattr(element, "attrs", None) is not None:
        if element.get("lang") is not None:
            return element["lang"]
        element = element.parent
    return None


def unmarked_french(html: str) -> list[str]:
    """French interface text of the page (text nodes and heard attributes)
    whose closest `lang` is not French."""
    document = BeautifulSoup(html, "html.parser")
    problems = []
    for node in document.find_all(string=True):
        if isinstance(node, Comment | Doctype) or not isinstance(node, NavigableString):
            continue
        if node.find_parent(SKIPPED) or node.parent.name in SKIPPED:
            continue
        if _is_french(node) and _language(node.parent) != "fr":
            problems.append(" ".join(node.split()))
    for element in document.find_all(True):
        for attribute in HEARD:
            value = element.get(attribute)
            if value and _is_french(value) and _language(element) != "fr":
                problems.append(f"{element.name}[{attribute}]={value!r}")
    return problems
