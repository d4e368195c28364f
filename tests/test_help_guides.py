"""The editors' and translators' guides in the admin's Help menu.

The guides are the Markdown files of docs/guide/ (French first, English twins),
served behind the admin's login, in the admin's layout and in each user's admin
language; their screenshots are taken by the browser suite
(tests/browser/test_guide_screenshots_browser.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from markdown_it import MarkdownIt
from wagtail.users.models import UserProfile

from home.help import guides
from home.roles import WRITERS
from tests.browser.test_guide_screenshots_browser import SCREENS

GUIDE_FILES = sorted(guides.GUIDE_DIR.glob("*/*.md"))
TITLES = {
    ("editors", "fr"): "Guide de rédaction et de publication",
    ("editors", "en"): "Writing and publishing guide",
    ("translators", "fr"): "Guide de traduction",
    ("translators", "en"): "Translation guide",
}


@pytest.fixture
def writer(db):
    user = get_user_model().objects.create_user("redactrice", password="x")
    user.groups.add(Group.objects.get(name=WRITERS))
    return user


def as_user(client, user, language: str | None = None):
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    client.force_login(user)
    return client


def test_a_writer_finds_both_guides_in_the_help_menu(client, writer):
    response = as_user(client, writer).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    sidebar = BeautifulSoup(response.content, "html.parser").find(
        id="wagtail-sidebar-props"
    )
    props = json.loads(sidebar.string)
    text = json.dumps(props, ensure_ascii=False)
    for slug, label in (
        ("editors", "Guide de rédaction et de publication"),
        ("translators", "Guide de traduction"),
    ):
        assert reverse("help_guide", args=[slug]) in text
        assert label in text


@pytest.mark.parametrize("slug", ["editors", "translators"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_guide_renders_in_the_users_admin_language(client, writer, slug, language):
    # French is the admin's default: the French user sets nothing.
    user_language = "en" if language == "en" else None
    response = as_user(client, writer, user_language).get(
        reverse("help_guide", args=[slug])
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == language
    headings = page.find_all("h1")
    assert len(headings) == 1
    assert headings[0].get_text(strip=True) == TITLES[slug, language]
    body = page.select_one(".help-guide")
    assert body["lang"] == language
    # The guide's sections, rendered from its Markdown.
    assert len(body.find_all("h2")) >= 4


def test_links_between_guides_and_their_images_are_admin_addresses(client, writer):
    response = as_user(client, writer).get(reverse("help_guide", args=["editors"]))
    page = BeautifulSoup(response.content, "html.parser")
    hrefs = [a["href"] for a in page.select(".help-guide a[href]")]
    assert reverse("help_guide", args=["translators"]) in hrefs
    sources = [img["src"] for img in page.select(".help-guide img")]
    assert sources
    for src in sources:
        assert src.startswith(reverse("help_image", args=["x.png"])[: -len("x.png")])
        image = client.get(src)
        assert image.status_code == 200
        assert image["Content-Type"] == "image/png"


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    for url in (
        reverse("help_guide", args=["editors"]),
        reverse("help_image", args=["tableau-de-bord.png"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_unknown_guide_or_image_is_not_found(client, writer):
    as_user(client, writer)
    assert client.get(reverse("help_guide", args=["nothing"])).status_code == 404
    assert client.get(reverse("help_image", args=["nothing.png"])).status_code == 404
    # Only the guides' PNG files, never another file of the repository.
    assert client.get(reverse("help_image", args=["..%2Fen"])).status_code == 404


def test_html_written_in_a_guide_is_escaped(client, writer, tmp_path, monkeypatch):
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "redaction.md").write_text(
        "# Titre\n\n<script>alert(1)</script>\n\nDu <b>gras</b> et "
        '[un lien](javascript:alert(1)).\n\n<img src="x" onerror="alert(1)">\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(guides, "GUIDE_DIR", tmp_path)
    response = as_user(client, writer).get(reverse("help_guide", args=["editors"]))
    assert response.status_code == 200
    body = BeautifulSoup(response.content, "html.parser").select_one(".help-guide")
    assert body.find("script") is None
    assert body.find("b") is None
    assert body.find("img") is None
    assert "<script>alert(1)</script>" in body.get_text()
    assert all(
        not a["href"].startswith("javascript:") for a in body.find_all("a", href=True)
    )


def referenced_images(path: Path) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(path.read_text("utf-8"))
    return [
        child.attrGet("src")
        for token in tokens
        for child in token.children or []
        if child.type == "image"
    ]


@pytest.mark.parametrize("path", GUIDE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_image_of_the_guides_is_a_screenshot_of_the_browser_suite(path):
    images = referenced_images(path)
    assert images, f"{path.name} shows no screenshot"
    for src in images:
        target = (path.parent / src).resolve()
        assert target.parent == guides.IMAGE_DIR.resolve(), src
        assert target.name in SCREENS, f"{src} is not taken by the browser suite"
        assert target.is_file(), f"{src} is missing: run the browser test"


def test_each_guide_exists_in_french_and_english():
    for guide in guides.GUIDES.values():
        for language in guides.GUIDE_LANGUAGES:
            text = guide.path(language).read_text(encoding="utf-8")
            title = re.match(r"# (.+)", text)
            assert title and title.group(1) == TITLES[guide.slug, language]
