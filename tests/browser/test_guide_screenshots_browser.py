"""The guides' screenshots, taken from the real admin so that they never go stale.

Each screen the editors' and translators' guides show (docs/guide/) is opened in
French by the demo account whose role does that work, and written as a PNG of
docs/guide/images/ (a 1200×800 window: what a communications officer sees on a
laptop). The guides reference these files; tests/test_help_guides.py checks
that every image they show is one of SCREENS and exists.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

IMAGE_DIR = Path(__file__).resolve().parents[2] / "docs" / "guide" / "images"

# Run on the demo server's data (`DemoServer.run`): the addresses of the screens. A
# draft article with three revisions shows what « Historique » offers on an
# older one; REMOVE_DRAFT deletes it afterwards, leaving the demo as it was.
FIND_SCREENS = r"""
import json
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Locale
from news.models import NewsIndexPage, NewsPage
from policy.listing import action_listing_viewset
from policy.models import ActionPage, DatasetPage

french = Locale.objects.get(language_code="fr")
english = Locale.objects.get(language_code="en")
article = NewsPage.objects.filter(locale=french, live=True).order_by("-date").first()
news = NewsIndexPage.objects.get(locale=french)
action = ActionPage.objects.filter(locale=french, live=True).first()
dataset = DatasetPage.objects.filter(locale=french, live=True).first()
image = get_image_model().objects.order_by("pk").first()
translated = article.get_translation(english)
writer = get_user_model().objects.get(username="editeur")
draft = article.copy(
    update_attrs={"title": "Exemple d'article en cours de rédaction",
                  "slug": "exemple-guide-brouillon", "live": False},
    keep_live=False, user=writer, log_action=None,
).specific
draft.save_revision(user=writer, log_action=True)
draft.introduction += " Deuxième version."
draft.save_revision(user=writer, log_action=True)
print(json.dumps({
    "explorer": reverse("wagtailadmin_explore", args=[news.pk]),
    "article": reverse("wagtailadmin_pages:edit", args=[article.pk]),
    "history": reverse("wagtailadmin_pages:history", args=[draft.pk]),
    "action": reverse("wagtailadmin_pages:edit", args=[action.pk]),
    "dataset": reverse("wagtailadmin_pages:edit", args=[dataset.pk]),
    "image": reverse("wagtailimages:edit", args=[image.pk]),
    "translation": reverse("wagtailadmin_pages:edit", args=[translated.pk]),
    "actions": reverse(action_listing_viewset.get_url_name("index")),
    "calendar": reverse("publishing_calendar"),
    "status": reverse("translation_status"),
}))
"""

REMOVE_DRAFT = r"""
from wagtail.models import Page
for page in Page.objects.filter(slug="exemple-guide-brouillon"):
    page.delete()
"""

# File name: (demo account, screen: a key of FIND_SCREENS or an admin path,
# a menu to open first or None, the French words the guides quote from it).
SCREENS: dict[str, tuple[str, str, str | None, str]] = {
    "tableau-de-bord.png": ("responsable", "/admin/", None, "État des traductions"),
    "actualites.png": ("editeur", "explorer", None, "Ajouter une sous-page"),
    "article.png": (
        "editeur",
        "article",
        "footer",
        "Soumettre à Validation par un responsable",
    ),
    "historique.png": (
        "responsable",
        "history",
        "revision",
        "Passer en revue cette version",
    ),
    "action.png": ("editeur", "action", None, "Service responsable"),
    "actions-du-schema-directeur.png": (
        "editeur",
        "actions",
        None,
        "Actions du schéma directeur",
    ),
    "jeu-de-donnees.png": ("responsable", "dataset", None, "Couverture à partir du"),
    "image.png": ("editeur", "image", None, "Description"),
    "calendrier.png": ("responsable", "calendar", None, "Calendrier de publication"),
    "etat-des-traductions.png": ("traducteur", "status", None, "Non traduite"),
    "editeur-de-traduction.png": (
        "traducteur",
        "translation",
        None,
        "Télécharger un fichier PO",
    ),
}

MENUS = {
    # The editor's « more actions », where a writer finds « Soumettre à … ».
    "footer": "footer.footer [data-w-dropdown-target='toggle']",
    # The « … » of the oldest revision in a page's history (the last one listed).
    "revision": "main table [data-w-dropdown-target='toggle']",
}


def save_small_png(png: bytes, path: Path) -> None:
    """A palette of 128 colours: a screen of the admin reads the same at a third
    of the size, so the repository and the guides stay light."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )


@pytest.fixture(scope="module")
def screens(demo_server):
    output = demo_server.run(FIND_SCREENS)
    yield json.loads(output.strip().splitlines()[-1])
    demo_server.run(REMOVE_DRAFT)


def test_the_guides_screenshots_are_taken_from_the_french_admin(
    browser, site_url, screens
):
    IMAGE_DIR.mkdir(parents=True, exist_ok=True)
    contexts = {}
    try:
        for name, (account, screen, menu, words) in SCREENS.items():
            if account not in contexts:
                context = browser.new_context(
                    viewport={"width": 1200, "height": 800}, locale="fr-FR"
                )
                sign_in(context.new_page(), site_url, account)
                contexts[account] = context
            page = contexts[account].pages[0]
            path = screens.get(screen, screen)
            response = page.goto(site_url + path, wait_until="networkidle")
            assert response.status == 200, (name, path, response.status)
            assert page.locator("html").get_attribute("lang") == "fr", name
            if menu:
                page.locator(MENUS[menu]).last.click()
                page.get_by_text(words).first.wait_for(state="visible")
                page.wait_for_timeout(500)  # the menu's fade-in, for the picture
            # The words the guides quote are the admin's own (text or label).
            shown = page.locator("body").inner_text() + page.content()
            assert words.lower() in shown.lower(), (name, words)
            save_small_png(page.screenshot(), IMAGE_DIR / name)
            assert (IMAGE_DIR / name).stat().st_size > 5000, name
    finally:
        for context in contexts.values():
            context.close()


def test_a_writer_reads_the_guide_from_the_help_menu(page, site_url):
    page.set_viewport_size({"width": 1200, "height": 800})
    sign_in(page, site_url, "editeur")
    page.goto(site_url + "/admin/", wait_until="networkidle")
    page.get_by_role("button", name="Aide").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Guide de rédaction et de publication").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == (
        "Guide de rédaction et de publication"
    )
    images = page.locator(".help-guide img")
    assert images.count() >= 5
    # Every screenshot is served to the signed-in editor and fits the column.
    for index in range(images.count()):
        loaded = images.nth(index).evaluate(
            "img => img.complete && img.naturalWidth > 0"
            " && img.getBoundingClientRect().width <= img.parentElement.clientWidth"
        )
        assert loaded, images.nth(index).get_attribute("src")
