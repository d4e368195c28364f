"""The RGAA 4.1.2 reference as shipped: 106 criteria in 13 themes, their tests
and their WCAG correspondences, read from the official publication's file."""

from __future__ import annotations

from accessibility.criteria import (
    REFERENCE_FILE,
    RGAA_VERSION,
    criteria,
    plain_text,
    themes,
)

# Number of criteria per theme in the RGAA 4.1.2.
PER_THEME = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13}
PER_THEME |= {12: 11, 13: 12}


def test_the_reference_has_106_criteria_in_13_themes():
    assert RGAA_VERSION == "4.1.2"
    assert [theme.number for theme in themes()] == list(range(1, 14))
    assert {theme.number: len(theme.criteria) for theme in themes()} == PER_THEME
    assert len(criteria()) == 106
    assert list(criteria())[:3] == ["1.1", "1.2", "1.3"]
    assert list(criteria())[-1] == "13.12"


def test_a_criterion_keeps_its_french_text_its_tests_and_its_wcag_references():
    image = criteria()["1.1"]
    assert image.title == (
        "Chaque image porteuse d’information a-t-elle une alternative textuelle\u00a0?"
    )
    assert image.tests[0][0] == "1.1.1"
    assert "balise <img>" in image.tests[0][1]
    assert image.wcag == ("1.1.1 Non-text Content (A)",)
    language = criteria()["8.3"]
    assert "langue par défaut" in language.title
    assert any(reference.startswith("3.1.1") for reference in language.wcag)
    assert criteria()["3.2"].url.endswith("#3.2")


def test_theme_names_are_translated_and_the_french_titles_kept():
    first = themes()[0]
    assert first.title == "Images"
    assert first.name == "Images"
    assert themes()[7].title == "Éléments obligatoires"


def test_markdown_of_the_reference_becomes_plain_text():
    assert plain_text("Une [image](#image-porteuse) `<img>` ?") == "Une image <img> ?"


def test_the_file_says_where_it_comes_from():
    notice = (REFERENCE_FILE.parent / "NOTICE.md").read_text(encoding="utf-8")
    assert "DISIC/accessibilite.numerique.gouv.fr" in notice
    assert "Licence Ouverte 2.0" in notice
