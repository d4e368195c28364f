"""UI strings: every string of the templates and the code goes through gettext,
and the committed French and English catalogues are what makemessages makes of
them (CI runs the same check: .ci/run)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType

from tests.translation_tools.catalogues import ROOT, catalogue_path, differences

TEMPLATES = ROOT / "templates"
# Attributes a visitor reads or hears.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
# Not words to translate: punctuation, symbols, numbers, entities, and class
# names or identifiers (`template-home` in a block that fills a class attribute).
NO_WORD = re.compile(r"^[\W\d_]*$|^&[#\w]+;$|^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
# Text that stays as written, whatever the language.
ALLOWED = {
    # Rendered without request or database: bilingual static text, on purpose.
    "500.html": "*",
    # The postal address of the Défenseur des droits (a proper name).
    "home/accessibility_statement_page.html": {
        "Défenseur des droits",
        "Libre réponse 71120",
        "75342 Paris CEDEX 07",
    },
    # The names of the formats of the catalogue's exports.
    "policy/opendata/catalogue_page.html": {
        'title="DCAT-AP (JSON-LD)"',
        'title="DCAT-AP (Turtle)"',
    },
}


def test_makemessages_would_not_change_the_catalogues():
    problems = differences()
    assert not problems, (
        "run `manage.py makemessages -l fr -l en -l ar --no-obsolete`, translate, then "
        "`manage.py compilemessages`:\n" + "\n".join(problems)
    )


def test_every_french_string_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(catalogue_path(ROOT, "fr")))
    missing = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if not e.obsolete]
    assert not missing, missing
    assert not fuzzy, fuzzy


def has_words(text: str) -> bool:
    """Whether text (with ¤ where a variable or a tag was) has words to translate."""
    return any(
        part.strip() and not NO_WORD.match(part.strip()) for part in text.split("¤")
    )


class VisibleText(HTMLParser):
    """Text a visitor reads in an HTML template whose Django tags were removed:
    outside scripts and styles, in text nodes and read attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and has_words(value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if text and not self.hidden and has_words(text):
            self.found.append(text)


def untranslated_text(source: str) -> list[str]:
    """The literal text of a template outside {% translate %} and
    {% blocktranslate %}: variables and tags are removed, as are comments."""
    kept = []
    skipping = None
    for token in Lexer(source).tokenize():
        content = token.contents.split(" ", 1)[0] if token.contents else ""
        if skipping:
            if token.token_type == TokenType.BLOCK and content == skipping:
                skipping = None
            continue
        if token.token_type == TokenType.BLOCK:
            ends = {
                "blocktranslate": "endblocktranslate",
                "blocktrans": "endblocktrans",
                "comment": "endcomment",
                "verbatim": "endverbatim",
            }
            skipping = ends.get(content)
            # The admin's {% block bodyclass %} fills a class attribute.
            if token.contents.split() == ["block", "bodyclass"]:
                skipping = "endblock"
            # A tag inside an attribute (class="{% if %}…") leaves a placeholder.
            kept.append("¤")
        elif token.token_type == TokenType.VAR:
            kept.append("¤")
        elif token.token_type == TokenType.TEXT:
            kept.append(token.contents)
    html = re.sub(r"<!--.*?-->", "", "".join(kept), flags=re.DOTALL)
    # A tag whose name is a variable (<h{{ level }}>) is still a tag.
    html = re.sub(r"<(/?)(\w*)¤", r"<\1\2span", html)
    parser = VisibleText()
    parser.feed(html)
    return parser.found


HTML_TEMPLATES = sorted(
    path
    for path in TEMPLATES.rglob("*.html")
    if "wagtailadmin" not in path.parts  # Wagtail's own admin overrides
)


@pytest.mark.parametrize(
    "template", HTML_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_text_escapes_gettext(template: Path):
    allowed = ALLOWED.get(str(template.relative_to(TEMPLATES)), set())
    if allowed == "*":
        return
    assert set(untranslated_text(template.read_text())) - allowed == set()


def test_the_template_scan_finds_untranslated_text():
    source = (
        '{% load i18n %}<main><h1>{% translate "News" %}</h1>'
        "<p>Bonjour {{ name }}</p>"
        '<img src="x.png" alt="Un plan">'
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}"
        "{# a comment #}<script>let a = 'b';</script> — 3 &amp;"
        '<h{{ level }} class="card">Titre</h{{ level }}>template-home</main>'
    )
    assert untranslated_text(source) == ["Bonjour ¤", 'alt="Un plan"', "Titre"]
