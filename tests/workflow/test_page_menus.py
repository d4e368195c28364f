"""The admin offers each role only what it may do (home/editorial/page_rights.py): no
« Modifier », « Copier », « Déplacer » or « Supprimer » that would be refused after
the click. Read by address in the explorer's menus, the page header and the edit
view, as each role sees them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from news.models import NewsPage
from tests import tree
from tests.helpers import soup
from tests.news.conftest import news_index_en  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ACTIONS = ("edit", "copy", "move", "delete")


def offered(client: Client, url: str, page: Page) -> set[str]:
    """The actions on `page` the admin view at `url` links to."""
    response = client.get(url)
    assert response.status_code == 200, response
    hrefs = {a["href"].split("?")[0] for a in soup(response).select("a[href]")}
    return {
        action
        for action in ACTIONS
        if reverse(f"wagtailadmin_pages:{action}", args=[page.pk]) in hrefs
    }


def explore(page: Page) -> str:
    return reverse("wagtailadmin_explore", args=[page.pk])


def edit(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def french_draft(news_index, manager) -> NewsPage:
    """A manager's draft, that Wagtail would let anyone who may edit it delete."""
    article = tree.add_article(news_index, None, "Brouillon", publish=False)
    article.owner = manager
    article.save()
    return article


def test_translators_are_offered_nothing_on_a_french_page(
    translator_client, news_index, french_draft
):
    # The article in the French news section, and the section in the home page's
    # listing and in its own header.
    assert offered(translator_client, explore(news_index), french_draft) == set()
    home = news_index.get_parent()
    assert offered(translator_client, explore(home), news_index) == set()
    assert offered(translator_client, explore(news_index), news_index) == set()
    # The edit view itself is refused: Wagtail sends them back.
    assert translator_client.get(edit(french_draft)).status_code == 302
    # What they do on a French page is still offered: translating it.
    translate = reverse(
        "wagtail_localize:submit_page_translation", args=[french_draft.pk]
    )
    listing = soup(translator_client.get(explore(news_index)))
    assert listing.select(f"a[href^='{translate}']")


def test_translators_edit_an_english_page_but_copy_or_move_none(
    translator_client,
    news_index_en,  # noqa: F811
    admin_client,
):
    home_en = news_index_en.get_parent()
    assert offered(translator_client, explore(home_en), news_index_en) == {"edit"}
    assert "copy" not in offered(
        translator_client, explore(news_index_en), news_index_en
    )
    assert "move" not in offered(
        translator_client, explore(news_index_en), news_index_en
    )
    assert translator_client.get(edit(news_index_en)).status_code == 200
    # What an administrator is offered on the same page, so that the checks above
    # read the menus where they are.
    assert {"edit", "copy", "move"} <= offered(
        admin_client, explore(home_en), news_index_en
    )


def test_a_writer_is_not_offered_to_delete_a_managers_page_in_moderation(
    writer, writer_client, manager, news_index, french_draft
):
    own = tree.add_article(news_index, None, "Mon brouillon", publish=False)
    own.owner = writer
    own.save()
    workflow = Page.get_first_root_node().get_workflow()
    workflow.start(french_draft, manager)
    assert french_draft.workflow_in_progress

    listing = explore(news_index)
    assert {"edit", "delete"} <= offered(writer_client, listing, own)
    assert "delete" not in offered(writer_client, listing, french_draft)
    assert "edit" in offered(writer_client, listing, french_draft)
    assert "delete" in offered(writer_client, edit(own), own)
    assert "delete" not in offered(writer_client, edit(french_draft), french_draft)
    # Nor on their own page once it is in moderation.
    workflow.start(own, writer)
    assert "delete" not in offered(writer_client, listing, own)
